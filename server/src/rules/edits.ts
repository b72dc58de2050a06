// Text edits that keep a user's layout: a property goes where its neighbours
// are, a removed line takes its indentation and line break with it.
import type { PhaseBlock, PresetDecl, Property, Span, Stage } from "../parser/ast";
import { firstFrom } from "../parser/spans";
import type { TextEdit } from "./rule";

/** Applies non-overlapping edits; later edits in the text are applied first so offsets stay valid. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  // One pass over the text, edits in order: a fix-all applies thousands at once, and splicing the
  // string once per edit would copy the file each time. At one place, the edit listed last comes first.
  const order = edits.map((edit, index) => ({ edit, index }));
  order.sort((a, b) => a.edit.span.start - b.edit.span.start || a.edit.span.end - b.edit.span.end || b.index - a.index);
  const pieces: string[] = [];
  let done = 0;
  for (const { edit } of order) {
    if (edit.span.start < done) throw new Error("overlapping edits");
    pieces.push(text.slice(done, edit.span.start), edit.newText);
    done = edit.span.end;
  }
  pieces.push(text.slice(done));
  return pieces.join("");
}

/**
 * The edits sorted by start, as a copy; stable. A few are sorted by insertion: `Array.prototype.sort`
 * sets up kilobytes of merge state on each call, and rules sort two or three edits for each of
 * thousands of findings.
 */
export function sortedByStart(edits: TextEdit[]): TextEdit[] {
  const sorted = edits.slice();
  if (sorted.length > 8) return sorted.sort((a, b) => a.span.start - b.span.start);
  for (let i = 1; i < sorted.length; i++) {
    const edit = sorted[i];
    let j = i;
    for (; j > 0 && sorted[j - 1].span.start > edit.span.start; j--) sorted[j] = sorted[j - 1];
    sorted[j] = edit;
  }
  return sorted;
}

/** Whether two of the edits overlap: then they cannot be applied together. */
export function overlapping(edits: TextEdit[]): boolean {
  const sorted = sortedByStart(edits);
  return sorted.some((edit, i) => i > 0 && edit.span.start < sorted[i - 1].span.end);
}

/**
 * The text that chosen edits touch, to ask whether other edits touch it too (overlap it, or start
 * where one starts) in log time: a fix-all chooses among thousands of fixes.
 */
export class TouchedText {
  /** Starts and ends of disjoint spans, sorted: no two share a start, so the ends are sorted too. */
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];

  overlaps(edits: TextEdit[]): boolean {
    return edits.some(({ span }) => {
      const before = this.countStartingBefore(span.end) - 1; // the last span starting before this one ends
      if (before >= 0 && this.ends[before] > span.start && this.starts[before] < span.end) return true;
      const same = this.countStartingBefore(span.start);
      return this.starts[same] === span.start;
    });
  }

  add(edits: TextEdit[]): void {
    for (const { span } of edits) {
      const at = this.countStartingBefore(span.start);
      if (this.starts[at] === span.start) this.ends[at] = Math.max(this.ends[at], span.end);
      else {
        this.starts.splice(at, 0, span.start);
        this.ends.splice(at, 0, span.end);
      }
    }
  }

  /** How many spans start before `offset`. */
  private countStartingBefore(offset: number): number {
    let low = 0;
    let high = this.starts.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.starts[middle] < offset) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

/** The file's own line break, so inserted lines match it (CRLF files stay CRLF). */
export function eol(text: string): string {
  // Asked once per fix, of the same text: scanning a 1 MB file each time was a tenth of a wasteful check.
  if (text !== lastText) lastEol = hasCrlf(text) ? "\r\n" : "\n";
  // Kept even when equal: another string of the same text (a file and its git base) would otherwise be
  // compared with the first, character by character, at every call.
  lastText = text;
  return lastEol;
}
let lastText = "";
let lastEol = "\n";

/**
 * Whether a `\r\n` is in the text. A search for each `\r`: in the server, `includes("\r\n")` on each new
 * version of a 1 MB document took 27 ms (a tenth of a wasteful check), a one-character search well under one.
 */
function hasCrlf(text: string): boolean {
  for (let i = text.indexOf("\r"); i >= 0; i = text.indexOf("\r", i + 1)) if (text.charCodeAt(i + 1) === 10) return true;
  return false;
}

