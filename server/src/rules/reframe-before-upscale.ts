// Reframe instead of regenerate, and reframe before you upscale: a reframe is billed at its input's
// resolution, so a reframe of an upscale pays the high rate. Reframing the upscale's input and
// upscaling the reframe delivers the same clip, at the same size, for less.
import { isOutput, mediaOf, PipelineSymbol, setting, StageEdge, StageSymbol } from "../analysis/model";
import type { Phase } from "../analysis/schema";
import { videoLines } from "../analysis/values";
import { forPipeline, inputsFirst, PipelineCost, StageCost } from "../cost/estimate";
import { formatAmount } from "../cost/format";
import type { Span } from "../parser/ast";
import { firstFrom } from "../parser/spans";
import { applyEdits, eol, indentAt, lineStart, overlapping, removeStage } from "./edits";
import type { Fix, Rule, TextEdit } from "./rule";
import { freeName, hasUnresolvedReference, isFirstOfName, phasesAlike, Prices } from "./support";

const fromEdge = (stage: StageSymbol) => stage.inputs.find((edge) => edge.property === "from" && edge.from !== stage);
const refText = (name: string, index: number | undefined) => (index === undefined ? name : `${name}[${index}]`);
const within = (inner: Span, outer: Span) => inner.start >= outer.start && inner.end <= outer.end;

interface Flow {
  seconds?: number;
  resolution: string;
}

/** The seconds and resolution flowing out of each stage (`order`, inputs first) in `phase`, reckoned as the estimate does (its own reckoning is private). */
function flows(order: readonly StageSymbol[], phase: Phase): Map<StageSymbol, Flow> {
  const flow = new Map<StageSymbol, Flow>();
  for (const stage of order) {
    if (stage.kind === "sequence") {
      const clips = stage.inputs.filter((e) => e.property === "clips" && e.from !== stage).map((e) => flow.get(e.from));
      const known = clips.length > 0 && clips.every((clip) => clip?.seconds !== undefined);
      const sharpest = clips.map((clip) => clip?.resolution ?? "default").sort((a, b) => (videoLines(b) ?? 0) - (videoLines(a) ?? 0))[0];
      flow.set(stage, { seconds: known ? clips.reduce((sum, clip) => sum + clip!.seconds!, 0) : undefined, resolution: sharpest ?? "default" });
      continue;
    }
    const source = fromEdge(stage);
    const input = source && flow.get(source.from);
    const seconds = stage.kind === "video" ? setting(stage, "duration", "duration", phase)?.seconds
      : stage.kind === "upscale" || stage.kind === "reframe" ? input?.seconds : undefined;
    const resolution = setting(stage, "resolution", "resolution", phase)?.text ?? stage.phaseModels[phase]?.defaultResolution ?? input?.resolution ?? "default";
    flow.set(stage, { seconds, resolution });
  }
  return flow;
}

const priced = (cost: StageCost) => cost.unit !== undefined && "usd" in cost.unit;

interface Comparison {
  /** What the pipeline pays now: the reframe, and the upscale too when the fix moves it. */
  now: number;
  reframeNow: number;
  /** The reframe of the upscale's input, and the upscale of that reframe. */
  reframe: number;
  upscale: number;
  low: string;
  target: string;
  generations: number;
}

/**
 * Both ways priced in one phase; undefined when a price is missing, a reason when the reframe
 * model does not take the upscale's input resolution.
 */
function compare(
  prices: Prices, phase: Phase, cost: PipelineCost, flow: Map<StageSymbol, Flow>, reframe: StageSymbol, upscale: StageSymbol, source: StageSymbol, moved: boolean,
): Comparison | { why: string } | undefined {
  const reframeCost = cost.stages.get(reframe);
  const upscaleCost = cost.stages.get(upscale);
  const reframeModel = reframe.phaseModels[phase];
  const upscaleModel = upscale.phaseModels[phase];
  const target = setting(upscale, "resolution", "resolution", phase)?.text;
  const low = flow.get(source)?.resolution;
  const seconds = flow.get(upscale)?.seconds;
  if (!reframeCost || !upscaleCost || !priced(reframeCost) || !priced(upscaleCost)) return undefined;
  if (!reframeModel || !upscaleModel || !target || !low || low === "default" || seconds === undefined) return undefined;
  if (reframeModel.resolutions && !reframeModel.resolutions.includes(low)) return { why: `\`${reframeModel.id}\` does not reframe ${low} video` };
  // Frame rates stay as they are: the reframe takes the source's, the upscale its own `fps:` or the one it is passed.
  const reframeUnit = prices.video(reframeModel, { seconds, resolution: low, audio: false, hdr: false, aspect: setting(reframe, "aspect", "aspect", phase)?.text, fps: cost.flow.fps.get(source) });
  const upscaleUnit = prices.video(upscaleModel, { seconds, resolution: target, audio: false, hdr: false, fps: cost.flow.fps.get(upscale) });
  if (!("usd" in reframeUnit) || !("usd" in upscaleUnit)) return undefined;
  return {
    now: reframeCost.usd + (moved ? upscaleCost.usd : 0),
    reframeNow: reframeCost.usd,
    // The reframe runs as often as now; the new upscale once per reframe output, with the old upscale's retries.
    reframe: reframeUnit.usd * reframeCost.generations,
    upscale: upscaleUnit.usd * reframeCost.outputs * (1 + upscaleCost.retries),
    low,
    target,
    generations: reframeCost.generations,
  };
}

