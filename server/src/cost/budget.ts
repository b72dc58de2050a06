// The estimate against the pipeline's budget: over it is an error, past 80 % a warning.
import type { Diagnostic } from "../parser/diagnostic";
import type { PipelineCost } from "./estimate";
import { CostSettings, formatAmount } from "./format";

export const BUDGET_WARNING_SHARE = 0.8;

export function checkBudget(cost: PipelineCost, settings: CostSettings): Diagnostic | undefined {
  const budget = cost.pipeline.decl.properties.find((p) => p.key.text === "budget")?.value;
  if (cost.budgetUsd === undefined || !budget) return undefined;
  const share = cost.budgetUsd > 0 ? cost.usd / cost.budgetUsd : Infinity;
  if (share <= BUDGET_WARNING_SHARE) return undefined;
  const costliest = [...cost.stages.values()]
    .filter((s) => s.usd > 0)
    .sort((a, b) => b.usd - a.usd)
    .slice(0, 3)
    .map((s) => `\`${s.stage.name}\` ${formatAmount(s.usd, settings)}`)
    .join(", ");
  const estimate = `estimated ${formatAmount(cost.usd, settings)}`;
  const over = share > 1;
  return {
    code: "over-budget",
    severity: over ? "error" : "warning",
    message: over
      ? `${estimate}, over the budget of ${formatAmount(cost.budgetUsd, settings)}; the costliest stages: ${costliest}`
      : `${estimate}, ${Math.round(share * 100)}% of the budget of ${formatAmount(cost.budgetUsd, settings)}; the costliest stages: ${costliest}`,
    span: budget.span,
  };
}
