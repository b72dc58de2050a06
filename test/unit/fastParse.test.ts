// The parser's fast path (parser/fastParse.ts) must build exactly the tree the chevrotain parser builds,
// and only for files where that parser reports nothing: otherwise it must give up.
import * as assert from "assert";
import fc from "fast-check";
import { fastParse } from "../../server/src/parser/fastParse";
import { parseWithRecovery } from "../../server/src/parser/parse";
import { corpus, documents } from "../fuzz/properties";

/** Asserts the fast path agrees with the slow one on `text`; says whether it took the file. */
function agrees(text: string, label: string): boolean {
  const fast = fastParse(text);
  const slow = parseWithRecovery(text);
  if (!fast) return false;
  assert.deepStrictEqual(slow.problems, [], `${label}: the fast path took a file with problems`);
  assert.deepStrictEqual(fast, slow.file, `${label}: the fast path built another tree`);
  return true;
}

const wrap = (settings: string) => `pipeline p {\n  image hero {\n    ${settings}\n  }\n}\n`;

describe("parser fast path", () => {
  it("builds the same tree as the chevrotain parser for every sample and fixture, and takes most of them", () => {
    let taken = 0;
    corpus.forEach((text, i) => (taken += agrees(text, `corpus file ${i}`) ? 1 : 0));
    // The corpus holds files written with mistakes on purpose; the clean ones must not fall to the slow path.
    assert.ok(taken >= corpus.length / 2, `fast path took ${taken} of ${corpus.length} files`);
  });

  // Each value as written, and what it must lex as: the token rules' order decides (tokens.ts).
  const values: [written: string, type: string | undefined][] = [
    ["16:9", "aspect"], ["1080p", "resolution"], ["4k", "resolution"], ["1024x768", "resolution"], ["1920x1080p", "malformed"],
    ["720px", "malformed"], ["5s", "duration"], ["2.5s", "duration"], ["5sec", "malformed"], ["5s.", "malformed"], ["1.5k", "malformed"],
    ["150 credits", "credits"], ["150credits", "credits"], ["1 credit", "credits"], ["2.5 \t credits", "credits"], ["10creditsx", "malformed"],
    ["$4.50", "money"], ["$4", "money"], ["42", "number"], ["0.25", "number"], ["ray-2", "word"], ["veo-3.1-fast", "word"],
    ["hero[2]", "word"], ['"a prompt, with // no comment"', "string"], ['""', "string"], ['"""multi\nline"""', "string"], ['""""""', "string"],
    ["a, b, c", "list"], ["1080p, 4k", "list"], ["9:16 // aspect", "aspect"], ["/* before */ 4k", "resolution"],
  ];
  for (const [written, type] of values) {
    it(`reads \`${written.replace(/\n/g, "\\n")}\` as the chevrotain parser does (${type})`, () => {
      const text = wrap(`value: ${written}`);
      assert.ok(agrees(text, written), "the fast path gave up on a clean file");
      assert.strictEqual(fastParse(text)!.pipelines[0].stages[0].properties[0].value?.type, type);
    });
  }

  // Each of these has a problem the chevrotain parser reports: the fast path must leave it to it.
  const refused = [
    "value: 'single'", "value: \"unterminated", 'value: """never closed', "value: # hash", "value: 1.", "value: a-",
    "value ray-2", "value: $x", "value: a,", "value: hero[", "value: hero[x]", "/* open",
    "pipeline: 3", "image { }", "image preset { }",
  ];
  for (const settings of refused) {
    it(`gives \`${settings}\` to the chevrotain parser`, () => {
      const text = wrap(settings);
      assert.strictEqual(fastParse(text), undefined);
      assert.notDeepStrictEqual(parseWithRecovery(text).problems, []);
    });
  }

  // Rare in files, so left to the chevrotain parser though it finds nothing wrong: escapes, Unicode spaces.
  for (const settings of ["value: \"with \\n escape\"", "value: \u00a0 4k", "\ufeffvalue: 4k"]) {
    it(`leaves \`${JSON.stringify(settings)}\` to the chevrotain parser, which finds no problem`, () => {
      assert.strictEqual(fastParse(wrap(settings)), undefined);
      assert.deepStrictEqual(parseWithRecovery(wrap(settings)).problems, []);
    });
  }

  it("reads phase blocks, briefs, outputs, presets and `use` lines as the chevrotain parser does", () => {
    const text = [
      'use "presets/brand.gen"',
      "preset look { style: \"neon\" final { resolution: 4k } }",
      'pipeline "teaser" {',
      "  brief { goal: \"launch\" }",
      "  budget: 150 credits",
      "  mode:",
      "  image still { use: look model: photon-flash-1 draft { count: 2 } }",
      "  video shot { start: still[1] prompt: \"dolly\" final { resolution: 1080p } duration: 5s }",
      "  video { }",
      "  output shot, still",
      "}",
      "pipeline plain { image a { prompt:\n model: x } }",
    ].join("\n");
    // `video { }` has no name: the chevrotain parser reports it, so the file goes to it.
    assert.strictEqual(fastParse(text), undefined);
    assert.ok(agrees(text.replace("  video { }\n", ""), "the same without the nameless stage"));
  });

  it("agrees with the chevrotain parser on mutated documents", () => {
    let taken = 0;
    fc.assert(fc.property(documents, (text) => {
      taken += agrees(text, JSON.stringify(text.slice(0, 200))) ? 1 : 0;
    }), { seed: 20261130, numRuns: 1500 });
    assert.ok(taken > 100, `fast path took only ${taken} of 1500 mutated documents`);
  });
});
