// What the language server reads, and what it trusts, in a hostile workspace: a FIFO for a
// gen.config.json (before the fix the server blocked in open() for good), a config planted above the
// workspace folder or writable by anyone, `use` lines reaching out of the workspace, a `use` chain
// thousands of files deep, a config nested 100,000 levels deep.
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { pathToFileURL } from "url";
import { LspClient } from "./lspClient";

interface Published {
  uri: string;
  diagnostics: { code: string; severity: number; message: string; range: { start: { line: number; character: number } } }[];
}

const isWindows = process.platform === "win32";
// ray-2 makes a 5 s clip at 540p for 40 credits: over a budget of 10.
const overBudget = 'pipeline "teaser" {\n  brief { goal: "a shot" }\n  budget: 10 credits\n  video shot { model: ray-2 duration: 5s resolution: 540p audio: off }\n  output shot\n}\n';
const planted = JSON.stringify({ rules: { "over-budget": "off" }, models: { "ray-2": { perClip: { "5s": { "540p": 0 } } } } });
const uriOf = (file: string) => pathToFileURL(file).toString();

describe("language server: what is read, and what is trusted", function () {
  this.timeout(30000);
  let client: LspClient;
  let dir: string;
  let project: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "gen-hostile-lsp-"));
    project = path.join(dir, "shared", "project");
    fs.mkdirSync(project, { recursive: true });
    client = new LspClient();
  });

  afterEach(async () => {
    // A server stuck in open() on a FIFO never answers shutdown: stop it the hard way then.
    const stopped = await Promise.race([client.stop().then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 3000))]);
    if (!stopped) (client as unknown as { process: { kill(): void } }).process.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Opens a document and waits for its diagnostics. */
  async function open(file: string, text: string): Promise<Published> {
    client.notify("textDocument/didOpen", { textDocument: { uri: uriOf(file), languageId: "gen", version: 1, text } });
    return client.waitFor("textDocument/publishDiagnostics", (p) => p.uri === uriOf(file));
  }

  const configDiagnostics = (configPath: string): Promise<Published> =>
    client.waitFor("textDocument/publishDiagnostics", (p) => p.uri === uriOf(configPath) && p.diagnostics.length > 0);

  it("does not block on a FIFO named gen.config.json: it says so in it, and checks the files without it", async function () {
    if (isWindows) this.skip();
    const config = path.join(project, "gen.config.json");
    assert.strictEqual(spawnSync("mkfifo", [config]).status, 0);
    fs.mkdirSync(path.join(project, "shots"));
    await client.initialize(uriOf(project));
    const published = await open(path.join(project, "shots", "teaser.gen"), overBudget);
    assert.ok(published.diagnostics.some((d) => d.code === "over-budget"));
    const { diagnostics } = await configDiagnostics(config);
    assert.deepStrictEqual(diagnostics.map((d) => [d.range.start, d.message]), [
      [{ line: 0, character: 0 }, "gen.config.json is a FIFO (named pipe), not a regular file, so it is not applied: the files under it are checked without it"],
    ]);
    // …and it still answers.
    const hover = await client.request("textDocument/hover", { textDocument: { uri: uriOf(path.join(project, "shots", "teaser.gen")) }, position: { line: 0, character: 12 } });
    assert.match(hover.contents.value, /pipeline "teaser"/);
  });

  it("reads no gen.config.json above the workspace folders it was given", async () => {
    fs.writeFileSync(path.join(dir, "shared", "gen.config.json"), planted);
    await client.request("initialize", { processId: process.pid, rootUri: null, workspaceFolders: [{ uri: uriOf(project), name: "project" }], capabilities: {} });
    client.notify("initialized", {});
    const { diagnostics } = await open(path.join(project, "teaser.gen"), overBudget);
    assert.deepStrictEqual(diagnostics.filter((d) => d.code === "over-budget").map((d) => d.message), [
      "estimated 40 credits, over the budget of 10 credits; the costliest stages: `shot` 40 credits",
    ]);
  });

  it("reads a gen.config.json in a workspace folder added later, and re-checks", async () => {
    fs.writeFileSync(path.join(dir, "shared", "gen.config.json"), JSON.stringify({ rules: { "over-budget": "off" } }));
    const capabilities = { workspace: { workspaceFolders: true } };
    await client.request("initialize", { processId: process.pid, rootUri: null, workspaceFolders: [{ uri: uriOf(project), name: "project" }], capabilities });
    client.notify("initialized", {});
    const file = path.join(project, "teaser.gen");
    const before = await open(file, overBudget);
    assert.ok(before.diagnostics.some((d) => d.code === "over-budget"), "the config above the folder is not read");
    client.notify("workspace/didChangeWorkspaceFolders", { event: { added: [{ uri: uriOf(path.join(dir, "shared")), name: "shared" }], removed: [] } });
    // Earlier checks may still be published first: wait for the one that reads the added folder's config.
    const after = await client.waitFor("textDocument/publishDiagnostics", (p) => p.uri === uriOf(file) && !p.diagnostics.some((d: { code: string }) => d.code === "over-budget"));
    assert.deepStrictEqual(after.diagnostics.filter((d: { code: string }) => d.code === "over-budget"), []);
  });

  it("refuses a gen.config.json every user may write, with a message in it", async function () {
    if (isWindows) this.skip();
    const config = path.join(project, "gen.config.json");
    fs.writeFileSync(config, planted);
    fs.chmodSync(config, 0o666);
    await client.initialize(uriOf(project));
    const published = await open(path.join(project, "teaser.gen"), overBudget);
    assert.ok(published.diagnostics.some((d) => d.code === "over-budget"));
    const { diagnostics } = await configDiagnostics(config);
    assert.deepStrictEqual(diagnostics.map((d) => d.message), [
      "gen.config.json is writable by every user (mode 666), so anyone could change its rules and prices: it is not applied, and the files under it are checked without it; `chmod o-w gen.config.json` to use it",
    ]);
  });

  it("reports a gen.config.json nested 100,000 levels deep in itself, and still checks the files under it", async () => {
    const config = path.join(project, "gen.config.json");
    fs.writeFileSync(config, "[".repeat(100000));
    await client.initialize(uriOf(project));
    const published = await open(path.join(project, "teaser.gen"), overBudget);
    assert.ok(published.diagnostics.some((d) => d.code === "over-budget"));
    const { diagnostics } = await configDiagnostics(config);
    assert.deepStrictEqual(diagnostics.map((d) => [d.range.start, d.message]), [
      [{ line: 0, character: 64 }, "gen.config.json nests more than 64 levels deep here, and no setting is nested that deep: is a `]` or `}` missing?"],
    ]);
  });

  it("reads no `use` file outside the workspace folder, and says so at the line", async () => {
    fs.writeFileSync(path.join(dir, "shared", "outside.gen"), "preset brand { aspect: 16:9 }\n");
    await client.initialize(uriOf(project));
    const text = 'use "/etc/passwd"\nuse "/proc/self/environ"\nuse "../outside.gen"\n' + overBudget;
    const { diagnostics } = await open(path.join(project, "uses.gen"), text);
    assert.deepStrictEqual(diagnostics.filter((d) => d.code === "use-not-found").map((d) => [d.range.start, d.message]), [
      [{ line: 0, character: 4 }, "`/etc/passwd` is outside the workspace: `use` reads .gen files inside it"],
      [{ line: 1, character: 4 }, "`/proc/self/environ` is outside the workspace: `use` reads .gen files inside it"],
      [{ line: 2, character: 4 }, "`../outside.gen` is outside the workspace: `use` reads .gen files inside it"],
    ]);
  });

  it("follows a `use` chain of 4,000 files without a false unknown-preset", async () => {
    const depth = 4000;
    for (let i = 0; i < depth; i++) fs.writeFileSync(path.join(project, `p${i}.gen`), i + 1 < depth ? `use "p${i + 1}.gen"\n` : "preset deep { aspect: 16:9 }\n");
    await client.initialize(uriOf(project));
    const text = 'use "p0.gen"\npipeline "p" {\n  brief { goal: "a still" }\n  image a { model: photon-flash-1 prompt: "x" use: deep }\n  output a\n}\n';
    const { diagnostics } = await open(path.join(project, "main.gen"), text);
    assert.deepStrictEqual(diagnostics.filter((d) => d.severity === 1), []);
  });
});
