// Over budget, the finding names the fix that saves the job most ("the fix that saves most:
// Draft at 540p… on `shot`, 119 credits"), so the way back under the budget is one click away.
import type { Steps } from "../analysis/steps";
import { formatAmount } from "../cost/format";
import { allRules } from "../rules";
import { applyEdits } from "../rules/edits";
import { isRuleDiagnostic, RuleDiagnostic } from "../rules/runner";
import type { CheckedDocument, CheckOptions } from "./check";

/** Past these, re-pricing every candidate fix would slow typing down more than the hint is worth. */
const MAX_CANDIDATES = 12;
const MAX_STAGES = 500;
/**
 * Each candidate re-prices the whole file: over the whole file, at most this many stages are re-priced
 * (12 candidates in a 500-stage file), however many pipelines are over budget.
 */
const MAX_STAGES_PRICED = MAX_CANDIDATES * MAX_STAGES;

/** Every rule off: candidate fixes are priced, not checked, and name no best fix of their own. */
export const rulesOff = Object.fromEntries(allRules.map((rule) => [rule.id, "off" as const]));

/**
 * Adds the best fix to each over-budget finding: of the first fixes of the pipeline's findings, the one
 * that lowers the pipeline's job most, measured by pricing the file with it applied (rules off).
 */
export function* nameBestFixes(document: CheckedDocument, check: (text: string, options: CheckOptions) => Steps<CheckedDocument>): Steps<void> {
  const fileStages = document.analysis.model.pipelines.reduce((n, p) => n + p.stageList.length, 0);
  let budget = MAX_STAGES_PRICED;
  // Only over-budget pipelines are looked at: found once, not by reading every finding for every pipeline.
  const overBudget = document.diagnostics.filter((d): d is RuleDiagnostic => isRuleDiagnostic(d) && d.rule === "over-budget");
  if (overBudget.length === 0) return;
  for (const [index, cost] of document.phases.entries()) {
    if (budget < fileStages) break; // the budget only goes down: no later pipeline can be priced either
    if (cost.pipeline.stageList.length > MAX_STAGES) continue;
    const over = overBudget.find((d) => within(d, cost.pipeline.decl.span));
    if (!over) continue;
    const candidates = document.diagnostics
      .filter((d): d is RuleDiagnostic => isRuleDiagnostic(d) && d !== over && d.fixes.length > 0 && within(d, cost.pipeline.decl.span))
      .slice(0, MAX_CANDIDATES);
    let best: { title: string; stage: string; savedUsd: number } | undefined;
    for (const finding of candidates) {
      if ((budget -= Math.max(1, fileStages)) < 0) break;
      const fix = finding.fixes[0];
      let after: CheckedDocument;
      try {
        after = yield* check(applyEdits(document.text, fix.edits), { ...document.options, rules: rulesOff, pricingOnly: true });
      } catch {
        continue;
      }
      const job = after.phases[index];
      if (!job || job.pipeline.name !== cost.pipeline.name) continue;
      const savedUsd = cost.jobUsd - job.jobUsd;
      if (savedUsd > 1e-9 && (!best || savedUsd > best.savedUsd + 1e-9)) {
        const stage = cost.pipeline.stageList.find((s) => within(finding, s.decl.span));
        best = { title: fix.title, stage: stage?.name ?? "", savedUsd };
      }
    }
    if (best) {
      over.message += `; the fix that saves most: "${best.title}"${best.stage ? ` on \`${best.stage}\`` : ""}, ${formatAmount(best.savedUsd, document.settings)}`;
    }
  }
}

const within = (d: { span: { start: number; end: number } }, span: { start: number; end: number }) => d.span.start >= span.start && d.span.end <= span.end;
