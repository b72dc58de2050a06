// Parsing a new version of a file from the previous one's tree. Typing changes one stage at a time: when
// everything that changed lies inside one stage's block, and the file read cleanly before and that stage
// reads cleanly now, only that stage is parsed again. Nodes before it are the previous tree's own
// objects; nodes after it are copies moved by the change in length, so the previous tree stays valid for
// whoever still holds it. Anything else is parsed whole. test/unit/reparse.test.ts checks that the
// result equals a full parse for edits all over the samples, fixtures and fuzzed files.
import type {
  BriefBlock, GenFile, Name, OutputDecl, PhaseBlock, PipelineDecl, PresetDecl, Property, Span, Stage, UseDecl, Value,
} from "./ast";
import { fastParse } from "./fastParse";
import { LineIndex } from "./lineIndex";
import { firstFrom } from "./spans";
import type { ParseResult } from "./parse";

/** A version already parsed: its text and what `parse` made of it. */
export interface ParsedVersion {
  text: string;
  parse: ParseResult;
}

/** The tree of `text` built from `previous`, or undefined when the change needs a full parse. */
export function reparse(previous: ParsedVersion, text: string): ParseResult | undefined {
  if (previous.parse.problems.length > 0) return undefined; // the previous tree came from error recovery
  const before = previous.text;
  const change = changedRange(before, text);
  // The same text again (a setting changed): parsed anew, as the tree kept may be of a check cut short (a file too large).
  if (!change) return undefined;
  const found = stageHolding(previous.parse.file, change.start, change.oldEnd, before);
  if (!found) return undefined;
  const { pipeline, index, stage } = found;
  const delta = text.length - before.length;
  const edited = parseStageAlone(text.slice(stage.span.start, stage.span.end + delta), stage.span.start);
  if (!edited) return undefined;
  return { file: splice(previous.parse.file, pipeline, index, edited, stage.span.end, delta), problems: [], lines: new LineIndex(text) };
}

/** Where two texts differ: from `start`, `oldEnd` in the old text and `newEnd` in the new; undefined when equal. */
export function changedRange(before: string, after: string): { start: number; oldEnd: number; newEnd: number } | undefined {
  if (before === after) return undefined;
  const shorter = Math.min(before.length, after.length);
  // Whole chunks first (string equality compares memory, many times faster than a loop over characters), then characters.
  let start = 0;
  while (start + CHUNK <= shorter && before.slice(start, start + CHUNK) === after.slice(start, start + CHUNK)) start += CHUNK;
  while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let oldEnd = before.length;
  let newEnd = after.length;
  while (oldEnd - CHUNK >= start && newEnd - CHUNK >= start && before.slice(oldEnd - CHUNK, oldEnd) === after.slice(newEnd - CHUNK, newEnd)) {
    oldEnd -= CHUNK;
    newEnd -= CHUNK;
  }
  while (oldEnd > start && newEnd > start && before.charCodeAt(oldEnd - 1) === after.charCodeAt(newEnd - 1)) {
    oldEnd--;
    newEnd--;
  }
  return { start, oldEnd, newEnd };
}

const CHUNK = 256;

/** The stage whose block, between the end of its name and its closing brace, holds [start, end) of `text`. */
function stageHolding(file: GenFile, start: number, end: number, text: string): { pipeline: PipelineDecl; index: number; stage: Stage } | undefined {
  const pipeline = file.pipelines.find((p) => p.span.start <= start && end <= p.span.end);
  if (!pipeline) return undefined;
  const stages = pipeline.stages;
  // Stages are in source order: the last one starting at the change or before it is the only candidate.
  const index = firstFrom(stages, start + 1, (stage) => stage.span.start) - 1;
  const stage = stages[index];
  if (!stage) return undefined;
  const closing = stage.span.end - 1;
  const inside = (stage.name ?? stage.kind).span.end;
  if (start <= inside || end > closing || text.charCodeAt(closing) !== 125 /* } */) return undefined;
  return { pipeline, index, stage };
}

const STAGE_PREFIX = "pipeline p {\n";

/** A stage's text, found at `start` of its file, when it reads cleanly as exactly one stage and nothing else. */
export function parseStageAlone(text: string, start: number): { stage: Stage; comments: Span[] } | undefined {
  const file = fastParse(`${STAGE_PREFIX}${text}\n}`);
  const pipeline = file?.pipelines[0];
  if (!file || file.uses.length + file.presets.length !== 0 || file.pipelines.length !== 1 || !pipeline) return undefined;
  if (pipeline.stages.length !== 1 || pipeline.properties.length + pipeline.briefs.length + pipeline.outputs.length !== 0) return undefined;
  const stage = pipeline.stages[0];
  const delta = start - STAGE_PREFIX.length;
  if (stage.span.start !== STAGE_PREFIX.length || stage.span.end !== STAGE_PREFIX.length + text.length) return undefined;
  return { stage: shiftStage(stage, delta), comments: file.comments.map((c) => shiftSpan(c, delta)) };
}

