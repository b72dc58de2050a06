// Cursor fixtures for navigation tests: `|` marks the cursor, `«…»` and `‹…›` mark expected spans
// (read and written places, for highlights). Files of a fixture share one in-memory host, so `use`
// lines reach the others. Results are drawn back as the same marks, so a failure shows text.
import * as path from "path";
import { analyze, UseHost } from "../../server/src/analysis/analyze";
import type { Span } from "../../server/src/parser/ast";
import type { ParseResult } from "../../server/src/parser/parse";
import type { NavDocument } from "../../server/src/service/navigation";

export interface MarkedText {
  /** The text without its marks. */
  text: string;
  /** Where `|` stood, if anywhere. */
  cursor?: number;
  /** `«…»` spans, then `‹…›` spans. */
  read: Span[];
  write: Span[];
}

export function unmark(marked: string): MarkedText {
  let text = "";
  let cursor: number | undefined;
  const read: Span[] = [];
  const write: Span[] = [];
  const open: { mark: string; at: number }[] = [];
  for (const c of marked) {
    if (c === "|") cursor = text.length;
    else if (c === "«" || c === "‹") open.push({ mark: c, at: text.length });
    else if (c === "»" || c === "›") {
      const start = open.pop();
      if (!start || (start.mark === "«") !== (c === "»")) throw new Error(`unbalanced ${c} in ${marked}`);
      (c === "»" ? read : write).push({ start: start.at, end: text.length });
    } else text += c;
  }
  if (open.length > 0) throw new Error(`unclosed mark in ${marked}`);
  return { text, cursor, read, write };
}

/** The text with `«…»` around `read` spans and `‹…›` around `write` spans. */
export function mark(text: string, read: Span[], write: Span[] = []): string {
  const inserts: { at: number; mark: string; order: number }[] = [];
  for (const span of read) inserts.push({ at: span.start, mark: "«", order: 1 }, { at: span.end, mark: "»", order: 0 });
  for (const span of write) inserts.push({ at: span.start, mark: "‹", order: 1 }, { at: span.end, mark: "›", order: 0 });
  inserts.sort((a, b) => a.at - b.at || a.order - b.order);
  let result = "";
  let last = 0;
  for (const insert of inserts) {
    result += text.slice(last, insert.at) + insert.mark;
    last = insert.at;
  }
  return result + text.slice(last);
}

/** Files by absolute path; the first is the document the cursor is in. */
export type Files = Record<string, string>;

export interface Workspace {
  /** The first file, analysed: what a request is made in. */
  main: NavDocument;
  mainPath: string;
  cursor: number;
  /** Every file, marks removed. */
  texts: Map<string, string>;
  /** The expected spans of every file. */
  marks: Map<string, MarkedText>;
  host: UseHost;
  /** A file analysed as an open document would be. */
  open(file: string): NavDocument;
}

/** A fixture of one text (at `/w/main.gen`) or several files. */
export function workspace(files: Files | string): Workspace {
  const all = typeof files === "string" ? { "/w/main.gen": files } : files;
  const marks = new Map(Object.entries(all).map(([file, text]) => [file, unmark(text)]));
  const texts = new Map([...marks].map(([file, marked]) => [file, marked.text]));
  const host: UseHost = { resolve: (from, written) => path.posix.resolve(path.posix.dirname(from), written), read: (file) => texts.get(file) };
  const parseCache = new Map<string, { text: string; result: ParseResult }>();
  const open = (file: string): NavDocument => {
    const text = texts.get(file)!;
    const options = { path: file, host, parseCache };
    return { text, analysis: analyze(text, options), options };
  };
  const mainPath = Object.keys(all)[0];
  const cursor = marks.get(mainPath)!.cursor;
  return { main: open(mainPath), mainPath, cursor: cursor ?? 0, texts, marks, host, open };
}

/** `places` drawn as marks in each file they are in (`path` undefined: the main file); files without any are left out. */
export function markPlaces(ws: Workspace, places: { path?: string; span: Span }[], writes: { path?: string; span: Span }[] = []): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [file, text] of ws.texts) {
    const inFile = (p: { path?: string }) => (p.path ?? ws.mainPath) === file;
    const read = places.filter(inFile).map((p) => p.span);
    const write = writes.filter(inFile).map((p) => p.span);
    if (read.length + write.length > 0) result[file] = mark(text, read, write);
  }
  return result;
}

/** The fixture's own marks, drawn the same way (cursors dropped), for comparing with `markPlaces`. */
export function expectedMarks(ws: Workspace): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [file, marked] of ws.marks) {
    if (marked.read.length + marked.write.length > 0) result[file] = mark(marked.text, marked.read, marked.write);
  }
  return result;
}
