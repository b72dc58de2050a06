// The two phases of a pipeline priced together: the draft phase and the final phase, each
// as if generated from scratch, and the whole job: the draft, then of the final only what
// differs from it (an approved draft is the final; what changed is generated again).
import type { EffectiveProperty, PipelineSymbol, StageSymbol } from "../analysis/model";
import type { Phase } from "../analysis/schema";
import type { Value } from "../parser/ast";
import { estimatePipeline, inputsFirst, PipelineCost, readInputs } from "./estimate";

export interface PhasedCost {
  pipeline: PipelineSymbol;
  draft: PipelineCost;
  final: PipelineCost;
  /** Stages the final phase generates again: their settings, model or inputs differ from the draft's. */
  regenerated: Set<StageSymbol>;
  /** The draft phase plus what the final phase generates again. */
  jobUsd: number;
  /** What the final phase adds to the draft: the final prices of the regenerated stages. */
  finalExtraUsd: number;
  budgetUsd?: number;
}

/** Prices both phases; `known` is a phase already priced (the current mode's), reused as it is. */
export function estimatePhases(pipeline: PipelineSymbol, creditsPerUsd: number, known?: PipelineCost): PhasedCost {
  // Without phase blocks the two phases are one: priced once.
  const oneSet = pipeline.stageList.every((stage) => stage.phaseSettings.draft === stage.phaseSettings.final);
  const priced = (phase: Phase) => (known && (known.phase === phase || oneSet) ? known : estimatePipeline(pipeline, creditsPerUsd, new Map(), phase));
  const draft = priced("draft");
  const final = oneSet ? draft : priced("final");
  const regenerated = new Set<StageSymbol>();
  for (const stage of oneSet ? [] : inputsFirst(pipeline)) {
    if (!stage.kind) continue;
    const changed = stage.phaseModels.draft !== stage.phaseModels.final
      || !sameSettings(stage.phaseSettings.draft, stage.phaseSettings.final)
      || readInputs(stage).some((edge) => regenerated.has(edge.from));
    if (changed) regenerated.add(stage);
  }
  let finalExtraUsd = 0;
  for (const stage of regenerated) finalExtraUsd += final.stages.get(stage)?.usd ?? 0;
  finalExtraUsd = Math.round(finalExtraUsd * 1e9) / 1e9;
  const jobUsd = Math.round((draft.usd + finalExtraUsd) * 1e9) / 1e9;
  return { pipeline, draft, final, regenerated, jobUsd, finalExtraUsd, budgetUsd: draft.budgetUsd };
}

/** Whether the two phases differ at all: then the lens and `gen cost` show both. */
export function hasPhases(cost: PhasedCost): boolean {
  return cost.regenerated.size > 0;
}

function sameSettings(a: Map<string, EffectiveProperty>, b: Map<string, EffectiveProperty>): boolean {
  if (a.size !== b.size) return false;
  for (const [key, effective] of a) {
    const other = b.get(key);
    if (!other || !sameValue(effective.value, other.value)) return false;
  }
  return true;
}

/** Values equal as written, wherever they are written. */
export function sameValue(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (a.type !== b.type) return false;
  switch (a.type) {
    case "list": {
      const items = (b as typeof a).items;
      return a.items.length === items.length && a.items.every((item, i) => sameValue(item, items[i]));
    }
    case "string": return a.value === (b as typeof a).value;
    case "number": return a.value === (b as typeof a).value;
    case "duration": return a.seconds === (b as typeof a).seconds;
    case "money": return a.usd === (b as typeof a).usd;
    case "credits": return a.credits === (b as typeof a).credits;
    case "word": return a.text === (b as typeof a).text && a.index === (b as typeof a).index;
    default: return a.text === (b as typeof a).text;
  }
}
