// Semantic tokens through the spawned server: the legend in the capabilities, and the integers of a full
// and a range request decoded back to (line, character, length, type, modifiers) with that legend.
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
    assert.deepStrictEqual(capabilities.semanticTokensProvider.full, { delta: false });
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

  it("answers a document it does not have with no tokens", async () => {
    const { data } = await client.request("textDocument/semanticTokens/full", { textDocument: { uri: "file:///tmp/not-open.gen" } });
    assert.deepStrictEqual(data, []);
  });
});
