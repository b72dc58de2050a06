// Draft low, finalize high: in a final pipeline, a high-resolution video that repeats a draft
// video's model, prompt and keyframe generates the approved clip again; upscale the draft instead.
import { PipelineSymbol, setting, StageSymbol, variationCount } from "../analysis/model";
import { booleanOf, videoLines } from "../analysis/values";
import type { Catalog } from "../catalog/catalog";
import { forPipeline, nativeAudio, PipelineCost } from "../cost/estimate";
import { CostSettings, formatAmount } from "../cost/format";
import { priceVideo } from "../cost/price";
import { rewriteStage } from "./edits";
import { active, indexedReference } from "./support";
import type { Fix, Rule } from "./rule";

/** The highest resolution a draft video renders at. */
export const DRAFT_MAX_LINES = 540;

/** The resolution a video renders at: its own, else its model's default. */
const resolutionOf = (stage: StageSymbol) => setting(stage, "resolution", "resolution")?.text ?? stage.model?.defaultResolution;


/** `start`/`end` as the stage and variation they name; null when absent, undefined when not resolved. */
function frame(stage: StageSymbol, key: "start" | "end"): string | null | undefined {
  if (!stage.settings.has(key)) return null;
  const edge = stage.inputs.find((e) => e.property === key);
  return edge ? `${edge.from.name}[${edge.ref.index ?? "*"}]` : undefined;
}

/** What makes a final video a repeat of a draft: the same model, prompt and start keyframe. */
function repeatKey(stage: StageSymbol): string | undefined {
  const start = frame(stage, "start");
  if (!stage.model || !start) return undefined;
  return JSON.stringify([stage.model.id, setting(stage, "prompt", "string")?.value ?? null, start]);
}

/** The other settings an upscale of the draft keeps from it: where the two differ, it would not be the same clip. */
function differences(final: StageSymbol, draft: StageSymbol): string[] {
  const text = (stage: StageSymbol, key: string) => setting(stage, key, "string")?.value;
  const hdr = (stage: StageSymbol) => { const v = setting(stage, "hdr", "word"); return v ? booleanOf(v) : false; };
  const checks: [string, (s: StageSymbol) => unknown][] = [
    ["duration", (s) => setting(s, "duration", "duration")?.seconds],
    ["aspect", (s) => setting(s, "aspect", "aspect")?.text],
    ["end", (s) => frame(s, "end")],
    ["negative", (s) => text(s, "negative")],
    ["style", (s) => text(s, "style")],
    ["audio", (s) => nativeAudio(s)],
    ["hdr", hdr],
    ["count", (s) => variationCount(s)],
  ];
  return checks.filter(([, read]) => read(final) !== read(draft)).map(([key]) => `\`${key}\``);
}

const listed = (items: string[]) => (items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`);

interface Plan {
  fix?: Fix;
  why?: string;
}

function plan(
  text: string, pipeline: PipelineSymbol, cost: PipelineCost | undefined, catalog: Catalog, settings: CostSettings,
  final: StageSymbol, draft: StageSymbol, resolution: string,
): Plan {
  const differ = differences(final, draft);
  if (differ.length > 0) return { why: `it differs from \`${draft.name}\` in ${listed(differ)}, so an upscale of the draft would not be the same clip` };
  const seconds = setting(draft, "duration", "duration")?.seconds;
  if (seconds === undefined) return {};
  const fitting = catalog.models.filter((m) => m.kind === "upscale" && active(m) && (!m.inputs || m.inputs.includes("video")) && (!m.resolutions || m.resolutions.includes(resolution)));
  const inputs = cost?.stages.get(draft)?.outputs ?? 1;
  const priced = fitting
    .map((model) => ({ model, unit: priceVideo(model, { seconds, resolution, audio: false, hdr: false }) }))
    .flatMap(({ model, unit }) => ("usd" in unit ? [{ model, usd: unit.usd * inputs }] : []))
    .sort((a, b) => a.usd - b.usd);
  if (priced.length === 0) return { why: `no upscale model in the catalog makes ${resolution} video` };
  const regenerate = cost?.stages.get(final);
  if (!regenerate?.unit || !("usd" in regenerate.unit)) return { why: `\`${final.name}\` has no price to compare an upscale with` };
  const best = priced[0];
  if (best.usd > regenerate.usd + 1e-9) {
    return { why: `upscaling with \`${best.model.id}\` would cost ${formatAmount(best.usd, settings)}, more than generating it (${formatAmount(regenerate.usd, settings)})` };
  }
  const indexed = indexedReference(pipeline, final);
  if (indexed) return { why: `\`${indexed}\` picks one of its variations, which an upscale does not number` };
  const edit = rewriteStage(text, final.decl, `upscale ${final.name}`, [`from: ${draft.name}`, `resolution: ${resolution}`, `model: ${best.model.id}`]);
  return edit ? { fix: { title: `Upscale \`${draft.name}\` instead`, edits: [edit] } } : {};
}

export const upscaleDraft: Rule = {
  id: "upscale-draft",
  principle: "Draft low, finalize high",
  description: "In `mode: final`, a high-resolution video repeats a draft video's prompt and keyframe: upscale the draft instead.",
  defaultSeverity: "warning",
  check({ text, analysis, costs, catalog, settings, report }) {
    for (const pipeline of analysis.model.pipelines) {
      if (pipeline.mode !== "final") continue;
      const cost = forPipeline(costs, pipeline);
      const videos = pipeline.stageList.filter((s) => s.kind === "video" && pipeline.stages.get(s.name) === s);
      const drafts = new Map<string, StageSymbol[]>();
      for (const stage of videos) {
        const lines = videoLines(resolutionOf(stage));
        const key = repeatKey(stage);
        if (lines === undefined || key === undefined || lines > DRAFT_MAX_LINES) continue;
        drafts.set(key, [...(drafts.get(key) ?? []), stage]);
      }
      for (const stage of videos) {
        const resolution = resolutionOf(stage);
        const lines = videoLines(resolution);
        const key = repeatKey(stage);
        if (!resolution || lines === undefined || key === undefined || lines <= DRAFT_MAX_LINES) continue;
        const matches = drafts.get(key);
        if (!matches) continue;
        // The draft the final repeats most closely: one an upscale can replace it with, if any.
        const draft = matches.find((d) => differences(stage, d).length === 0) ?? matches[0];
        const { fix, why } = plan(text, pipeline, cost, catalog, settings, stage, draft, resolution);
        const written = stage.settings.get("resolution");
        report({
          message: `\`${stage.name}\` generates at ${resolution} the clip the ${resolutionOf(draft)} draft \`${draft.name}\` already makes (same model, prompt and keyframe): upscale the draft instead${why ? `; no fix: ${why}` : ""}`,
          span: written && !written.preset ? written.value.span : stage.decl.name?.span ?? stage.decl.kind.span,
          fixes: fix ? [fix] : [],
        });
      }
    }
  },
};
