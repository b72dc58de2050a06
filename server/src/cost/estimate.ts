// What a pipeline will cost: each stage's generations × unit price, with fan-out
// along the stage graph, and the total against the budget.
import { fansOut, takesCount } from "../analysis/generations";
import { booleanOf, checkValue } from "../analysis/values";
import { inputsFirst } from "../analysis/graph";
import { resolutionOut } from "../analysis/flow";
import { mediaOf, PipelineSymbol, setting, StageSymbol } from "../analysis/model";
import type { Value } from "../parser/ast";
import { bounds, Phase, pipelineProperties, StageKind } from "../analysis/schema";
import type { CatalogModel } from "../catalog/catalog";
import { Priced, priceAudio, priceImage, priceVideo } from "./price";

export interface StageCost {
  stage: StageSymbol;
  /** Times the stage runs: once per output of each un-indexed input it fans out from. */
  runs: number;
  /** Variations per run (`count`). */
  count: number;
  /** Rejected outputs regenerated per variation (`retries`); they are billed. */
  retries: number;
  /** Billed generations: runs × count × (1 + retries). */
  generations: number;
  /** Outputs passed downstream: runs × count. */
  outputs: number;
  /** Native audio generated (video stages). */
  audio?: boolean;
  /** Price of one generation, or why there is none. */
  unit?: Priced;
  usd: number;
}

export interface PipelineCost {
  pipeline: PipelineSymbol;
  /** The phase priced: each stage with that phase's settings, as if generated from scratch. */
  phase: Phase;
  /** What flows out of each stage in that phase. */
  flow: Flow;
  stages: Map<StageSymbol, StageCost>;
  usd: number;
  byKind: Partial<Record<StageKind, number>>;
  /** Stages whose price is unknown (no model, no published price); the total leaves them out. */
  unpriced: StageSymbol[];
  budgetUsd?: number;
}

/** Settings to try instead of the written ones, for what-if estimates ("what if `count` were 1?"). */
export type WhatIf = Map<StageSymbol, Map<string, Value>>;

/**
 * Stages read as others of the same place in the graph: the same stage after an edit of its settings
 * (its settings and models are the stand-in's, its inputs and readers its own).
 */
export type StandIns = ReadonlyMap<StageSymbol, StageSymbol>;

/**
 * The entry of `list` (a check's `costs` or `phases`: one per pipeline) for `pipeline`: a lookup, not a
 * search, as every rule asks it for every pipeline and a file may hold thousands of them.
 */
export function forPipeline<T extends { pipeline: PipelineSymbol }>(list: readonly T[], pipeline: PipelineSymbol): T | undefined {
  let byPipeline = pipelineLookups.get(list) as Map<PipelineSymbol, T> | undefined;
  // Rebuilt if the list grew since (a check fills it a pipeline at a time).
  if (!byPipeline || byPipeline.size !== list.length) {
    byPipeline = new Map();
    for (const entry of list) if (!byPipeline.has(entry.pipeline)) byPipeline.set(entry.pipeline, entry);
    pipelineLookups.set(list, byPipeline);
  }
  return byPipeline.get(pipeline);
}
const pipelineLookups = new WeakMap<readonly object[], Map<PipelineSymbol, unknown>>();

/** Rounds away float noise (0.1 + 0.2) while keeping every fraction of a cent a price can have. */
const clean = (usd: number) => {
  const rounded = Math.round(usd * 1e9) / 1e9;
  return Number.isFinite(rounded) ? rounded : usd;
};

/**
 * Prices one phase of a pipeline (its current `mode` unless told), every stage generated from
 * scratch with that phase's settings.
 */
export function estimatePipeline(
  pipeline: PipelineSymbol, creditsPerUsd: number, whatIf: WhatIf = new Map(), phase: Phase = pipeline.mode, standIns?: StandIns,
): PipelineCost {
  const stages = new Map<StageSymbol, StageCost>();
  // Filled in graph order, so each stage reads its input's answers instead of walking the chain.
  const flow: Flow = { resolution: new Map(), seconds: new Map(), fps: new Map() };
  const costOf = stagePricer(phase, stages, flow, whatIf, standIns);
  for (const stage of inputsFirst(pipeline)) stages.set(stage, costOf(stage));
  return withTotals(pipeline, phase, stages, flow, creditsPerUsd);
}

/**
 * The pipeline priced again after an edit of `dirty` (a stage and what is downstream of it: analysis
 * says which); the other stages' prices are kept. Takes `previous` over: its maps become the new estimate's.
 */
