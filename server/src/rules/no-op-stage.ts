// Know what costs: an upscale to a resolution no higher than its input's, or a reframe to the
// aspect its input already has, is billed and changes nothing. Remove it; what read it reads its input.
import { mediaOf, PipelineSymbol, setting, StageEdge, StageSymbol } from "../analysis/model";
import type { Phase } from "../analysis/schema";
import { videoLines } from "../analysis/values";
import { connectedTo, downstreamOf } from "../analysis/graph";
import { estimatePipeline, forPipeline, inputsFirst } from "../cost/estimate";
import { rewiredDownstream } from "../cost/whatIf";
import { formatAmount } from "../cost/format";
import type { PhasedCost } from "../cost/phases";
import { overlapping, removeStage } from "./edits";
import type { Fix, Rule } from "./rule";
import { isFirstOfName, phasesAlike, stageSettingSpan } from "./support";

interface Ratio {
  width: number;
  height: number;
}

/** What flows out of a stage: its resolution and aspect, when they can be told. */
interface Flow {
  resolution?: string;
  /** The model whose default the resolution is (`ray-3.2`), for the message. */
  defaultOf?: string;
  aspect?: Ratio;
  /** Where the aspect was set: a stage upstream, or a `WxH` size. */
  aspectFrom?: { stage: StageSymbol; size?: string };
}

/** A ratio with both sides above 0; a zero side is an error already and says no shape. */
const shape = (ratio: Ratio | undefined) => (ratio && ratio.width > 0 && ratio.height > 0 ? ratio : undefined);
const sizeOf = (resolution: string | undefined) => {
  const size = resolution && /^(\d+)x(\d+)$/.exec(resolution);
  return size ? shape({ width: Number(size[1]), height: Number(size[2]) }) : undefined;
};
const sameRatio = (a: Ratio, b: Ratio) => a.width * b.height === b.width * a.height;
const fromEdge = (stage: StageSymbol) => stage.inputs.find((edge) => edge.property === "from" && edge.from !== stage);
const bothPhases: Phase[] = ["draft", "final"];
const refText = (name: string, index: number | undefined) => (index === undefined ? name : `${name}[${index}]`);

/** What flows out of every stage in one phase, `order` inputs first: iterative, so long chains are fine. */
function flows(order: readonly StageSymbol[], phase: Phase): Map<StageSymbol, Flow> {
  const out = new Map<StageSymbol, Flow>();
  for (const stage of order) {
    const from = fromEdge(stage);
    const input: Flow = (from && out.get(from.from)) ?? {};
    const ownResolution = setting(stage, "resolution", "resolution", phase)?.text;
    const ownAspect = shape(setting(stage, "aspect", "aspect", phase));
    let flow: Flow = {};
    if (stage.kind === "image" || stage.kind === "video") {
      const model = stage.phaseModels[phase];
      const resolution = ownResolution ?? model?.defaultResolution;
      const size = sizeOf(resolution);
      flow = { resolution, defaultOf: ownResolution ? undefined : model?.id, aspect: ownAspect ?? size, aspectFrom: { stage, size: ownAspect ? undefined : resolution } };
    } else if (stage.kind === "keyframe") {
      flow = { ...input, defaultOf: undefined };
    } else if (stage.kind === "upscale") {
      // An upscale keeps its input's aspect; a `WxH` target says it when the input does not.
      const size = input.aspect ? undefined : sizeOf(ownResolution);
      flow = { resolution: ownResolution ?? input.resolution, aspect: input.aspect ?? size, aspectFrom: size ? { stage, size: ownResolution } : input.aspectFrom };
    } else if (stage.kind === "reframe") {
      // A reframe keeps its input's resolution, but a `WxH` size no longer fits another aspect.
      const size = sizeOf(input.resolution);
      const fits = !size || !ownAspect || sameRatio(size, ownAspect);
      flow = { resolution: fits ? input.resolution : undefined, aspect: ownAspect, aspectFrom: { stage } };
    } else if (stage.kind === "sequence") {
      // As sharp as its sharpest clip, if every clip's sharpness is known; one aspect if all share it.
      const clips = stage.inputs.filter((edge) => edge.property === "clips" && edge.from !== stage).map((edge) => out.get(edge.from) ?? {});
      const sharpest = clips.reduce<Flow | undefined>((best, clip) => (best && (videoLines(clip.resolution) ?? 0) > (videoLines(best.resolution) ?? 0) ? clip : best), clips[0]);
      if (clips.every((clip) => videoLines(clip.resolution) !== undefined)) flow.resolution = sharpest?.resolution;
      const first = clips[0]?.aspect;
      if (first && clips.every((clip) => clip.aspect && sameRatio(clip.aspect, first))) flow = { ...flow, aspect: first, aspectFrom: clips[0].aspectFrom };
    }
    out.set(stage, flow);
  }
  return out;
}