/** The previous tree with `stage` in place of the pipeline's stage at `index`, and everything after `oldEnd` moved by `delta`. */
function splice(file: GenFile, pipeline: PipelineDecl, index: number, edited: { stage: Stage; comments: Span[] }, oldEnd: number, delta: number): GenFile {
  const after = (node: { span: Span }) => node.span.start >= oldEnd;
  const moved = <T extends { span: Span }>(nodes: T[], shift: (node: T, delta: number) => T) => nodes.map((n) => (after(n) ? shift(n, delta) : n));
  const stages = pipeline.stages.slice(0, index);
  stages.push(edited.stage);
  for (let i = index + 1; i < pipeline.stages.length; i++) stages.push(shiftStage(pipeline.stages[i], delta));
  const editedPipeline: PipelineDecl = {
    keyword: pipeline.keyword,
    name: pipeline.name,
    properties: moved(pipeline.properties, shiftProperty),
    briefs: moved(pipeline.briefs, shiftBrief),
    stages,
    outputs: moved(pipeline.outputs, shiftOutput),
    span: { start: pipeline.span.start, end: pipeline.span.end + delta },
  };
  const stageStart = pipeline.stages[index].span.start;
  const comments: Span[] = [];
  for (const comment of file.comments) {
    if (comment.end <= stageStart) comments.push(comment);
    else if (comment.start >= oldEnd) comments.push(shiftSpan(comment, delta));
  }
  // The stage's own comments, where they now are; comments stay in source order.
  comments.splice(firstFrom(comments, stageStart, (comment) => comment.start), 0, ...edited.comments);
  return {
    uses: moved(file.uses, shiftUse),
    presets: moved(file.presets, shiftPreset),
    pipelines: file.pipelines.map((p) => (p === pipeline ? editedPipeline : after(p) ? shiftPipeline(p, delta) : p)),
    comments,
  };
}

const shiftSpan = (span: Span, delta: number): Span => ({ start: span.start + delta, end: span.end + delta });
const shiftName = (name: Name, delta: number): Name => ({ text: name.text, span: shiftSpan(name.span, delta) });

function shiftValue(value: Value, delta: number): Value {
  const span = shiftSpan(value.span, delta);
  switch (value.type) {
    case "list":
      return { type: "list", items: value.items.map((item) => shiftValue(item, delta)), span };
    case "word":
      return value.indexSpan
        ? { type: "word", text: value.text, span, index: value.index, indexSpan: shiftSpan(value.indexSpan, delta) }
        : { type: "word", text: value.text, span };
    default:
      return { ...value, span };
  }
}

function shiftProperty(property: Property, delta: number): Property {
  const key = shiftName(property.key, delta);
  const span = shiftSpan(property.span, delta);
  return { key, value: property.value && shiftValue(property.value, delta), span };
}

const shiftPhase = (phase: PhaseBlock, delta: number): PhaseBlock => ({
  keyword: shiftName(phase.keyword, delta),
  properties: phase.properties.map((p) => shiftProperty(p, delta)),
  span: shiftSpan(phase.span, delta),
});

// Each copy has the fields of the node the parsers build, in their order, so objects keep one shape.
const shiftStage = (stage: Stage, delta: number): Stage => ({
  kind: shiftName(stage.kind, delta),
  name: stage.name && shiftName(stage.name, delta),
  properties: stage.properties.map((p) => shiftProperty(p, delta)),
  phases: stage.phases.map((p) => shiftPhase(p, delta)),
  span: shiftSpan(stage.span, delta),
});

const shiftBrief = (brief: BriefBlock, delta: number): BriefBlock => ({
  keyword: shiftSpan(brief.keyword, delta),
  properties: brief.properties.map((p) => shiftProperty(p, delta)),
  span: shiftSpan(brief.span, delta),
});

const shiftOutput = (output: OutputDecl, delta: number): OutputDecl => ({
  keyword: shiftSpan(output.keyword, delta),
  refs: output.refs.map((ref) => shiftValue(ref, delta) as typeof ref),
  span: shiftSpan(output.span, delta),
});

const shiftUse = (use: UseDecl, delta: number): UseDecl => ({
  keyword: shiftSpan(use.keyword, delta),
  path: use.path && (shiftValue(use.path, delta) as typeof use.path),
  span: shiftSpan(use.span, delta),
});

const shiftPreset = (preset: PresetDecl, delta: number): PresetDecl => ({
  name: preset.name && shiftName(preset.name, delta),
  properties: preset.properties.map((p) => shiftProperty(p, delta)),
  phases: preset.phases.map((p) => shiftPhase(p, delta)),
  span: shiftSpan(preset.span, delta),
});

const shiftPipeline = (pipeline: PipelineDecl, delta: number): PipelineDecl => ({
  keyword: shiftSpan(pipeline.keyword, delta),
  name: pipeline.name && shiftName(pipeline.name, delta),
  properties: pipeline.properties.map((p) => shiftProperty(p, delta)),
  briefs: pipeline.briefs.map((b) => shiftBrief(b, delta)),
  stages: pipeline.stages.map((s) => shiftStage(s, delta)),
  outputs: pipeline.outputs.map((o) => shiftOutput(o, delta)),
  span: shiftSpan(pipeline.span, delta),
});