/**
 * Where the line that `offset` is on starts, after the `\n` before it. The `\n`s of the last text asked
 * about are remembered, so this is a binary search: searching back through the line took as long as
 * the line, and a minified file is one line (thousands of fixes each read it whole).
 */
export function lineStart(text: string, offset: number): number {
  if (text !== newlinesOf.text) newlinesOf = { text, at: newlines(text) };
  newlinesOf.text = text; // this string from now on, as in `eol`
  const at = newlinesOf.at;
  const next = firstFrom(at, offset, (newline) => newline); // the first `\n` at `offset` or after: the one before ends the line before
  return next === 0 ? 0 : at[next - 1] + 1;
}
let newlinesOf = { text: "", at: [] as number[] };

function newlines(text: string): number[] {
  const at: number[] = [];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) at.push(i);
  return at;
}

function lineEnd(text: string, offset: number): number {
  const end = text.indexOf("\n", offset);
  return end < 0 ? text.length : end;
}

/** The whitespace that starts the line `offset` is on. */
export function indentAt(text: string, offset: number): string {
  const start = lineStart(text, offset);
  return /^[ \t]*/.exec(text.slice(start, offset))![0];
}

/** A block of properties a fix may edit: a stage, a preset, or a stage's or preset's `draft { }` / `final { }`. */
export type Block = Stage | PresetDecl | PhaseBlock;

/** Where the block's header ends: after the stage's name, the preset's name, `final`. */
function headerEnd(block: Block): number {
  if ("kind" in block) return (block.name ?? block.kind).span.end;
  if ("keyword" in block) return block.keyword.span.end;
  return block.name?.span.end ?? block.span.start;
}

/** The offset of a block's `{`, or undefined when the parser had to imagine it. */
export function openBraceOf(text: string, block: Block): number | undefined {
  const at = text.indexOf("{", headerEnd(block));
  return at >= 0 && at < block.span.end ? at : undefined;
}

/** Sets `key: value` in a block: replaces the value if the key is written, adds the property if not. */
export function setProperty(text: string, stage: Block, key: string, value: string): TextEdit | undefined {
  const existing = lastWithKey(stage.properties, key);
  if (existing?.value) return { span: existing.value.span, newText: value };
  if (existing) return { span: { start: existing.span.end, end: existing.span.end }, newText: ` ${value}` };
  return addProperty(text, stage, `${key}: ${value}`);
}

/** The last of the properties with `key` (the one in effect), found without copying the list. */
function lastWithKey(properties: Property[], key: string): Property | undefined {
  for (let i = properties.length - 1; i >= 0; i--) if (properties[i].key.text === key) return properties[i];
  return undefined;
}

/**
 * Adds a property after the last one, on its own line if the block spans lines, else on the same line.
 * With `afterBlocks`, after the last of its properties and phase blocks (where a new `final { }` goes).
 */
export function addProperty(text: string, stage: Block, property: string, afterBlocks = false): TextEdit | undefined {
  const last = lastEnding(stage.properties, afterBlocks && "phases" in stage ? stage.phases : []);
  const brace = openBraceOf(text, stage);
  // A block whose `}` is missing ends where the parser gave up (inside an unclosed string, say): text
  // added there might not be read as a property at all. Its last item reaching the end means the `}`
  // there is that item's (a string running to the end of its line), not the block's.
  if (brace === undefined || text[stage.span.end - 1] !== "}" || (last && last.span.end >= stage.span.end)) return undefined;
  const multiline = text.slice(brace, stage.span.end).includes("\n");
  if (last && multiline) {
    return { span: { start: last.span.end, end: last.span.end }, newText: `${eol(text)}${indentAt(text, last.span.start)}${property}` };
  }
  if (last) return { span: { start: last.span.end, end: last.span.end }, newText: ` ${property}` };
  if (multiline) {
    const indent = indentAt(text, stage.span.start) + "  ";
    return { span: { start: brace + 1, end: brace + 1 }, newText: `${eol(text)}${indent}${property}` };
  }
  // `image a { }` or `image a {}`
  const inside = text.slice(brace + 1, stage.span.end - 1);
  return { span: { start: brace + 1, end: brace + 1 + inside.length }, newText: ` ${property} ` };
}

