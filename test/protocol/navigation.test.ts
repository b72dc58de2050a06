// Navigation through the spawned server: definition, references, highlights, rename (with its prepare
// step and its refusals), `use` links, folding and selection ranges, over stdio.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { pathToFileURL } from "url";
import { LspClient } from "./lspClient";

const lib = ["// shared", 'preset look { style: "pastel" }', 'preset night { style: "dark" }', ""].join("\n");
const main = [
  'use "lib/presets.gen"',                                                       // 0
  'pipeline "p" {',                                                              // 1
  '  image hero { model: photon-flash-1 prompt: "hero" count: 2 use: look }',    // 2
  "  keyframe k { from: hero[2] }  // hero",                                    // 3
  "  video v {",                                                                 // 4
  "    model: ray-2",                                                            // 5
  "    start: k",                                                                // 6
  "    duration: 5s",                                                            // 7
  "  }",                                                                         // 8
  "  output v",                                                                  // 9
  "}",                                                                           // 10
  "",
].join("\n");
const other = ['use "lib/presets.gen"', 'pipeline "o" {', '  image a { model: photon-flash-1 prompt: "x" use: look }', "}", ""].join("\n");

describe("navigation over the protocol", function () {
  let client: LspClient;
  let dir: string;
  let mainUri: string;
  let libUri: string;
  let otherUri: string;
  let capabilities: any;
  const lines = main.split("\n");
  const at = (line: number, needle: string, shift = 1) => ({ line, character: lines[line].indexOf(needle) + shift });
  const range = (line: number, start: number, end: number) => ({ start: { line, character: start }, end: { line, character: end } });
  const word = (line: number, needle: string, text = lines[line]) => range(line, text.indexOf(needle), text.indexOf(needle) + needle.length);

  before(async () => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "gen-nav-")));
    fs.mkdirSync(path.join(dir, "lib"));
    fs.writeFileSync(path.join(dir, "lib/presets.gen"), lib);
    fs.writeFileSync(path.join(dir, "main.gen"), main);
    fs.writeFileSync(path.join(dir, "other.gen"), other);
    mainUri = pathToFileURL(path.join(dir, "main.gen")).toString();
    libUri = pathToFileURL(path.join(dir, "lib/presets.gen")).toString();
    otherUri = pathToFileURL(path.join(dir, "other.gen")).toString();
    client = new LspClient();
    const result = await client.request("initialize", {
      processId: process.pid,
      rootUri: pathToFileURL(dir).toString(),
      capabilities: { textDocument: { rename: { prepareSupport: true } } },
    });
    capabilities = result.capabilities;
    client.notify("initialized", {});
    client.notify("textDocument/didOpen", { textDocument: { uri: mainUri, languageId: "gen", version: 1, text: main } });
    client.notify("textDocument/didOpen", { textDocument: { uri: otherUri, languageId: "gen", version: 1, text: other } });
  });

  after(async () => {
    await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const params = (position: { line: number; character: number }, uri = mainUri) => ({ textDocument: { uri }, position });

  it("says what it provides", () => {
    assert.strictEqual(capabilities.definitionProvider, true);
    assert.strictEqual(capabilities.referencesProvider, true);
    assert.strictEqual(capabilities.documentHighlightProvider, true);
    assert.deepStrictEqual(capabilities.renameProvider, { prepareProvider: true });
    assert.deepStrictEqual(capabilities.documentLinkProvider, { resolveProvider: false });
    assert.strictEqual(capabilities.foldingRangeProvider, true);
    assert.strictEqual(capabilities.selectionRangeProvider, true);
  });

  it("textDocument/definition: a stage, a preset in a used file, the used file", async () => {
    assert.deepStrictEqual(await client.request("textDocument/definition", params(at(3, "hero"))), { uri: mainUri, range: word(2, "hero") });
    assert.deepStrictEqual(await client.request("textDocument/definition", params(at(2, "look"))), { uri: libUri, range: range(1, 7, 11) });
    assert.deepStrictEqual(await client.request("textDocument/definition", params(at(0, "lib"))), { uri: libUri, range: range(0, 0, 0) });
    assert.strictEqual(await client.request("textDocument/definition", params(at(3, "// hero", 4))), null);
  });

  it("textDocument/references: a preset in this file, the file declaring it and the other open document", async () => {
    const found: { uri: string; range: unknown }[] = await client.request("textDocument/references", { ...params(at(2, "look")), context: { includeDeclaration: true } });
    const key = (l: { uri: string; range: any }) => `${path.relative(dir, new URL(l.uri).pathname)}:${l.range.start.line}:${l.range.start.character}`;
    const otherLine = other.split("\n")[2];
    assert.deepStrictEqual(found.map(key).sort(), ["lib/presets.gen:1:7", `main.gen:2:${lines[2].indexOf("look")}`, `other.gen:2:${otherLine.indexOf("look")}`]);
    const withoutDeclaration: unknown[] = await client.request("textDocument/references", { ...params(at(2, "look")), context: { includeDeclaration: false } });
    assert.strictEqual(withoutDeclaration.length, 2);
  });

  it("textDocument/documentHighlight: the declaration written, references read", async () => {
    const highlights = await client.request("textDocument/documentHighlight", params(at(6, "k", 0)));
    assert.deepStrictEqual(highlights, [{ range: range(3, 11, 12), kind: 3 }, { range: word(6, "k"), kind: 2 }]);
  });

  it("textDocument/prepareRename: the name, or why it cannot be renamed", async () => {
    assert.deepStrictEqual(await client.request("textDocument/prepareRename", params(at(3, "hero"))), { range: word(3, "hero"), placeholder: "hero" });
    const { response: reply } = client.requestMessage("textDocument/prepareRename", params(at(5, "ray-2")));
    const refused = await reply;
    assert.strictEqual(refused.error?.code, -32803); // RequestFailed
    assert.strictEqual(refused.error?.message, "only stages and presets can be renamed");
  });

  it("textDocument/rename: a stage in its pipeline, comments and strings untouched", async () => {
    const edit = await client.request("textDocument/rename", { ...params(at(3, "hero")), newName: "still" });
    assert.strictEqual(edit.documentChanges, undefined); // the client did not say it takes them
    assert.deepStrictEqual(Object.keys(edit.changes), [mainUri]);
    assert.deepStrictEqual(edit.changes[mainUri], [{ range: word(2, "hero"), newText: "still" }, { range: word(3, "hero"), newText: "still" }]);
  });

  it("textDocument/rename: a preset in the declaring file and every open document that uses it", async () => {
    const edit = await client.request("textDocument/rename", { ...params(at(2, "look")), newName: "brand" });
    assert.deepStrictEqual(Object.keys(edit.changes).sort(), [libUri, mainUri, otherUri].sort());
    assert.deepStrictEqual(edit.changes[libUri], [{ range: range(1, 7, 11), newText: "brand" }]);
    assert.deepStrictEqual(edit.changes[otherUri], [{ range: word(2, "look", other.split("\n")[2]), newText: "brand" }]);
  });

  it("textDocument/rename: refuses a name that is taken or is not a name, saying why", async () => {
    const taken = await client.requestMessage("textDocument/rename", { ...params(at(2, "look")), newName: "night" }).response;
    assert.strictEqual(taken.error?.message, "there is already a preset named `night` in `presets.gen`");
    const notAName = await client.requestMessage("textDocument/rename", { ...params(at(3, "hero")), newName: "2nd" }).response;
    assert.match(notAName.error?.message ?? "", /^`2nd` is not a name/);
  });

  it("textDocument/documentLink: the path of a `use` line", async () => {
    assert.deepStrictEqual(await client.request("textDocument/documentLink", { textDocument: { uri: mainUri } }), [
      { range: range(0, 4, 21), target: libUri, tooltip: `Open ${path.join(dir, "lib/presets.gen")}` },
    ]);
  });

  it("textDocument/foldingRange: the pipeline and the stage, their closing braces left visible", async () => {
    assert.deepStrictEqual(await client.request("textDocument/foldingRange", { textDocument: { uri: mainUri } }), [
      { startLine: 1, endLine: 9 },
      { startLine: 4, endLine: 7 },
    ]);
  });

  it("textDocument/selectionRange: the name, the reference, the property, the stage, the pipeline, the file", async () => {
    const [selection] = await client.request("textDocument/selectionRange", { textDocument: { uri: mainUri }, positions: [at(3, "hero")] });
    const chain: string[] = [];
    for (let s = selection; s; s = s.parent) chain.push(`${s.range.start.line}:${s.range.start.character}-${s.range.end.line}:${s.range.end.character}`);
    const ref = lines[3].indexOf("hero");
    assert.deepStrictEqual(chain, [`3:${ref}-3:${ref + 4}`, `3:${ref}-3:${ref + 7}`, `3:${ref - 6}-3:${ref + 7}`, `3:2-3:${lines[3].indexOf("}") + 1}`, "1:0-10:1", "0:0-11:0"]);
  });
});

