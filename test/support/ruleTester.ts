// A RuleTester in the style of ESLint's: valid cases, invalid cases with the
// expected findings, and the exact text after the fix. Every fix is also held
// to the promises all fixes make: the file still parses, the finding is gone,
// every `output` is kept, and the estimate does not rise.
import * as assert from "assert";
import type { Catalog } from "../../server/src/catalog/catalog";
import { allRules } from "../../server/src/rules";
import { applyEdits } from "../../server/src/rules/edits";
import type { Rule } from "../../server/src/rules/rule";
import { isRuleDiagnostic, RuleDiagnostic } from "../../server/src/rules/runner";
import { checkDocument, CheckedDocument } from "../../server/src/service/check";

export interface ValidCase {
  name: string;
  code: string;
}

export interface InvalidCase {
  name: string;
  code: string;
  /** The rule's findings, in order: 1-based line and column of their start, and the message (a RegExp matches part of it). */
  errors: { line: number; column: number; message: string | RegExp }[];
  /** The text after applying the first finding's fix (`fix` picks another of its fixes); null when it has none. */
  output: string | null;
  fix?: number;
}

export interface RuleTests {
  valid: ValidCase[];
  invalid: InvalidCase[];
  catalog?: Catalog;
}

function check(rule: Rule, code: string, catalog?: Catalog): { document: CheckedDocument; found: RuleDiagnostic[] } {
  // Only this rule runs, so each table speaks of one rule.
  const rules = Object.fromEntries(allRules.filter((r) => r.id !== rule.id).map((r) => [r.id, "off" as const]));
  const document = checkDocument(code, {
    catalog,
    rules,
    onRuleError: (_, error) => {
      throw error;
    },
  });
  return { document, found: document.diagnostics.filter(isRuleDiagnostic) };
}

const total = (document: CheckedDocument) => document.costs.reduce((sum, cost) => sum + cost.usd, 0);
const outputs = (document: CheckedDocument) => document.analysis.model.pipelines.flatMap((p) => p.outputs.map((s) => `${p.name}/${s.name}`)).sort();
const errorsOf = (document: CheckedDocument) => document.analysis.diagnostics.filter((d) => d.severity === "error").map((d) => d.code).sort();

export function ruleTester(rule: Rule, tests: RuleTests): void {
  describe(`rule ${rule.id}`, () => {
    const names = [...tests.valid, ...tests.invalid].map((c) => c.name);
    it("has uniquely named cases, valid and invalid", () => {
      assert.deepStrictEqual(names.filter((n, i) => names.indexOf(n) !== i), []);
      assert.ok(tests.valid.length > 0 && tests.invalid.length > 0);
    });

    for (const c of tests.valid) {
      it(`valid: ${c.name}`, () => {
        const { document, found } = check(rule, c.code, tests.catalog);
        assert.deepStrictEqual(document.analysis.diagnostics.filter((d) => d.severity === "error").map((d) => d.message), [], "the case must be valid .gen");
        assert.deepStrictEqual(found.map((d) => d.message), []);
      });
    }

    for (const c of tests.invalid) {
      it(`invalid: ${c.name}`, () => {
        const { document, found } = check(rule, c.code, tests.catalog);
        const lines = document.analysis.parse.lines;
        const actual = found.map((d) => {
          const at = lines.positionAt(d.span.start);
          return { line: at.line + 1, column: at.character + 1, message: d.message };
        });
        assert.strictEqual(actual.length, c.errors.length, `findings: ${JSON.stringify(actual, null, 1)}`);
        c.errors.forEach((expected, i) => {
          assert.deepStrictEqual([actual[i].line, actual[i].column], [expected.line, expected.column], `place of finding ${i + 1}: ${actual[i].message}`);
          if (typeof expected.message === "string") assert.strictEqual(actual[i].message, expected.message);
          else assert.match(actual[i].message, expected.message);
        });

        const fixes = found[0].fixes;
        if (c.output === null) {
          assert.deepStrictEqual(fixes.map((f) => f.title), [], "expected no fix");
          return;
        }
        const fix = fixes[c.fix ?? 0];
        assert.ok(fix, `expected a fix; the finding has ${fixes.length}`);
        const fixedText = applyEdits(c.code, fix.edits);
        assert.notStrictEqual(fixedText, c.code, "the fix changes nothing");
        assert.strictEqual(fixedText, c.output);

        const fixed = check(rule, fixedText, tests.catalog);
        assert.deepStrictEqual(errorsOf(fixed.document).filter((code) => !errorsOf(document).includes(code)), [], "the fix introduced errors");
        assert.ok(fixed.found.length < found.length, "the finding is still there after the fix");
        assert.ok(
          !fixed.found.some((d) => d.span.start === found[0].span.start && d.message === found[0].message),
          "the fixed finding is reported again",
        );
        assert.deepStrictEqual(outputs(document).filter((o) => !outputs(fixed.document).includes(o)), [], "the fix dropped an output");
        if (rule.inFixAll !== false) assert.ok(total(fixed.document) <= total(document) + 1e-9, `the fix raised the estimate from ${total(document)} to ${total(fixed.document)}`);
      });
    }
  });
}
