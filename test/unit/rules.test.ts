// Every rule has its module in the registry, a docs page, a table of tests and a line in the README,
// as ESLint checks of its own rules.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { loadDefaultCatalog } from "../../server/src/catalog/catalog";
import { allRules } from "../../server/src/rules";
import { runRules } from "../../server/src/rules/runner";
import { checkDocument } from "../../server/src/service/check";
import { repoRoot } from "../support/render";

describe("rule registry", () => {
  const readme = fs.readFileSync(path.join(repoRoot, "README.md"), "utf8");
  for (const rule of allRules) {
    it(`${rule.id} has a docs page, a test table and a README line`, () => {
      const page = path.join(repoRoot, "docs", "rules", `${rule.id}.md`);
      assert.ok(fs.existsSync(page), `docs/rules/${rule.id}.md is missing`);
      const text = fs.readFileSync(page, "utf8");
      for (const section of ["## Why", "## Bad", "## Good", "## Saving"]) assert.ok(text.includes(section), `${rule.id}.md has no "${section}"`);
      assert.ok(fs.existsSync(path.join(repoRoot, "test", "rules", `${rule.id}.test.ts`)), `test/rules/${rule.id}.test.ts is missing`);
      assert.ok(readme.includes(`\`${rule.id}\``), `README.md does not list ${rule.id}`);
    });
  }

  it("has unique ids", () => {
    const ids = allRules.map((r) => r.id);
    assert.deepStrictEqual(ids.filter((id, i) => ids.indexOf(id) !== i), []);
  });

  it("keeps going when a rule throws, and says which one", () => {
    const document = checkDocument('pipeline "p" { video v { model: kling-v3 duration: 5s resolution: 720p audio: on } audio a { kind: voiceover model: eleven-multilingual-v2 text: "x" over: v } }');
    const broken = { id: "broken", principle: "", description: "", defaultSeverity: "warning" as const, check: () => { throw new Error("boom"); } };
    const failures: string[] = [];
    const found = runRules([broken, ...allRules], { text: document.text, analysis: document.analysis, costs: document.costs, phases: document.phases, settings: document.settings, catalog: loadDefaultCatalog() }, {}, (rule, error) => failures.push(`${rule.id}: ${String(error)}`));
    assert.deepStrictEqual(failures, ["broken: Error: boom"]);
    assert.ok(found.some((d) => d.code === "no-replaced-audio"), "the rules after the broken one still ran");
  });

  it("lets a severity be changed, or the rule turned off", () => {
    const text = 'pipeline "p" { image a { model: photon-flash-1 prompt: "x" } }';
    const codes = (rules: Record<string, "off" | "error">) => checkDocument(text, { rules }).diagnostics.map((d) => `${d.code}:${d.severity}`);
    assert.deepStrictEqual(codes({ "brief-first": "error" }), ["brief-first:error"]);
    assert.deepStrictEqual(codes({ "brief-first": "off" }), []);
  });
});
