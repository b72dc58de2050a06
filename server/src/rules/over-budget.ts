// Know what costs: the whole job (the draft, then what the final generates again)
// against the pipeline's budget, so the warning comes while drafting.
import type { StageSymbol } from "../analysis/model";
import type { CostSettings } from "../cost/format";
import { formatAmount } from "../cost/format";
import { hasPhases, PhasedCost } from "../cost/phases";
import type { Rule } from "./rule";

export const BUDGET_WARNING_SHARE = 0.8;

/** What a stage costs the job: its draft, and its final when the final generates it again. */
function jobUsd(cost: PhasedCost, stage: StageSymbol): number {
  const draft = cost.draft.stages.get(stage)?.usd ?? 0;
  return draft + (cost.regenerated.has(stage) ? cost.final.stages.get(stage)?.usd ?? 0 : 0);
}

const plurals: Record<string, string> = { image: "images", video: "videos", upscale: "upscales", reframe: "reframes", audio: "audio stages" };

/**
 * The costliest stages, like ones grouped ("12 reframes at 180 credits: 2160 credits, 89%")
 * instead of naming three of twelve identical ones.
 */
export function costliest(cost: PhasedCost, settings: CostSettings, limit = 3): string {
  // Grouped by kind, then by price to the millionth of a dollar (numbers, not a string a stage: a
  // storyboard has thousands, and this runs on every keystroke), listed in the order first seen.
  const groups: { stages: StageSymbol[]; each: number }[] = [];
  const byKind = new Map<string, Map<number, { stages: StageSymbol[]; each: number }>>();
  for (const stage of cost.pipeline.stageList) {
    const usd = jobUsd(cost, stage);
    if (usd <= 0 || !stage.kind) continue;
    let byPrice = byKind.get(stage.kind);
    if (!byPrice) byKind.set(stage.kind, (byPrice = new Map()));
    const price = Math.round(usd * 1e6);
    let group = byPrice.get(price);
    if (!group) {
      byPrice.set(price, (group = { stages: [], each: usd }));
      groups.push(group);
    }
    group.stages.push(stage);
  }
  const share = (usd: number) => (cost.jobUsd > 0 ? `${Math.round((usd / cost.jobUsd) * 100)}%` : "");
  return groups
    .sort((a, b) => b.each * b.stages.length - a.each * a.stages.length)
    .slice(0, limit)
    .map(({ stages, each }) => stages.length === 1
      ? `\`${stages[0].name}\` ${formatAmount(each, settings)}`
      : `${stages.length} ${plurals[stages[0].kind!]} at ${formatAmount(each, settings)}: ${formatAmount(each * stages.length, settings)}, ${share(each * stages.length)}`)
    .join("; ");
}

export const overBudget: Rule = {
  id: "over-budget",
  principle: "Know what costs",
  description: "The whole job (the draft, then what the final generates again) passes the pipeline's budget (an error) or 80 % of it (a warning).",
  defaultSeverity: "error",
  check({ phases, settings, report }) {
    for (const cost of phases) {
      const budget = cost.pipeline.decl.properties.find((p) => p.key.text === "budget")?.value;
      if (cost.budgetUsd === undefined || !budget) continue;
      const share = cost.budgetUsd > 0 ? cost.jobUsd / cost.budgetUsd : Infinity;
      if (share <= BUDGET_WARNING_SHARE) continue;
      const estimate = hasPhases(cost)
        ? `the job is estimated at ${formatAmount(cost.jobUsd, settings)} (draft ${formatAmount(cost.draft.usd, settings)}, then ${formatAmount(cost.finalExtraUsd, settings)} for the final)`
        : `estimated ${formatAmount(cost.jobUsd, settings)}`;
      const over = share > 1;
      report({
        severity: over ? "error" : "warning",
        message: over
          ? `${estimate}, over the budget of ${formatAmount(cost.budgetUsd, settings)}; the costliest stages: ${costliest(cost, settings)}`
          : `${estimate}, ${Math.round(share * 100)}% of the budget of ${formatAmount(cost.budgetUsd, settings)}; the costliest stages: ${costliest(cost, settings)}`,
        span: budget.span,
      });
    }
  },
};
