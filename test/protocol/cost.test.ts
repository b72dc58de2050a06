// Hovers, code lenses and gen.config.json, through the spawned server.
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { pathToFileURL } from "url";
import { LspClient } from "./lspClient";

// Prices come from the workspace's gen.config.json, so every number below is hand-checkable.
const config = {
  creditsPerUsd: 100,
  models: {
    "studio-image": { kind: "image", perImage: { "1k": 0.04 } },
    "studio-video": { kind: "video", perSecond: { "540p": 0.1, "1080p": 0.4 }, durations: [5, 10], nativeAudio: undefined, audio: "optional", audioPerSecond: 0.05 },
    "studio-upscale": { kind: "upscale", inputs: ["video"], perSecond: { "1080p": 0.02 } },
  },
};

const pipeline = [
  'pipeline "teaser" {', //                                      line 0
  "  budget: 300 credits", //                                     line 1
  "  image hero { model: studio-image prompt: \"shoe\" resolution: 1k count: 4 }", // line 2
  "  keyframe k { from: hero }", //                               line 3
  "  video shot { model: studio-video start: k duration: 10s resolution: 540p audio: off }", // line 4
  "  upscale hd { from: shot resolution: 1080p model: studio-upscale }", // line 5
  "  output hd", //                                               line 6
  '  brief { goal: "a teaser for the drop" }', //                 line 7
  "}",
].join("\n");
// hero 4 × $0.04 = 16 credits; shot 4 × 10 s × $0.10 = 400 credits; hd 4 × 10 s × $0.02 = 80 credits; total 496.

