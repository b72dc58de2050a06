// Stay in control of iteration: in draft mode, one version at a time, reviewed
// before the next; no re-rolls budgeted in advance.
import type { PipelineSymbol, StageSymbol } from "../analysis/model";
import { forPipeline, PipelineCost } from "../cost/estimate";
import { formatAmount } from "../cost/format";
import { whatIfCost } from "../cost/whatIf";
import { fromPreset, setInCurrentPhase, stageSettingSpan } from "./support";
import type { Fix, Rule, RuleContext } from "./rule";

/** The stage's effective whole-number setting, when it has one. */
function wholeNumber(stage: StageSymbol, key: string): number | undefined {
  const value = stage.settings.get(key)?.value;
  return value?.type === "number" && Number.isInteger(value.value) ? value.value : undefined;
}

interface Saving {
  /** What the whole pipeline saves. */
  usd: number;
  /** Whether part of it is saved in the stages downstream (fewer inputs to animate, upscale…). */
  downstream: boolean;
}

/** What setting `key` to `value` on this stage saves; undefined when nothing or when it cannot be told. */
function savedBy(context: RuleContext, stage: StageSymbol, cost: PipelineCost | undefined, key: string, value: number): Saving | undefined {
  const whatIf = whatIfCost(stage, cost, context.settings.creditsPerUsd, key, { type: "number", value, span: { start: 0, end: 0 } });
  if (!whatIf || whatIf.savedUsd <= 1e-9) return undefined;
  return { usd: whatIf.savedUsd, downstream: whatIf.savedUsd > whatIf.ownSavedUsd + 1e-9 };
}

/** References that pick a variation above the first (`hero[3]`): `count: 1` would leave them pointing at nothing. */
function indexedReferences(pipeline: PipelineSymbol, stage: StageSymbol, count: number): string[] {
  // An index past `count` is already an error (`index-out-of-range`): one version breaks nothing more there.
  const breaks = (index: number | undefined) => index !== undefined && index > 1 && index <= count;
  const found: string[] = [];
  for (const edge of stage.consumers) {
    if (breaks(edge.ref.index)) found.push(`\`${edge.to.name}\` picks \`${edge.ref.text}[${edge.ref.index}]\``);
  }
  // Only the first stage of a repeated name is the one references reach.
  if (pipeline.stages.get(stage.name) === stage) {
    for (const output of pipeline.decl.outputs) {
      for (const ref of output.refs) {
        if (ref.text === stage.name && breaks(ref.index)) found.push(`\`output\` names \`${ref.text}[${ref.index}]\``);
      }
    }
  }
  return found;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export const singleVariation: Rule = {
  id: "single-variation",
  principle: "Stay in control of iteration",
  description: "`count` above 1 or `retries` above 0 in draft mode.",
  defaultSeverity: "warning",
  scope: "component",
  check(context) {
    const { text, analysis, costs, settings, only, report } = context;
    for (const pipeline of analysis.model.pipelines) {
      if (pipeline.mode !== "draft") continue;
      const cost = forPipeline(costs, pipeline);
      for (const stage of pipeline.stageList) {
        if (!stage.kind || (only && !only.has(stage))) continue;
        const amount = (saving: Saving) => formatAmount(saving.usd, settings) + (saving.downstream ? ", downstream included" : "");

        const count = wholeNumber(stage, "count");
        if (count !== undefined && count > 1) {
          const extra = savedBy(context, stage, cost, "count", 1);
          const references = indexedReferences(pipeline, stage, count);
          let message = `\`${stage.name}\` generates ${count} versions${fromPreset(stage, "count")} in draft mode` +
            (extra ? `: ${count === 2 ? "the extra one costs" : `the ${count - 1} extra cost`} ${amount(extra)}` : "") +
            "; generate one, review it, then iterate";
          const fixes: Fix[] = [];
          if (references.length > 0) {
            message += `; no quick fix: ${references.join(", ")}, which \`count: 1\` would break`;
          } else {
            const edit = setInCurrentPhase(text, stage, "count", "1");
            if (edit) fixes.push({ title: "Generate one version", edits: [edit] });
          }
          report({ message, span: stageSettingSpan(stage, "count"), fixes, stage });
        }

        const retries = wholeNumber(stage, "retries");
        if (retries !== undefined && retries > 0) {
          const extra = savedBy(context, stage, cost, "retries", 0);
          const edit = setInCurrentPhase(text, stage, "retries", "0");
          report({
            message: `\`${stage.name}\` budgets ${plural(retries, "retry", "retries")}${fromPreset(stage, "retries")} in draft mode` +
              (extra ? ` (${amount(extra)})` : "") +
              ": rejected outputs are billed, failed generations are not; review each draft before paying for another",
            span: stageSettingSpan(stage, "retries"),
            fixes: edit ? [{ title: "Expect no retries", edits: [edit] }] : [],
            stage,
          });
        }
      }
    }
  },
};
