// "Promote to final": switch a pipeline to `mode: final` and, for stages that have no
// `final { }` block yet, say what the final makes, by the principles: a draft video is
// upscaled (cheaper than rendering it again) where an upscaler allows, else rendered again
// at the delivered resolution; a delivered still is regenerated natively at it (sharper
// than upscaling). A still that only fed drafts is not regenerated. Nothing is lowered.
import type { PipelineSymbol, StageSymbol } from "../analysis/model";
import { briefText, isOutput, setting } from "../analysis/model";
import { imageResolutions, videoResolutions } from "../analysis/schema";
import { videoLines } from "../analysis/values";
import type { Catalog, CatalogModel } from "../catalog/catalog";
import { forPipeline } from "../cost/estimate";
import { formatDelta } from "../cost/format";
import { priceVideo } from "../cost/price";
import { addProperty, applyEdits, indentAt } from "../rules/edits";
import type { TextEdit } from "../rules/rule";
import { finish, Steps } from "../analysis/steps";
import { rulesOff } from "./bestFix";
import { checkDocument, CheckedDocument, checkSteps } from "./check";

export const FINAL_VIDEO_RESOLUTION = "1080p";
export const FINAL_IMAGE_RESOLUTION = "2k";

/** The resolution the brief names for the deliverables ("a 4k poster"), for this media; else the default. */
export function deliveredResolution(pipeline: PipelineSymbol, media: "image" | "video"): string {
  const named = [...briefText(pipeline).matchAll(/\b(\d+[pk])\b/gi)].map((m) => m[1].toLowerCase());
  const fits = media === "video" ? videoResolutions : imageResolutions;
  return named.find((r) => fits.includes(r)) ?? (media === "video" ? FINAL_VIDEO_RESOLUTION : FINAL_IMAGE_RESOLUTION);
}

/** Image sizes compare by long side (`1k` 1024), so `2k` is above `1080p`; video by lines. */
function sizeOf(resolution: string | undefined, media: "image" | "video"): number {
  if (!resolution) return 0;
  const k = /^(\d+)k$/.exec(resolution);
  if (media === "image" && k) return Number(k[1]) * 1024;
  const p = /^(\d+)p$/.exec(resolution);
  if (media === "image" && p) return Math.round((Number(p[1]) * 16) / 9);
  return videoLines(resolution) ?? 0;
}

/** The cheapest upscale model that takes video and offers `resolution`. */
function upscaleModel(catalog: Catalog, seconds: number, resolution: string): string | undefined {
  let best: { id: string; usd: number } | undefined;
  for (const model of catalog.models) {
    if (model.kind !== "upscale" || model.lifecycle === "retired" || (model.inputs && !model.inputs.includes("video"))) continue;
    if (model.resolutions && !model.resolutions.includes(resolution)) continue;
    const price = priceVideo(model, { seconds, resolution, audio: false, hdr: false });
    if ("usd" in price && (!best || price.usd < best.usd)) best = { id: model.id, usd: price.usd };
  }
  return best?.id;
}

function freshName(pipeline: PipelineSymbol, base: string): string {
  let name = `${base}_final`;
  for (let i = 2; pipeline.stages.has(name); i++) name = `${base}_final${i}`;
  return name;
}

/** Whether the stage already says what its final makes: a `final { }` block of its own or from a preset. */
const finalSaid = (stage: StageSymbol) =>
  stage.decl.phases.some((block) => block.keyword.text === "final") || [...stage.phaseSettings.final.values()].some((s) => s.phase === "final");
const offers = (model: CatalogModel | undefined, resolution: string) => !model?.resolutions || model.resolutions.includes(resolution);
const delivered = (pipeline: PipelineSymbol, stage: StageSymbol) => isOutput(pipeline, stage);

/**
 * Who reads a clip for its pixels: the stages and outputs that need it at the delivered resolution.
 * Reframes and sequences are not among them: they take the low draft (a reframe is billed by its
 * input's resolution, and one upscale of a cut is cheaper than one per clip) and are finished themselves.
 */
