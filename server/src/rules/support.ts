// Helpers the rules share. Rules never import each other; what two need lives here.
import { PipelineSymbol, referencedWords, StageSymbol } from "../analysis/model";
import { referenceProperties } from "../analysis/schema";
import type { CatalogModel } from "../catalog/catalog";
import { Priced, priceImage, priceVideo, VideoRequest } from "../cost/price";
import type { AspectValue, Span } from "../parser/ast";
import { setForDraft, setProperty } from "./edits";
import type { TextEdit } from "./rule";

export { fromPreset } from "../analysis/settings";

/**
 * Where a finding about a stage setting is best shown: the value written in the stage,
 * or, for a value a preset brings, the preset's name in the stage's `use:`; else the stage name.
 */
export function stageSettingSpan(stage: StageSymbol, key: string): Span {
  const effective = stage.settings.get(key);
  const name = stage.decl.name?.span ?? stage.decl.kind.span;
  if (!effective) return name;
  if (!effective.preset) return effective.value.span;
  const use = stage.settings.get("use")?.value;
  const items = use?.type === "list" ? use.items : use ? [use] : [];
  const named = items.find((item) => item.type === "word" && item.text === effective.preset!.name);
  return named?.span ?? name;
}

/**
 * Whether a stage of `pipeline.stageList` is the one its name reaches: named, and the first of a repeated
 * name. When every stage is named and no name repeats, each is, and no lookup is made per stage.
 */
export function isFirstOfName(stage: StageSymbol): boolean {
  const { stages, stageList } = stage.pipeline;
  return stages.size === stageList.length || stages.get(stage.name) === stage;
}

/**
 * Whether some reference in the pipeline (a stage's `from:`…, an `output` line) names no stage (`from: heor`):
 * the graph is then incomplete. Loops, not lists of every reference: it reads every stage of a storyboard.
 */
export function hasUnresolvedReference(pipeline: PipelineSymbol): boolean {
  for (const stage of pipeline.stageList) {
    for (const key of referenceProperties) {
      const value = stage.settings.get(key)?.value;
      if (value && referencedWords(value).some((ref) => !pipeline.stages.has(ref.text))) return true;
    }
  }
  return pipeline.decl.outputs.some((output) => output.refs.some((ref) => !pipeline.stages.has(ref.text)));
}

/** Whether a stage is named, and no other stage of its pipeline has its name. */
export function stagesNamedOnce(pipeline: PipelineSymbol): (stage: StageSymbol) => boolean {
  // Every stage named, no name repeated (the usual file): no names to count.
  if (pipeline.stages.size === pipeline.stageList.length) return () => true;
  const names = new Map<string, number>();
  for (const stage of pipeline.stageList) names.set(stage.name, (names.get(stage.name) ?? 0) + 1);
  return (stage) => !!stage.decl.name && names.get(stage.name) === 1;
}

/**
 * Whether every stage of the pipeline reads the same settings and model in both phases (no phase blocks):
 * whatever a rule works out from them for one phase holds for the other.
 */
export function phasesAlike(pipeline: PipelineSymbol): boolean {
  return pipeline.stageList.every((stage) => stage.phaseSettings.draft === stage.phaseSettings.final && stage.phaseModels.draft === stage.phaseModels.final);
}

/** A model that may still be suggested: neither deprecated nor retired. */
export const active = (model: CatalogModel) => model.lifecycle !== "deprecated" && model.lifecycle !== "retired";

/**
 * A reference past the first variation of `stage` (`shot[2]`), in another stage or an `output`:
 * a fix that turns the stage into an upscale or reframe, which do not number outputs, would break it.
 */
export function indexedReference(pipeline: PipelineSymbol, stage: StageSymbol): string | undefined {
  const refs = [...stage.consumers.map((edge) => edge.ref), ...pipeline.decl.outputs.flatMap((o) => o.refs).filter((ref) => ref.text === stage.name)];
  const indexed = refs.find((ref) => ref.index !== undefined && ref.index > 1);
  return indexed && `${indexed.text}[${indexed.index}]`;
}

/**
 * A draft-phase saving that keeps the deliverable: `key` becomes `draftValue` for the draft while
 * the final keeps `finalValue` in a `final { }` block. With `inPreset`, a value that a preset of
 * this file brings is changed in the preset, once, rather than overridden in every stage.
 */
export function draftOnly(text: string, stage: StageSymbol, key: string, draftValue: string, finalValue: string, inPreset = false): TextEdit[] | undefined {
  const preset = stage.settings.get(key)?.preset;
  const owner = inPreset && preset && !preset.path ? preset.decl : stage.decl;
  return setForDraft(text, owner, key, draftValue, finalValue);
}

/**
 * Sets `key: value` where the pipeline's current phase reads it: in the stage's block for that phase
 * when the block sets `key` (a shared value would not win over it), else on the stage.
 */
export function setInCurrentPhase(text: string, stage: StageSymbol, key: string, value: string): TextEdit | undefined {
  const block = [...stage.decl.phases].reverse().find((b) => b.keyword.text === stage.pipeline.mode && b.properties.some((p) => p.key.text === key && p.value));
  return setProperty(text, block ?? stage.decl, key, value);
}

/** Shared, not a new set per call: fixes name thousands of new stages in a storyboard. */
const noNames: ReadonlySet<string> = new Set();

/** A stage name the pipeline does not use (nor `alsoTaken`): `base`, else `base2`, `base3`… */
export function freeName(pipeline: PipelineSymbol, base: string, alsoTaken: ReadonlySet<string> = noNames): string {
  let name = base;
  for (let n = 2; pipeline.stages.has(name) || alsoTaken.has(name); n++) name = `${base}${n}`;
  return name;
}

/**
 * `priceVideo` and `priceImage`, remembered: a storyboard asks the same price of thousands of stages,
 * and each answer builds its basis text. One per rule run, made in `check`: prices follow the catalog,
 * which a workspace may change. An aspect is known by its text (`16:9` is always 16 by 9).
 */
export class Prices {
  private readonly videos = new Map<CatalogModel, Map<string, Priced>>();
  private readonly images = new Map<CatalogModel, Map<string, Priced>>();

  video(model: CatalogModel, request: VideoRequest): Priced {
    const key = `${request.seconds}|${request.resolution}|${request.audio}|${request.hdr}|${request.aspect ?? ""}|${request.fps ?? ""}`;
    return remembered(this.videos, model, key, () => priceVideo(model, request));
  }

  image(model: CatalogModel, resolution: string, aspect?: AspectValue, hdr = false, quality?: string): Priced {
    const key = `${resolution}|${aspect?.text ?? ""}|${hdr}|${quality ?? ""}`;
    return remembered(this.images, model, key, () => priceImage(model, resolution, aspect, hdr, quality));
  }
}

function remembered(byModel: Map<CatalogModel, Map<string, Priced>>, model: CatalogModel, key: string, price: () => Priced): Priced {
  let known = byModel.get(model);
  if (!known) byModel.set(model, (known = new Map()));
  let priced = known.get(key);
  if (!priced) known.set(key, (priced = price()));
  return priced;
}
