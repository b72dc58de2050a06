// Draft low, finalize high: in draft mode, videos render at 540p and images at 1k
// (or the thresholds the workspace sets); the good draft is upscaled or regenerated later.
import type { StageSymbol } from "../analysis/model";
import { setting } from "../analysis/model";
import { imageResolutions, videoResolutions } from "../analysis/schema";
import { isPixelSize, resolutionsFor } from "../analysis/values";
import type { CatalogModel } from "../catalog/catalog";
import { forPipeline, PipelineCost } from "../cost/estimate";
import { whatIfCost } from "../cost/whatIf";
import type { Span } from "../parser/ast";
import { draftOnly, fromPreset, stageSettingSpan } from "./support";
import type { Fix, Rule, RuleContext } from "./rule";

type Media = "image" | "video";

export const DEFAULT_THRESHOLDS: Record<Media, string> = { video: "540p", image: "1k" };

/** A threshold from the rule's options when it is a resolution of that media, else the default. */
function thresholdOf(options: Record<string, unknown>, media: Media): string {
  const value = options[media];
  if (typeof value !== "string") return DEFAULT_THRESHOLDS[media];
  const text = value.trim();
  const valid = media === "video"
    ? videoResolutions.includes(text)
    : resolutionsFor("image").includes(text) || imageResolutions.includes(text) || (isPixelSize(text) && !/(^|x)0+(x|$)/.test(text));
  return valid ? text : DEFAULT_THRESHOLDS[media];
}

/** The stage's shape as width / height: its `aspect`, else the shape of a `WxH` resolution, else 16:9. */
function shapeOf(stage: StageSymbol, resolution: string): number {
  const aspect = setting(stage, "aspect", "aspect");
  if (aspect && aspect.width > 0 && aspect.height > 0) return aspect.width / aspect.height;
  const size = /^(\d+)x(\d+)$/.exec(resolution);
  if (size && Number(size[1]) > 0 && Number(size[2]) > 0) return Number(size[1]) / Number(size[2]);
  return 16 / 9;
}

/**
 * Pixels in a frame, so that resolutions of different notations compare: `540p` is 540 lines,
 * `4k` video is 2160 lines (`2k` 1080), `2k` images are 2048 px on the long side, `WxH` is W×H.
 * Lines and long sides are shaped by the stage's aspect ratio (16:9 when none).
 */
export function pixelsOf(resolution: string, media: Media, shape: number): number | undefined {
  const ratio = Math.max(shape, 1 / shape);
  const size = /^(\d+)x(\d+)$/.exec(resolution);
  if (size) return Number(size[1]) * Number(size[2]);
  const p = /^(\d+)p$/.exec(resolution);
  if (p) return Number(p[1]) ** 2 * ratio;
  const k = /^(\d+)k$/.exec(resolution);
  if (k) return media === "video" ? (540 * Number(k[1])) ** 2 * ratio : (1024 * Number(k[1])) ** 2 / ratio;
  return undefined;
}

const above = (a: number, b: number) => a > b * (1 + 1e-9);

/** A resolution the model may be given without a new error: one it lists, or one of the media's usual ones when it lists none. */
function offered(model: CatalogModel, media: Media, resolution: string): boolean {
  if (model.resolutions) return model.resolutions.includes(resolution);
  return resolutionsFor(media).includes(resolution) || (media === "image" && isPixelSize(resolution));
}

/** A `WxH` size keeps the stage's shape; other notations take the stage's aspect as they are. */
function sameShape(resolution: string, shape: number): boolean {
  const size = /^(\d+)x(\d+)$/.exec(resolution);
  if (!size) return true;
  return Math.abs(Number(size[1]) / Number(size[2]) / shape - 1) < 0.01;
}

interface Effective {
  resolution: string;
  /** Why the stage renders at it, for the message: " (from preset `hd`)", " (`ray-3.2`'s default)". */
  origin: string;
  span: Span;
}

function effectiveResolution(stage: StageSymbol): Effective | undefined {
  const written = stage.settings.get("resolution");
  if (written) {
    if (written.value.type !== "resolution") return undefined;
    return { resolution: written.value.text, origin: fromPreset(stage, "resolution"), span: stageSettingSpan(stage, "resolution") };
  }
  // A resolution written but dropped as invalid is already an error; the model's default does not apply to it.
  if (stage.decl.properties.some((p) => p.key.text === "resolution")) return undefined;
  const fallback = stage.model?.defaultResolution;
  if (!fallback) return undefined;
  return { resolution: fallback, origin: ` (\`${stage.model!.id}\`'s default)`, span: stage.decl.name?.span ?? stage.decl.kind.span };
}

