// Don't generate what you'll replace: a stage that no stage reads and no `output` delivers is
// generated for nothing.
import { isOutput, PipelineSymbol, StageSymbol } from "../analysis/model";
import { forPipeline } from "../cost/estimate";
import { formatAmount } from "../cost/format";
import { removeStage } from "./edits";
import type { Fix, Rule, TextEdit } from "./rule";
import { hasUnresolvedReference } from "./support";

/** Words an `output` line cannot name: a stage called so is already an error. */
const keywords = new Set(["use", "preset", "pipeline", "brief", "output"]);

/** Adds the stage to the last `output` line: for a stage that was meant to be delivered. */
function addToOutput(pipeline: PipelineSymbol, stage: StageSymbol): TextEdit | undefined {
  if (keywords.has(stage.name)) return undefined;
  const output = [...pipeline.decl.outputs].reverse().find((o) => o.refs.length > 0);
  const last = output?.refs[output.refs.length - 1];
  return last && { span: { start: last.span.end, end: last.span.end }, newText: `, ${stage.name}` };
}

export const unusedStage: Rule = {
  id: "unused-stage",
  principle: "Don't generate what you'll replace",
  description: "A stage's output is used by no other stage and is not an `output`.",
  defaultSeverity: "warning",
  scope: "component",
  check({ text, analysis, costs, settings, only, report }) {
    for (const pipeline of analysis.model.pipelines) {
      // Without an `output` line the deliverables are unknown: any stage may be one.
      if (pipeline.decl.outputs.length === 0 || hasUnresolvedReference(pipeline)) continue;
      const cost = forPipeline(costs, pipeline);
      for (const stage of pipeline.stageList) {
        // Unknown kinds, nameless stages and repeated names are language errors already.
        if (!stage.kind || !stage.decl.name || pipeline.stages.get(stage.name) !== stage || (only && !only.has(stage))) continue;
        if (isOutput(pipeline, stage) || stage.consumers.some((edge) => edge.to !== stage)) continue;

        const usd = cost?.stages.get(stage)?.usd ?? 0;
        const spent = usd > 0 ? `; it costs ${formatAmount(usd, settings)} for nothing you keep` : "";
        const over = stage.kind === "audio" ? stage.inputs.find((edge) => edge.property === "over")?.from : undefined;
        const why = over
          ? `it replaces the soundtrack of \`${over.name}\`, but it is not an \`output\``
          : "no stage takes it as input and it is not an `output`";

        const fixes: Fix[] = [];
        const removal = removeStage(text, stage.decl);
        if (removal) fixes.push({ title: `Remove stage \`${stage.name}\``, edits: [removal] });
        const deliver = addToOutput(pipeline, stage);
        if (deliver) fixes.push({ title: `Add \`${stage.name}\` to the output`, edits: [deliver] });

        report({ message: `\`${stage.name}\` is unused: ${why}${spent}`, span: stage.decl.name.span, tags: ["unnecessary"], fixes, stage });
      }
    }
  },
};
