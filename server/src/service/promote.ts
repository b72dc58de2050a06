// "Promote to final": turn a draft pipeline into the one that makes the
// deliverables. Drafts are upscaled, not regenerated; images are regenerated
// natively at the final resolution, which comes out sharper than upscaling them.
import type { PipelineSymbol, StageSymbol } from "../analysis/model";
import { setting } from "../analysis/model";
import { videoLines } from "../analysis/values";
import type { Catalog } from "../catalog/catalog";
import { priceVideo } from "../cost/price";
import { formatDelta } from "../cost/format";
import { applyEdits, indentAt, setProperty } from "../rules/edits";
import type { TextEdit } from "../rules/rule";
import { checkDocument, CheckedDocument } from "./check";

export const FINAL_VIDEO_RESOLUTION = "1080p";
export const FINAL_IMAGE_RESOLUTION = "2k";

/** The cheapest upscale model that takes video and offers the final resolution. */
function upscaleModel(catalog: Catalog, seconds: number): string | undefined {
  let best: { id: string; usd: number } | undefined;
  for (const model of catalog.models) {
    if (model.kind !== "upscale" || model.lifecycle === "retired" || (model.inputs && !model.inputs.includes("video"))) continue;
    if (model.resolutions && !model.resolutions.includes(FINAL_VIDEO_RESOLUTION)) continue;
    const price = priceVideo(model, { seconds, resolution: FINAL_VIDEO_RESOLUTION, audio: false, hdr: false });
    if ("usd" in price && (!best || price.usd < best.usd)) best = { id: model.id, usd: price.usd };
  }
  return best?.id;
}

function freshName(pipeline: PipelineSymbol, base: string): string {
  let name = `${base}_final`;
  for (let i = 2; pipeline.stages.has(name); i++) name = `${base}_final${i}`;
  return name;
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

  for (const stage of pipeline.stageList) {
    if (stage.kind === "image") {
      const resolution = setting(stage, "resolution", "resolution")?.text;
      const offered = stage.model?.resolutions ?? (stage.model?.perImage ? Object.keys(stage.model.perImage) : undefined);
      if (resolution !== FINAL_IMAGE_RESOLUTION && (!offered || offered.includes(FINAL_IMAGE_RESOLUTION))) {
        const edit = setProperty(text, stage.decl, "resolution", FINAL_IMAGE_RESOLUTION);
        if (edit) edits.push(edit);
      }
    } else if (stage.kind === "video" && (videoLines(setting(stage, "resolution", "resolution")?.text ?? stage.model?.defaultResolution) ?? 0) < videoLines(FINAL_VIDEO_RESOLUTION)!) {
      edits.push(...upscaleDraft(document, pipeline, stage, catalog));
    }
  }
  return edits;
}

/** Adds `upscale <draft>_final` after a draft video and points what read the draft at it. */
function upscaleDraft(document: CheckedDocument, pipeline: PipelineSymbol, draft: StageSymbol, catalog: Catalog): TextEdit[] {
  // A draft already upscaled downstream is finished as it is.
  if (draft.consumers.some((edge) => edge.to.kind === "upscale")) return [];
  const readers = draft.consumers.filter((edge) => edge.property !== "over");
  const delivered = pipeline.decl.outputs.flatMap((o) => o.refs).filter((ref) => ref.text === draft.name);
  if (readers.length === 0 && delivered.length === 0) return [];
  const seconds = setting(draft, "duration", "duration")?.seconds ?? 5;
  const model = upscaleModel(catalog, seconds);
  const name = freshName(pipeline, draft.name);
  const indent = indentAt(document.text, draft.decl.span.start);
  const stage = `upscale ${name} { from: ${draft.name} resolution: ${FINAL_VIDEO_RESOLUTION}${model ? ` model: ${model}` : ""} }`;
  const edits: TextEdit[] = [{ span: { start: draft.decl.span.end, end: draft.decl.span.end }, newText: `\n${indent}${stage}` }];
  // Soundtracks laid `over:` the draft follow it to the upscale too.
  for (const edge of draft.consumers) edits.push({ span: { start: edge.ref.span.start, end: edge.ref.span.start + edge.ref.text.length }, newText: name });
  for (const ref of delivered) edits.push({ span: { start: ref.span.start, end: ref.span.start + ref.text.length }, newText: name });
  return edits;
}

/** The "Promote to final" refactoring for the pipeline whose header or `mode:` line holds `offset`. */
export function promoteAt(document: CheckedDocument, offset: number, catalog: Catalog): { title: string; edits: TextEdit[] } | undefined {
  for (const cost of document.costs) {
    const { pipeline } = cost;
    const mode = pipeline.decl.properties.find((p) => p.key.text === "mode");
    const header = { start: pipeline.decl.keyword.start, end: pipeline.decl.name?.span.end ?? pipeline.decl.keyword.end };
    const inside = (span: { start: number; end: number }) => offset >= span.start && offset <= span.end;
    if (!inside(header) && !(mode && inside(mode.span))) continue;
    const edits = promoteToFinal(document, pipeline, catalog);
    if (edits.length === 0) return undefined;
    const after = checkDocument(applyEdits(document.text, edits), document.options);
    const change = (after.costs.find((c) => c.pipeline.name === pipeline.name)?.usd ?? cost.usd) - cost.usd;
    return { title: `Promote to final (${formatDelta(change, document.settings)})`, edits };
  }
  return undefined;
}
