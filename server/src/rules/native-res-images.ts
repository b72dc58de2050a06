// Draft low, finalize high: iterate on an image at low resolution, then generate the keeper
// natively at the size you need. An upscaled still is softer than a native one.
import { isOutput, mediaOf, setting, StageSymbol } from "../analysis/model";
import type { Catalog, CatalogModel } from "../catalog/catalog";
import { forPipeline, PipelineCost } from "../cost/estimate";
import { estimateWith } from "../cost/whatIf";
import { CostSettings, formatAmount } from "../cost/format";
import { priceImage } from "../cost/price";
import type { ResolutionValue, WordValue } from "../parser/ast";
import { overlapping, removeStage, setProperty } from "./edits";
import type { Fix, Rule, RuleReport, TextEdit } from "./rule";

/** Whether the model renders `resolution` itself: its `resolutions` list says so, or its price table names it. */
export function offersResolution(model: CatalogModel, resolution: string): boolean {
  if (model.resolutions) return model.resolutions.includes(resolution);
  return model.perImage !== undefined && Object.prototype.hasOwnProperty.call(model.perImage, resolution);
}

const fromEdge = (stage: StageSymbol) => stage.inputs.find((edge) => edge.property === "from");

/** The image stage a still comes from, through keyframes, reframes and upscales; undefined for a frame of a video. */
function originImage(stage: StageSymbol): StageSymbol | undefined {
  const seen = new Set<StageSymbol>();
  for (let current: StageSymbol | undefined = stage; current && !seen.has(current); current = fromEdge(current)?.from) {
    seen.add(current);
    if (current.kind === "image") return current;
    if (current.kind !== "keyframe" && current.kind !== "reframe" && current.kind !== "upscale") return undefined;
  }
  return undefined;
}

/** The cheapest active image model that renders `resolution` itself, to name when the stage's own model cannot. */
function nativeModel(catalog: Catalog, resolution: string, image: StageSymbol): { model: CatalogModel; usd: number } | undefined {
  let best: { model: CatalogModel; usd: number } | undefined;
  const aspect = setting(image, "aspect", "aspect");
  for (const model of catalog.models) {
    if (model.kind !== "image" || (model.lifecycle !== undefined && model.lifecycle !== "active") || !offersResolution(model, resolution)) continue;
    if (aspect && model.aspects && !model.aspects.includes(aspect.text)) continue;
    const priced = priceImage(model, resolution, aspect);
    if ("usd" in priced && (!best || priced.usd < best.usd)) best = { model, usd: priced.usd };
  }
  return best;
}

const refText = (name: string, index: number | undefined) => (index === undefined ? name : `${name}[${index}]`);

/**
 * The edits that generate `image` at `target` and drop `upscale`. What read the upscale reads the
 * image. When the upscale is an `output`, the image takes the upscale's name, so the deliverable
 * keeps its name; otherwise the image keeps its own.
 */
function nativeEdits(text: string, image: StageSymbol, upscale: StageSymbol, target: string): { edits: TextEdit[]; name: string } | undefined {
  const pipeline = image.pipeline;
  const from = fromEdge(upscale)!.ref;
  const resolution = setProperty(text, image.decl, "resolution", target);
  const removal = removeStage(text, upscale.decl);
  if (!resolution || !removal || !image.decl.name) return undefined;
  // A repeated name is a language error already, and a rename could not tell the stages apart.
  if (pipeline.stages.get(image.name) !== image || pipeline.stages.get(upscale.name) !== upscale) return undefined;
  const outputRefs = pipeline.decl.outputs.flatMap((o) => o.refs);
  const delivered = outputRefs.some((ref) => ref.text === upscale.name);
  const name = delivered ? upscale.name : image.name;
  const edits: TextEdit[] = [resolution, removal];
  const repoint = (ref: WordValue, text: string) => {
    if (text !== refText(ref.text, ref.index)) edits.push({ span: ref.span, newText: text });
  };
  // What took the upscale takes the image (the variation the upscale took, if it picked one).
  for (const edge of upscale.consumers) if (edge.to !== upscale) repoint(edge.ref, refText(name, from.index ?? edge.ref.index));
  for (const ref of outputRefs) if (ref.text === upscale.name) repoint(ref, refText(name, from.index ?? ref.index));
  if (delivered) {
    edits.push({ span: image.decl.name.span, newText: name });
    for (const edge of image.consumers) if (edge.to !== upscale) repoint(edge.ref, refText(name, edge.ref.index));
  }
  // Edits must not overlap (a reference inside the removed stage, a cycle): then there is no fix.
  if (overlapping(edits)) return undefined;
  return { edits, name };
}

interface Comparison {
  /** The image generated at the target, alone. */
  native: number;
  /** The image and the upscale as written. */
  both: number;
  /** Whether the whole pipeline costs more without the upscale and with the bigger image. */
  costsMore: boolean;
  missing?: string;
}