/** What flows out of every stage in each phase checked; worked out once when the phases are one. */
/** Each checked phase's flows, of the pipeline or of `only` and what they read. */
function flowsByPhase(pipeline: PipelineSymbol, checked: Phase[], only?: ReadonlySet<StageSymbol>): Map<Phase, Map<StageSymbol, Flow>> {
  const order = inputsFirst(only ? { ...pipeline, stageList: [...only] } : pipeline);
  if (checked.length > 1 && phasesAlike(pipeline)) {
    const flow = flows(order, checked[0]);
    return new Map(checked.map((phase) => [phase, flow]));
  }
  return new Map(checked.map((phase) => [phase, flows(order, phase)]));
}

/** An image resolution's long and short sides in pixels, as far as the notation and the aspect tell. */
function imageSides(resolution: string, ratio: Ratio | undefined): { long?: number; short?: number } {
  const size = sizeOf(resolution);
  if (size) return { long: Math.max(size.width, size.height), short: Math.min(size.width, size.height) };
  const stretch = ratio && Math.max(ratio.width, ratio.height) / Math.min(ratio.width, ratio.height);
  const k = /^(\d+)k$/.exec(resolution);
  if (k) return { long: Number(k[1]) * 1024, short: stretch && (Number(k[1]) * 1024) / stretch };
  const p = /^(\d+)p$/.exec(resolution);
  if (p) return { short: Number(p[1]), long: stretch && Number(p[1]) * stretch };
  return {};
}

/**
 * Whether `target` is no larger than `input`: video by lines, images side by side. Undefined when
 * the two cannot be compared (a `1080p` image against `2k` with no aspect to relate them).
 */
function noHigher(media: "image" | "video", target: string, input: string, ratio: Ratio | undefined): boolean | undefined {
  if (media === "video") {
    const [t, i] = [videoLines(target), videoLines(input)];
    return t === undefined || i === undefined ? undefined : t <= i;
  }
  const [t, i] = [imageSides(target, ratio), imageSides(input, ratio)];
  const pairs = (["long", "short"] as const).filter((side) => t[side] !== undefined && i[side] !== undefined);
  return pairs.length === 0 ? undefined : pairs.every((side) => t[side]! <= i[side]!);
}

/** Why the stage changes nothing in this phase, or undefined when it does something (or cannot be told). */
function noOp(stage: StageSymbol, from: StageEdge, flow: Map<StageSymbol, Flow>, phase: Phase): { target: string; input: Flow } | undefined {
  const input = flow.get(from.from);
  if (!input) return undefined;
  if (stage.kind === "upscale") {
    const target = setting(stage, "resolution", "resolution", phase)?.text;
    const media = mediaOf(from.from);
    if (!target || !input.resolution || (media !== "image" && media !== "video")) return undefined;
    return noHigher(media, target, input.resolution, input.aspect) ? { target, input } : undefined;
  }
  const aspect = setting(stage, "aspect", "aspect", phase);
  if (!aspect || !shape(aspect) || !input.aspect) return undefined;
  return sameRatio(aspect, input.aspect) ? { target: aspect.text, input } : undefined;
}

/**
 * Whether a stage that reads `stage` could be billed differently reading its input: a reframe bills
 * by the resolution that flows into it, through keyframes, sequences and upscales without a target.
 */
function billsByInput(stage: StageSymbol): boolean {
  const seen = new Set<StageSymbol>([stage]);
  const queue = stage.consumers.map((edge) => edge.to);
  while (queue.length > 0) {
    const reader = queue.pop()!;
    if (seen.has(reader)) continue;
    seen.add(reader);
    if (reader.kind === "reframe") return true;
    const targeted = reader.kind === "upscale" && bothPhases.every((phase) => setting(reader, "resolution", "resolution", phase));
    if (reader.kind === "keyframe" || reader.kind === "sequence" || (reader.kind === "upscale" && !targeted)) queue.push(...reader.consumers.map((edge) => edge.to));
  }
  return false;
}

/**
 * Whether the job costs more with the stage removed and what read it reading its input: what is
 * downstream of the stage priced again without it, against what it costs now (the rest is unchanged).
 */
function dearerWithout(stage: StageSymbol, from: StageEdge, phased: PhasedCost, creditsPerUsd: number, phase: Phase): boolean {
  const stageList = rewiredDownstream(stage, (edge) => ({ from: from.from, ref: { ...edge.ref, index: from.ref.index ?? edge.ref.index } }));
  const without = estimatePipeline({ ...stage.pipeline, stageList }, creditsPerUsd, new Map(), phase);
  const now = phased[phase];
  let before = 0;
  let after = 0;
  for (const s of downstreamOf(stage)) before += now.stages.get(s)?.usd ?? 0;
  for (const copy of stageList) after += without.stages.get(copy)?.usd ?? 0;
  return after > before + 1e-9;
}

interface Plan {
  fix?: Fix;
  /** Why there is no fix, said in the message. */
  why?: string;
}

/**
 * What the fixes of one component of the graph (stages connected to each other) may re-estimate: each
 * prices at most the component twice, and 64 of them or 100,000 stage prices in all (only long chains of
 * no-ops reach it). Per component, so its findings read nothing else, and linear in the file.
 */
