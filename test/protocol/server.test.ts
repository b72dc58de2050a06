// The language server over the real protocol: spawned as `node dist/server.js --stdio`.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { pathToFileURL } from "url";
import { allRules } from "../../server/src/rules";
import { LspClient } from "./lspClient";

interface PublishedDiagnostic {
  code: string;
  message: string;
  severity: number;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

const ruleIds = new Set(allRules.map((rule) => rule.id));
const at = (d: PublishedDiagnostic) => `${d.code}@${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`;

describe("language server over stdio", function () {
  let client: LspClient;
  let tmp: string;

  beforeEach(async () => {
    client = new LspClient();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "gen-lsp-"));
  });

  afterEach(async () => {
    await client.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  function open(uri: string, text: string, version = 1): void {
    client.notify("textDocument/didOpen", { textDocument: { uri, languageId: "gen", version, text } });
  }

  /** The language's diagnostics for a document; the credit-conservation rules have tests of their own. */
  async function diagnosticsFor(uri: string, version?: number): Promise<{ diagnostics: PublishedDiagnostic[]; version?: number }> {
    const published = await client.waitFor("textDocument/publishDiagnostics", (p) => p.uri === uri && (version === undefined || p.version === version));
    return { ...published, diagnostics: published.diagnostics.filter((d: PublishedDiagnostic) => !ruleIds.has(d.code)) };
  }

  it("answers initialize with its capabilities", async () => {
    const result = await client.initialize();
    assert.strictEqual(result.serverInfo.name, "gen-language-server");
    assert.strictEqual(result.capabilities.textDocumentSync.openClose, true);
    assert.strictEqual(result.capabilities.textDocumentSync.change, 2); // incremental
  });

  it("publishes diagnostics on open, at the right places, and updates them on change", async () => {
    await client.initialize();
    const uri = "file:///tmp/teaser.gen";
    open(uri, ['pipeline "t" {', '  video shot {', "    model: rya-2", "    duration: 5s", "  }", "}"].join("\n"));
    const first = await diagnosticsFor(uri, 1);
    assert.deepStrictEqual(first.diagnostics.map(at), ["unknown-model@2:11-2:16"]);
    assert.match(first.diagnostics[0].message, /did you mean `ray-2`\?/);
    assert.strictEqual(first.diagnostics[0].severity, 1);

    client.notify("textDocument/didChange", {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 2, character: 11 }, end: { line: 2, character: 16 } }, text: "ray-2" }],
    });
    const second = await diagnosticsFor(uri, 2);
    assert.deepStrictEqual(second.diagnostics, []);
  });

  it("reports every syntax error of a broken file and still checks the stage after them", async () => {
    await client.initialize();
    const uri = "file:///tmp/broken.gen";
    open(uri, [
      'pipeline "t" {',
      "  video shot {",
      "    model ray-2",
      "    duration: 5s",
      "  image still { model: photon-flash-1 prompt: \"x\" }",
      "  video later { model: ray-2 duration: 7s }",
      "}",
    ].join("\n"));
    const { diagnostics } = await diagnosticsFor(uri);
    assert.deepStrictEqual(diagnostics.map(at), [
      "syntax@2:4-2:9", // expected `:` after `model`
      "syntax@4:2-4:7", // expected `}` to close stage `shot`
      "unsupported-value@5:39-5:41", // the stage after the errors is analysed: ray-2 makes 5s or 9s
    ]);
    assert.match(diagnostics[1].message, /expected `}` to close stage `shot` opened on line 2/);
  });

  it("counts positions in UTF-16 code units after emoji", async () => {
    await client.initialize();
    const uri = "file:///tmp/emoji.gen";
    // 🌸 is two UTF-16 code units; the bad model id starts after it on the same line.
    open(uri, 'pipeline "t" { image a { prompt: "🌸🌸" model: nope-model } }');
    const { diagnostics } = await diagnosticsFor(uri);
    const unknown = diagnostics.find((d) => d.code === "unknown-model")!;
    const text = 'pipeline "t" { image a { prompt: "🌸🌸" model: nope-model } }';
    assert.strictEqual(unknown.range.start.character, text.indexOf("nope-model"));
    assert.strictEqual(unknown.range.end.character - unknown.range.start.character, "nope-model".length);
  });

  it("survives binary garbage, a lone triple quote and a BOM with CRLF", async () => {
    await client.initialize();
    const garbage = "file:///tmp/garbage.gen";
    open(garbage, "\u0000\u0001\u00ff{{{]]]\"\"\"" + "x".repeat(100000));
    const published = await diagnosticsFor(garbage);
    assert.ok(published.diagnostics.length > 0);

    const crlf = "file:///tmp/crlf.gen";
    open(crlf, '\uFEFFpipeline "t" {\r\n  image a {\r\n    model: photon-flash-1\r\n    prompt: "x"\r\n    count: 0\r\n  }\r\n}\r\n');
    const { diagnostics } = await diagnosticsFor(crlf);
    assert.deepStrictEqual(diagnostics.map(at), ["invalid-value@4:11-4:12"]);

    const symbols = await client.request("textDocument/documentSymbol", { textDocument: { uri: crlf } });
    assert.strictEqual(symbols[0].name, "t");
    assert.strictEqual(client.exited, false);
  });

  it("resolves presets from `use`d files and re-checks when the used file changes", async () => {
    await client.initialize(pathToFileURL(tmp).toString());
    fs.mkdirSync(path.join(tmp, "presets"));
    const presetsPath = path.join(tmp, "presets", "brand.gen");
    fs.writeFileSync(presetsPath, 'preset brand { style: "pastel" }\n');
    const mainUri = pathToFileURL(path.join(tmp, "main.gen")).toString();
    open(mainUri, 'use "presets/brand.gen"\npipeline "t" {\n  image a { model: photon-flash-1 prompt: "x" use: brand }\n}\n');
    const first = await diagnosticsFor(mainUri);
    assert.deepStrictEqual(first.diagnostics, []);

    // Editing the preset file in the editor (unsaved) re-checks the file that uses it.
    const presetsUri = pathToFileURL(presetsPath).toString();
    open(presetsUri, 'preset brand { style: "pastel" }\n');
    await diagnosticsFor(presetsUri);
    client.notify("textDocument/didChange", { textDocument: { uri: presetsUri, version: 2 }, contentChanges: [{ text: 'preset brandx { style: "pastel" }\n' }] });
    const second = await client.waitFor("textDocument/publishDiagnostics", (p) => p.uri === mainUri && p.diagnostics.some((d: PublishedDiagnostic) => d.code === "unknown-preset"));
    const language = second.diagnostics.filter((d: PublishedDiagnostic) => !ruleIds.has(d.code));
    assert.deepStrictEqual(language.map(at), ["unknown-preset@2:51-2:56"]);
    assert.match(language[0].message, /did you mean `brandx`\?/);

    // A `use` file that does not exist is reported at its path.
    const otherUri = pathToFileURL(path.join(tmp, "other.gen")).toString();
    open(otherUri, 'use "presets/missing.gen"\n');
    const missing = await diagnosticsFor(otherUri);
    assert.deepStrictEqual(missing.diagnostics.map(at), ["use-not-found@0:4-0:25"]);
  });

  it("outlines pipelines, stages and phase blocks with their kind and cost in the detail", async () => {
    await client.initialize();
    const uri = "file:///tmp/outline.gen";
    open(uri, 'preset look { style: "x" }\npipeline "t" {\n  video v {\n    model: ray-flash-2\n    duration: 5s\n    resolution: 540p\n    audio: off\n    final { model: ray-2 }\n  }\n}\n');
    const symbols = await client.request("textDocument/documentSymbol", { textDocument: { uri } });
    const shown = (s: any): unknown => ({ name: s.name, detail: s.detail, kind: s.kind, line: s.selectionRange.start.line, ...(s.children ? { children: s.children.map(shown) } : {}) });
    assert.deepStrictEqual(symbols.map(shown), [
      { name: "look", detail: "preset", kind: 23, line: 0 },
      { name: "t", detail: "pipeline · draft ≈ 14 · final ≈ 40 · job ≈ 54 credits · draft mode (default)", kind: 2, line: 1, children: [
        { name: "v", detail: "video · ray-flash-2 · 14 credits", kind: 12, line: 2, children: [{ name: "final", detail: "ray-2 · 40 credits", kind: 3, line: 7 }] },
      ] },
    ]);
    // Asked again of the same version, the same outline; after an edit inside `v`, the edit's.
    assert.deepStrictEqual(await client.request("textDocument/documentSymbol", { textDocument: { uri } }), symbols);
    client.notify("textDocument/didChange", { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line: 4, character: 14 }, end: { line: 4, character: 15 } }, text: "9" }] });
    const edited = await client.request("textDocument/documentSymbol", { textDocument: { uri } });
    assert.strictEqual(edited[1].children[0].detail, "video · ray-flash-2 · 25 credits");
    assert.deepStrictEqual(edited[1].children[0].range.end, { line: 8, character: 3 });
  });

  it("clears a document's diagnostics when it closes", async () => {
    await client.initialize();
    const uri = "file:///tmp/closing.gen";
    open(uri, 'pipeline "t" { vidoe a { } }');
    const opened = await diagnosticsFor(uri);
    assert.ok(opened.diagnostics.length > 0);
    client.notify("textDocument/didClose", { textDocument: { uri } });
    const closed = await client.waitFor("textDocument/publishDiagnostics", (p) => p.uri === uri && p.diagnostics.length === 0);
    assert.deepStrictEqual(closed.diagnostics, []);
  });
});