export function repriced(previous: PipelineCost, dirty: ReadonlySet<StageSymbol>, creditsPerUsd: number): PipelineCost {
  const { pipeline, phase, stages, flow } = previous;
  const costOf = stagePricer(phase, stages, flow, new Map());
  for (const stage of inputsFirst(pipeline)) if (dirty.has(stage)) stages.set(stage, costOf(stage));
  return withTotals(pipeline, phase, stages, flow, creditsPerUsd);
}

/** Prices one stage from its settings and its inputs' answers in `stages` and `flow`, which it fills. */
function stagePricer(
  phase: Phase, stages: Map<StageSymbol, StageCost>, flow: Flow, whatIf: WhatIf, standIns?: StandIns,
): (stage: StageSymbol) => StageCost {
  const get: Setting = (stage, key, type) => {
    const value = whatIf.get(stage)?.get(key) ?? (standIns?.get(stage) ?? stage).phaseSettings[phase].get(key)?.value;
    return value?.type === type ? (value as never) : undefined;
  };
  return (stage) => {
    const model = (standIns?.get(stage) ?? stage).phaseModels[phase];
    let runs = 1;
    // Once per combination. Past the bound on generations (an error in analysis, at the stage that
    // crosses it) what flows on is capped there: downstream estimates are floors, and finite.
    for (const edge of stage.inputs) if (fansOut(stage, edge)) runs *= Math.min(stages.get(edge.from)?.outputs ?? 1, bounds.generations);
    const count = takesCount(stage.kind) ? get(stage, "count", "number")?.value ?? 1 : 1;
    const retries = stage.kind === "sequence" ? 0 : get(stage, "retries", "number")?.value ?? 0;
    const generations = runs * count * (1 + retries);
    const cost: StageCost = { stage, runs, count, retries, generations, outputs: runs * count, usd: 0 };
    if (stage.kind === "video") cost.audio = nativeAudio(stage, get, model);
    follow(stage, model, get, flow);
    cost.unit = unitPrice(stage, model, cost, get, flow, standIns?.get(stage) ?? stage);
    if (cost.unit && "usd" in cost.unit) cost.usd = clean(cost.unit.usd * generations);
    // Every input is bounded, so this cannot happen; if it does, no total turns into Infinity or NaN.
    if (!Number.isFinite(cost.usd)) [cost.unit, cost.usd] = [{ missing: "too large to price" }, 0];
    return cost;
  };
}

function withTotals(pipeline: PipelineSymbol, phase: Phase, stages: Map<StageSymbol, StageCost>, flow: Flow, creditsPerUsd: number): PipelineCost {
  const result: PipelineCost = { pipeline, phase, stages, flow, ...totals(pipeline, stages) };
  const budget = budgetOf(pipeline);
  if (budget?.type === "money") result.budgetUsd = budget.usd;
  if (budget?.type === "credits") result.budgetUsd = budget.credits / creditsPerUsd;
  return result;
}

/** The pipeline's total, by kind, and its unpriced stages, from each stage's cost. */
export function totals(pipeline: PipelineSymbol, stages: Map<StageSymbol, StageCost>): Pick<PipelineCost, "usd" | "byKind" | "unpriced"> {
  const result: Pick<PipelineCost, "usd" | "byKind" | "unpriced"> = { usd: 0, byKind: {}, unpriced: [] };
  for (const stage of pipeline.stageList) {
    const cost = stages.get(stage)!;
    if (cost.unit && "missing" in cost.unit) result.unpriced.push(stage);
    if (!stage.kind) continue;
    result.usd = clean(result.usd + cost.usd);
    result.byKind[stage.kind] = clean((result.byKind[stage.kind] ?? 0) + cost.usd);
  }
  return result;
}

/** The budget as analysis reads it: the last valid `budget:` (one past its bounds, or 0, is an error and no budget). */
function budgetOf(pipeline: PipelineSymbol): Value | undefined {
  let budget: Value | undefined;
  for (const property of pipeline.decl.properties) {
    if (property.key.text !== "budget" || !property.value) continue;
    budget = checkValue("budget", pipelineProperties.budget.value, property.value, () => undefined) ?? budget;
  }
  return budget;
}

// The graph order lives in analysis; re-exported here, where rules and phases have always found it.
export { inputsFirst, readInputs } from "../analysis/graph";

/** Reads a stage setting, what-ifs first. */
type Setting = <T extends Value["type"]>(stage: StageSymbol, key: string, type: T) => Extract<Value, { type: T }> | undefined;

/** Whether a video stage generates native audio: its `audio:` setting, else its model's default. */
export function nativeAudio(stage: StageSymbol, get: Setting = setting, model: CatalogModel | undefined = stage.model): boolean {
  const written = get(stage, "audio", "word");
  if (model?.nativeAudio === "always") return true;
  if (model?.nativeAudio === "none") return false;
  return written ? booleanOf(written) : model?.audioDefault ?? false;
}