const cheaper = (c: Comparison) => c.reframe + c.upscale < c.now - 1e-9;

/** Whether the upscale is there only for this reframe, so the fix moves it after the reframe instead of adding one. */
function onlyFor(pipeline: PipelineSymbol, upscale: StageSymbol, reframe: StageSymbol, complete: () => boolean): boolean {
  return pipeline.decl.outputs.length > 0 && !isOutput(pipeline, upscale) && upscale.consumers.every((edge) => edge.to === reframe) && complete();
}

/**
 * Where the `//` comment lines right above a stage begin (the stage's own start when there are none):
 * they say what the stage is for, so they move with it.
 */
function leadingComment(text: string, comments: Span[], start: number): number {
  let line = lineStart(text, start);
  if (!/^[ \t]*$/.test(text.slice(line, start))) return start;
  let first = start;
  while (line > 0) {
    const previous = lineStart(text, line - 1);
    const next = comments[firstFrom(comments, previous, (comment) => comment.start)];
    const comment = next && next.end <= line ? next : undefined;
    if (!comment || !/^[ \t]*$/.test(text.slice(previous, comment.start)) || !text.startsWith("//", comment.start)) break;
    first = comment.start;
    line = previous;
  }
  return first;
}


/**
 * The reframe is renamed and reads the upscale's input; right after it, a copy of the upscale (its
 * model, resolution, presets and phase blocks) takes the reframe's name and reads the renamed reframe,
 * so every reference to the reframe gets the upscaled reframe. A moved upscale leaves its old place,
 * with its comment.
 */
function fixEdits(
  text: string, comments: Span[], reframe: StageSymbol, edge: StageEdge, upscale: StageSymbol, source: StageEdge, moved: boolean,
): TextEdit[] | undefined {
  const r = reframe.decl;
  const u = upscale.decl;
  if (!r.name || !u.name || text[r.span.end - 1] !== "}" || text[u.span.end - 1] !== "}") return undefined;
  if (!within(edge.ref.span, r.span) || !within(source.ref.span, u.span)) return undefined;
  const draft = freeName(reframe.pipeline, `${reframe.name}_draft`);
  const start = moved ? leadingComment(text, comments, u.span.start) : u.span.start;
  const local = (span: Span) => ({ start: span.start - start, end: span.end - start });
  const copy = applyEdits(text.slice(start, u.span.end), [
    { span: local(u.name.span), newText: reframe.name },
    { span: local(source.ref.span), newText: draft },
  ]);
  const [from, to] = [indentAt(text, u.span.start), indentAt(text, r.span.start)];
  const upscaled = copy.split("\n").map((line, i) => (i > 0 && line.startsWith(from) ? to + line.slice(from.length) : line)).join("\n");
  // After the reframe's line when only a comment follows it there, else right after its `}`.
  const lineEnd = text.indexOf("\n", r.span.end) < 0 ? text.length : text.indexOf("\n", r.span.end);
  const rest = text.slice(r.span.end, lineEnd);
  const at = /^[ \t]*(\/\/.*)?\r?$/.test(rest) ? r.span.end + rest.replace(/\r$/, "").length : r.span.end;
  const br = eol(text);
  const edits: TextEdit[] = [
    { span: r.name.span, newText: draft },
    { span: edge.ref.span, newText: refText(source.ref.text, source.ref.index ?? edge.ref.index) },
    // A commented stage is set off by a blank line, as it was.
    { span: { start: at, end: at }, newText: br + (start < u.span.start ? br : "") + to + upscaled },
  ];
  if (moved) {
    const removal = removeStage(text, { ...u, span: { start, end: u.span.end } });
    if (!removal) return undefined;
    edits.push(removal);
  }
  return overlapping(edits) ? undefined : edits;
}

