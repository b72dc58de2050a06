// What changed in cost between two versions of a file: per pipeline (matched by
// name) and per stage (matched by name), added, removed and changed, with the
// amounts before and after. No IO and no formatting: `gen diff` prints it, and
// the editor can show "+12 credits vs HEAD" from the same answer.
import type { PipelineCost, StageCost } from "../cost/estimate";
import type { CheckedDocument } from "./check";

export type Change = "added" | "removed" | "changed" | "unchanged";

/** A stage as one version prices it. */
export interface StageSnapshot {
  /** The stage kind; as written when it is not one (`vidoe`). */
  kind: string;
  /** The model id: the catalog's, or as written when the catalog does not know it. */
  model?: string;
  usd: number;
  /** Billed generations: runs × count × (1 + retries). */
  generations: number;
  /** Why the stage has no price (no model, no published price); its `usd` is 0 and no total counts it. */
  unpriced?: string;
}

export interface StageDiff {
  name: string;
  change: Change;
  before?: StageSnapshot;
  after?: StageSnapshot;
  /** after − before; an absent side counts as 0. */
  deltaUsd: number;
}

export interface PipelineDiff {
  name: string;
  change: Change;
  beforeUsd: number;
  afterUsd: number;
  deltaUsd: number;
  /** Every stage of both versions, in the new version's order, removed ones where they stood; unchanged ones included. */
  stages: StageDiff[];
  budgetBeforeUsd?: number;
  budgetAfterUsd?: number;
  /** Stages without a price in the new version (the old one when the pipeline was removed): the totals leave them out. */
  unpriced: number;
}

export interface CostDiff {
  change: Change;
  pipelines: PipelineDiff[];
  beforeUsd: number;
  afterUsd: number;
  deltaUsd: number;
}

/** Rounds away float noise (0.1 + 0.2) while keeping every fraction of a cent a price can have. */
const clean = (usd: number) => Math.round(usd * 1e9) / 1e9;
const same = (a: number, b: number) => Math.abs(a - b) < 1e-9;

function snapshot(cost: StageCost): StageSnapshot {
  const { stage } = cost;
  const written = stage.settings.get("model")?.value;
  const model = stage.model?.id ?? (written?.type === "word" ? written.text : undefined);
  const result: StageSnapshot = { kind: stage.kind ?? stage.decl.kind.text, usd: cost.usd, generations: cost.generations };
  if (model !== undefined) result.model = model;
  if (cost.unit && "missing" in cost.unit) result.unpriced = cost.unit.missing;
  return result;
}

function stageChanged(before: StageSnapshot, after: StageSnapshot): boolean {
  return !same(before.usd, after.usd) || before.kind !== after.kind || before.model !== after.model || (before.unpriced === undefined) !== (after.unpriced === undefined);
}

/**
 * Pairs items of two lists by key; a key that repeats pairs its first with the first, its second
 * with the second. Ordered as the new list, with each old-only item where it stood: after the
 * paired item it followed, before the new items there (as a text diff puts deletions first).
 */
function pair<T>(before: T[], after: T[], key: (item: T) => string): { before?: T; after?: T }[] {
  const keyed = (items: T[]) => {
    const seen = new Map<string, number>();
    return items.map((item) => {
      const name = key(item);
      const n = seen.get(name) ?? 0;
      seen.set(name, n + 1);
      return `${n}\u0000${name}`;
    });
  };
  const beforeKeys = keyed(before);
  const afterKeys = keyed(after);
  const beforeIndex = new Map(beforeKeys.map((k, i) => [k, i]));
  const afterSet = new Set(afterKeys);
  const matched = afterKeys.map((k) => beforeIndex.get(k));
  // For each new item, the old index of the first paired item from there on (the old length when none).
  const nextPaired: number[] = new Array(after.length + 1);
  nextPaired[after.length] = before.length;
  for (let i = after.length - 1; i >= 0; i--) nextPaired[i] = matched[i] ?? nextPaired[i + 1];
  const pairs: { before?: T; after?: T }[] = [];
  let next = 0; // the first old item not yet placed
  const flushRemoved = (until: number) => {
    for (; next < until; next++) if (!afterSet.has(beforeKeys[next])) pairs.push({ before: before[next] });
  };
  after.forEach((item, i) => {
    const j = matched[i];
    flushRemoved(nextPaired[i]);
    pairs.push(j === undefined ? { after: item } : { before: before[j], after: item });
    if (j !== undefined && j >= next) next = j + 1;
  });
  flushRemoved(before.length);
  return pairs;
}

