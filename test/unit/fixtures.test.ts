// Data-driven diagnostics: each fixture `x.gen` has `x.expected` beside it with
// the diagnostics it must produce. `UPDATE_EXPECT=1 npm test` rewrites them
// (review the diff before committing).
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { stageKinds } from "../../server/src/analysis/schema";
import { analyzeFile, genFiles, renderDiagnostics, repoRoot } from "../support/render";

const update = process.env.UPDATE_EXPECT === "1";

function checkAgainstExpected(file: string, rules: "rules" | "no rules"): void {
  const expectedFile = file.replace(/\.gen$/, ".expected");
  const actual = renderDiagnostics(analyzeFile(file, rules));
  if (update) {
    fs.writeFileSync(expectedFile, actual ? actual + "\n" : "");
    return;
  }
  assert.ok(fs.existsSync(expectedFile), `${path.relative(repoRoot, expectedFile)} is missing; run UPDATE_EXPECT=1 npm test`);
  assert.strictEqual(actual, fs.readFileSync(expectedFile, "utf8").trimEnd());
}

// Fixtures are about the language, so the credit-conservation rules (tested on their own) are off.
describe("diagnostic fixtures (test/fixtures)", () => {
  const files = genFiles("test/fixtures");
  it("exist", () => assert.ok(files.length > 0));
  for (const file of files) it(path.relative(repoRoot, file), () => checkAgainstExpected(file, "no rules"));
});

describe("samples", () => {
  const all = genFiles("samples");
  const mistakes = all.filter((file) => file.includes(`${path.sep}mistakes${path.sep}`));
  const clean = all.filter((file) => !mistakes.includes(file));

  it("include at least five clean pipelines and some deliberate mistakes", () => {
    assert.ok(clean.length >= 5, `${clean.length} clean samples`);
    assert.ok(mistakes.length >= 3, `${mistakes.length} mistake samples`);
  });

  it("exercise every stage kind", () => {
    const kinds = new Set(clean.flatMap((file) => analyzeFile(file).analysis.model.pipelines.flatMap((p) => p.stageList.map((s) => s.kind))));
    assert.deepStrictEqual([...stageKinds].filter((kind) => !kinds.has(kind)), []);
  });

  for (const file of clean) {
    it(`${path.relative(repoRoot, file)} has no problems`, () => assert.strictEqual(renderDiagnostics(analyzeFile(file)), ""));
  }
  for (const file of mistakes) {
    it(`${path.relative(repoRoot, file)} gives the diagnostics it expects`, () => checkAgainstExpected(file, "rules"));
  }
});
