// `format.ignore` in gen.config.json: which paths (relative to the config's folder) a pattern names.
import * as assert from "assert";
import { isIgnored } from "../../server/src/config/ignore";

const cases: [pattern: string, path: string, ignored: boolean][] = [
  ["mistakes/", "mistakes/syntax-errors.gen", true],
  ["mistakes/", "more/mistakes/typos.gen", true], // a folder name matches at any depth, as in .gitignore
  ["mistakes/", "mistakes.gen", false],
  ["mistakes", "mistakes/typos.gen", true],
  ["*.draft.gen", "shots/teaser.draft.gen", true],
  ["*.draft.gen", "shots/teaser.gen", false],
  ["/examples/**/old-*.gen", "examples/a/b/old-cut.gen", true],
  ["/examples/**/old-*.gen", "examples/old-cut.gen", true],
  ["/examples/**/old-*.gen", "more/examples/old-cut.gen", false], // anchored to the config's folder
  ["examples/old.gen", "examples/old.gen", true],
  ["examples/old.gen", "x/examples/old.gen", false], // a pattern with a `/` inside is anchored
  ["shot?.gen", "shot1.gen", true],
  ["shot?.gen", "shot12.gen", false],
  ["a.b(c).gen", "a.b(c).gen", true], // regular-expression characters are literal
  ["a.b(c).gen", "aXb(c).gen", false],
  ["mistakes/", "../mistakes/typos.gen", false], // outside the config's folder: never
  ["  ", "anything.gen", false],
];

describe("format.ignore patterns", () => {
  for (const [pattern, path, ignored] of cases) {
    it(`${JSON.stringify(pattern)} ${ignored ? "names" : "does not name"} ${path}`, () => {
      assert.strictEqual(isIgnored([pattern], path), ignored);
    });
  }
});
