// Credit-saving quick fixes through the spawned server: request the code
// actions at each finding, apply their edits as an editor would, and watch the
// findings go and the estimate fall.
import * as assert from "assert";
import { LspClient } from "./lspClient";

interface Position { line: number; character: number }
interface Range { start: Position; end: Position }
interface Edit { range: Range; newText: string }

/** Applies LSP text edits to a text, as an editor does. */
function applyEdits(text: string, edits: Edit[]): string {
  const lines = text.split("\n");
  const offset = (p: Position) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return [...edits]
    .sort((a, b) => offset(b.range.start) - offset(a.range.start))
    .reduce((acc, e) => acc.slice(0, offset(e.range.start)) + e.newText + acc.slice(offset(e.range.end)), text);
}

const uri = "file:///tmp/rules-protocol.gen";
const text = [
  'pipeline "launch" {',
  "  video shot { model: kling-v3 duration: 5s resolution: 720p audio: on }",
  '  audio vo { kind: voiceover model: eleven-multilingual-v2 text: "Spring is here." over: shot }',
  "  output shot, vo",
  "}",
].join("\n");

describe("quick fixes over the protocol", function () {
  let client: LspClient;
  let version = 1;
  let current = text;

  beforeEach(async () => {
    client = new LspClient();
    await client.initialize();
    version = 1;
    current = text;
    client.notify("textDocument/didOpen", { textDocument: { uri, languageId: "gen", version, text } });
  });

  afterEach(() => client.stop());

  const findings = async () => (await client.waitFor("textDocument/publishDiagnostics", (p) => p.uri === uri && p.version === version)).diagnostics;
  const total = async () => (await client.request("gen/documentCost", { uri })).pipelines[0].usd as number;

  async function change(newText: string) {
    current = newText;
    version++;
    client.notify("textDocument/didChange", { textDocument: { uri, version }, contentChanges: [{ text: newText }] });
  }

  it("fixes each finding with its code action, and the estimate falls", async () => {
    let diagnostics = await findings();
    const before = await total();
    const ruleCodes = diagnostics.map((d: any) => d.code).sort();
    assert.ok(ruleCodes.includes("no-replaced-audio") && ruleCodes.includes("brief-first"), ruleCodes.join(", "));
    for (const code of ["no-replaced-audio", "brief-first"]) {
      const diagnostic = diagnostics.find((d: any) => d.code === code);
      assert.ok(diagnostic, `${code} is reported`);
      assert.match(diagnostic.codeDescription.href, new RegExp(`docs/rules/${code}\\.md$`));
      const actions = await client.request("textDocument/codeAction", { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
      const fix = actions.find((a: any) => a.kind === "quickfix" && a.diagnostics[0].code === code);
      assert.ok(fix, `a quick fix for ${code}: ${actions.map((a: any) => a.title).join(", ")}`);
      if (code === "no-replaced-audio") assert.strictEqual(fix.title, "Disable native audio (saves 21 credits)"); // kling-v3 720p, 5 s: $0.63 with audio, $0.42 without
      await change(applyEdits(current, fix.edit.changes[uri]));
      diagnostics = await findings();
      assert.ok(!diagnostics.some((d: any) => d.code === code), `${code} is gone after its fix`);
    }
    assert.ok((await total()) < before, "the estimate fell");
  });

  it("drafts low and keeps the final in a `final { }` block, with what each draft saves", async () => {
    const draftUri = "file:///tmp/rules-protocol-draft.gen";
    const draftText = 'pipeline "p" {\n  mode: draft\n  video shot { model: ray-2 duration: 5s resolution: 1080p }\n  output shot\n}';
    client.notify("textDocument/didOpen", { textDocument: { uri: draftUri, languageId: "gen", version: 1, text: draftText } });
    const { diagnostics } = await client.waitFor("textDocument/publishDiagnostics", (p) => p.uri === draftUri && p.diagnostics.length > 0);
    const diagnostic = diagnostics.find((d: any) => d.code === "draft-low-res");
    const actions = await client.request("textDocument/codeAction", { textDocument: { uri: draftUri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
    const fix = actions.find((a: any) => a.kind === "quickfix" && a.diagnostics[0].code === "draft-low-res");
    // ray-2, 5 s: 159 credits at 1080p, 40 at 540p.
    assert.strictEqual(fix.title, "Draft at 540p, keep 1080p for the final (saves 119 credits)");
    assert.strictEqual(applyEdits(draftText, fix.edit.changes[draftUri]), draftText.replace("resolution: 1080p }", "resolution: 540p final { resolution: 1080p } }"));
  });

  it("promotes a draft to final with the refactoring on the header and with the command, saying what the final costs", async () => {
    const promoteUri = "file:///tmp/rules-protocol-promote.gen";
    const draftText = 'pipeline "p" {\n  brief { goal: "a 4k poster" }\n  mode: draft\n  image poster { model: nano-banana-pro prompt: "x" resolution: 1k }\n  output poster\n}';
    client.notify("textDocument/didOpen", { textDocument: { uri: promoteUri, languageId: "gen", version: 1, text: draftText } });
    await client.waitFor("textDocument/publishDiagnostics", (p) => p.uri === promoteUri);
    const promoted = draftText.replace("mode: draft", "mode: final").replace("resolution: 1k }", "resolution: 1k final { resolution: 4k } }");
    const actions = await client.request("textDocument/codeAction", {
      textDocument: { uri: promoteUri }, range: { start: { line: 0, character: 2 }, end: { line: 0, character: 2 } }, context: { diagnostics: [], only: ["refactor"] },
    });
    // nano-banana-pro: 13.4 credits at 1k, 24 at 4k.
    assert.deepStrictEqual(actions.map((a: any) => a.title), ["Promote to final (final phase +10.6 credits)"]);
    assert.strictEqual(applyEdits(draftText, actions[0].edit.changes[promoteUri]), promoted);

    const result = await client.request("workspace/executeCommand", { command: "gen.server.promoteToFinal", arguments: [promoteUri] });
    const applied = await client.waitFor("workspace/applyEdit");
    assert.strictEqual(applyEdits(draftText, applied.edit.documentChanges[0].edits), promoted);
    assert.strictEqual(result.message, "Promoted to final: `p` (final phase +10.6 credits).");
  });

  it("lists the findings in the pipeline hover, with what fixing them all saves", async () => {
    await findings();
    const hover = await client.request("textDocument/hover", { textDocument: { uri }, position: { line: 0, character: 11 } });
    assert.match(hover.contents.value, /Findings: .*`brief-first`.*`no-replaced-audio`/);
    assert.match(hover.contents.value, /Applying every fix in the file saves 28.07 credits/);
  });

  it("applies every fix at once with source.fixAll.gen and with the apply-all command", async () => {
    await findings();
    const actions = await client.request("textDocument/codeAction", {
      textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ["source.fixAll"] },
    });
    assert.deepStrictEqual(actions.map((a: any) => [a.kind, a.title]), [["source.fixAll.gen", "Apply all credit-saving fixes (saves 28.07 credits)"]]);
    const fixedText = applyEdits(current, actions[0].edit.changes[uri]);
    assert.match(fixedText, /audio: off/);
    assert.match(fixedText, /brief \{/);

    const result = await client.request("workspace/executeCommand", { command: "gen.server.applyAllFixes", arguments: [uri] });
    const applied = await client.waitFor("workspace/applyEdit");
    assert.strictEqual(applyEdits(current, applied.edit.documentChanges[0].edits), fixedText);
    assert.match(result.message, /^Applied \d+ fix(es)?: saves 28\.07 credits\.$/);
  });
});