function compare(cost: PipelineCost, image: StageSymbol, upscale: StageSymbol, target: ResolutionValue, settings: CostSettings): Comparison {
  const whatIf = estimateWith(cost, image, "resolution", target, settings.creditsPerUsd);
  const imageCost = cost.stages.get(image);
  const upscaleCost = cost.stages.get(upscale);
  const native = whatIf.stages.get(image)?.usd ?? 0;
  const both = (imageCost?.usd ?? 0) + (upscaleCost?.usd ?? 0);
  const after = whatIf.usd - (whatIf.stages.get(upscale)?.usd ?? 0);
  const unpriced = [whatIf.stages.get(image), upscaleCost].find((c) => c?.unit && "missing" in c.unit);
  const missing = unpriced?.unit && "missing" in unpriced.unit ? `\`${unpriced.stage.name}\` has no price (${unpriced.unit.missing})` : undefined;
  return { native, both, costsMore: after > cost.usd + 1e-9, missing };
}

export const nativeResImages: Rule = {
  id: "native-res-images",
  principle: "Draft low, finalize high",
  description: "An `upscale` stage takes an image: regenerating it natively at the target resolution comes out sharper.",
  defaultSeverity: "warning",
  scope: "component",
  check({ text, analysis, costs, settings, catalog, only, report: reportAll }) {
    const amount = (usd: number) => formatAmount(usd, settings);
    for (const pipeline of analysis.model.pipelines) {
      const cost = forPipeline(costs, pipeline);
      for (const upscale of pipeline.stageList) {
        if (only && !only.has(upscale)) continue;
        const report = (finding: Omit<RuleReport, "stage">) => reportAll({ ...finding, stage: upscale });
        const edge = upscale.kind === "upscale" ? fromEdge(upscale) : undefined;
        const target = setting(upscale, "resolution", "resolution");
        if (!edge || !target || !upscale.decl.name || mediaOf(edge.from) !== "image") continue;
        const source = edge.from;
        // An upscale of an upscale: the first one carries the finding, and its fix brings this one back to the image.
        if (source.kind === "upscale") continue;
        const image = originImage(source);
        if (!image) continue; // a frame of a video: there is no image to generate natively

        const at = target.text;
        const head = (what: string) => `\`${upscale.name}\` upscales ${what} to ${at}; generating \`${image.name}\` at ${at} is sharper than upscaling`;
        const span = upscale.decl.name.span;
        const written = setting(image, "resolution", "resolution")?.text ?? image.model?.defaultResolution;
        const what = source === image
          ? `the image \`${image.name}\`${written ? ` from ${written}` : ""}`
          : `\`${source.name}\` (${source.kind === "keyframe" ? "a keyframe" : "a reframe"} of \`${image.name}\`)`;
        const model = image.model;
        if (model && !offersResolution(model, at)) {
          const other = nativeModel(catalog, at, image);
          const suggestion = other ? `: switch \`${image.name}\` to a model that does, like \`${other.model.id}\` (${amount(other.usd)} an image)` : "";
          report({ message: `${head(what)}, but \`${model.id}\` does not offer ${at}${suggestion}`, span });
          continue;
        }
        if (source !== image) {
          // The fix edits a plain image stage only; through a keyframe or a reframe the user rewires by hand.
          const then = source.kind === "keyframe" ? `take \`${source.name}\` from it` : "reframe it";
          report({ message: `${head(what)}: set its \`resolution: ${at}\`, ${then} and drop \`${upscale.name}\``, span });
          continue;
        }
        if (!model || !cost) {
          report({ message: head(what), span });
          continue;
        }
        if (isOutput(pipeline, image)) {
          report({ message: `${head(what)}, but \`${image.name}\` is also an \`output\` at its own size: generate the ${at} version in a stage of its own`, span });
          continue;
        }
        const { native, both, costsMore, missing } = compare(cost, image, upscale, target, settings);
        if (costsMore) {
          const why = missing ? `; the two cannot be compared while ${missing}` : `, but costs ${amount(native)} against ${amount(both)} for the image and its upscale`;
          report({ message: head(what) + why, span });
          continue;
        }
        const planned = nativeEdits(text, image, upscale, at);
        const price = missing ? "" : native < both - 1e-9 ? `, and costs ${amount(native)} against ${amount(both)} for the image and its upscale` : `, for the same ${amount(native)}`;
        const fixes: Fix[] = planned
          ? [{ title: `Generate \`${image.name}\` at ${at}${planned.name !== image.name ? ` as \`${planned.name}\`` : ""}`, edits: planned.edits }]
          : [];
        report({ message: `${head(what)}${price}: drop \`${upscale.name}\``, span, fixes });
      }
    }
  },
};
