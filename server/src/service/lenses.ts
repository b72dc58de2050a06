// Code lenses: the cost above each stage and each pipeline.
import type { PipelineCost } from "../cost/estimate";
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
      const stageCost = cost.stages.get(stage);
      if (!stageCost || !stage.kind) continue;
      const span = stage.decl.kind.span;
      if (stage.kind === "keyframe") {
        lenses.push({ span, title: "free" });
        continue;
      }
      const unit = stageCost.unit;
      if (unit && "missing" in unit) {
        lenses.push({ span, title: `price unknown: ${unit.missing}` });
        continue;
      }
      const runs = stageCost.generations > 1 ? ` · ${stageCost.generations} generations` : "";
      lenses.push({ span, title: `≈ ${formatAmount(stageCost.usd, document.settings)}${runs}${otherPhase(document.phases[i], stage, document)}` });
    }
  });
  return lenses;
}

/** ` · final ≈ 180 credits` on a stage the other phase generates again, at its price there. */
function otherPhase(cost: PhasedCost, stage: PipelineCost["pipeline"]["stageList"][number], document: CheckedDocument): string {
  if (!cost.regenerated.has(stage)) return "";
  const other = cost.pipeline.mode === "draft" ? cost.final : cost.draft;
  const usd = other.stages.get(stage)?.usd;
  return usd === undefined ? "" : ` · ${other.phase} ≈ ${formatAmount(usd, document.settings)}`;
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
