// Quick fixes with what they save, and "fix all": fixes applied together,
// re-checked after each round, until nothing more can be fixed.
import { formatAmount } from "../cost/format";
import type { Span } from "../parser/ast";
import { allRules } from "../rules";
import { applyEdits, overlaps } from "../rules/edits";
import type { TextEdit } from "../rules/rule";
import { isRuleDiagnostic, RuleDiagnostic } from "../rules/runner";
import { rulesOff } from "./bestFix";
import { checkDocument, CheckedDocument } from "./check";

export interface CodeFix {
  /** "Disable native audio (saves 12 credits)" */
  title: string;
  edits: TextEdit[];
  diagnostic: RuleDiagnostic;
  savedUsd: number;
}

const totalUsd = (document: CheckedDocument) => document.costs.reduce((sum, cost) => sum + cost.usd, 0);

/** The document as it would be after `edits`, checked with the same options. */
function recheck(document: CheckedDocument, edits: TextEdit[]): CheckedDocument {
  return checkDocument(applyEdits(document.text, edits), document.options);
}

function titled(title: string, savedUsd: number, document: CheckedDocument): string {
  const amount = formatAmount(Math.abs(savedUsd), document.settings);
  if (savedUsd > 1e-9) return `${title} (saves ${amount})`;
  if (savedUsd < -1e-9) return `${title} (costs ${amount} more)`;
  return title;
}

/**
 * Past this many fixes in one request (a code-action request over a whole file of findings), the rest
 * are offered without their saving: each saving prices the whole file once.
 */
export const MAX_PRICED_FIXES = 20;

/** The current-phase total with `edits` applied: priced only, with no rules run. */
const pricedWith = (document: CheckedDocument, edits: TextEdit[]) => totalUsd(checkDocument(applyEdits(document.text, edits), { ...document.options, rules: rulesOff }));

/** Fixes for the rule findings that touch `range`, each titled with what it saves. */
export function fixesAt(document: CheckedDocument, range: Span): CodeFix[] {
  const before = totalUsd(document);
  const fixes: CodeFix[] = [];
  for (const diagnostic of document.diagnostics) {
    if (!isRuleDiagnostic(diagnostic) || diagnostic.span.start > range.end || diagnostic.span.end < range.start) continue;
    for (const fix of diagnostic.fixes) {
      const savedUsd = fixes.length < MAX_PRICED_FIXES ? before - pricedWith(document, fix.edits) : 0;
      fixes.push({ title: titled(fix.title, savedUsd, document), edits: fix.edits, diagnostic, savedUsd });
    }
  }
  return fixes;
}

export interface FixAllResult {
  text: string;
  /** One edit from the old text to the new, or none when nothing was fixed. */
  edits: TextEdit[];
  savedUsd: number;
  /** How many findings were fixed. */
  fixed: number;
}

const MAX_ROUNDS = 10;

/** Applies every fix that fix-all may apply; fixes that touch the same text wait for the next round. */
export function fixAll(document: CheckedDocument): FixAllResult {
  // Once per checked version: the pipeline hover, the fix-all action and the apply-all command all ask.
  let result = fixAllCache.get(document);
  if (!result) fixAllCache.set(document, (result = computeFixAll(document)));
  return result;
}

const fixAllCache = new WeakMap<CheckedDocument, FixAllResult>();

function computeFixAll(document: CheckedDocument): FixAllResult {
  const inFixAll = new Set(allRules.filter((rule) => rule.inFixAll !== false).map((rule) => rule.id));
  let current = document;
  let fixed = 0;
  // A finding that is back, word for word, with the same growing fix after that fix was applied: the
  // fix does not take in this text (broken syntax around it, say), and applying it again would only add
  // the same text again. (A fix that removes or replaces cannot pile up: it is not held back.)
  const applied = new Set<string>();
  const grows = (d: RuleDiagnostic) => d.fixes[0].edits.reduce((n, e) => n + e.newText.length - (e.span.end - e.span.start), 0) > 0;
  const key = (d: RuleDiagnostic) =>
    JSON.stringify([d.rule, d.message, d.fixes[0].edits.map((e) => [current.text.slice(e.span.start, e.span.end), e.newText])]);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const chosen: TextEdit[][] = [];
    const thisRound: string[] = [];
    for (const diagnostic of current.diagnostics) {
      if (!isRuleDiagnostic(diagnostic) || !inFixAll.has(diagnostic.rule) || diagnostic.fixes.length === 0 || applied.has(key(diagnostic))) continue;
      const edits = diagnostic.fixes[0].edits;
      if (chosen.some((other) => overlaps(other, edits))) continue;
      chosen.push(edits);
      if (grows(diagnostic)) thisRound.push(key(diagnostic));
    }
    for (const done of thisRound) applied.add(done);
    if (chosen.length === 0) break;
    const next = recheck(current, chosen.flat());
    if (next.text === current.text) break;
    current = next;
    fixed += chosen.length;
  }
  return { text: current.text, edits: diffEdit(document.text, current.text), savedUsd: totalUsd(document) - totalUsd(current), fixed };
}

/** The smallest single edit turning `before` into `after`: what changed between the common prefix and suffix. */
function diffEdit(before: string, after: string): TextEdit[] {
  if (before === after) return [];
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let end = 0;
  while (end < before.length - start && end < after.length - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  return [{ span: { start, end: before.length - end }, newText: after.slice(start, after.length - end) }];
}