/** Of the items, the one ending last (the later one listed when two end together), without copying or sorting. */
function lastEnding(properties: { span: Span }[], blocks: { span: Span }[]): { span: Span } | undefined {
  let last: { span: Span } | undefined;
  for (const items of [properties, blocks]) for (const item of items) if (!last || item.span.end >= last.span.end) last = item;
  return last;
}

/**
 * Draft low, keep the final: `key` becomes `draftValue` where the draft reads it (the shared
 * settings, or the `draft { }` block when it sets `key`), and the final keeps `finalValue` in
 * `final { }` (added, or the block created) unless that block already sets `key`.
 */
export function setForDraft(text: string, block: Stage | PresetDecl, key: string, draftValue: string, finalValue: string): TextEdit[] | undefined {
  const draftBlock = phaseBlock(block, "draft");
  if (setsKey(draftBlock, key)) {
    const edit = setProperty(text, draftBlock!, key, draftValue);
    return edit && [edit];
  }
  const finalBlock = phaseBlock(block, "final");
  const edits: TextEdit[] = [];
  const shared = setProperty(text, block, key, draftValue);
  if (!shared) return undefined;
  edits.push(shared);
  if (!setsKey(finalBlock, key)) {
    const keep = finalBlock ? addProperty(text, finalBlock, `${key}: ${finalValue}`) : addProperty(text, block, `final { ${key}: ${finalValue} }`, true);
    if (!keep) return undefined;
    edits.push(keep);
  }
  return joinInsertions(edits);
}

// Loops, not closures: draft-phase fixes are built for thousands of stages of a storyboard.

/** The block's first `draft { }` or `final { }`. */
function phaseBlock(block: Stage | PresetDecl, phase: string): PhaseBlock | undefined {
  for (const b of block.phases) if (b.keyword.text === phase) return b;
  return undefined;
}

/** Whether the phase block writes a value for `key`. */
function setsKey(block: PhaseBlock | undefined, key: string): boolean {
  if (block) for (const p of block.properties) if (p.key.text === key && p.value) return true;
  return false;
}

/** Sets `key: value` pairs in the block's `final { }` (draft settings untouched), creating the block when there is none. */
export function setInFinal(text: string, block: Stage | PresetDecl, entries: [key: string, value: string][]): TextEdit[] | undefined {
  const final = block.phases.find((b) => b.keyword.text === "final");
  if (!final) {
    const edit = addProperty(text, block, `final { ${entries.map(([key, value]) => `${key}: ${value}`).join(" ")} }`, true);
    return edit && [edit];
  }
  const edits: TextEdit[] = [];
  for (const [key, value] of entries) {
    const edit = setProperty(text, final, key, value);
    if (!edit) return undefined;
    edits.push(edit);
  }
  return joinInsertions(edits);
}

/** Insertions at the same offset become one edit, in order, so the edits do not collide. */
export function joinInsertions(edits: TextEdit[]): TextEdit[] {
  const result: TextEdit[] = [];
  for (const edit of edits) {
    const last = result[result.length - 1];
    const insertion = (e: TextEdit) => e.span.start === e.span.end;
    if (last && insertion(last) && insertion(edit) && last.span.start === edit.span.start) {
      result[result.length - 1] = { span: last.span, newText: last.newText + edit.newText };
    } else result.push(edit);
  }
  return result;
}

/** Removes a property, with its line when it stands alone on it. */
export function removeProperty(text: string, property: Property): TextEdit {
  return removeSpan(text, property.span);
}

/** Removes a span; when nothing else is on its lines, the whole lines go. */
export function removeSpan(text: string, span: Span): TextEdit {
  const start = lineStart(text, span.start);
  const end = lineEnd(text, span.end);
  const before = text.slice(start, span.start);
  const after = text.slice(span.end, end);
  if (/^[ \t]*$/.test(before) && /^[ \t]*(\/\/.*)?$/.test(after)) {
    return { span: { start, end: Math.min(text.length, end + 1) }, newText: "" };
  }
  // Sharing a line: take one neighbouring space so no double space is left.
  const trailing = /^[ \t]+/.exec(after)?.[0].length ?? 0;
  return { span: { start: span.start, end: span.end + Math.min(trailing, 1) }, newText: "" };
}