function stageCosts(cost: PipelineCost | undefined): StageCost[] {
  return cost ? cost.pipeline.stageList.map((stage) => cost.stages.get(stage)).filter((c): c is StageCost => c !== undefined) : [];
}

/** One pipeline's diff; either side may be absent (the pipeline was added or removed). */
export function diffPipeline(before: PipelineCost | undefined, after: PipelineCost | undefined): PipelineDiff {
  const name = (after ?? before)?.pipeline.name ?? "";
  const stages: StageDiff[] = pair(stageCosts(before), stageCosts(after), (c) => c.stage.name).map((p) => {
    const b = p.before && snapshot(p.before);
    const a = p.after && snapshot(p.after);
    const change: Change = !b ? "added" : !a ? "removed" : stageChanged(b, a) ? "changed" : "unchanged";
    const diff: StageDiff = { name: (p.after ?? p.before)!.stage.name, change, deltaUsd: clean((a?.usd ?? 0) - (b?.usd ?? 0)) };
    if (b) diff.before = b;
    if (a) diff.after = a;
    return diff;
  });
  const beforeUsd = before?.usd ?? 0;
  const afterUsd = after?.usd ?? 0;
  const budgetChanged = before && after && before.budgetUsd !== after.budgetUsd;
  const change: Change = !before ? "added" : !after ? "removed" : stages.some((s) => s.change !== "unchanged") || !same(beforeUsd, afterUsd) || budgetChanged ? "changed" : "unchanged";
  const result: PipelineDiff = { name, change, beforeUsd, afterUsd, deltaUsd: clean(afterUsd - beforeUsd), stages, unpriced: (after ?? before)?.unpriced.length ?? 0 };
  if (before?.budgetUsd !== undefined) result.budgetBeforeUsd = before.budgetUsd;
  if (after?.budgetUsd !== undefined) result.budgetAfterUsd = after.budgetUsd;
  return result;
}

/**
 * The cost diff between two versions' pipeline costs. `undefined` for a side means the file
 * does not exist there: every pipeline is added (or removed).
 */
export function diffCosts(before: PipelineCost[] | undefined, after: PipelineCost[] | undefined): CostDiff {
  const pipelines = pair(before ?? [], after ?? [], (c) => c.pipeline.name).map((p) => diffPipeline(p.before, p.after));
  const beforeUsd = clean((before ?? []).reduce((sum, c) => sum + c.usd, 0));
  const afterUsd = clean((after ?? []).reduce((sum, c) => sum + c.usd, 0));
  const change: Change = !before && after ? "added" : before && !after ? "removed" : pipelines.some((p) => p.change !== "unchanged") ? "changed" : "unchanged";
  return { change, pipelines, beforeUsd, afterUsd, deltaUsd: clean(afterUsd - beforeUsd) };
}

/** The cost diff between two checked versions of a document; `undefined` where the file does not exist. */
export function diffDocuments(before: CheckedDocument | undefined, after: CheckedDocument | undefined): CostDiff {
  return diffCosts(before?.costs, after?.costs);
}

/** The change in percent of the old amount, or undefined when there was nothing before (from 0, any change is infinite). */
export function percentChange(beforeUsd: number, afterUsd: number): number | undefined {
  if (same(beforeUsd, 0)) return undefined;
  return ((afterUsd - beforeUsd) / beforeUsd) * 100;
}

/** "+8%", "-12%", "0%"; a change that would round to 0 % gets a decimal ("+0.4%") or reads "+<0.1%", so it does not read as none. */
export function formatPercent(percent: number): string {
  const size = Math.abs(percent);
  if (size < 1e-9) return "0%";
  const text = size >= 0.5 ? String(Math.round(size)) : size >= 0.05 ? String(Math.round(size * 10) / 10) : "<0.1";
  return `${percent > 0 ? "+" : "-"}${text}%`;
}