/** Why a lower resolution cannot be offered as a fix: it would leave a stage unpriced or raise the estimate. */
function costProblem(context: RuleContext, stage: StageSymbol, cost: PipelineCost | undefined, resolution: string): string | undefined {
  if (!cost) return undefined;
  const whatIf = whatIfCost(stage, cost, context.settings.creditsPerUsd, "resolution", { type: "resolution", text: resolution, span: { start: 0, end: 0 } });
  if (!whatIf) return "the estimate could not be checked";
  if (whatIf.newlyUnpriced > 0) return stage.model ? `\`${stage.model.id}\` has no published price at ${resolution}` : `a stage would have no price with \`${stage.name}\` at ${resolution}`;
  if (whatIf.savedUsd < -1e-9) return stage.model ? `\`${stage.model.id}\` costs more at ${resolution}` : `the pipeline costs more with \`${stage.name}\` at ${resolution}`;
  return undefined;
}

export const draftLowRes: Rule = {
  id: "draft-low-res",
  principle: "Draft low, finalize high",
  description: "In `mode: draft`, a video above 540p or an image above 1k (thresholds configurable).",
  defaultSeverity: "warning",
  scope: "component",
  check(context) {
    const { text, analysis, costs, options, only, report } = context;
    for (const pipeline of analysis.model.pipelines) {
      if (pipeline.mode !== "draft") continue;
      const cost = forPipeline(costs, pipeline);
      for (const stage of pipeline.stageList) {
        // Upscales and reframes finalize a draft; they are not drafts themselves.
        if ((stage.kind !== "image" && stage.kind !== "video") || (only && !only.has(stage))) continue;
        const media: Media = stage.kind;
        const current = effectiveResolution(stage);
        if (!current) continue;
        const threshold = thresholdOf(options, media);
        const shape = shapeOf(stage, current.resolution);
        const size = (resolution: string) => pixelsOf(resolution, media, shape);
        const now = size(current.resolution);
        const limit = size(threshold);
        if (now === undefined || limit === undefined || !above(now, limit)) continue;

        const base = `\`${stage.name}\` renders at ${current.resolution}${current.origin} in draft mode`;
        const model = stage.model;
        let target: string | undefined;
        let message: string;
        if (!model || offered(model, media, threshold)) {
          target = threshold;
          message = `${base}; draft at ${threshold}`;
        } else {
          // The model does not offer the threshold: the closest size it offers at or below it, in the stage's shape.
          const lower = (model.resolutions ?? [])
            .filter((r) => offered(model, media, r) && sameShape(r, shape))
            .map((r) => ({ r, px: size(r) }))
            .filter((c): c is { r: string; px: number } => c.px !== undefined && above(now, c.px))
            .sort((a, b) => b.px - a.px);
          const fitting = lower.find((c) => !above(c.px, limit));
          if (fitting) {
            target = fitting.r;
            message = `${base}; draft at ${fitting.r}, the closest to ${threshold} that \`${model.id}\` offers`;
          } else if (lower.length > 0) {
            // Lowering to its smallest size would still be above the threshold: only another model drafts that low.
            const lowest = lower[lower.length - 1].r;
            message = `${base}; draft at ${threshold} with a model that offers it: \`${model.id}\` renders no lower than ${lowest}`;
          } else {
            message = `${base}; draft at ${threshold} with a model that offers it: \`${model.id}\` offers nothing lower${lowerShapesNote(model, media, shape, now, size)}`;
          }
        }

        const fixes: Fix[] = [];
        if (target) {
          const problem = costProblem(context, stage, cost, target);
          // The final keeps the resolution the stage renders at now.
          const edits = problem ? undefined : draftOnly(text, stage, "resolution", target, current.resolution, true);
          if (problem) message += `; no quick fix: ${problem}`;
          if (edits) fixes.push({ title: `Draft at ${target}, keep ${current.resolution} for the final`, edits });
        }
        report({ message, span: current.span, fixes, stage });
      }
    }
  },
};

/** When smaller sizes exist only in other shapes (`1024x1024` for a `1536x1024` image), say so. */
function lowerShapesNote(model: CatalogModel, media: Media, shape: number, now: number, size: (r: string) => number | undefined): string {
  const others = (model.resolutions ?? []).filter((r) => !sameShape(r, shape) && offered(model, media, r) && (size(r) ?? Infinity) < now);
  return others.length > 0 ? ` in this shape (${others.join(", ")} would change the framing)` : "";
}
