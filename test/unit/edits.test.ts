// Applying many edits at once, and telling which of them touch the same text, as a fix-all does with
// thousands: checked against the plain definitions on random edits.
import * as assert from "assert";
import * as fc from "fast-check";
import { parse } from "../../server/src/parser/parse";
import { addProperty, applyEdits, eol, TouchedText } from "../../server/src/rules/edits";
import { checkDocument } from "../../server/src/service/check";
import { fixAll } from "../../server/src/service/fixes";
import type { TextEdit } from "../../server/src/rules/rule";

/** Edits touch when they overlap or start at the same place (two insertions there would race). */
const touch = (a: TextEdit[], b: TextEdit[]) =>
  a.some((x) => b.some((y) => (x.span.start < y.span.end && y.span.start < x.span.end) || x.span.start === y.span.start));

/** The edits applied one at a time, last place first: the definition applyEdits keeps. */
function applyOneByOne(text: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.span.start - a.span.start || b.span.end - a.span.end);
  let result = text;
  for (const edit of sorted) result = result.slice(0, edit.span.start) + edit.newText + result.slice(edit.span.end);
  return result;
}

const edit = (length: number) => fc.record({ start: fc.nat(length), size: fc.nat(4), newText: fc.string({ maxLength: 3 }) })
  .map(({ start, size, newText }) => ({ span: { start, end: Math.min(length, start + size) }, newText }));

describe("edits", () => {
  it("applies edits in one pass as if one at a time, insertions at one place included", () => {
    fc.assert(fc.property(fc.string({ minLength: 0, maxLength: 40 }).chain((text) => fc.tuple(fc.constant(text), fc.array(edit(text.length), { maxLength: 8 }))), ([text, edits]) => {
      // Keep a set of edits no two of which overlap (insertions may share a place).
      const kept: TextEdit[] = [];
      for (const e of edits) if (!kept.some((k) => k.span.start < e.span.end && e.span.start < k.span.end)) kept.push(e);
      const sameStartReplacements = kept.some((a) => kept.some((b) => a !== b && a.span.start === b.span.start && a.span.end !== a.span.start && b.span.end !== b.span.start));
      fc.pre(!sameStartReplacements);
      assert.strictEqual(applyEdits(text, kept), applyOneByOne(text, kept));
    }), { seed: 20261129, numRuns: 2000 });
  });

  it("refuses overlapping edits", () => {
    assert.throws(() => applyEdits("abcdef", [{ span: { start: 1, end: 4 }, newText: "x" }, { span: { start: 3, end: 5 }, newText: "y" }]), /overlapping/);
  });

  it("tells which sets of edits touch text already chosen, as the plain definition does", () => {
    fc.assert(fc.property(fc.array(fc.array(edit(60), { minLength: 1, maxLength: 3 }), { maxLength: 30 }), (sets) => {
      const chosen: TextEdit[][] = [];
      const touched = new TouchedText();
      for (const edits of sets) {
        const own = edits.filter((e, i) => !edits.slice(0, i).some((o) => touch([o], [e]))); // a fix's own edits never touch
        const expected = chosen.some((c) => touch(c, own));
        assert.strictEqual(touched.overlaps(own), expected, JSON.stringify({ chosen, own }));
        if (!expected) {
          chosen.push(own);
          touched.add(own);
        }
      }
    }), { seed: 20261129, numRuns: 2000 });
  });
  // Found by `npm run fuzz -- --runs 20000 --seed 4242`: the stage's `}` is inside a string that runs to
  // the end of its line, so text added "before the `}`" landed in the string, and every fix-all added it again.
  it("adds no property to a block whose `}` belongs to a string running to the end of its line", () => {
    const text = 'pipeline "p" {\n  video clip { model: ray-2 prompt: "a" b " duration: 5s resolution: 1080p }\n  video v { model: ray-2 duration: 5s }\n}\n';
    const clip = parse(text).file.pipelines[0].stages[0];
    assert.strictEqual(text[clip.span.end - 1], "}", "the block seems to end at a brace");
    assert.strictEqual(addProperty(text, clip, "audio: off"), undefined);
    const once = fixAll(checkDocument(text)).text;
    assert.strictEqual(fixAll(checkDocument(once)).text, once, "fix-all again changes nothing");
  });

  it("inserts lines with the file's own line break", () => {
    const cases: [text: string, expected: string][] = [
      ["a\nb\n", "\n"],
      ["a\r\nb\r\n", "\r\n"],
      ["no line break", "\n"],
      ["a lone \r, then \n only\n", "\n"],
      ["a lone \r first\r, then a \r\n", "\r\n"],
      ["ends in \r", "\n"],
    ];
    for (const [text, expected] of cases) {
      assert.strictEqual(eol(text), expected, JSON.stringify(text));
      // Asked again of another string of the same text, and of a new version: remembered only for the same text.
      assert.strictEqual(eol(text.slice(0, 1) + text.slice(1)), expected, JSON.stringify(text));
    }
  });
});
