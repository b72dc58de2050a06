// The workspace index through the spawned server, on a temporary workspace folder on disk: workspace
// symbols from files never opened, preset references and rename reaching files never opened that use the
// declaring file, files created and deleted on disk (with their file events), skipped folders, and open
// documents re-checked when a file they `use` appears.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { pathToFileURL } from "url";
import { LspClient } from "./lspClient";

const presets = ['preset look { style: "pastel" }', 'preset night { style: "dark" }', ""].join("\n");
const main = ['use "lib/presets.gen"', 'pipeline "teaser" {', '  image hero { model: photon-flash-1 prompt: "hero" use: look }', "  output hero", "}", ""].join("\n");
// Never opened: uses the presets through `mid.gen`, which uses them itself.
const far = ['use "../mid.gen"', 'pipeline "far" {', '  image farshot { model: photon-flash-1 prompt: "x" use: look }', "}", ""].join("\n");
const mid = ['use "lib/presets.gen"', 'pipeline "mid" {', '  image midshot { model: photon-flash-1 prompt: "x" use: night, look }', "}", ""].join("\n");
// Never opened, declares its own `look`: not a use of the shared one.
const own = ['use "lib/presets.gen"', 'preset look { style: "mine" }', 'pipeline "own" {', '  image o { model: photon-flash-1 prompt: "x" use: look }', "}", ""].join("\n");
const stage = (name: string) => `pipeline "p_${name}" {\n  image ${name} { model: photon-flash-1 prompt: "x" }\n}\n`;

