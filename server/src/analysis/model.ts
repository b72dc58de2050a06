// The semantic model: symbols (pipelines, stages, presets), the effective
// settings of each stage after presets, and the stage graph.
import type { CatalogModel } from "../catalog/catalog";
import type { PipelineDecl, PresetDecl, Property, Stage, Value, WordValue } from "../parser/ast";
import type { StageKind } from "./schema";

export interface PresetSymbol {
  name: string;
  decl: PresetDecl;
  /** The file the preset is declared in; undefined for the analysed file itself. */
  path?: string;
}

/** A stage setting as it takes effect: written in the stage, or taken from a preset. */
export interface EffectiveProperty {
  property: Property;
  value: Value;
  preset?: PresetSymbol;
}

/** `from`, `start`, `end` or `over`: the stage `to` takes `from`'s output. */
export interface StageEdge {
  property: "from" | "start" | "end" | "over";
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
  settings: Map<string, EffectiveProperty>;
  model?: CatalogModel;
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
  mode?: "draft" | "final";
}

export interface SemanticModel {
  pipelines: PipelineSymbol[];
  /** Presets visible in the file: its own, then those of `use`d files. */
  presets: Map<string, PresetSymbol>;
  /** False when a `use`d file could not be read: a preset missing from `presets` may be in it. */
  presetsComplete: boolean;
}

/** A stage's effective value for `key`, when it has one of the given type. */
export function setting<T extends Value["type"]>(stage: StageSymbol, key: string, type: T): Extract<Value, { type: T }> | undefined {
  const value = stage.settings.get(key)?.value;
  return value?.type === type ? (value as Extract<Value, { type: T }>) : undefined;
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
    if (kind !== "upscale" && kind !== "reframe") break;
    current = current.inputs.find((edge) => edge.property === "from")?.from;
  }
  for (const s of walked) mediaCache.set(s, media);
  return media;
}
