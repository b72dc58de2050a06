// Reframe instead of regenerate: a second video that differs from another only in `aspect`
// becomes a reframe of the first, which keeps the clip and costs a fraction of a new one.
import { PipelineSymbol, setting, StageSymbol, variationCount } from "../analysis/model";
import { booleanOf } from "../analysis/values";
import type { Catalog } from "../catalog/catalog";
import { forPipeline, nativeAudio, PipelineCost } from "../cost/estimate";
import type { CostSettings } from "../cost/format";
import { priceVideo } from "../cost/price";
import { rewriteStage } from "./edits";
import { active, indexedReference, isFirstOfName } from "./support";
import type { Fix, Rule } from "./rule";

/** The resolution a video renders at: its own, else its model's default. */
const resolutionOf = (stage: StageSymbol) => setting(stage, "resolution", "resolution")?.text ?? stage.model?.defaultResolution;

/** `start`/`end` as the stage and variation they name; undefined when written but not resolved. */
function frame(stage: StageSymbol, key: "start" | "end"): string | null | undefined {
  if (!stage.settings.has(key)) return null;
  const edge = stage.inputs.find((e) => e.property === key);
  return edge ? `${edge.from.name}[${edge.ref.index ?? "*"}]` : undefined;
}

/** Whether a video can be compared (`signature` tells it): a known model, a duration, and its frames resolved. */
const comparable = (stage: StageSymbol) =>
  !!stage.model && setting(stage, "duration", "duration") !== undefined && frame(stage, "start") !== undefined && frame(stage, "end") !== undefined;

/**
 * Everything that decides what a video stage generates except its aspect, from its effective settings
 * (presets included): two stages with the same signature make the same clip. Undefined when the stage
 * cannot be compared (unknown model, no duration, an unresolved frame).
 */
function signature(stage: StageSymbol): string | undefined {
  const seconds = setting(stage, "duration", "duration")?.seconds;
  const start = frame(stage, "start");
  const end = frame(stage, "end");
  if (!stage.model || seconds === undefined || start === undefined || end === undefined) return undefined;
  const text = (key: string) => setting(stage, key, "string")?.value ?? null;
  const hdr = setting(stage, "hdr", "word");
  return JSON.stringify([
    stage.model.id, text("prompt"), text("negative"), text("style"), start, end, seconds, resolutionOf(stage) ?? null,
    nativeAudio(stage), hdr ? booleanOf(hdr) : false, variationCount(stage), setting(stage, "seed", "number")?.value ?? null,
  ]);
}

/** The prompt, one part of the signature: most videos of a storyboard are told apart by it alone. */
const promptOf = (stage: StageSymbol) => setting(stage, "prompt", "string")?.value ?? null;

/** The first video of each signature, among the videos of one prompt: their signatures are written only once a second video has the prompt. */
interface SamePrompt {
  first: StageSymbol;
  bySignature?: Map<string, StageSymbol>;
}

interface Plan {
  fix?: Fix;
  /** Why there is no fix, said in the message. */
  why?: string;
  /** Generating the clip again is the cheaper choice: nothing to say. */
  regenerateIsCheaper?: boolean;
}

function plan(
  text: string, pipeline: PipelineSymbol, cost: PipelineCost | undefined, catalog: Catalog, settings: CostSettings,
  first: StageSymbol, second: StageSymbol, aspect: string,
): Plan {
  const takers = catalog.models.filter((m) => m.kind === "reframe" && active(m) && (!m.inputs || m.inputs.includes("video")));
  const offering = takers.filter((m) => !m.aspects || m.aspects.includes(aspect));
  if (offering.length === 0) return { why: `no reframe model in the catalog makes ${aspect} video` };
  const resolution = resolutionOf(first) ?? "default";
  const seconds = setting(first, "duration", "duration")!.seconds;
  const inputs = cost?.stages.get(first)?.outputs ?? 1;
  const priced = offering
    .filter((m) => !m.resolutions || resolution === "default" || m.resolutions.includes(resolution))
    .map((model) => ({ model, unit: priceVideo(model, { seconds, resolution, audio: false, hdr: false, aspect }) }))
    .flatMap(({ model, unit }) => ("usd" in unit ? [{ model, usd: unit.usd * inputs }] : []))
    .sort((a, b) => a.usd - b.usd);
  if (priced.length === 0) return { why: `no reframe model in the catalog takes ${resolution} video to ${aspect}` };
  const regenerate = cost?.stages.get(second);
  if (!regenerate?.unit || !("usd" in regenerate.unit)) return { why: `\`${second.name}\` has no price to compare a reframe with` };
  const best = priced[0];
  // A reframe bills at the input's resolution: with a cheap video model or at 1080p it can be the dearer choice.
  if (best.usd > regenerate.usd + 1e-9) return { regenerateIsCheaper: true };
  const indexed = indexedReference(pipeline, second);
  if (indexed) return { why: `\`${indexed}\` picks one of its variations, which a reframe does not number` };
  const edit = rewriteStage(text, second.decl, `reframe ${second.name}`, [`from: ${first.name}`, `aspect: ${aspect}`, `model: ${best.model.id}`]);
  if (!edit) return {};
  return { fix: { title: `Reframe \`${first.name}\` to ${aspect}`, edits: [edit] } };
}

export const reframeNotRegenerate: Rule = {
  id: "reframe-not-regenerate",
  principle: "Reframe instead of regenerate",
  description: "Two video stages differ only in `aspect`: the second should be a `reframe` of the first.",
  defaultSeverity: "warning",
  check({ text, analysis, costs, catalog, settings, report }) {
    for (const pipeline of analysis.model.pipelines) {
      const cost = forPipeline(costs, pipeline);
      // The first video of each signature; later ones with another aspect are reframes of it.
      const byPrompt = new Map<string | null, SamePrompt>();
      for (const stage of pipeline.stageList) {
        if (stage.kind !== "video" || !isFirstOfName(stage) || !comparable(stage)) continue;
        const prompt = promptOf(stage);
        const same = byPrompt.get(prompt);
        if (!same) {
          byPrompt.set(prompt, { first: stage });
          continue;
        }
        same.bySignature ??= new Map([[signature(same.first)!, same.first]]);
        const key = signature(stage)!;
        const first = same.bySignature.get(key);
        if (!first) {
          same.bySignature.set(key, stage);
          continue;
        }
        const aspect = setting(stage, "aspect", "aspect")?.text;
        const firstAspect = setting(first, "aspect", "aspect")?.text;
        if (!aspect || aspect === firstAspect) continue; // the same clip twice is another matter
        const { fix, why, regenerateIsCheaper } = plan(text, pipeline, cost, catalog, settings, first, stage, aspect);
        if (regenerateIsCheaper) continue;
        const written = stage.settings.get("aspect");
        report({
          message: `\`${stage.name}\` differs from \`${first.name}\` only in \`aspect\` (${aspect}${firstAspect ? ` against ${firstAspect}` : ""}): reframe \`${first.name}\` instead of generating the clip again${why ? `; no fix: ${why}` : ""}`,
          span: written && !written.preset ? written.value.span : stage.decl.name?.span ?? stage.decl.kind.span,
          fixes: fix ? [fix] : [],
        });
      }
    }
  },
};