describe("rename over the protocol, for a client that takes versioned edits", function () {
  let client: LspClient;
  let dir: string;
  let mainUri: string;
  let libUri: string;
  const lines = main.split("\n");
  const at = (line: number, needle: string) => ({ line, character: lines[line].indexOf(needle) + 1 });
  const word = (line: number, needle: string, text = lines[line]) => ({ start: { line, character: text.indexOf(needle) }, end: { line, character: text.indexOf(needle) + needle.length } });

  before(async () => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "gen-nav-versioned-")));
    fs.mkdirSync(path.join(dir, "lib"));
    fs.writeFileSync(path.join(dir, "lib/presets.gen"), lib);
    fs.writeFileSync(path.join(dir, "main.gen"), main);
    mainUri = pathToFileURL(path.join(dir, "main.gen")).toString();
    libUri = pathToFileURL(path.join(dir, "lib/presets.gen")).toString();
    client = new LspClient();
    await client.request("initialize", { processId: process.pid, rootUri: pathToFileURL(dir).toString(), capabilities: { workspace: { workspaceEdit: { documentChanges: true } } } });
    client.notify("initialized", {});
    client.notify("textDocument/didOpen", { textDocument: { uri: mainUri, languageId: "gen", version: 7, text: main } });
  });

  after(async () => {
    await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("textDocument/rename: the open document's edits carry its version, the file on disk's version null", async () => {
    const edit = await client.request("textDocument/rename", { textDocument: { uri: mainUri }, position: at(2, "look"), newName: "brand" });
    assert.strictEqual(edit.changes, undefined);
    const libLine = lib.split("\n")[1];
    assert.deepStrictEqual(
      [...edit.documentChanges].sort((a: any, b: any) => (a.textDocument.uri < b.textDocument.uri ? -1 : 1)),
      [
        { textDocument: { uri: libUri, version: null }, edits: [{ range: word(1, "look", libLine), newText: "brand" }] },
        { textDocument: { uri: mainUri, version: 7 }, edits: [{ range: word(2, "look"), newText: "brand" }] },
      ].sort((a, b) => (a.textDocument.uri < b.textDocument.uri ? -1 : 1)),
    );
  });

  it("textDocument/rename: after an edit, the version the rename was computed on", async () => {
    const edited = main.replace("// hero", "// the hero");
    client.notify("textDocument/didChange", { textDocument: { uri: mainUri, version: 8 }, contentChanges: [{ text: edited }] });
    const edit = await client.request("textDocument/rename", { textDocument: { uri: mainUri }, position: at(3, "hero"), newName: "still" });
    assert.deepStrictEqual(edit.documentChanges, [
      { textDocument: { uri: mainUri, version: 8 }, edits: [{ range: word(2, "hero"), newText: "still" }, { range: word(3, "hero"), newText: "still" }] },
    ]);
  });
});