export const reframeBeforeUpscale: Rule = {
  id: "reframe-before-upscale",
  principle: "Reframe instead of regenerate",
  description: "A `reframe` takes an `upscale` of a video and is billed at the upscaled resolution: reframe the upscale's input, then upscale the reframe.",
  defaultSeverity: "warning",
  scope: "component",
  check({ text, analysis, costs, phases, settings, only, report }) {
    const amount = (usd: number) => formatAmount(usd, settings);
    const prices = new Prices();
    for (const pipeline of analysis.model.pipelines) {
      const cost = forPipeline(costs, pipeline);
      if (!cost) continue;
      const otherPhase: Phase = cost.phase === "draft" ? "final" : "draft";
      const otherCost = forPipeline(phases, pipeline)?.[otherPhase];
      // Worked out once a pair is found, and once for both phases when they read the same settings.
      let order: readonly StageSymbol[] | undefined;
      let flow: Map<StageSymbol, Flow> | undefined;
      let otherFlow: Map<StageSymbol, Flow> | undefined;
      let alike: boolean | undefined;
      let unresolved: boolean | undefined;
      const complete = () => !(unresolved ??= hasUnresolvedReference(pipeline));
      for (const reframe of pipeline.stageList) {
        if (reframe.kind !== "reframe" || !isFirstOfName(reframe) || (only && !only.has(reframe))) continue;
        const edge = fromEdge(reframe);
        const upscale = edge?.from;
        if (!edge || upscale?.kind !== "upscale" || !isFirstOfName(upscale)) continue;
        const source = fromEdge(upscale);
        // Image reframes bill per image, whatever its size: reframing first saves nothing there.
        if (!source || source.from === reframe || mediaOf(upscale) !== "video") continue;
        const moved = onlyFor(pipeline, upscale, reframe, complete);
        order ??= inputsFirst(pipeline);
        flow ??= flows(order, cost.phase);
        const c = compare(prices, cost.phase, cost, flow, reframe, upscale, source.from, moved);
        if (!c || "why" in c || !cheaper(c)) continue;

        // The fix holds for the whole job only if the other phase does not pay more (or break) for it.
        let why: string | undefined;
        if (otherCost) {
          // One cost and one set of settings for both phases: the other phase compares as this one did.
          alike ??= otherCost === cost && phasesAlike(pipeline);
          otherFlow ??= alike ? flow : flows(order, otherPhase);
          const o = alike ? c : compare(prices, otherPhase, otherCost, otherFlow, reframe, upscale, source.from, moved);
          if (o && "why" in o) why = `in the ${otherPhase} phase, ${o.why}`;
          else if (o && o.reframe + o.upscale > o.now + 1e-9) why = `in the ${otherPhase} phase it would cost ${amount(o.reframe + o.upscale)} against ${amount(o.now)}`;
        }
        const edits = why ? undefined : fixEdits(text, analysis.parse.file.comments, reframe, edge, upscale, source, moved);
        const from = refText(source.ref.text, source.ref.index ?? edge.ref.index);
        const many = c.generations > 1;
        const aspect = setting(reframe, "aspect", "aspect")?.text;
        const fixes: Fix[] = edits ? [{ title: `Reframe \`${from}\` before upscaling`, edits }] : [];
        report({
          message: `\`${reframe.name}\` reframes \`${upscale.name}\`, upscaled to ${c.target}, and pays the ${c.target} rate: ${amount(c.reframeNow)}`
            + (many ? ` for ${c.generations} reframes` : "")
            + (moved ? ` (${amount(c.now)} with \`${upscale.name}\`, which nothing else reads)` : "")
            + `; reframe \`${from}\` at ${c.low} (${amount(c.reframe)}) and upscale the reframe${many ? "s" : ""} to ${c.target} (${amount(c.upscale)}):`
            + ` the same ${aspect ? `${aspect} ` : ""}clip${many ? "s" : ""} for ${amount(c.reframe + c.upscale)}`
            + (why ? `; no fix: ${why}` : ""),
          span: edge.ref.span,
          fixes,
          stage: reframe,
        });
      }
    }
  },
};
