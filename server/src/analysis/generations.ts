// How many times a stage generates, and how long a sequence runs, down the stage graph.
// Fan-out multiplies counts (`count: 100` on five chained stages is 10^10 generations) and
// sequences of sequences add up, so both are bounded: the stage that first crosses a bound
// gets an error, and the estimate (cost/estimate.ts) caps at the same bounds to stay finite.
import { readInputs } from "./graph";
import { setting, StageEdge, StageSymbol } from "./model";
import { bounds, Phase, phases } from "./schema";
import { settingSpan } from "./settings";
import { grouped, Report } from "./values";

const fanOutEdges = new Set(["from", "start", "end"]);

/** Un-indexed `from`, `start`, `end`: the inputs a stage runs once per output of. */
export function fanOutInputs(stage: StageSymbol): StageEdge[] {
  return stage.inputs.filter((edge) => fansOut(stage, edge));
}

/** Whether `stage` runs once per output of `edge`'s input (`fanOutInputs`, without the copy). */
export const fansOut = (stage: StageSymbol, edge: StageEdge) => fanOutEdges.has(edge.property) && edge.ref.index === undefined && edge.from !== stage;

/** Whether a stage of this kind makes `count` variations (keyframes, upscales, reframes and sequences make one). */
export function takesCount(kind: StageSymbol["kind"]): boolean {
  return kind !== "keyframe" && kind !== "upscale" && kind !== "reframe" && kind !== "sequence";
}

/** Past every bound, numbers saturate here rather than grow to Infinity. */
const SATURATED = 1e18;
const times = (a: number, b: number) => Math.min(a * b, SATURATED);

interface Flow {
  runs: number;
  count: number;
  retries: number;
  /** runs × count: what the stage passes downstream. */
  outputs: number;
  /** outputs × (1 + retries): what is billed. */
  generations: number;
  /** Seconds of video that flow out, when known. */
  seconds?: number;
}

const draftOnly: readonly Phase[] = ["draft"];
const finalOnly: readonly Phase[] = ["final"];

const flows = new WeakMap<StageSymbol, Partial<Record<Phase, Flow>>>();

/** Forgets what was worked out of a stage's flow: its settings or an input's changed (analysis/incremental.ts). */
export function forgetFlows(stage: StageSymbol): void {
  flows.delete(stage);
}

/** The stage's flow in a phase, from its settings and its inputs' flows (which must be known). */
function flowFrom(stage: StageSymbol, phase: Phase, inputFlow: (stage: StageSymbol) => Flow | undefined): Flow {
  const number = (key: string) => setting(stage, key, "number", phase)?.value;
  let runs = 1;
  // Loops rather than filtered copies here and below: this runs for every stage in each phase.
  for (const edge of stage.inputs) if (fansOut(stage, edge)) runs = times(runs, inputFlow(edge.from)?.outputs ?? 1);
  const count = takesCount(stage.kind) ? number("count") ?? 1 : 1;
  const retries = stage.kind === "sequence" ? 0 : number("retries") ?? 0;
  const outputs = times(runs, count);
  const flow: Flow = { runs, count, retries, outputs, generations: times(outputs, 1 + retries) };
  if (stage.kind === "video") flow.seconds = setting(stage, "duration", "duration", phase)?.seconds;
  if (stage.kind === "upscale" || stage.kind === "reframe") {
    const from = stage.inputs.find((edge) => edge.property === "from" && edge.from !== stage)?.from;
    flow.seconds = from && inputFlow(from)?.seconds;
  }
  if (stage.kind === "sequence") {
    const clips = stage.inputs.filter((edge) => edge.property === "clips" && edge.from !== stage).map((edge) => inputFlow(edge.from)?.seconds);
    if (clips.length > 0 && clips.every((s) => s !== undefined)) flow.seconds = Math.min(clips.reduce((a, b) => a! + b!, 0)!, SATURATED);
  }
  return flow;
}

