// Semantic tokens through the spawned server: the legend in the capabilities, the integers of a full
// and a range request decoded back to (line, character, length, type, modifiers) with that legend, and
// deltas: the edit since the last answer.
import * as assert from "assert";
import { LspClient } from "./lspClient";

interface Legend {
  tokenTypes: string[];
  tokenModifiers: string[];
}

/** The protocol's five integers a token, relative positions made absolute: `line:character text type.modifiers`. */
function decode(data: number[], legend: Legend, lines: string[]): string[] {
  assert.strictEqual(data.length % 5, 0, "five integers a token");
  const tokens: string[] = [];
  let line = 0;
  let character = 0;
  for (let i = 0; i < data.length; i += 5) {
    const [deltaLine, deltaStart, length, type, bits] = data.slice(i, i + 5);
    line += deltaLine;
    character = deltaLine === 0 ? character + deltaStart : deltaStart;
    const modifiers = legend.tokenModifiers.filter((_, bit) => bits & (1 << bit));
    assert.ok(type < legend.tokenTypes.length, `type ${type} is in the legend`);
    tokens.push(`${line}:${character} ${lines[line].slice(character, character + length)} ${[legend.tokenTypes[type], ...modifiers].join(".")}`);
  }
  return tokens;
}

describe("semantic tokens over the protocol", function () {
  let client: LspClient;
  let legend: Legend;
  const uri = "file:///tmp/tokens.gen";
  const text = [
    'pipeline "p" {',                                                        // 0
    '  image hero { prompt: "🌸" model: photon-flash-1 }',                  // 1
    "  video v { model: veo-3 start: hero duration: 4s } // old",          // 2
    '  audio a { kind: voiceover model: eleven-flash-v2.5 text: """two', // 3
    'lines""" over: v }',                                                    // 4
    "}",                                                                     // 5
    "",
  ].join("\r\n");
  const lines = text.split("\r\n");

  before(async () => {
    client = new LspClient();
    const { capabilities } = await client.initialize();
    legend = capabilities.semanticTokensProvider.legend;
    assert.deepStrictEqual(capabilities.semanticTokensProvider.full, { delta: true });
    assert.strictEqual(capabilities.semanticTokensProvider.range, true);
    client.notify("textDocument/didOpen", { textDocument: { uri, languageId: "gen", version: 1, text } });
  });
  after(async () => client.stop());

  it("answers the whole document, in UTF-16 positions, multi-line strings split per line", async () => {
    const { data } = await client.request("textDocument/semanticTokens/full", { textDocument: { uri } });
    assert.deepStrictEqual(decode(data, legend, lines), [
      "0:0 pipeline keyword",
      '0:9 "p" namespace.declaration',
      "1:2 image type.defaultLibrary",
      "1:8 hero function.declaration",
      "1:15 prompt property",
      '1:23 "🌸" string',
      "1:28 model property",
      "1:35 photon-flash-1 class.defaultLibrary",
      "2:2 video type.defaultLibrary",
      "2:8 v function.declaration",
      "2:12 model property",
      "2:19 veo-3 class.deprecated.defaultLibrary",
      "2:25 start property",
      "2:32 hero function",
      "2:37 duration property",
      "2:47 4s number",
      "2:52 // old comment",
      "3:2 audio type.defaultLibrary",
      "3:8 a function.declaration",
      "3:12 kind property",
      "3:18 voiceover enumMember",
      "3:28 model property",
      "3:35 eleven-flash-v2.5 class.defaultLibrary",
      "3:53 text property",
      '3:59 """two string',
      '4:0 lines""" string',
      "4:9 over property",
      "4:15 v function",
    ]);
  });

  it("answers a range with the tokens that overlap it", async () => {
    const range = { start: { line: 2, character: 20 }, end: { line: 3, character: 4 } };
    const { data } = await client.request("textDocument/semanticTokens/range", { textDocument: { uri }, range });
    const decoded = decode(data, legend, lines);
    assert.deepStrictEqual(decoded.slice(0, 2), ["2:19 veo-3 class.deprecated.defaultLibrary", "2:25 start property"]);
    assert.strictEqual(decoded[decoded.length - 1], "3:2 audio type.defaultLibrary");
  });

  it("answers a delta after an edit: one edit that turns the last answer into the new whole", async () => {
    const edited = "file:///tmp/tokens-delta.gen";
    client.notify("textDocument/didOpen", { textDocument: { uri: edited, languageId: "gen", version: 1, text } });
    const first = await client.request("textDocument/semanticTokens/full", { textDocument: { uri: edited } });
    assert.ok(first.resultId, "a whole answer has an id to ask a delta against");
    // `duration: 4s` becomes `duration: 4s seed: 7` in the second stage: two tokens more, on line 2.
    const at = { line: 2, character: lines[2].indexOf("4s") + 2 };
    client.notify("textDocument/didChange", { textDocument: { uri: edited, version: 2 }, contentChanges: [{ range: { start: at, end: at }, text: " seed: 7" }] });
    const delta = await client.request("textDocument/semanticTokens/full/delta", { textDocument: { uri: edited }, previousResultId: first.resultId });
    assert.ok(delta.resultId && delta.resultId !== first.resultId, "a new id");
    assert.strictEqual(delta.edits.length, 1);
    const [{ start, deleteCount, data }] = delta.edits;
    assert.ok(data.length <= 15, `the edit carries the changed tokens only (${data.length} integers)`);
    const applied = [...first.data.slice(0, start), ...data, ...first.data.slice(start + deleteCount)];
    const newLines = lines.map((line, i) => (i === 2 ? line.slice(0, at.character) + " seed: 7" + line.slice(at.character) : line));
    const whole = await client.request("textDocument/semanticTokens/full", { textDocument: { uri: edited } });
    assert.deepStrictEqual(applied, whole.data);
    assert.deepStrictEqual(decode(applied, legend, newLines).slice(14, 19), ["2:37 duration property", "2:47 4s number", "2:50 seed property", "2:56 7 number", "2:60 // old comment"]);

    // Nothing changed since the last answer: no edit. An id it did not give last: the whole document.
    const same = await client.request("textDocument/semanticTokens/full/delta", { textDocument: { uri: edited }, previousResultId: whole.resultId });
    assert.deepStrictEqual(same.edits, []);
    const stale = await client.request("textDocument/semanticTokens/full/delta", { textDocument: { uri: edited }, previousResultId: first.resultId });
    assert.deepStrictEqual(stale.data, whole.data);
    assert.strictEqual(stale.edits, undefined);
  });

  it("answers a document it does not have with no tokens", async () => {
    const { data } = await client.request("textDocument/semanticTokens/full", { textDocument: { uri: "file:///tmp/not-open.gen" } });
    assert.deepStrictEqual(data, []);
  });
});
