// The stage graph: resolves `from`, `start`, `end`, `over`, `clips` and `output`
// references, and finds cycles.
import type { WordValue } from "../parser/ast";
import type { Diagnostic } from "../parser/diagnostic";
import { mediaOf, PipelineSymbol, referencedWords, StageEdge, StageSymbol, variationCount } from "./model";
import { stageProperties } from "./schema";
import { didYouMean, withArticle } from "../parser/suggest";
import type { Report } from "./values";

const edgeProperties = ["from", "start", "end", "over", "clips"] as const;

/**
 * Past this many different unknown names in a pipeline, the rest get no "did you mean": each guess
 * compares the name with every stage, and a file of broken references must stay linear.
 */
const MAX_GUESSED_NAMES = 50;

/** Per pipeline, the guess for each unknown name: a stage renamed is read by many references at once. */
const guesses = new WeakMap<PipelineSymbol, Map<string, string>>();

function guessFor(pipeline: PipelineSymbol, name: string): string {
  let known = guesses.get(pipeline);
  if (!known) guesses.set(pipeline, (known = new Map()));
  let guess = known.get(name);
  if (guess === undefined) {
    guess = known.size < MAX_GUESSED_NAMES ? didYouMean(name, pipeline.stages.keys()) : "";
    known.set(name, guess);
  }
  return guess;
}

/** Finds the stage a reference names, or reports why it cannot. */
export function resolveReference(pipeline: PipelineSymbol, ref: WordValue, report: Report): StageSymbol | undefined {
  const target = pipeline.stages.get(ref.text);
  if (!target) {
    report({
      code: "undefined-reference",
      message: `there is no stage \`${ref.text}\` in pipeline \`${pipeline.name}\`${guessFor(pipeline, ref.text)}`,
      severity: "error",
      span: ref.span,
    });
    return undefined;
  }
  if (ref.index !== undefined) {
    const count = variationCount(target);
    if (!Number.isInteger(ref.index)) {
      report({ code: "invalid-value", message: `a variation index is a whole number, like \`${ref.text}[1]\``, severity: "error", span: ref.indexSpan ?? ref.span });
    } else if (ref.index < 1 || ref.index > count) {
      report({
        code: "index-out-of-range",
        message: `\`${ref.text}\` makes ${count} variation${count === 1 ? "" : "s"}, so \`[${ref.index}]\` picks nothing; use 1${count > 1 ? `…${count}` : ""}`,
        severity: "error",
        span: ref.indexSpan ?? ref.span,
      });
    }
  }
  return target;
}

/**
 * Links each stage to the stages it reads. `report(stage, …)` takes the problems of a stage's references
 * (each stage's own, so an edit can check one stage again: analysis/incremental.ts); `cycles` the cycles.
 */
export function linkStages(pipeline: PipelineSymbol, report: (stage: StageSymbol, diagnostic: Diagnostic) => void, cycles: Report): void {
  for (const stage of pipeline.stageList) {
    const reportHere: Report = (diagnostic) => report(stage, diagnostic);
    for (const property of edgeProperties) {
      // References are never in phase blocks, so both phases share one graph.
      for (const ref of referencedWords(stage.settings.get(property)?.value)) {
        const target = resolveReference(pipeline, ref, reportHere);
        if (!target) continue;
        const edge: StageEdge = { property, from: target, to: stage, ref };
        stage.inputs.push(edge);
        target.consumers.push(edge);
        pipeline.edges.push(edge);
      }
    }
  }
  // Kinds are checked once every edge exists, so upscale-of-upscale chains resolve their media.
  for (const edge of pipeline.edges) checkReferenceKind(edge, (diagnostic) => report(edge.to, diagnostic));
  findCycles(pipeline, cycles);
}

/** Each reference a stage writes, in the order its edges are linked. References are never in phase blocks, so both phases share one graph. */
export function forEachReference(stage: StageSymbol, each: (property: StageEdge["property"], ref: WordValue) => void): void {
  for (const property of edgeProperties) for (const ref of referencedWords(stage.settings.get(property)?.value)) each(property, ref);
}

/** What `linkStages` reports of one stage's references, its edges linked already: a stage checked again after an edit. */
export function recheckReferences(pipeline: PipelineSymbol, stage: StageSymbol, report: Report): void {
  forEachReference(stage, (_, ref) => resolveReference(pipeline, ref, report));
  for (const edge of stage.inputs) checkReferenceKind(edge, report);
}

