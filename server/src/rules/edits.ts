// Text edits that keep a user's layout: a property goes where its neighbours
// are, a removed line takes its indentation and line break with it.
import type { Property, Span, Stage } from "../parser/ast";
import type { TextEdit } from "./rule";

/** Applies non-overlapping edits; later edits in the text are applied first so offsets stay valid. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.span.start - a.span.start || b.span.end - a.span.end);
  let result = text;
  let limit = Infinity;
  for (const edit of sorted) {
    if (edit.span.end > limit) throw new Error("overlapping edits");
    result = result.slice(0, edit.span.start) + edit.newText + result.slice(edit.span.end);
    limit = edit.span.start;
  }
  return result;
}

/** Whether two sets of edits touch the same text. */
export function overlaps(a: TextEdit[], b: TextEdit[]): boolean {
  return a.some((x) => b.some((y) => (x.span.start < y.span.end && y.span.start < x.span.end) || x.span.start === y.span.start));
}

const lineStart = (text: string, offset: number) => text.lastIndexOf("\n", offset - 1) + 1;

function lineEnd(text: string, offset: number): number {
  const end = text.indexOf("\n", offset);
  return end < 0 ? text.length : end;
}

/** The whitespace that starts the line `offset` is on. */
export function indentAt(text: string, offset: number): string {
  const start = lineStart(text, offset);
  return /^[ \t]*/.exec(text.slice(start, offset))![0];
}

/** The offset of a stage's `{`, or undefined when the parser had to imagine it. */
export function openBraceOf(text: string, stage: Stage): number | undefined {
  const at = text.indexOf("{", (stage.name ?? stage.kind).span.end);
  return at >= 0 && at < stage.span.end ? at : undefined;
}

/** Sets `key: value` in a stage: replaces the value if the key is written, adds the property if not. */
export function setProperty(text: string, stage: Stage, key: string, value: string): TextEdit | undefined {
  const existing = [...stage.properties].reverse().find((p) => p.key.text === key);
  if (existing?.value) return { span: existing.value.span, newText: value };
  if (existing) return { span: { start: existing.span.end, end: existing.span.end }, newText: ` ${value}` };
  return addProperty(text, stage, `${key}: ${value}`);
}

/** Adds a property after the last one, on its own line if the stage spans lines, else on the same line. */
export function addProperty(text: string, stage: Stage, property: string): TextEdit | undefined {
  const last = stage.properties[stage.properties.length - 1];
  const brace = openBraceOf(text, stage);
  if (brace === undefined) return undefined;
  const multiline = text.slice(brace, stage.span.end).includes("\n");
  if (last && multiline) {
    return { span: { start: last.span.end, end: last.span.end }, newText: `\n${indentAt(text, last.span.start)}${property}` };
  }
  if (last) return { span: { start: last.span.end, end: last.span.end }, newText: ` ${property}` };
  if (multiline) {
    const indent = indentAt(text, stage.span.start) + "  ";
    return { span: { start: brace + 1, end: brace + 1 }, newText: `\n${indent}${property}` };
  }
  // `image a { }` or `image a {}`
  const inside = text.slice(brace + 1, stage.span.end - 1);
  return { span: { start: brace + 1, end: brace + 1 + inside.length }, newText: ` ${property} ` };
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
export function insertLinesBefore(text: string, offset: number, lines: string[]): TextEdit {
  const start = lineStart(text, offset);
  const indent = indentAt(text, offset);
  return { span: { start, end: start }, newText: lines.map((line) => (line ? indent + line : line)).join("\n") + "\n" };
}