describe("cost over the protocol", function () {
  let client: LspClient;
  let dir: string;
  let uri: string;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "gen-cost-"));
    fs.writeFileSync(path.join(dir, "gen.config.json"), JSON.stringify(config, null, 2));
    uri = pathToFileURL(path.join(dir, "teaser.gen")).toString();
    client = new LspClient();
    await client.initialize(pathToFileURL(dir).toString());
    client.notify("textDocument/didOpen", { textDocument: { uri, languageId: "gen", version: 1, text: pipeline } });
  });

  afterEach(async () => {
    await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const hover = async (line: number, character: number): Promise<string> => {
    const result = await client.request("textDocument/hover", { textDocument: { uri }, position: { line, character } });
    return result?.contents.value ?? "";
  };

  it("puts the over-budget error on the budget line, naming the costliest stages", async () => {
    const { diagnostics } = await client.waitFor("textDocument/publishDiagnostics", (p) => p.uri === uri);
    assert.deepStrictEqual(diagnostics.map((d: any) => [d.code, d.severity, d.range.start.line, d.message]), [
      ["over-budget", 1, 1, "estimated 496 credits, over the budget of 300 credits; the costliest stages: `shot` 400 credits; `hd` 80 credits; `hero` 16 credits; the fix that saves most: \"Generate one version\" on `hero`, 372 credits"],
      // No `mode:`: a draft, so four versions of the still are a finding.
      ["single-variation", 2, 2, "`hero` generates 4 versions in draft mode: the 3 extra cost 372 credits, downstream included; generate one, review it, then iterate"],
    ]);
  });

  it("shows a code lens with the cost above each stage and the pipeline", async () => {
    const lenses = await client.request("textDocument/codeLens", { textDocument: { uri } });
    assert.deepStrictEqual(lenses.map((l: any) => [l.range.start.line, l.command.title]), [
      [0, "≈ 496 of 300 credits · draft mode (default)"],
      [2, "≈ 16 credits · 4 generations"],
      [3, "free"],
      [4, "≈ 400 credits · 4 generations"],
      [5, "≈ 80 credits · 4 generations"],
    ]);
  });

  it("judges the age of a model's prices against today's date, which the server passes (GEN_TODAY here)", async () => {
    const other = pathToFileURL(path.join(dir, "ray.gen")).toString();
    const text = 'pipeline "p" { video v { model: ray-3.2 duration: 5s prompt: "x" } }';
    client.notify("textDocument/didOpen", { textDocument: { uri: other, languageId: "gen", version: 1, text } });
    const result = await client.request("textDocument/hover", { textDocument: { uri: other }, position: { line: 0, character: text.indexOf("ray-3.2") + 2 } });
    // ray-3.2's prices are as of 2026-07-10; to PROTOCOL_TODAY, 2026-11-30: 21 + 31 + 30 + 31 + 30 = 143 days.
    assert.match(result.contents.value, /ℹ Prices as of 2026-07-10, 143 days ago: check the provider's page\./);
  });

  it("hovers a stage with its price table", async () => {
    const text = await hover(4, 9); // on `shot`
    assert.match(text, /\*\*video `shot`\*\*/);
    assert.match(text, /\| unit price \| \$0\.1\/s at 540p \|/);
    assert.match(text, /\| runs \| 4, one per output of `k` \|/);
    assert.match(text, /\| subtotal \| \*\*400 credits \(\$4\.00\)\*\* \|/);
    assert.match(text, /\| share of pipeline \| 81% \|/);
  });

  it("hovers a model id with what it supports and its prices", async () => {
    const text = await hover(4, 25); // on `studio-video`
    assert.match(text, /\*\*`studio-video`\*\* · gen\.config\.json · video model/);
    assert.match(text, /durations 5s, 10s/);
    assert.match(text, /\| per second \| 10 credits \| 40 credits \|/);
  });

  it("hovers a duration with its cost against the cheapest choice, downstream included", async () => {
    const text = await hover(4, 57); // on `10s`
    // 5s halves the video (-200) and the upscale of it (-40).
    assert.match(text, /\*\*10s\*\*: \+240 credits against 5s\./);
    assert.match(text, /\| 5s \| 256 credits \|/);
  });

  it("hovers a count with what it causes downstream", async () => {
    const text = await hover(2, 73); // on `4` of count: 4
    assert.match(text, /\*\*count 4\*\* → 4 images, 4 videos, 4 upscales: \*\*372 of 496 credits\*\* \(75% of the pipeline\)\./);
  });

  it("hovers the pipeline with its total, budget use and subtotals", async () => {
    const text = await hover(0, 12);
    assert.match(text, /\*\*pipeline "teaser"\*\* ≈ 496 credits \(\$4\.96\)/);
    assert.match(text, /Budget 300 credits: 165% used by the job — \*\*over budget\*\*\./);
    assert.match(text, /\| video \| 400 credits \| 81% \|/);
  });

  it("reports a broken gen.config.json in that file and keeps the last good settings", async () => {
    await client.waitFor("textDocument/publishDiagnostics", (p) => p.uri === uri);
    const configPath = path.join(dir, "gen.config.json");
    fs.writeFileSync(configPath, '{ "creditsPerUsd": "lots" }');
    client.notify("workspace/didChangeWatchedFiles", { changes: [{ uri: pathToFileURL(configPath).toString(), type: 2 }] });
    const configDiagnostics = await client.waitFor("textDocument/publishDiagnostics", (p) => p.uri.endsWith("gen.config.json") && p.diagnostics.length > 0);
    assert.deepStrictEqual(configDiagnostics.diagnostics.map((d: any) => [d.range.start.character, d.message]), [[19, "`creditsPerUsd` must be a number"]]);
    // The document is re-checked and still priced with the last good config.
    const { diagnostics } = await client.waitFor("textDocument/publishDiagnostics", (p) => p.uri === uri);
    assert.match(diagnostics[0].message, /estimated 496 credits/);
  });
});

describe("editor settings over the protocol", function () {
  let client: LspClient;
  const uri = "file:///tmp/settings-test.gen";
  const text = 'pipeline "p" {\n  budget: $1\n  video v { model: ray-2 duration: 9s resolution: 540p }\n}';

  afterEach(() => client.stop());

  it("uses gen.display and gen.creditsPerUsd where no gen.config.json says otherwise, and shows inlay hints when enabled", async () => {
    client = new LspClient();
    client.settings = { gen: { display: "usd", creditsPerUsd: 50, inlayHints: { enabled: true } } };
    await client.initialize();
    client.notify("textDocument/didOpen", { textDocument: { uri, languageId: "gen", version: 1, text } });
    await client.waitFor("workspace/codeLens/refresh"); // the server has read the settings
    // ray-2 at 540p, from the bundled catalog: $0.72 a 9 s clip, $0.40 a 5 s one; the budget is $1.
    const lenses = await client.request("textDocument/codeLens", { textDocument: { uri } });
    assert.deepStrictEqual(lenses.map((l: any) => l.command.title), ["≈ $0.72 of $1.00 · draft mode (default)", "≈ $0.72"]);
    const hints = await client.request("textDocument/inlayHint", { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 4, character: 0 } } });
    const duration = text.split("\n")[2].indexOf("9s") + 2;
    assert.deepStrictEqual(hints.map((h: any) => [h.position.line, h.position.character, h.label]), [[2, duration, "+$0.32"]]);
    const cost = await client.request("gen/documentCost", { uri });
    assert.deepStrictEqual(cost, { pipelines: [{ name: "p", title: "≈ $0.72 of $1.00 · draft mode (default)", usd: 0.72, draftUsd: 0.72, finalUsd: 0.72 }] });
  });

  it("shows no inlay hints unless asked", async () => {
    client = new LspClient();
    await client.initialize();
    client.notify("textDocument/didOpen", { textDocument: { uri, languageId: "gen", version: 1, text } });
    const hints = await client.request("textDocument/inlayHint", { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 4, character: 0 } } });
    assert.deepStrictEqual(hints, []);
  });
});

