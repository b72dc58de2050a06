// Match the model to the job: in draft mode, the cheaper sibling of a model
// (same family, same job) when it does everything the stage asks for less.
import { mediaOf, setting, StageSymbol } from "../analysis/model";
import { booleanOf, isPixelSize, resolutionsFor } from "../analysis/values";
import type { CatalogModel, DurationRange } from "../catalog/catalog";
import { forPipeline, StageCost } from "../cost/estimate";
import { formatAmount } from "../cost/format";
import { Priced, priceAudio } from "../cost/price";
import type { TextEdit } from "./rule";
import { draftOnly, fromPreset, Prices, stageSettingSpan } from "./support";
import { addProperty, joinInsertions, sortedByStart } from "./edits";
import type { Rule } from "./rule";

function durationAllowed(seconds: number, durations: number[] | DurationRange): boolean {
  if (Array.isArray(durations)) return durations.includes(seconds);
  const step = durations.step ?? 1;
  return seconds >= durations.min && seconds <= durations.max && Math.abs(((seconds - durations.min) / step) % 1) < 1e-9;
}

/** Whether a video stage makes native audio with `model`: as the cost model decides it. */
function audioWith(stage: StageSymbol, model: CatalogModel): boolean {
  if (model.nativeAudio === "always") return true;
  if (model.nativeAudio === "none") return false;
  const written = setting(stage, "audio", "word");
  return written ? booleanOf(written) : model.audioDefault ?? false;
}

/** The resolution flowing out of a stage, as the estimate follows it along `from:`. */
function flowResolution(stage: StageSymbol): string {
  const seen = new Set<StageSymbol>();
  for (let current: StageSymbol | undefined = stage; current && !seen.has(current); current = current.inputs.find((e) => e.property === "from")?.from) {
    seen.add(current);
    const own = setting(current, "resolution", "resolution")?.text ?? current.model?.defaultResolution;
    if (own) return own;
  }
  return "default";
}

/** The video an upscale or reframe derives from, following `from:`. */
function sourceVideo(stage: StageSymbol): StageSymbol | undefined {
  const seen = new Set<StageSymbol>();
  for (let current = stage.inputs.find((e) => e.property === "from")?.from; current && !seen.has(current); current = current.inputs.find((e) => e.property === "from")?.from) {
    seen.add(current);
    if (current.kind === "video") return current;
    if (current.kind !== "upscale" && current.kind !== "reframe") return undefined;
  }
  return undefined;
}

/**
 * One generation of the stage with `model`, priced as the estimate prices it (`resolution` is the stage's,
 * after the fix; `fps` the frame rate of the video it upscales or reframes, for models billed per frame).
 */
function unitWith(prices: Prices, stage: StageSymbol, model: CatalogModel, resolution: string | undefined, audio: boolean, fps: number | undefined): Priced | undefined {
  const hdr = setting(stage, "hdr", "word");
  const isHdr = hdr ? booleanOf(hdr) : false;
  const aspect = setting(stage, "aspect", "aspect");
  const own = resolution ?? model.defaultResolution ?? "default";
  switch (stage.kind) {
    case "image":
      // A model without the stage's quality tier has no price here, so it is not suggested.
      return prices.image(model, own, aspect, isHdr, setting(stage, "quality", "word")?.text);
    case "video": {
      const seconds = setting(stage, "duration", "duration")?.seconds;
      return seconds === undefined ? undefined : prices.video(model, { seconds, resolution: own, audio, hdr: isHdr, aspect: aspect?.text });
    }
    case "upscale":
    case "reframe": {
      const source = stage.inputs.find((e) => e.property === "from")?.from;
      if (!source) return undefined;
      const target = stage.kind === "upscale" ? own : flowResolution(source);
      if (mediaOf(source) === "image") return prices.image(model, target, aspect);
      const video = sourceVideo(stage);
      const seconds = video && setting(video, "duration", "duration")?.seconds;
      return seconds === undefined ? undefined : prices.video(model, { seconds, resolution: target, audio: false, hdr: false, aspect: aspect?.text, fps });
    }
    case "audio": {
      const text = setting(stage, "text", "string")?.value;
      const seconds = setting(stage, "duration", "duration")?.seconds;
      return priceAudio(model, { characters: text === undefined ? undefined : [...text].length, seconds });
    }
    default:
      return undefined;
  }
}

interface Switch {
  /** A resolution to write so the stage keeps rendering at its model's default. */
  keepResolution?: string;
}

/**
 * Whether `sibling` can take the stage as it is: same kind, every setting the stage uses
 * (resolution, duration, aspect, native audio, HDR, audio kind, input media, start frame),
 * and the same native audio and rendered resolution. Undefined when it cannot.
 */