describe("workspace index over the protocol", function () {
  let client: LspClient;
  let dir: string;
  let outside: string;
  const uri = (file: string) => pathToFileURL(path.join(dir, file)).toString();
  const relative = (u: string) => path.relative(dir, new URL(u).pathname);
  const symbols = async (query: string): Promise<{ name: string; kind: number; containerName?: string; location: { uri: string; range: any } }[]> =>
    client.request("workspace/symbol", { query });

  before(async () => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "gen-index-")));
    const write = (file: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), text);
    };
    write("lib/presets.gen", presets);
    write("main.gen", main);
    write("mid.gen", mid);
    write("far/far.gen", far);
    write("own.gen", own);
    write("node_modules/pkg/hidden.gen", stage("modulestage"));
    write(".cache/dot.gen", stage("dotstage"));
    write("build/built.gen", stage("buildstage"));
    write("lib/build/deep.gen", stage("deepbuildstage"));
    write(".gitignore", "# output\nbuild/\n");
    // Symbolic links, to a folder and to a file outside the workspace: not followed.
    outside = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "gen-index-outside-")));
    fs.writeFileSync(path.join(outside, "outside.gen"), stage("outsidestage"));
    fs.writeFileSync(path.join(outside, "single.gen"), stage("linkedfilestage"));
    fs.symlinkSync(outside, path.join(dir, "linked"));
    fs.symlinkSync(path.join(outside, "single.gen"), path.join(dir, "single.gen"));
    client = new LspClient();
    await client.initialize(pathToFileURL(dir).toString());
    client.notify("textDocument/didOpen", { textDocument: { uri: uri("main.gen"), languageId: "gen", version: 1, text: main } });
  });

  after(async () => {
    await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(outside, { recursive: true, force: true });
  });

  it("says it provides workspace symbols", async () => {
    const probe = new LspClient();
    try {
      const result = await probe.initialize(null);
      assert.strictEqual(result.capabilities.workspaceSymbolProvider, true);
    } finally {
      await probe.stop();
    }
  });

  it("workspace/symbol finds a stage in a file never opened, with its pipeline", async () => {
    const found = await symbols("farshot");
    assert.deepStrictEqual(found.map((s) => ({ ...s, location: { ...s.location, uri: relative(s.location.uri) } })), [
      { name: "farshot", kind: 12, containerName: "far", location: { uri: path.join("far", "far.gen"), range: { start: { line: 2, character: 8 }, end: { line: 2, character: 15 } } } },
    ]);
  });

  it("workspace/symbol matches fuzzily, best first, over pipelines, stages and presets", async () => {
    const names = (await symbols("fsht")).map((s) => s.name);
    assert.deepStrictEqual(names, ["farshot"]);
    const looks = await symbols("look");
    assert.deepStrictEqual(looks.map((s) => `${relative(s.location.uri)}:${s.name}:${s.kind}`).sort(), ["lib/presets.gen:look:23", "own.gen:look:23"]);
    const pipeline = await symbols("teaser");
    assert.deepStrictEqual(pipeline.map((s) => [s.name, s.kind]), [["teaser", 2]]);
  });

  it("skips node_modules, dot-folders, the folders the root .gitignore lists and symbolic links", async () => {
    for (const name of ["modulestage", "dotstage", "buildstage", "deepbuildstage", "outsidestage", "linkedfilestage"]) assert.deepStrictEqual(await symbols(name), [], name);
  });

  it("a file event for a path through a symbolic link indexes nothing", async () => {
    client.notify("workspace/didChangeWatchedFiles", { changes: [{ uri: uri("linked/outside.gen"), type: 2 }, { uri: uri("single.gen"), type: 2 }] });
    assert.deepStrictEqual(await symbols("outsidestage"), []);
    assert.deepStrictEqual(await symbols("linkedfilestage"), []);
  });

  it("textDocument/references: a preset's uses in files never opened that use its file, directly or not", async () => {
    const line = main.split("\n")[2];
    const found: { uri: string; range: any }[] = await client.request("textDocument/references", {
      textDocument: { uri: uri("main.gen") }, position: { line: 2, character: line.indexOf("look") + 1 }, context: { includeDeclaration: true },
    });
    const places = found.map((l) => `${relative(l.uri)}:${l.range.start.line}`).sort();
    assert.deepStrictEqual(places, [path.join("far", "far.gen:2"), "lib/presets.gen:0", "main.gen:2", "mid.gen:2"]);
  });

  it("textDocument/rename: a preset renamed in files never opened that use it, not in one with its own of that name", async () => {
    const line = main.split("\n")[2];
    const edit = await client.request("textDocument/rename", {
      textDocument: { uri: uri("main.gen") }, position: { line: 2, character: line.indexOf("look") + 1 }, newName: "brand",
    });
    assert.deepStrictEqual(Object.keys(edit.changes).map(relative).sort(), [path.join("far", "far.gen"), "lib/presets.gen", "main.gen", "mid.gen"]);
    const farLine = far.split("\n")[2];
    assert.deepStrictEqual(edit.changes[uri("far/far.gen")], [
      { range: { start: { line: 2, character: farLine.indexOf("look") }, end: { line: 2, character: farLine.indexOf("look") + 4 } }, newText: "brand" },
    ]);
  });

  it("a file created on disk is searchable after its file event, and gone after its deletion", async () => {
    fs.mkdirSync(path.join(dir, "later"));
    fs.writeFileSync(path.join(dir, "later/new.gen"), stage("newstage"));
    client.notify("workspace/didChangeWatchedFiles", { changes: [{ uri: uri("later/new.gen"), type: 1 }] });
    const found = await symbols("newstage");
    assert.deepStrictEqual(found.map((s) => `${relative(s.location.uri)}:${s.name}`), [path.join("later", "new.gen:newstage"), path.join("later", "new.gen:p_newstage")]);
    fs.rmSync(path.join(dir, "later"), { recursive: true });
    client.notify("workspace/didChangeWatchedFiles", { changes: [{ uri: uri("later"), type: 3 }] });
    assert.deepStrictEqual(await symbols("newstage"), []);
  });

  it("a file event in a skipped folder indexes nothing", async () => {
    fs.writeFileSync(path.join(dir, "node_modules/pkg/added.gen"), stage("addedmodulestage"));
    client.notify("workspace/didChangeWatchedFiles", { changes: [{ uri: uri("node_modules/pkg/added.gen"), type: 1 }] });
    assert.deepStrictEqual(await symbols("addedmodulestage"), []);
  });

  it("an open document's text wins over the disk", async () => {
    const text = mid.replace("midshot", "editedshot");
    client.notify("textDocument/didOpen", { textDocument: { uri: uri("mid.gen"), languageId: "gen", version: 1, text } });
    assert.deepStrictEqual((await symbols("editedshot")).map((s) => s.name), ["editedshot"]);
    assert.deepStrictEqual(await symbols("midshot"), []);
    client.notify("textDocument/didClose", { textDocument: { uri: uri("mid.gen") } });
    assert.deepStrictEqual((await symbols("midshot")).map((s) => s.name), ["midshot"]);
  });

  it("an open document is checked again when a file it `use`s, missing until now, is created on disk", async () => {
    const text = 'use "made.gen"\npipeline "w" {\n  image a { model: photon-flash-1 prompt: "x" use: made }\n}\n';
    client.notify("textDocument/didOpen", { textDocument: { uri: uri("waits.gen"), languageId: "gen", version: 1, text } });
    const missing = await client.waitFor("textDocument/publishDiagnostics", (p) => p.uri === uri("waits.gen"));
    assert.ok(missing.diagnostics.some((d: { code: string }) => d.code === "use-not-found"), JSON.stringify(missing.diagnostics));
    fs.writeFileSync(path.join(dir, "made.gen"), 'preset made { style: "x" }\n');
    client.notify("workspace/didChangeWatchedFiles", { changes: [{ uri: uri("made.gen"), type: 1 }] });
    // Opening publishes more than once; the check after the event publishes without the problems.
    const cross = (d: { code: string }) => d.code === "use-not-found" || d.code === "unknown-preset";
    const found = await client.waitFor("textDocument/publishDiagnostics", (p) => p.uri === uri("waits.gen") && !p.diagnostics.some(cross));
    assert.deepStrictEqual(found.diagnostics.filter(cross), []);
  });

  it("workspace folders removed and added: their files unindexed and indexed", async () => {
    const second = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "gen-index-2-")));
    try {
      fs.writeFileSync(path.join(second, "s.gen"), stage("secondstage"));
      const probe = new LspClient();
      try {
        await probe.initialize(null, undefined, { workspaceFolders: true });
        const folder = (p: string) => ({ uri: pathToFileURL(p).toString(), name: path.basename(p) });
        probe.notify("workspace/didChangeWorkspaceFolders", { event: { added: [folder(second)], removed: [] } });
        assert.deepStrictEqual((await probe.request("workspace/symbol", { query: "secondstage" })).map((s: { name: string }) => s.name), ["secondstage", "p_secondstage"]);
        probe.notify("workspace/didChangeWorkspaceFolders", { event: { added: [], removed: [folder(second)] } });
        assert.deepStrictEqual(await probe.request("workspace/symbol", { query: "secondstage" }), []);
      } finally {
        await probe.stop();
      }
    } finally {
      fs.rmSync(second, { recursive: true, force: true });
    }
  });
});