function needsSharp(pipeline: PipelineSymbol, stage: StageSymbol): boolean {
  return delivered(pipeline, stage) || stage.consumers.some((e) => e.property !== "over" && !["reframe", "sequence", "upscale"].includes(e.to.kind ?? ""));
}

/** The edits that promote `pipeline`, or none when it is already final. */
export function promoteToFinal(document: CheckedDocument, pipeline: PipelineSymbol, catalog: Catalog): TextEdit[] {
  if (pipeline.mode === "final") return [];
  const { text } = document;
  const edits: TextEdit[] = [];
  const mode = [...pipeline.decl.properties].reverse().find((p) => p.key.text === "mode");
  if (mode?.value) edits.push({ span: mode.value.span, newText: "final" });
  else {
    const first = [...pipeline.decl.properties, ...pipeline.decl.stages].sort((a, b) => a.span.start - b.span.start)[0];
    if (!first) return [];
    edits.push({ span: { start: first.span.start, end: first.span.start }, newText: `mode: final\n${indentAt(text, first.span.start)}` });
  }

  const rendered = new Set<StageSymbol>(); // videos the final renders again
  const video = deliveredResolution(pipeline, "video");
  // What flows out of each stage in the final phase, as the estimate priced it.
  const flow = forPipeline(document.phases, pipeline)?.final.flow;
  for (const stage of pipeline.stageList) {
    if (stage.kind !== "video" && stage.kind !== "reframe" && stage.kind !== "sequence") continue;
    if (finalSaid(stage) || !needsSharp(pipeline, stage)) continue;
    const resolution = flow?.resolution.get(stage);
    if (!resolution || resolution === "default" || sizeOf(resolution, "video") >= sizeOf(video, "video")) continue;
    if (stage.consumers.some((edge) => edge.to.kind === "upscale")) continue; // already finished downstream
    const upscale = upscaleDraft(document, pipeline, stage, catalog, video, flow?.seconds.get(stage) ?? 5);
    if (upscale) edits.push(...upscale);
    else if (stage.kind === "video" && offers(stage.phaseModels.draft, video)) {
      const edit = addProperty(text, stage.decl, `final { resolution: ${video} }`, true);
      if (edit) edits.push(edit);
      rendered.add(stage);
    }
  }

  const image = deliveredResolution(pipeline, "image");
  for (const stage of pipeline.stageList) {
    if (stage.kind !== "image" || finalSaid(stage)) continue;
    // A still is regenerated when it is delivered, or starts a video the final renders again.
    const feedsFinal = stage.consumers.some((edge) => edge.to.kind === "keyframe"
      ? edge.to.consumers.some((next) => rendered.has(next.to))
      : rendered.has(edge.to));
    if (!delivered(pipeline, stage) && !feedsFinal) continue;
    const now = setting(stage, "resolution", "resolution", "final")?.text ?? stage.phaseModels.final?.defaultResolution;
    const model = stage.phaseModels.final;
    const priced = model?.resolutions ?? (model?.perImage ? Object.keys(model.perImage) : undefined);
    if (sizeOf(now, "image") >= sizeOf(image, "image") || (priced && !priced.includes(image))) continue;
    const edit = addProperty(text, stage.decl, `final { resolution: ${image} }`, true);
    if (edit) edits.push(edit);
  }
  return edits;
}

