// Fix-all's one edit from the old text to the fixed one (service/fixes.ts diffEdit): the smallest, but
// never with an end between `\r` and `\n` or inside a surrogate pair, where no editor position lies.
import * as assert from "assert";
import fc from "fast-check";
import { applyEdits } from "../../server/src/rules/edits";
import { diffEdit } from "../../server/src/service/fixes";

const splits = (text: string, at: number) =>
  (text[at - 1] === "\r" && text[at] === "\n") || (/[\uD800-\uDBFF]/.test(text[at - 1] ?? "") && /[\uDC00-\uDFFF]/.test(text[at] ?? ""));

function agrees(before: string, after: string): ReturnType<typeof diffEdit> {
  const edits = diffEdit(before, after);
  assert.strictEqual(applyEdits(before, edits), after, "the edit turns one text into the other");
  for (const { span } of edits) assert.ok(!splits(before, span.start) && !splits(before, span.end), `${JSON.stringify(span)} splits a line break or a character`);
  return edits;
}

describe("fix-all's edit from the old text to the new", () => {
  const cases: [what: string, before: string, after: string, edit: string | undefined][] = [
    ["nothing changed", "a\r\nb", "a\r\nb", undefined],
    ["a word changed", "model: ray-2\r\n", "model: ray-flash-2\r\n", "11-11 → flash-"],
    ["a CRLF made LF: the common start would end after the \\r", "x\r\ny", "x\ny", "1-3 → \n"],
    ["a line break inserted before a CRLF's \\n", "a\r\nb", "a\r\r\nb", "1-3 → \r\r\n"],
    ["a line added after a \\r: the common end would start at the \\n", "a\rb\r\nc", "a\rb\r\nX\r\nc", "5-5 → X\r\n"],
    ["an emoji changed for another with the same first half", "a😀b", "a😃b", "1-3 → 😃"],
    ["an emoji inserted before another with the same first half: both whole in the edit", "a😀b", "a😃😀b", "1-3 → 😃😀"],
  ];
  for (const [what, before, after, edit] of cases) {
    it(`${what}: ${edit === undefined ? "no edit" : JSON.stringify(edit)}`, () => {
      const edits = agrees(before, after);
      assert.deepStrictEqual(edits.map((e) => `${e.span.start}-${e.span.end} → ${e.newText}`), edit === undefined ? [] : [edit]);
    });
  }

  it("never splits a line break or a character, for random texts of them", () => {
    const piece = fc.constantFrom("a", "\r", "\n", "\r\n", "😀", "😃", "é");
    const text = fc.array(piece, { maxLength: 12 }).map((pieces) => pieces.join(""));
    fc.assert(fc.property(text, text, (before, after) => void agrees(before, after)), { seed: 20261130, numRuns: 3000 });
  });
});
