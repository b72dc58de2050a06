// Code lenses: the cost above each stage and each pipeline.
import type { PipelineCost, StageCost } from "../cost/estimate";
import { formatAmount, formatDelta } from "../cost/format";
import { hasPhases, PhasedCost } from "../cost/phases";
import type { Span } from "../parser/ast";
import type { CheckedDocument } from "./check";
import { diffDocuments } from "./diff";

export interface Lens {
  span: Span;
  title: string;
}

/**
 * `draft ≈ 42 · final ≈ 380 · job ≈ 422 of 500 credits` when the phases differ, else `≈ 206 of 300 credits`;
 * the budget bounds the whole job. Says when `mode` is not written and draft is assumed.
 */
export function pipelineLensTitle(cost: PhasedCost, document: CheckedDocument): string {
  const settings = document.settings;
  const amount = (usd: number) => formatAmount(usd, settings).replace(/ credits?$/, "");
  const budget = cost.budgetUsd !== undefined ? ` of ${formatAmount(cost.budgetUsd, settings)}` : settings.display === "usd" ? "" : " credits";
  const unpricedStages = new Set([...cost.draft.unpriced, ...cost.final.unpriced]).size;
  const unpriced = unpricedStages ? ` · ${unpricedStages} stage${unpricedStages === 1 ? "" : "s"} unpriced` : "";
  const mode = cost.pipeline.modeWritten ? "" : " · draft mode (default)";
  const figures = hasPhases(cost)
    ? `draft ≈ ${amount(cost.draft.usd)} · final ≈ ${amount(cost.final.usd)} · job ≈ ${amount(cost.jobUsd)}`
    : `≈ ${amount(cost.jobUsd)}`;
  return `${figures}${budget}${unpriced}${mode}`;
}

export function codeLenses(document: CheckedDocument): Lens[] {
  const lenses: Lens[] = [];
  document.costs.forEach((cost, i) => {
    lenses.push({ span: cost.pipeline.decl.keyword, title: pipelineLensTitle(document.phases[i], document) });
    for (const stage of cost.pipeline.stageList) {
      const lens = stageLens(stage, cost, document.phases[i], document);
      if (lens) lenses.push(lens);
    }
  });
  return lenses;
}

type StageSymbol = PipelineCost["pipeline"]["stageList"][number];

/**
 * Each stage's lens, kept with its symbol while what its title reads is the same: its cost and, when the
 * other phase generates it again, its cost there (a check after an edit keeps the costs of the stages the
 * edit did not reach), and the cost settings. Its span is the node's own, which moves with the text.
 */
const stageLenses = new WeakMap<StageSymbol, { cost: StageCost; other: StageCost | undefined; settings: CheckedDocument["settings"]; lens: Lens }>();

function stageLens(stage: StageSymbol, cost: PipelineCost, phased: PhasedCost, document: CheckedDocument): Lens | undefined {
  const stageCost = cost.stages.get(stage);
  if (!stageCost || !stage.kind) return undefined;
  // On a stage the other phase generates again: its price there.
  const otherPhase = phased.regenerated.has(stage) ? (phased.pipeline.mode === "draft" ? phased.final : phased.draft) : undefined;
  const other = otherPhase?.stages.get(stage);
  const kept = stageLenses.get(stage);
  if (kept && kept.cost === stageCost && kept.other === other && kept.settings === document.settings && kept.lens.span === stage.decl.kind.span) return kept.lens;
  const lens = { span: stage.decl.kind.span, title: stageTitle(stage, stageCost, other && otherPhase && ` · ${otherPhase.phase} ≈ ${formatAmount(other.usd, document.settings)}`, document) };
  stageLenses.set(stage, { cost: stageCost, other, settings: document.settings, lens });
  return lens;
}

function stageTitle(stage: StageSymbol, stageCost: StageCost, again: string | undefined, document: CheckedDocument): string {
  if (stage.kind === "keyframe") return "free";
  const unit = stageCost.unit;
  if (unit && "missing" in unit) return `price unknown: ${unit.missing}`;
  const runs = stageCost.generations > 1 ? ` · ${stageCost.generations} generations` : "";
  return `≈ ${formatAmount(stageCost.usd, document.settings)}${runs}${again ?? ""}`;
}

/** "+12 credits vs HEAD" above each pipeline, from the cost diff against the file at a revision. */
export function baseLenses(document: CheckedDocument, base: CheckedDocument | "new", ref: string): Lens[] {
  const diff = diffDocuments(base === "new" ? undefined : base, document);
  return document.costs.map((cost) => {
    const change = diff.pipelines.find((p) => p.name === cost.pipeline.name && p.change !== "removed");
    const delta = change?.deltaUsd ?? 0;
    const title = !change || change.change === "added"
      ? `new since ${ref}`
      : Math.abs(delta) < 1e-9 ? `no cost change vs ${ref}` : `${formatDelta(delta, document.settings)} vs ${ref}`;
    return { span: cost.pipeline.decl.keyword, title };
  });
}
