// Stay in control of iteration: versions and re-rolls belong in the draft, where they are cheap;
// the final makes the one approved take. `count: 4` and `retries: 2` on a final 8 s 4k clip are 12 clips.
import type { PipelineSymbol, StageSymbol } from "../analysis/model";
import { briefText, setting } from "../analysis/model";
import type { Value } from "../parser/ast";
import { estimatePipeline } from "../cost/estimate";
import { formatAmount } from "../cost/format";
import { setInFinal } from "./edits";
import { indexedReference } from "./support";
import type { Rule } from "./rule";

/** A brief that asks for alternatives ("three options for the client") wants the versions delivered. */
function asksForAlternatives(pipeline: PipelineSymbol): boolean {
  return /\b(alternatives?|options|variations|variants|versions|choices)\b/i.test(briefText(pipeline));
}

const number = (value: number): Value => ({ type: "number", value, span: { start: 0, end: 0 } });

export const oneFinalTake: Rule = {
  id: "one-final-take",
  principle: "Stay in control of iteration",
  description: "In the final phase, a stage makes several versions (`count`) or budgets re-rolls (`retries`): choose in the draft, make one.",
  defaultSeverity: "warning",
  check({ text, analysis, phases, settings, report }) {
    for (const cost of phases) {
      const { pipeline } = cost;
      // Versions the brief asks for are deliverables; re-rolls never are.
      const alternatives = asksForAlternatives(pipeline);
      for (const stage of pipeline.stageList) {
        if (stage.kind !== "image" && stage.kind !== "video" && stage.kind !== "audio") continue;
        const versions = setting(stage, "count", "number", "final")?.value ?? 1;
        const count = alternatives ? 1 : versions;
        const deliverables = alternatives ? versions : 1;
        const retries = setting(stage, "retries", "number", "final")?.value ?? 0;
        if (count <= 1 && retries <= 0) continue;
        // While drafting, shared values are `single-variation`'s to report; a `final { }` block speaks of the final.
        const inFinalBlock = (key: string) => stage.phaseSettings.final.get(key)?.phase === "final";
        if (pipeline.mode === "draft" && !inFinalBlock("count") && !inFinalBlock("retries")) continue;
        // Another stage or the output picks one of the versions: they are used.
        if (count > 1 && indexedReference(pipeline, stage)) continue;

        const whatIf = new Map<StageSymbol, Map<string, Value>>([[stage, new Map([...(count > 1 ? [["count", number(1)] as const] : []), ["retries", number(0)] as const])]]);
        const saved = cost.final.usd - estimatePipeline(pipeline, settings.creditsPerUsd, whatIf, "final").usd;
        if (saved <= 1e-9) continue;
        const generations = cost.final.stages.get(stage)?.generations ?? count * (1 + retries);
        const what = [count > 1 ? `${count} versions` : "", retries > 0 ? `${retries} ${retries === 1 ? "retry" : "retries"}${count > 1 ? " each" : ""}` : ""].filter(Boolean).join(" with ");
        const entries: [string, string][] = [];
        if (count > 1) entries.push(["count", "1"]);
        if (retries > 0) entries.push(["retries", "0"]);
        const edits = setInFinal(text, stage.decl, entries);
        const key = count > 1 ? "count" : "retries";
        const written = stage.phaseSettings.final.get(key);
        report({
          message: `\`${stage.name}\` makes ${what} in the final phase: ${generations} generations for ${deliverables === 1 ? "one deliverable" : `${deliverables} deliverables`}; choose in the draft and make the approved take once: the final saves ${formatAmount(saved, settings)}`,
          span: written && !written.preset ? written.value.span : stage.decl.name?.span ?? stage.decl.kind.span,
          fixes: edits ? [{ title: "Make one take in the final", edits }] : [],
        });
      }
    }
  },
};
