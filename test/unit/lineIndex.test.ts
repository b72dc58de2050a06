// The line index of a new version made from the previous one's (LineIndex.edited): it must give the
// positions a line index of the new text gives, line breaks of every kind made, split and joined by the edit.
import * as assert from "assert";
import fc from "fast-check";
import { LineIndex } from "../../server/src/parser/lineIndex";
import { changedRange } from "../../server/src/parser/reparse";

/** Every offset's position, and the line count, as the index reads them. */
function positions(index: LineIndex, text: string): string[] {
  const all = [`${index.lineCount} lines`];
  for (let offset = 0; offset <= text.length; offset++) {
    const { line, character } = index.positionAt(offset);
    all.push(`${offset}=${line}:${character}`);
  }
  return all;
}

/** The index of `after` made from an index of `before` whose line starts were found, compared with one of `after`'s own. */
function agrees(before: string, after: string): void {
  const previous = new LineIndex(before);
  previous.positionAt(0); // finds its line starts, as a request on the previous version does
  const change = changedRange(before, after);
  if (!change) return;
  assert.deepStrictEqual(positions(LineIndex.edited(previous, after, change), after), positions(new LineIndex(after), after), JSON.stringify([before, after]));
}

describe("line index after an edit", () => {
  const cases: [what: string, before: string, after: string][] = [
    ["a letter typed in a line", "ab\ncd\nef", "ab\ncxd\nef"],
    ["a line break typed", "ab\ncd\nef", "ab\nc\nd\nef"],
    ["a line break deleted", "ab\ncd\nef", "ab\ncdef"],
    ["`\\n` typed after `\\r`: two breaks become one", "ab\rcd", "ab\r\ncd"],
    ["`\\r` typed before `\\n`: two breaks become one", "ab\ncd", "ab\r\ncd"],
    ["`\\r\\n` split by a letter", "ab\r\ncd", "ab\rx\ncd"],
    ["the `\\n` of `\\r\\n` deleted", "ab\r\ncd", "ab\rcd"],
    ["typed at the very start", "ab\ncd", "\nab\ncd"],
    ["typed at the very end", "ab\ncd", "ab\ncd\r"],
    ["everything replaced", "a\nb\nc", "x"],
    ["from nothing", "", "a\r\nb"],
  ];
  for (const [what, before, after] of cases) it(`${what}: the same positions as the new text's own index`, () => agrees(before, after));

  it("gives the same positions for random edits of random texts of line breaks", () => {
    const text = fc.array(fc.constantFrom("a", "b", "\n", "\r", "\r\n", " "), { maxLength: 30 }).map((pieces) => pieces.join(""));
    fc.assert(
      fc.property(text, fc.nat(), fc.nat(6), text, (before, where, deleted, inserted) => {
        const at = where % (before.length + 1);
        agrees(before, before.slice(0, at) + inserted + before.slice(at + deleted));
      }),
      { seed: 20261130, numRuns: 3000 },
    );
  });

  it("an index whose line starts were never asked for finds them on first use", () => {
    const after = "ab\r\ncd\nef";
    const edited = LineIndex.edited(new LineIndex("ab\ncd\nef"), after, changedRange("ab\ncd\nef", after)!);
    assert.deepStrictEqual(positions(edited, after), positions(new LineIndex(after), after));
  });
});