describe("cost change against git over the protocol", function () {
  let client: LspClient;
  let dir: string;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "gen-git-"));
    const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, stdio: "ignore" });
    git("init", "-q");
    git("config", "user.email", "test@example.com");
    git("config", "user.name", "test");
    // ray-2 at 540p: $0.40 a 5 s clip, $0.72 a 9 s one.
    fs.writeFileSync(path.join(dir, "teaser.gen"), 'pipeline "t" {\n  brief { goal: "x" }\n  video v { model: ray-2 duration: 5s resolution: 540p }\n  output v\n}\n');
    git("add", ".");
    git("commit", "-q", "-m", "first");
    client = new LspClient();
    await client.initialize(pathToFileURL(dir).toString());
  });

  afterEach(async () => {
    await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /**
   * The lenses above the pipeline once git has answered: git runs in the background, so the first answer
   * may lack the git lens, and the server asks the editor to refresh its lenses when it knows more.
   */
  const lensTitles = async (uri: string, text: string) => {
    client.notify("textDocument/didOpen", { textDocument: { uri, languageId: "gen", version: 1, text } });
    const titles = async () => (await client.request("textDocument/codeLens", { textDocument: { uri } }))
      .filter((l: any) => l.range.start.line === 0).map((l: any) => l.command.title);
    const first = await titles();
    const refreshed = await client.waitFor("workspace/codeLens/refresh", () => true, 2000).then(() => true, () => false);
    return refreshed ? titles() : first;
  };

  it("runs no git in a workspace the editor does not trust (Restricted Mode)", async () => {
    await client.stop();
    client = new LspClient();
    await client.initialize(pathToFileURL(dir).toString(), { trusted: false });
    const uri = pathToFileURL(path.join(dir, "teaser.gen")).toString();
    assert.deepStrictEqual(await lensTitles(uri, fs.readFileSync(path.join(dir, "teaser.gen"), "utf8")), ["≈ 40 credits · draft mode (default)"]);
  });

  it("shows the change against HEAD above the pipeline, as the file changes", async () => {
    const uri = pathToFileURL(path.join(dir, "teaser.gen")).toString();
    const edited = fs.readFileSync(path.join(dir, "teaser.gen"), "utf8").replace("5s", "9s");
    assert.deepStrictEqual(await lensTitles(uri, edited), ["≈ 72 credits · draft mode (default)", "+32 credits vs HEAD"]);
  });

  it("says a file is new since HEAD, and shows nothing outside a repository", async () => {
    const fresh = pathToFileURL(path.join(dir, "new.gen")).toString();
    assert.deepStrictEqual(await lensTitles(fresh, 'pipeline "n" {\n  video v { model: ray-2 duration: 5s resolution: 540p }\n}\n'), ["≈ 40 credits · draft mode (default)", "new since HEAD"]);
    const outside = "file:///tmp/outside-any-repo.gen";
    assert.deepStrictEqual(await lensTitles(outside, 'pipeline "o" {\n  video v { model: ray-2 duration: 5s resolution: 540p }\n}\n'), ["≈ 40 credits · draft mode (default)"]);
  });
});
