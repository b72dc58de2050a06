// Every credit-conservation rule. One rule, one module, one docs page, one table of tests.
import { briefFirst } from "./brief-first";
import { noReplacedAudio } from "./no-replaced-audio";
import { overBudget } from "./over-budget";
import type { Rule } from "./rule";

export const allRules: Rule[] = [briefFirst, noReplacedAudio, overBudget];

export const DOCS_BASE = "https://github.com/gen-tools/gen-lang/blob/main/docs";

export function ruleDocsUrl(id: string): string {
  return `${DOCS_BASE}/rules/${id}.md`;
}