function checkReferenceKind(edge: StageEdge, report: Report): void {
  const spec = stageProperties[edge.property].value;
  const target = edge.from;
  if (spec.type !== "reference" || !target.kind) return;
  if (target === edge.to) return; // reported as a cycle
  let wrong = !spec.kinds.includes(target.kind);
  // `over:` replaces a soundtrack and `clips:` joins clips, so an upscale or reframe must be of a video.
  const clip = edge.property === "over" || edge.property === "clips";
  if (!wrong && clip && mediaOf(target) === "image") wrong = true;
  if (wrong) {
    const what = target.kind === "upscale" || target.kind === "reframe" ? `${target.kind} of ${withArticle(mediaOf(target) ?? "unknown input")}` : `${target.kind} stage`;
    const wanted = clip ? "a video (or an upscale, reframe or sequence of videos)" : spec.kinds.map(withArticle).join(" or ").replace(/ or (?=.* or )/g, ", ");
    report({
      code: "wrong-reference-kind",
      message: `\`${edge.property}:\` takes ${wanted} stage, but \`${target.name}\` is ${withArticle(what)}`.replace("videos) stage", "videos)"),
      severity: "error",
      span: edge.ref.span,
    });
  }
}

/** Reports each cycle once, at the reference that closes it. Iterative: chains can be thousands of stages long. */
export function findCycles(pipeline: PipelineSymbol, report: Report): void {
  const state = new Map<StageSymbol, "visiting" | "done">();
  for (const root of pipeline.stageList) {
    if (state.has(root)) continue;
    state.set(root, "visiting");
    const stack = [{ stage: root, next: 0 }];
    while (stack.length > 0) {
      const frame = stack[stack.length - 1];
      if (frame.next >= frame.stage.inputs.length) {
        state.set(frame.stage, "done");
        stack.pop();
        continue;
      }
      const edge = frame.stage.inputs[frame.next++];
      const seen = state.get(edge.from);
      if (seen === "visiting") {
        const loop = stack.slice(stack.findIndex((f) => f.stage === edge.from)).map((f) => f.stage.name);
        report({
          code: "reference-cycle",
          message: `stages take each other as input: ${[...loop, edge.from.name].join(" → ")}`,
          severity: "error",
          span: edge.ref.span,
        });
      } else if (!seen) {
        state.set(edge.from, "visiting");
        stack.push({ stage: edge.from, next: 0 });
      }
    }
  }
}

/** The stage and every stage that reads it, directly or through others: all that a change to its settings can reach. */
export function downstreamOf(stage: StageSymbol): Set<StageSymbol> {
  const found = new Set([stage]);
  const queue = [stage];
  for (let next = queue.pop(); next; next = queue.pop()) {
    for (const edge of next.consumers) {
      if (found.has(edge.to)) continue;
      found.add(edge.to);
      queue.push(edge.to);
    }
  }
  return found;
}

/** The stages connected to `stage` through edges either way (what it reads, what reads it, and theirs), it included. */
export function connectedTo(stage: StageSymbol): Set<StageSymbol> {
  const found = new Set([stage]);
  const queue = [stage];
  const visit = (other: StageSymbol) => {
    if (found.has(other)) return;
    found.add(other);
    queue.push(other);
  };
  for (let next = queue.pop(); next; next = queue.pop()) {
    for (const edge of next.inputs) visit(edge.from);
    for (const edge of next.consumers) visit(edge.to);
  }
  return found;
}

/** Every input a stage reads, fan-out or not (`over:` is not an input: it replaces a soundtrack). */
export function readInputs(stage: StageSymbol) {
  return stage.inputs.filter((edge) => edge.property !== "over" && edge.from !== stage);
}

/** Each pipeline's order, for as long as its stage list and edges stay those it was computed from. */
const orders = new WeakMap<PipelineSymbol, { stageList: StageSymbol[]; stages: number; edges: number; order: readonly StageSymbol[] }>();

/**
 * Stages ordered so each comes after its inputs (a cycle, already an error, is
 * cut where it closes). Iterative: chains can be thousands of stages long.
 * Remembered per pipeline: the analysis, the cost and several rules walk it in turn.
 */
export function inputsFirst(pipeline: PipelineSymbol): readonly StageSymbol[] {
  const known = orders.get(pipeline);
  if (known && known.stageList === pipeline.stageList && known.stages === pipeline.stageList.length && known.edges === pipeline.edges.length) {
    return known.order;
  }
  const order: StageSymbol[] = [];
  const state = new Map<StageSymbol, "visiting" | "done">();
  for (const root of pipeline.stageList) {
    if (state.has(root)) continue;
    const stack = [{ stage: root, inputs: readInputs(root), next: 0 }];
    state.set(root, "visiting");
    while (stack.length > 0) {
      const frame = stack[stack.length - 1];
      if (frame.next < frame.inputs.length) {
        const input = frame.inputs[frame.next++].from;
        if (!state.has(input)) {
          state.set(input, "visiting");
          stack.push({ stage: input, inputs: readInputs(input), next: 0 });
        }
        continue;
      }
      state.set(frame.stage, "done");
      order.push(frame.stage);
      stack.pop();
    }
  }
  // A what-if prices a few stages as a pipeline of their own, thousands of times a check: not worth keeping.
  if (order.length >= 64) orders.set(pipeline, { stageList: pipeline.stageList, stages: pipeline.stageList.length, edges: pipeline.edges.length, order });
  return order;
}
