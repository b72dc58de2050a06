// Code lenses: the cost above each stage and each pipeline.
import type { PipelineCost } from "../cost/estimate";
import { formatAmount, formatDelta } from "../cost/format";
import type { Span } from "../parser/ast";
import type { CheckedDocument } from "./check";
import { diffDocuments } from "./diff";

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
