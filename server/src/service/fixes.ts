// Quick fixes with what they save, and "fix all": fixes applied together,
// re-checked after each round, until nothing more can be fixed.
import { finish, Steps } from "../analysis/steps";
import { formatAmount } from "../cost/format";
import type { Span } from "../parser/ast";
import type { Diagnostic } from "../parser/diagnostic";
import { changedRange } from "../parser/reparse";
import { allRules } from "../rules";
import { applyEdits, TouchedText } from "../rules/edits";
import type { Fix, TextEdit } from "../rules/rule";
import { isRuleDiagnostic, RuleDiagnostic } from "../rules/runner";
import { rulesOff } from "./bestFix";
import { CheckedDocument, checkSteps } from "./check";
import { quickSaving } from "./quickSaving";

export interface CodeFix {
  /** "Disable native audio (saves 12 credits)" */
  title: string;
  edits: TextEdit[];
  /** A rule's finding, or a language diagnostic that carries a fix (a retired model's replacement). */
  diagnostic: Diagnostic;
  savedUsd: number;
}

const totalUsd = (document: CheckedDocument) => document.costs.reduce((sum, cost) => sum + cost.usd, 0);


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

/**
 * What a fix saves, priced once per checked version: an editor asks for the actions at the cursor each
 * time it moves, and a saving that cannot be priced by what the fix touches prices the whole file.
 */
function* savingOf(document: CheckedDocument, fix: Fix, before: number): Steps<number> {
  let known = savings.get(document);
  if (!known) savings.set(document, (known = new Map()));
  let saved = known.get(fix);
  // Most fixes change one stage's settings: priced by what they touch. The others price the fixed file.
  saved ??= quickSaving(document, fix);
  if (saved === undefined) saved = before - totalUsd(yield* pricedWith(document, fix.edits));
  known.set(fix, saved);
  return saved;
}

const savings = new WeakMap<CheckedDocument, Map<Fix, number>>();

/** The document with `edits` applied, priced only: no rules run. */
const pricedWith = (document: CheckedDocument, edits: TextEdit[]) =>
  checkSteps(applyEdits(document.text, edits), { ...document.options, rules: rulesOff, pricingOnly: true });

/** Fixes for the rule findings that touch `range`, each titled with what it saves. */
export function fixesAt(document: CheckedDocument, range: Span): CodeFix[] {
  return finish(fixesAtSteps(document, range));
}

/** `fixesAt`, yielding within the pricing of each fix. */
export function* fixesAtSteps(document: CheckedDocument, range: Span): Steps<CodeFix[]> {
  const before = totalUsd(document);
  const fixes: CodeFix[] = [];
  for (const diagnostic of document.diagnostics) {
    if (!diagnostic.fixes?.length || diagnostic.span.start > range.end || diagnostic.span.end < range.start) continue;
    for (const fix of diagnostic.fixes) {
      const savedUsd = fixes.length < MAX_PRICED_FIXES ? yield* savingOf(document, fix, before) : 0;
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
/** Findings looked at between two yields of a fix-all round: a wasteful storyboard has tens of thousands. */
const FINDINGS_PER_STEP = 2000;

/** Applies every fix that fix-all may apply; fixes that touch the same text wait for the next round. */
export function fixAll(document: CheckedDocument): FixAllResult {
  return finish(fixAllSteps(document));
}

/** `fixAll`, yielding within each round's re-check. */
export function* fixAllSteps(document: CheckedDocument): Steps<FixAllResult> {
  // Once per checked version: the pipeline hover, the fix-all action and the apply-all command all ask.
  let result = fixAllCache.get(document);
  if (!result) fixAllCache.set(document, (result = yield* computeFixAll(document)));
  return result;
}

const fixAllCache = new WeakMap<CheckedDocument, FixAllResult>();

/** The rule settings of a fix-all round's check: those whose fixes fix-all leaves out are not run. */
function roundRules(rules: CheckedDocument["options"]["rules"]): CheckedDocument["options"]["rules"] {
  const off = allRules.filter((rule) => rule.inFixAll === false).map((rule) => [rule.id, "off"] as const);
  return { ...rules, ...Object.fromEntries(off) };
}

/** Fix-all of this checked version if it was worked out already, without working it out. */
export function knownFixAll(document: CheckedDocument): FixAllResult | undefined {
  return fixAllCache.get(document);
}

function* computeFixAll(document: CheckedDocument): Steps<FixAllResult> {
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
    const touched = new TouchedText();
    // An edit two fixes both make (duplicate-generation rewrites the kept stage's name as it is, in every
    // copy's fix) is made once: it does not hold the second fix back.
    const made = new Set<string>();
    const signature = (edit: TextEdit) => `${edit.span.start},${edit.span.end},${edit.newText}`;
    const thisRound: string[] = [];
    for (let i = 0; i < current.diagnostics.length; i++) {
      const diagnostic = current.diagnostics[i];
      if (i > 0 && i % FINDINGS_PER_STEP === 0) yield;
      if (!isRuleDiagnostic(diagnostic) || !inFixAll.has(diagnostic.rule) || diagnostic.fixes.length === 0) continue;
      // Only a growing fix is ever held back (below): the others need no key.
      const growing = grows(diagnostic);
      if (growing && applied.has(key(diagnostic))) continue;
      const edits = diagnostic.fixes[0].edits.filter((edit) => !made.has(signature(edit)));
      if (touched.overlaps(edits)) continue;
      chosen.push(edits);
      touched.add(edits);
      for (const edit of edits) made.add(signature(edit));
      if (growing) thisRound.push(key(diagnostic));
    }
    for (const done of thisRound) applied.add(done);
    if (chosen.length === 0) break;
    // Re-checked with the rules whose fixes fix-all applies (they find the next round's), without naming best fixes.
    const next: CheckedDocument = yield* checkSteps(applyEdits(current.text, chosen.flat()), { ...document.options, bestFixes: false, rules: roundRules(document.options.rules) });
    if (next.text === current.text) break;
    current = next;
    fixed += chosen.length;
  }
  return { text: current.text, edits: diffEdit(document.text, current.text), savedUsd: totalUsd(document) - totalUsd(current), fixed };
}

/**
 * The smallest single edit turning `before` into `after`: what changed between the common prefix and
 * suffix, widened so that neither end falls between `\r` and `\n` or inside a surrogate pair (no editor
 * position lies there: the edit would be applied elsewhere).
 */
export function diffEdit(before: string, after: string): TextEdit[] {
  const change = changedRange(before, after);
  if (!change) return [];
  let { start, oldEnd, newEnd } = change;
  const splits = (text: string, at: number) => {
    const previous = text.charCodeAt(at - 1);
    const next = text.charCodeAt(at);
    return (previous === 13 && next === 10) || (previous >= 0xd800 && previous <= 0xdbff && next >= 0xdc00 && next <= 0xdfff);
  };
  // The prefix and the suffix are the same in both texts, so a character of either may join the edit.
  if (start > 0 && splits(before, start)) start--;
  if (oldEnd < before.length && splits(before, oldEnd)) {
    oldEnd++;
    newEnd++;
  }
  return [{ span: { start, end: oldEnd }, newText: after.slice(start, newEnd) }];
}