/** Every stage's flow up to `stage`, inputs first. Iterative: chains can be thousands of stages long. */
function flowOf(stage: StageSymbol, phase: Phase): Flow {
  const known = (s: StageSymbol) => flows.get(s)?.[phase];
  if (known(stage)) return known(stage)!;
  const visiting = new Set<StageSymbol>([stage]);
  const stack = [{ stage, inputs: readInputs(stage), next: 0 }];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1];
    if (frame.next < frame.inputs.length) {
      const input = frame.inputs[frame.next++].from;
      // A cycle (already an error) is cut where it closes: the input reads as making one output.
      if (!known(input) && !visiting.has(input)) {
        visiting.add(input);
        stack.push({ stage: input, inputs: readInputs(input), next: 0 });
      }
      continue;
    }
    let byPhase = flows.get(frame.stage);
    if (!byPhase) flows.set(frame.stage, (byPhase = {}));
    byPhase[phase] = flowFrom(frame.stage, phase, known);
    stack.pop();
  }
  return known(stage)!;
}

/**
 * Reports a stage that makes more than `bounds.generations` generations, or a sequence longer
 * than `bounds.sequenceSeconds`, when its inputs are within the bounds: the error sits where the
 * numbers cross the bound, not on every stage downstream of it.
 */
export function checkGenerations(stage: StageSymbol, report: Report, onePhase = false): void {
  if (!stage.kind) return;
  const { draft, final } = stage.phaseSettings;
  // Analysis checks a stage once when its phases share settings; its inputs' phases may still differ,
  // unless no stage of the pipeline has a phase of its own (`onePhase`).
  const checked = onePhase ? draftOnly : draft === final ? phases : stage.settings === final ? finalOnly : draftOnly;
  for (const phase of checked) {
    const flow = flowFrom(stage, phase, (input) => flowOf(input, phase));
    // The draft is checked first: a bound crossed only in the final phase says so.
    const inPhase = phase === "final" ? " in the final phase" : "";
    if (flow.generations > bounds.generations && fanOutInputs(stage).every((edge) => flowOf(edge.from, phase).outputs <= bounds.generations)) {
      report(tooManyGenerations(stage, flow, phase, inPhase));
      return;
    }
    if (flow.seconds !== undefined && flow.seconds > bounds.sequenceSeconds && stage.kind === "sequence"
      && stage.inputs.filter((edge) => edge.property === "clips" && edge.from !== stage).every((edge) => (flowOf(edge.from, phase).seconds ?? 0) <= bounds.sequenceSeconds)) {
      report({
        code: "invalid-value",
        message: `\`${stage.name}\` joins ${grouped(Math.round(flow.seconds))}s of video${inPhase}; a sequence is at most ${grouped(bounds.sequenceSeconds)}s (a day): join fewer or shorter clips`,
        severity: "error",
        span: settingSpan(stage, "clips"),
      });
      return;
    }
  }
}

function tooManyGenerations(stage: StageSymbol, flow: Flow, phase: Phase, inPhase: string) {
  const fanning = fanOutInputs(stage).filter((edge) => flowOf(edge.from, phase).outputs > 1);
  const names = fanning.map((edge) => "`" + edge.from.name + "`");
  const factors = [
    flow.runs > 1 ? `${grouped(flow.runs)} runs (one for each ${names.length > 1 ? `combination of outputs of ${names.join(" and ")}` : `output of ${names[0]}`})` : "",
    flow.count > 1 ? `${flow.count} versions` : "",
    flow.retries > 0 ? `(1 + ${flow.retries} retries)` : "",
  ].filter(Boolean);
  // The input that fans out most is the one worth picking a single output of.
  const widest = [...fanning].sort((a, b) => flowOf(b.from, phase).outputs - flowOf(a.from, phase).outputs)[0]?.from;
  const pick = widest ? `, or take one output of \`${widest.name}\` with \`${widest.name}[1]\`` : "";
  const key = flow.count > 1 ? "count" : flow.retries > 0 ? "retries" : undefined;
  return {
    code: "invalid-value" as const,
    message: `\`${stage.name}\` would make ${grouped(flow.generations)} generations${inPhase}: ${factors.join(" × ")}; a stage makes at most ${grouped(bounds.generations)}: lower a \`count\`${flow.retries > 0 ? " or `retries`" : ""}${pick}`,
    severity: "error" as const,
    span: key ? settingSpan(stage, key) : stage.decl.name?.span ?? stage.decl.kind.span,
  };
}
