// The semantic model: symbols (pipelines, stages, presets), the effective
// settings of each stage after presets, and the stage graph.
import type { CatalogModel } from "../catalog/catalog";
import type { PipelineDecl, PresetDecl, Property, Stage, Value, WordValue } from "../parser/ast";
import type { Phase, StageKind } from "./schema";

export interface PresetSymbol {
  name: string;
  decl: PresetDecl;
  /** The file the preset is declared in; undefined for the analysed file itself. */
  path?: string;
}

/** A stage setting as it takes effect: written in the stage, or taken from a preset; for all phases, or from a phase block. */
export interface EffectiveProperty {
  property: Property;
  value: Value;
  preset?: PresetSymbol;
  /** Set when the value comes from a `draft { }` or `final { }` block. */
  phase?: Phase;
}

/** `from`, `start`, `end`, `over` or `clips`: the stage `to` takes `from`'s output. */
export interface StageEdge {
  property: "from" | "start" | "end" | "over" | "clips";
  from: StageSymbol;
  to: StageSymbol;
  ref: WordValue;
}

export interface StageSymbol {
  name: string;
  /** Undefined when the stage kind is unknown. */
  kind?: StageKind;
  decl: Stage;
  pipeline: PipelineSymbol;
  /** The settings of the pipeline's current phase (its `mode`): `phaseSettings[pipeline.mode]`. */
  settings: Map<string, EffectiveProperty>;
  /** The model of the current phase: `phaseModels[pipeline.mode]`. */
  model?: CatalogModel;
  /** Each phase's settings: presets, then the stage's own, each with its phase block on top. */
  phaseSettings: Record<Phase, Map<string, EffectiveProperty>>;
  phaseModels: Partial<Record<Phase, CatalogModel>>;
  /** Edges into this stage (what it reads). */
  inputs: StageEdge[];
  /** Edges out of this stage (who reads it). */
  consumers: StageEdge[];
}

export interface PipelineSymbol {
  name: string;
  decl: PipelineDecl;
  /** Stages by name; the first declaration wins when names repeat. */
  stages: Map<string, StageSymbol>;
  /** Every stage in source order, duplicates included. */
  stageList: StageSymbol[];
  edges: StageEdge[];
  outputs: StageSymbol[];
  /** The current phase: the `mode:` written, else `draft`. */
  mode: Phase;
  /** Whether `mode:` is written; when not, `draft` is assumed and the lens says so. */
  modeWritten: boolean;
}

export interface SemanticModel {
  pipelines: PipelineSymbol[];
  /** Presets visible in the file: its own, then those of `use`d files. */
  presets: Map<string, PresetSymbol>;
  /** False when a `use`d file could not be read: a preset missing from `presets` may be in it. */
  presetsComplete: boolean;
}

/** A stage's effective value for `key` in the current phase (or `phase`), when it has one of the given type. */
export function setting<T extends Value["type"]>(stage: StageSymbol, key: string, type: T, phase?: Phase): Extract<Value, { type: T }> | undefined {
  const value = (phase ? stage.phaseSettings[phase] : stage.settings).get(key)?.value;
  return value?.type === type ? (value as Extract<Value, { type: T }>) : undefined;
}

const noWords: readonly WordValue[] = [];

/** The stages a reference property names: one word, or each item of a list (`clips: a, b`). */
export function referencedWords(value: Value | undefined): readonly WordValue[] {
  if (!value) return noWords;
  if (value.type === "word") return [value];
  return value.type === "list" ? value.items.filter((item): item is WordValue => item.type === "word") : [];
}

/** How many outputs a stage makes: its `count` (1 when absent). */
export function variationCount(stage: StageSymbol): number {
  return setting(stage, "count", "number")?.value ?? 1;
}

type Media = "image" | "video" | "audio" | undefined;
const mediaCache = new WeakMap<StageSymbol, Media>();

/**
 * Whether the stage makes images or video, following `from:` through upscales and
 * reframes. Call it once the graph is linked; answers are remembered, so long
 * chains cost one walk, not one per stage.
 */
export function mediaOf(stage: StageSymbol): Media {
  if (mediaCache.has(stage)) return mediaCache.get(stage);
  const walked = new Set<StageSymbol>();
  let current: StageSymbol | undefined = stage;
  let media: Media;
  while (current && !walked.has(current)) {
    if (mediaCache.has(current)) {
      media = mediaCache.get(current);
      break;
    }
    walked.add(current);
    const kind: StageSymbol["kind"] = current.kind;
    if (kind === "image" || kind === "keyframe") media = "image";
    else if (kind === "video" || kind === "audio") media = kind;
    else if (kind === "sequence") media = "video";
    if (kind !== "upscale" && kind !== "reframe") break;
    current = current.inputs.find((edge) => edge.property === "from")?.from;
  }
  for (const s of walked) mediaCache.set(s, media);
  return media;
}

/** The words of a pipeline's brief, every property together: what rules and promote read intent from. */
export function briefText(pipeline: PipelineSymbol): string {
  return pipeline.decl.briefs.flatMap((brief) => brief.properties).map((p) => (p.value?.type === "string" ? p.value.value : "")).join(" ");
}

const deliveredSets = new WeakMap<PipelineSymbol, Set<StageSymbol>>();

/** Whether the pipeline's `output` line names `stage`: a lookup, however many stages the line names. */
export function isOutput(pipeline: PipelineSymbol, stage: StageSymbol): boolean {
  let delivered = deliveredSets.get(pipeline);
  // Rebuilt if outputs were added since (analysis fills the list as it reads the `output` lines).
  if (!delivered || delivered.size !== pipeline.outputs.length) deliveredSets.set(pipeline, (delivered = new Set(pipeline.outputs)));
  return delivered.has(stage);
}
