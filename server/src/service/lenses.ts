// Code lenses: the cost above each stage and each pipeline.
import type { PipelineCost } from "../cost/estimate";
import { formatAmount } from "../cost/format";
import type { Span } from "../parser/ast";
import type { CheckedDocument } from "./check";

export interface Lens {
  span: Span;
  title: string;
}

export function pipelineLensTitle(cost: PipelineCost, document: CheckedDocument): string {
  const settings = document.settings;
  const total = formatAmount(cost.usd, settings);
  const budget = cost.budgetUsd !== undefined ? ` of ${formatAmount(cost.budgetUsd, settings)}` : "";
  const unpriced = cost.unpriced.length ? ` · ${cost.unpriced.length} stage${cost.unpriced.length === 1 ? "" : "s"} unpriced` : "";
  return `≈ ${total}${budget}${unpriced}`;
}

export function codeLenses(document: CheckedDocument): Lens[] {
  const lenses: Lens[] = [];
  for (const cost of document.costs) {
    lenses.push({ span: cost.pipeline.decl.keyword, title: pipelineLensTitle(cost, document) });
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
      lenses.push({ span, title: `≈ ${formatAmount(stageCost.usd, document.settings)}${runs}` });
    }
  }
  return lenses;
}
