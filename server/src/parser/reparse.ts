// Parsing a new version of a file from the previous one's tree. Typing changes one stage at a time: when
// everything that changed lies inside one stage's block, and the file read cleanly before and that stage
// reads cleanly now, only that stage is parsed again. The previous tree is taken over, not copied: the
// stage is replaced in its pipeline and every node after it is moved in place by the change in length,
// so nodes keep their identity across versions (what lets analysis keep the symbols of stages the edit
// did not touch) and a keystroke in a 10,000-stage file allocates one stage. Whoever held the previous
// tree must not read it again. Anything else is parsed whole. test/unit/reparse.test.ts checks that the
// result equals a full parse for edits all over the samples, fixtures and fuzzed files.
import type {
  BriefBlock, GenFile, Name, OutputDecl, PipelineDecl, PresetDecl, Property, Span, Stage, UseDecl, Value,
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

/** The one stage an edit changed: `before` was replaced by `after` in `pipeline`; what followed `oldEnd` moved by `delta`. */
export interface StageEdit {
  pipeline: PipelineDecl;
  index: number;
  before: Stage;
  after: Stage;
  /** Where the stage ended in the previous text. */
  oldEnd: number;
  delta: number;
}

/** For a tree made from a previous one: that tree's parse (held weakly: versions must not hold each other) and the stage edited. */
const origins = new WeakMap<ParseResult, { previous: WeakRef<ParseResult>; edit: StageEdit }>();

/** The parse this one was made from by `reparse`, and the stage edited since; undefined for a tree parsed whole. */
export function reparsedFrom(parse: ParseResult): { previous: ParseResult | undefined; edit: StageEdit } | undefined {
  const origin = origins.get(parse);
  return origin && { previous: origin.previous.deref(), edit: origin.edit };
}

/**
 * The tree of `text` made from `previous`'s (which it takes over), and the stage edited; undefined when
 * the change needs a full parse, and then the previous tree is left as it was.
 */
export function reparse(previous: ParsedVersion, text: string): { parse: ParseResult; edit: StageEdit } | undefined {
  if (previous.parse.problems.length > 0) return undefined; // the previous tree came from error recovery
  const before = previous.text;
  const change = changedRange(before, text);
  // The same text again (a setting changed): parsed anew, as the tree kept may be of a check cut short (a file too large).
  if (!change) return undefined;
  const found = stageHolding(previous.parse.file, change.start, change.oldEnd, before);
  if (!found) return undefined;
  const { pipeline, index, stage } = found;
  const delta = text.length - before.length;
  const oldEnd = stage.span.end;
  const edited = parseStageAlone(text.slice(stage.span.start, oldEnd + delta), stage.span.start);
  if (!edited) return undefined;
  const file = moveInPlace(previous.parse.file, pipeline, index, edited, oldEnd, delta);
  const parse: ParseResult = { file, problems: [], lines: LineIndex.edited(previous.parse.lines, text, change) };
  const edit: StageEdit = { pipeline, index, before: stage, after: edited.stage, oldEnd, delta };
  origins.set(parse, { previous: new WeakRef(previous.parse), edit });
  return { parse, edit };
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
  const { file, stages } = parseStagesAlone(text) ?? {};
  if (!file || stages?.length !== 1) return undefined;
  const stage = stages[0];
  const delta = start - STAGE_PREFIX.length;
  if (stage.span.start !== STAGE_PREFIX.length || stage.span.end !== STAGE_PREFIX.length + text.length) return undefined;
  // Parsed here, so moved in place to where it is in its file.
  moveStage(stage, delta);
  for (const comment of file.comments) moveSpan(comment, delta);
  return { stage, comments: file.comments };
}

/** Text inside a pipeline's braces, when it reads cleanly as stages and nothing else (positions as parsed after a prefix). */
export function parseStagesAlone(text: string): { file: GenFile; stages: Stage[] } | undefined {
  const file = fastParse(`${STAGE_PREFIX}${text}\n}`);
  const pipeline = file?.pipelines[0];
  if (!file || file.uses.length + file.presets.length !== 0 || file.pipelines.length !== 1 || !pipeline) return undefined;
  if (pipeline.stages.length === 0 || pipeline.properties.length + pipeline.briefs.length + pipeline.outputs.length !== 0) return undefined;
  return { file, stages: pipeline.stages };
}

/**
 * The previous tree with `edited` in place of the pipeline's stage at `index`, and every node after
 * `oldEnd` moved by `delta` in place. A new file object, so what is remembered per file is worked out again.
 */
function moveInPlace(file: GenFile, pipeline: PipelineDecl, index: number, edited: { stage: Stage; comments: Span[] }, oldEnd: number, delta: number): GenFile {
  const stageStart = pipeline.stages[index].span.start;
  if (delta !== 0) {
    const moveAfter = <T extends { span: Span }>(nodes: T[], move: (node: T, delta: number) => void) => {
      for (const node of nodes) if (node.span.start >= oldEnd) move(node, delta);
    };
    moveAfter(file.uses, moveUse);
    moveAfter(file.presets, movePreset);
    for (const other of file.pipelines) if (other !== pipeline && other.span.start >= oldEnd) movePipeline(other, delta);
    moveAfter(pipeline.properties, moveProperty);
    moveAfter(pipeline.briefs, moveBrief);
    for (let i = index + 1; i < pipeline.stages.length; i++) moveStage(pipeline.stages[i], delta);
    moveAfter(pipeline.outputs, moveOutput);
    pipeline.span.end += delta;
  }
  pipeline.stages[index] = edited.stage;
  const comments: Span[] = [];
  for (const comment of file.comments) {
    if (comment.end <= stageStart) comments.push(comment);
    else if (comment.start >= oldEnd) comments.push(moveSpan(comment, delta));
  }
  // The stage's own comments, where they now are; comments stay in source order.
  comments.splice(firstFrom(comments, stageStart, (comment) => comment.start), 0, ...edited.comments);
  return { uses: file.uses, presets: file.presets, pipelines: file.pipelines, comments };
}

// Each span object belongs to one node (the parsers never share one), so each is moved once.
function moveSpan(span: Span, delta: number): Span {
  span.start += delta;
  span.end += delta;
  return span;
}

function moveValue(value: Value, delta: number): void {
  moveSpan(value.span, delta);
  if (value.type === "list") for (const item of value.items) moveValue(item, delta);
  else if (value.type === "word" && value.indexSpan) moveSpan(value.indexSpan, delta);
}

function moveProperty(property: Property, delta: number): void {
  moveSpan(property.key.span, delta);
  if (property.value) moveValue(property.value, delta);
  moveSpan(property.span, delta);
}

function moveBlock(block: { properties: Property[]; span: Span }, delta: number): void {
  for (const property of block.properties) moveProperty(property, delta);
  moveSpan(block.span, delta);
}

const moveName = (name: Name | undefined, delta: number) => name && moveSpan(name.span, delta);

function moveStage(stage: Stage | PresetDecl, delta: number): void {
  if ("kind" in stage) moveName(stage.kind, delta);
  moveName(stage.name, delta);
  for (const phase of stage.phases) moveName(phase.keyword, delta), moveBlock(phase, delta);
  moveBlock(stage, delta);
}

const movePreset = (preset: PresetDecl, delta: number) => moveStage(preset, delta);
const moveBrief = (brief: BriefBlock, delta: number) => (moveSpan(brief.keyword, delta), moveBlock(brief, delta));

function moveOutput(output: OutputDecl, delta: number): void {
  moveSpan(output.keyword, delta);
  for (const ref of output.refs) moveValue(ref, delta);
  moveSpan(output.span, delta);
}

function moveUse(use: UseDecl, delta: number): void {
  moveSpan(use.keyword, delta);
  if (use.path) moveValue(use.path, delta);
  moveSpan(use.span, delta);
}

function movePipeline(pipeline: PipelineDecl, delta: number): void {
  moveSpan(pipeline.keyword, delta);
  moveName(pipeline.name, delta);
  for (const property of pipeline.properties) moveProperty(property, delta);
  for (const brief of pipeline.briefs) moveBrief(brief, delta);
  for (const stage of pipeline.stages) moveStage(stage, delta);
  for (const output of pipeline.outputs) moveOutput(output, delta);
  moveSpan(pipeline.span, delta);
}