const budgetFor = (size: number) => ({ left: Math.min(128 * size, 100_000), each: 2 * size });

/** Removes the stage and points what read it at its input, unless that would cost more. */
function plan(text: string, stage: StageSymbol, from: StageEdge, phased: PhasedCost | undefined, creditsPerUsd: number, budget: { left: number; each: number }): Plan {
  const source = refText(from.ref.text, from.ref.index);
  const pipeline = stage.pipeline;
  if (pipeline.decl.outputs.some((o) => o.refs.some((ref) => ref.text === stage.name))) return { why: `deliver \`${source}\` instead` };
  const removal = removeStage(text, stage.decl);
  if (!removal) return {};
  const readers = stage.consumers.filter((edge) => edge.to !== stage);
  const edits = [removal, ...readers.map((edge) => ({ span: edge.ref.span, newText: refText(from.ref.text, from.ref.index ?? edge.ref.index) }))];
  if (overlapping(edits)) return {};
  if (billsByInput(stage)) {
    if (!phased || budget.left < budget.each) return {};
    budget.left -= budget.each;
    if (bothPhases.some((phase) => dearerWithout(stage, from, phased, creditsPerUsd, phase))) return { why: `no fix: what reads \`${stage.name}\` would cost more reading \`${source}\` directly` };
  }
  const names = [...new Set(readers.map((edge) => `\`${edge.to.name}\``))];
  const title = names.length > 0 ? `Remove \`${stage.name}\`; ${names.join(", ")} read${names.length === 1 ? "s" : ""} \`${source}\`` : `Remove \`${stage.name}\``;
  return { fix: { title, edits } };
}

export const noOpStage: Rule = {
  id: "no-op-stage",
  principle: "Know what costs",
  description: "An upscale to a resolution no higher than its input's, or a reframe to the aspect its input already has: a stage that changes nothing.",
  defaultSeverity: "warning",
  scope: "component",
  check({ text, analysis, costs, phases, settings, only, report }) {
    for (const pipeline of analysis.model.pipelines) {
      if (!pipeline.stageList.some((s) => s.kind === "upscale" || s.kind === "reframe")) continue;
      // In a cycle (an error already) a stage's input is itself, and re-pointing would close the loop on itself.
      const { span } = pipeline.decl;
      if (analysis.diagnostics.some((d) => d.code === "reference-cycle" && d.span.start >= span.start && d.span.end <= span.end)) continue;
      // Reported when the stage changes nothing now and in the final: a no-op in the draft only is
      // the draft's cheap stand-in for a real final upscale, and removing it would lower the final.
      const checked: Phase[] = pipeline.mode === "final" ? ["final"] : bothPhases;
      const flowOf = flowsByPhase(pipeline, checked, only);
      const cost = forPipeline(costs, pipeline);
      const phased = forPipeline(phases, pipeline);
      const budgets = new Map<StageSymbol, { left: number; each: number }>();
      const budgetOf = (stage: StageSymbol) => {
        let budget = budgets.get(stage);
        if (!budget) {
          const component = connectedTo(stage);
          budget = budgetFor(component.size);
          for (const member of component) budgets.set(member, budget);
        }
        return budget;
      };

      for (const stage of pipeline.stageList) {
        if ((stage.kind !== "upscale" && stage.kind !== "reframe") || !isFirstOfName(stage) || (only && !only.has(stage))) continue;
        const from = fromEdge(stage);
        if (!from) continue;
        const found = checked.map((phase) => noOp(stage, from, flowOf.get(phase)!, phase));
        const now = found[checked.indexOf(pipeline.mode)];
        if (!now || found.some((f) => !f)) continue;

        const source = refText(from.ref.text, from.ref.index);
        const usd = cost?.stages.get(stage)?.usd ?? 0;
        const billed = usd > 0 ? ` and costs ${formatAmount(usd, settings)}` : "";
        let message: string;
        if (stage.kind === "upscale") {
          const note = now.input.defaultOf ? ` (\`${now.input.defaultOf}\`'s default)` : "";
          message = `\`${stage.name}\` upscales \`${source}\` to ${now.target}, but \`${source}\` already is ${now.input.resolution}${note}: the upscale changes nothing${billed}`;
        } else {
          const origin = now.input.aspectFrom;
          const note = origin && origin.stage !== from.from ? ` (from \`${origin.stage.name}\`)` : origin?.size ? ` (${origin.size})` : "";
          message = `\`${stage.name}\` reframes \`${source}\` to ${now.target}, the aspect it already has${note}: it changes nothing${billed}`;
        }

        const { fix, why } = plan(text, stage, from, phased, settings.creditsPerUsd, budgetOf(stage));
        report({ message: why ? `${message}; ${why}` : message, span: stageSettingSpan(stage, stage.kind === "upscale" ? "resolution" : "aspect"), fixes: fix ? [fix] : [], stage });
      }
    }
  },
};