/** Adds `upscale <draft>_final` after a draft clip and points what read it at it; undefined when no upscaler fits. */
function upscaleDraft(
  document: CheckedDocument, pipeline: PipelineSymbol, draft: StageSymbol, catalog: Catalog, resolution: string, seconds: number,
): TextEdit[] | undefined {
  const model = upscaleModel(catalog, seconds, resolution);
  if (!model) return undefined;
  const name = freshName(pipeline, draft.name);
  const indent = indentAt(document.text, draft.decl.span.start);
  const stage = `upscale ${name} { from: ${draft.name} resolution: ${resolution} model: ${model} }`;
  const edits: TextEdit[] = [{ span: { start: draft.decl.span.end, end: draft.decl.span.end }, newText: `\n${indent}${stage}` }];
  // What reads the pixels, and soundtracks laid `over:` the draft, follow it to the upscale.
  const readers = draft.consumers.filter((e) => !["reframe", "sequence", "upscale"].includes(e.to.kind ?? ""));
  const refs = pipeline.decl.outputs.flatMap((o) => o.refs).filter((ref) => ref.text === draft.name);
  for (const ref of [...readers.map((e) => e.ref), ...refs]) edits.push({ span: { start: ref.span.start, end: ref.span.start + ref.text.length }, newText: name });
  return edits;
}

export interface Promotion {
  pipeline: string;
  /** The pipeline's place in the file (names may repeat). */
  index: number;
  edits: TextEdit[];
  /** The final phase before and after: what promoting changes in what the deliverables cost. */
  finalBeforeUsd: number;
  finalAfterUsd: number;
}

/** The promoted text is priced, not checked: the rules would find nothing the figure needs. */
const pricingOnly = (document: CheckedDocument) => ({ ...document.options, rules: rulesOff });

/** Promotes every pipeline of the document that is not final yet; the text after all of them. */
export function promoteDocument(document: CheckedDocument, catalog: Catalog): { promotions: Promotion[]; text: string } {
  const promotions: Promotion[] = [];
  document.phases.forEach((cost, index) => {
    const edits = promoteToFinal(document, cost.pipeline, catalog);
    if (edits.length > 0) promotions.push({ pipeline: cost.pipeline.name, index, edits, finalBeforeUsd: cost.final.usd, finalAfterUsd: cost.final.usd });
  });
  const text = applyEdits(document.text, promotions.flatMap((p) => p.edits));
  if (promotions.length === 0) return { promotions, text };
  // Promoting adds and changes stages, never pipelines: the i-th pipeline after is the i-th before.
  const after = checkDocument(text, pricingOnly(document));
  for (const promotion of promotions) {
    const cost = after.phases[promotion.index];
    if (cost) promotion.finalAfterUsd = cost.final.usd;
  }
  return { promotions, text };
}

/** "final phase +12 credits" */
export function finalChange(promotion: Promotion, document: CheckedDocument): string {
  const change = promotion.finalAfterUsd - promotion.finalBeforeUsd;
  return Math.abs(change) < 1e-9 ? "final phase unchanged" : `final phase ${formatDelta(change, document.settings)}`;
}

/** The "Promote to final" refactoring for the pipeline whose header or `mode:` line holds `offset`. */
export function promoteAt(document: CheckedDocument, offset: number, catalog: Catalog): { title: string; edits: TextEdit[] } | undefined {
  return finish(promoteAtSteps(document, offset, catalog));
}

/** `promoteAt`, yielding within the pricing of the promoted text. */
export function* promoteAtSteps(document: CheckedDocument, offset: number, catalog: Catalog): Steps<{ title: string; edits: TextEdit[] } | undefined> {
  for (const [index, cost] of document.phases.entries()) {
    const { pipeline } = cost;
    const mode = pipeline.decl.properties.find((p) => p.key.text === "mode");
    const header = { start: pipeline.decl.keyword.start, end: pipeline.decl.name?.span.end ?? pipeline.decl.keyword.end };
    const inside = (span: { start: number; end: number }) => offset >= span.start && offset <= span.end;
    if (!inside(header) && !(mode && inside(mode.span))) continue;
    const edits = promoteToFinal(document, pipeline, catalog);
    if (edits.length === 0) return undefined;
    const after = yield* checkSteps(applyEdits(document.text, edits), pricingOnly(document));
    const finalAfter = after.phases[index]?.final.usd ?? cost.final.usd;
    const promotion = { pipeline: pipeline.name, index, edits, finalBeforeUsd: cost.final.usd, finalAfterUsd: finalAfter };
    return { title: `Promote to final (${finalChange(promotion, document)})`, edits };
  }
  return undefined;
}
