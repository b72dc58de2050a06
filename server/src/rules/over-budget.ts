// Know what costs: the estimate against the pipeline's budget.
import { formatAmount } from "../cost/format";
import type { Rule } from "./rule";

export const BUDGET_WARNING_SHARE = 0.8;

export const overBudget: Rule = {
  id: "over-budget",
  principle: "Know what costs",
  description: "The estimate passes the pipeline's budget (an error) or 80 % of it (a warning).",
  defaultSeverity: "error",
  check({ costs, settings, report }) {
    for (const cost of costs) {
      const budget = cost.pipeline.decl.properties.find((p) => p.key.text === "budget")?.value;
      if (cost.budgetUsd === undefined || !budget) continue;
      const share = cost.budgetUsd > 0 ? cost.usd / cost.budgetUsd : Infinity;
      if (share <= BUDGET_WARNING_SHARE) continue;
      const costliest = [...cost.stages.values()]
        .filter((s) => s.usd > 0)
        .sort((a, b) => b.usd - a.usd)
        .slice(0, 3)
        .map((s) => `\`${s.stage.name}\` ${formatAmount(s.usd, settings)}`)
        .join(", ");
      const estimate = `estimated ${formatAmount(cost.usd, settings)}`;
      const over = share > 1;
      report({
        severity: over ? "error" : "warning",
        message: over
          ? `${estimate}, over the budget of ${formatAmount(cost.budgetUsd, settings)}; the costliest stages: ${costliest}`
          : `${estimate}, ${Math.round(share * 100)}% of the budget of ${formatAmount(cost.budgetUsd, settings)}; the costliest stages: ${costliest}`,
        span: budget.span,
      });
    }
  },
};