/** Inserts a block (one or more lines) before the line of `offset`, indented like that line. */
export function insertLinesBefore(text: string, offset: number, lines: string[], comments: readonly Span[]): TextEdit | undefined {
  const start = lineStart(text, offset);
  // A line that starts inside a block comment (`/* … */ image a {`, or recovery reading an item after a comment
  // closes mid-line): the lines would be commented out, and the finding would come back after every fix.
  if (insideComment(comments, start)) return undefined;
  const indent = indentAt(text, offset);
  return { span: { start, end: start }, newText: lines.map((line) => (line ? indent + line : line)).join(eol(text)) + eol(text) };
}

/** Whether `offset` lies inside one of `comments` (in source order), after its first character. */
export function insideComment(comments: readonly Span[], offset: number): boolean {
  const before = comments[firstFrom(comments, offset, (comment) => comment.start) - 1];
  return before !== undefined && offset < before.end;
}

/**
 * Rewrites a whole stage in place as `header { properties }`: same position and indentation, one line if
 * it was on one line, else one property a line indented like its first property. Undefined when the
 * stage's braces are not both written.
 */
export function rewriteStage(text: string, stage: Stage, header: string, properties: string[]): TextEdit | undefined {
  const brace = openBraceOf(text, stage);
  if (brace === undefined || text[stage.span.end - 1] !== "}") return undefined;
  if (!text.slice(brace, stage.span.end).includes("\n")) {
    return { span: stage.span, newText: `${header} { ${properties.join(" ")} }` };
  }
  const outer = indentAt(text, stage.span.start);
  const first = stage.properties[0];
  const ownLine = first && /^[ \t]*$/.test(text.slice(lineStart(text, first.span.start), first.span.start));
  const inner = ownLine ? indentAt(text, first.span.start) : outer + "  ";
  const closing = /^[ \t]*$/.test(text.slice(lineStart(text, stage.span.end - 1), stage.span.end - 1)) ? indentAt(text, stage.span.end - 1) : outer;
  const br = eol(text);
  return { span: stage.span, newText: `${header} {${br}${properties.map((p) => inner + p).join(br)}${br}${closing}}` };
}

/**
 * Removes a whole stage. When it stands alone on its lines, the lines go, and so does one of the
 * blank lines around it if it was set off by blank lines (no double gap is left, none at the end of
 * the pipeline). Undefined when the stage's `}` is missing: its end is the parser's guess.
 */
export function removeStage(text: string, stage: Stage): TextEdit | undefined {
  const { span } = stage;
  if (text[span.end - 1] !== "}") return undefined;
  let start = lineStart(text, span.start);
  let end = lineEnd(text, span.end);
  const blank = (line: string) => /^[ \t\r]*$/.test(line);
  const after = text.slice(span.end, end);
  if (!blank(text.slice(start, span.start)) || !/^[ \t]*(\/\/.*)?\r?$/.test(after)) {
    // Sharing a line with other items. Last on it: the spaces before it go too, so none trail.
    if (blank(after)) {
      const before = /[ \t]*$/.exec(text.slice(start, span.start))![0].length;
      return { span: { start: span.start - before, end: span.end + /^[ \t]*/.exec(after)![0].length }, newText: "" };
    }
    // Followed by more: take one neighbouring space so no double space is left.
    const trailing = /^[ \t]+/.exec(after)?.[0].length ?? 0;
    return { span: { start: span.start, end: span.end + Math.min(trailing, 1) }, newText: "" };
  }
  end = Math.min(text.length, end + 1);
  const previousStart = start > 0 ? lineStart(text, start - 1) : undefined;
  const previous = previousStart === undefined ? undefined : text.slice(previousStart, start - 1);
  const next = end < text.length ? text.slice(end, lineEnd(text, end)) : undefined;
  if (previousStart !== undefined && previous !== undefined && blank(previous) && (next === undefined || blank(next) || /^\s*\}/.test(next))) {
    start = previousStart;
  } else if (next !== undefined && blank(next) && (previous === undefined || /\{[ \t]*(\/\/.*)?\r?$/.test(previous))) {
    end = Math.min(text.length, lineEnd(text, end) + 1);
  }
  return { span: { start, end }, newText: "" };
}