function resolutionOf(stage: StageSymbol, model: CatalogModel | undefined, get: Setting): string {
  return get(stage, "resolution", "resolution")?.text ?? model?.defaultResolution ?? "default";
}

/**
 * What flows out of each stage into the next, in the phase priced: the resolution it outputs and the
 * seconds of video (a sequence's are its clips' together). Rules and promote read it from the estimate.
 */
export interface Flow {
  resolution: Map<StageSymbol, string>;
  seconds: Map<StageSymbol, number | undefined>;
  /**
   * The frame rate a stage states for its video, or passes on: an upscale's `fps:`, else its input's.
   * Generation stages state none (their model's frame rate is not in the catalog).
   */
  fps: Map<StageSymbol, number | undefined>;
}

/** Records what flows out of `stage`, from its own settings and what flows into it. */
function follow(stage: StageSymbol, model: CatalogModel | undefined, get: Setting, flow: Flow): void {
  const from = stage.inputs.find((e) => e.property === "from")?.from;
  if (stage.kind === "sequence") {
    // An edit: as long as its clips together, as sharp as its sharpest clip.
    const clips = stage.inputs.filter((e) => e.property === "clips" && e.from !== stage).map((e) => e.from);
    const seconds = clips.map((clip) => flow.seconds.get(clip));
    // Capped where analysis reports a sequence too long: sequences of sequences could otherwise double to Infinity.
    const total = clips.length > 0 && seconds.every((s) => s !== undefined) ? seconds.reduce((a, b) => a! + b!, 0) : undefined;
    flow.seconds.set(stage, total === undefined ? undefined : Math.min(total, bounds.sequenceSeconds));
    flow.resolution.set(stage, resolutionOut(stage, undefined, undefined, clips.map((clip) => flow.resolution.get(clip))));
    return;
  }
  const seconds = stage.kind === "video" ? get(stage, "duration", "duration")?.seconds
    : stage.kind === "upscale" || stage.kind === "reframe" ? from && flow.seconds.get(from) : undefined;
  flow.seconds.set(stage, seconds);
  // An upscale or reframe keeps its input's frame rate unless an upscale says otherwise.
  const passedOn = from && (stage.kind === "upscale" || stage.kind === "reframe") ? flow.fps.get(from) : undefined;
  flow.fps.set(stage, (stage.kind === "upscale" ? get(stage, "fps", "number")?.value : undefined) ?? passedOn);
  flow.resolution.set(stage, resolutionOut(stage, get(stage, "resolution", "resolution")?.text, model, [from && flow.resolution.get(from)]));
}

/** `written`: the stage whose settings say what was written (the stage, or its stand-in). */
function unitPrice(stage: StageSymbol, model: CatalogModel | undefined, cost: StageCost, get: Setting, flow: Flow, written: StageSymbol): Priced | undefined {
  // A keyframe selects a still, a sequence joins clips: both are done locally, free.
  if (stage.kind === "keyframe" || stage.kind === "sequence" || !stage.kind) return undefined;
  if (!model) {
    return { missing: written.settings.has("model") ? "unknown model" : `no model: add \`model:\` to price this ${stage.kind}` };
  }
  const hdr = get(stage, "hdr", "word");
  const isHdr = hdr ? booleanOf(hdr) : false;
  const aspect = get(stage, "aspect", "aspect");
  switch (stage.kind) {
    case "image":
      return priceImage(model, resolutionOf(stage, model, get), aspect, isHdr, get(stage, "quality", "word")?.text);
    case "video": {
      const seconds = get(stage, "duration", "duration")?.seconds;
      if (seconds === undefined) return { missing: "no `duration`" };
      return priceVideo(model, { seconds, resolution: resolutionOf(stage, model, get), audio: cost.audio ?? false, hdr: isHdr, aspect: aspect?.text });
    }
    case "upscale":
    case "reframe": {
      const source = stage.inputs.find((e) => e.property === "from")?.from;
      const media = source && mediaOf(source);
      // A reframe keeps its input's resolution; an upscale bills at its target.
      const resolution = stage.kind === "upscale" ? resolutionOf(stage, model, get) : (source && flow.resolution.get(source)) ?? "default";
      if (media === "image") return priceImage(model, resolution, aspect);
      const seconds = flow.seconds.get(stage);
      if (seconds === undefined) return { missing: "cannot tell the input's duration" };
      return priceVideo(model, { seconds, resolution, audio: false, hdr: false, aspect: aspect?.text, fps: flow.fps.get(stage) });
    }
    case "audio": {
      const text = get(stage, "text", "string")?.value;
      const seconds = get(stage, "duration", "duration")?.seconds;
      return priceAudio(model, { characters: text === undefined ? undefined : [...text].length, seconds });
    }
  }
}
