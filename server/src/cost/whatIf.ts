// What-if costs that stay fast on long pipelines: only the stage and what is
// downstream of it are re-estimated.
import { downstreamOf } from "../analysis/graph";
import type { StageEdge, StageSymbol } from "../analysis/model";
import type { Value } from "../parser/ast";
import { estimatePipeline, inputsFirst, PipelineCost, StageCost, totals } from "./estimate";

/** How many stages a what-if on `stage` prices: it, what is downstream of it, and the inputs of those. */
export function repricedBy(stage: StageSymbol): number {
  return inputsFirst({ ...stage.pipeline, stageList: [...downstreamOf(stage)] }).length;
}

/**
 * The stage and what is downstream of it, priced with `key: value` on the stage (their inputs are read
 * as they are): all that the change can reprice, so a what-if costs what it touches, not the pipeline.
 */
function reprice(cost: PipelineCost, stage: StageSymbol, key: string, value: Value, creditsPerUsd: number): { affected: StageSymbol[]; part: PipelineCost } {
  const affected = [...downstreamOf(stage)];
  const part = estimatePipeline({ ...stage.pipeline, stageList: affected }, creditsPerUsd, new Map([[stage, new Map([[key, value]])]]), cost.phase);
  return { affected, part };
}

/** The pipeline priced with `key: value` on one stage; every stage the change cannot reach keeps its price. */
export function estimateWith(cost: PipelineCost, stage: StageSymbol, key: string, value: Value, creditsPerUsd: number): PipelineCost {
  const { affected, part } = reprice(cost, stage, key, value, creditsPerUsd);
  const stages = new Map(cost.stages);
  const flow = { resolution: new Map(cost.flow.resolution), seconds: new Map(cost.flow.seconds), fps: new Map(cost.flow.fps) };
  for (const changed of affected) {
    stages.set(changed, part.stages.get(changed)!);
    flow.resolution.set(changed, part.flow.resolution.get(changed)!);
    flow.seconds.set(changed, part.flow.seconds.get(changed));
    flow.fps.set(changed, part.flow.fps.get(changed));
  }
  return { ...cost, stages, flow, ...totals(cost.pipeline, stages) };
}

/**
 * The pipeline's total with `key: value` on one stage, and that stage's cost then: the old total with
 * the change of what it reaches, without copying every stage's price (inlay hints ask this per
 * alternative of each costly value in view).
 */
export function totalWith(cost: PipelineCost, stage: StageSymbol, key: string, value: Value, creditsPerUsd: number): { usd: number; stage: StageCost | undefined } {
  const { affected, part } = reprice(cost, stage, key, value, creditsPerUsd);
  return { usd: totalAfter(cost, affected, part), stage: part.stages.get(stage) };
}

/**
 * The pipeline's total with `stage` read as `standIn` (the same stage with other settings, in the same
 * place of the graph): only it and what is downstream of it are priced again.
 */
export function totalWithStandIn(cost: PipelineCost, stage: StageSymbol, standIn: StageSymbol, creditsPerUsd: number): number {
  const affected = [...downstreamOf(stage)];
  const part = estimatePipeline({ ...stage.pipeline, stageList: affected }, creditsPerUsd, new Map(), cost.phase, new Map([[stage, standIn]]));
  return totalAfter(cost, affected, part);
}

/**
 * Copies of the stages downstream of `stage` (it left out), reading each other's copies; an edge that read
 * `stage` reads what `instead` says. What a what-if that reshapes the graph prices again.
 */
export function rewiredDownstream(stage: StageSymbol, instead: (edge: StageEdge) => Pick<StageEdge, "from" | "ref">): StageSymbol[] {
  const copies = new Map<StageSymbol, StageSymbol>();
  for (const s of downstreamOf(stage)) if (s !== stage) copies.set(s, { ...s, inputs: [], consumers: [] });
  for (const [original, copy] of copies) {
    copy.inputs = original.inputs.map((edge) => {
      const { from, ref } = edge.from === stage ? instead(edge) : edge;
      // Outside what is affected, an input is the stage it was: priced as it is now.
      return { ...edge, from: copies.get(from) ?? from, to: copy, ref };
    });
  }
  return [...copies.values()];
}

/**
 * The pipeline's total with `stage` read as `standIn`, which may read `added` stages new to the pipeline:
 * the new stages, the stand-in and what is downstream of the stage priced again (its readers read the stand-in).
 */
export function totalWithNewStages(cost: PipelineCost, stage: StageSymbol, standIn: StageSymbol, added: StageSymbol[], creditsPerUsd: number): number {
  const priced = [...added, standIn, ...rewiredDownstream(stage, (edge) => ({ from: standIn, ref: edge.ref }))];
  const part = estimatePipeline({ ...stage.pipeline, stageList: priced }, creditsPerUsd, new Map(), cost.phase);
  let usd = cost.usd;
  for (const s of downstreamOf(stage)) if (s.kind) usd -= cost.stages.get(s)?.usd ?? 0;
  for (const s of priced) if (s.kind) usd += part.stages.get(s)?.usd ?? 0;
  return Math.round(usd * 1e9) / 1e9;
}

/** The old total with the change in price of the stages priced again. */
function totalAfter(cost: PipelineCost, affected: StageSymbol[], part: PipelineCost): number {
  let usd = cost.usd;
  for (const changed of affected) if (changed.kind) usd += (part.stages.get(changed)?.usd ?? 0) - (cost.stages.get(changed)?.usd ?? 0);
  return Math.round(usd * 1e9) / 1e9;
}

export interface WhatIfCost {
  /** The pipeline's estimate minus what it would be with the setting changed. */
  savedUsd: number;
  /** What the stage itself saves (the rest is saved downstream). */
  ownSavedUsd: number;
  /** Stages that could be priced now and could not be then. */
  newlyUnpriced: number;
}

/** What the pipeline would save with `key: value` on this stage; only what the change reaches is re-estimated. */
export function whatIfCost(stage: StageSymbol, cost: PipelineCost | undefined, creditsPerUsd: number, key: string, value: Value): WhatIfCost | undefined {
  if (!cost) return undefined;
  try {
    const { affected, part: after } = reprice(cost, stage, key, value, creditsPerUsd);
    const before = affected.reduce((sum, s) => sum + (cost.stages.get(s)?.usd ?? 0), 0);
    const unpricedBefore = affected.filter((s) => { const unit = cost.stages.get(s)?.unit; return unit !== undefined && "missing" in unit; }).length;
    return {
      savedUsd: before - after.usd,
      ownSavedUsd: (cost.stages.get(stage)?.usd ?? 0) - (after.stages.get(stage)?.usd ?? 0),
      newlyUnpriced: after.unpriced.length - unpricedBefore,
    };
  } catch {
    return undefined;
  }
}