function canSwitch(stage: StageSymbol, model: CatalogModel, sibling: CatalogModel, audioNow: boolean | undefined): Switch | undefined {
  if (sibling.kind !== model.kind || sibling.lifecycle === "deprecated" || sibling.lifecycle === "retired") return undefined;
  const source = stage.inputs.find((e) => e.property === "from")?.from;
  const media = stage.kind === "image" ? "image" : stage.kind === "video" ? "video" : source && mediaOf(source);
  const result: Switch = {};

  // A resolution the sibling takes without a new error: one it lists, or a usual one for the media when it lists none.
  const takes = (r: string) => sibling.resolutions
    ? sibling.resolutions.includes(r)
    : (media === "image" || media === "video") && (resolutionsFor(media).includes(r) || (media === "image" && isPixelSize(r)));
  const resolution = setting(stage, "resolution", "resolution")?.text;
  if (resolution) {
    if (!takes(resolution)) return undefined;
  } else if ((stage.kind === "image" || stage.kind === "video") && model.defaultResolution !== sibling.defaultResolution) {
    // The stage renders at its model's default: the sibling must render there too, written out.
    const keep = model.defaultResolution;
    if (!keep || !takes(keep)) return undefined;
    result.keepResolution = keep;
  } else if (stage.kind === "reframe" && model.defaultResolution !== sibling.defaultResolution) {
    // What a reframe passes on follows its model's default; a reframe takes no `resolution:` to keep it.
    return undefined;
  }
  const seconds = setting(stage, "duration", "duration")?.seconds;
  if (seconds !== undefined && sibling.durations && !durationAllowed(seconds, sibling.durations)) return undefined;
  const aspect = setting(stage, "aspect", "aspect")?.text;
  if (aspect && sibling.aspects && !sibling.aspects.includes(aspect)) return undefined;

  if (stage.kind === "video") {
    // Audio on needs a sibling that makes it; audio off, one that can leave it out. Either way the soundtrack stays as it is.
    if (audioNow === undefined || audioWith(stage, sibling) !== audioNow) return undefined;
    const hdr = setting(stage, "hdr", "word");
    if (hdr && booleanOf(hdr) && model.hdrMultiplier !== undefined && sibling.hdrMultiplier === undefined) return undefined;
    if (sibling.requiresStartFrame && !stage.settings.has("start")) return undefined;
  }
  if (stage.kind === "audio") {
    const kind = setting(stage, "kind", "word")?.text;
    if (kind && sibling.audioKinds && !sibling.audioKinds.includes(kind as never)) return undefined;
  }
  if ((stage.kind === "upscale" || stage.kind === "reframe") && sibling.inputs) {
    if (media !== "image" && media !== "video") return undefined;
    if (!sibling.inputs.includes(media)) return undefined;
  }
  return result;
}

export const cheaperModel: Rule = {
  id: "cheaper-model",
  principle: "Match the model to the job",
  description: "In draft mode, a model has a cheaper sibling that supports every setting the stage uses.",
  defaultSeverity: "info",
  scope: "component",
  check({ text, analysis, costs, catalog, settings, only, report }) {
    const prices = new Prices();
    for (const pipeline of analysis.model.pipelines) {
      if (pipeline.mode !== "draft") continue;
      const cost = forPipeline(costs, pipeline);
      for (const stage of pipeline.stageList) {
        const model = stage.model;
        if (!model?.cheaper || !stage.kind || stage.kind === "keyframe" || model.kind !== stage.kind || (only && !only.has(stage))) continue;
        const now: StageCost | undefined = cost?.stages.get(stage);
        if (!now?.unit || !("usd" in now.unit)) continue;
        // Down the family while each model still supports every setting: the cheapest of them, so one switch is enough.
        const chain: CatalogModel[] = [];
        let best: { model: CatalogModel; change: Switch; usd: number } | undefined;
        for (let next = catalog.get(model.cheaper); next && next !== model && !chain.includes(next); next = next.cheaper ? catalog.get(next.cheaper) : undefined) {
          chain.push(next);
          const change = canSwitch(stage, model, next, now.audio);
          if (!change) break;
          const unit = unitWith(prices, stage, next, change.keepResolution ?? setting(stage, "resolution", "resolution")?.text, now.audio ?? false, cost?.flow.fps.get(stage));
          if (!unit || !("usd" in unit)) break;
          const usd = Math.round(unit.usd * now.generations * 1e9) / 1e9;
          if (!best || usd < best.usd - 1e-9) best = { model: next, change, usd };
        }
        if (!best || !(best.usd < now.usd - 1e-9)) continue;
        const { model: sibling, change, usd: cheaper } = best;
        const via = chain.slice(0, chain.indexOf(sibling));

        // The draft switches; the final keeps the model (in `final { }`), so the deliverable is the same.
        const edits: TextEdit[] = [...draftOnly(text, stage, "model", sibling.id, model.id) ?? []];
        if (edits.length > 0 && change.keepResolution) {
          const keep = addProperty(text, stage.decl, `resolution: ${change.keepResolution}`);
          if (keep) edits.unshift(keep);
          else edits.length = 0;
        }
        const amount = (usd: number) => formatAmount(usd, settings);
        const kept = change.keepResolution ? ` (at ${change.keepResolution}, \`${model.id}\`'s default)` : "";
        report({
          message: `\`${stage.name}\` drafts with \`${model.id}\`${fromPreset(stage, "model")} for ${amount(now.usd)}; ` +
            (via.length === 0
              ? `its cheaper sibling \`${sibling.id}\``
              : `\`${sibling.id}\`, further down its family (after ${via.map((m) => `\`${m.id}\``).join(", ")}),`) +
            ` supports every setting used here and costs ${amount(cheaper)}${kept}`,
          span: stageSettingSpan(stage, "model"),
          fixes: edits.length > 0 ? [{ title: `Draft with \`${sibling.id}\`, keep \`${model.id}\` for the final`, edits: joinInsertions(sortedByStart(edits)) }] : [],
          stage,
        });
      }
    }
  },
};
