// Text to syntax tree. Total: any input gives a tree and problems, never an exception.
import type { GenFile, Span } from "./ast";
import type { Diagnostic } from "./diagnostic";
import { fastParse } from "./fastParse";
import { LineIndex } from "./lineIndex";
import { ParsedVersion, reparse } from "./reparse";
import { createMessageProvider, GenParser } from "./parser";
import { BlockComment, genLexer, HashComment } from "./tokens";

export interface ParseResult {
  file: GenFile;
  /** Lexical and syntax problems, in source order. */
  problems: Diagnostic[];
  lines: LineIndex;
}

// One parser for the process: chevrotain's set-up is the costly part.
let parser: GenParser | undefined;
function sharedParser(): GenParser {
  parser ??= new GenParser(createMessageProvider(() => parser!));
  return parser;
}

/**
 * Text to tree. With the `previous` version's tree, an edit inside one stage parses that stage alone, and
 * the previous tree is taken over (parser/reparse.ts): it must not be read again.
 */
export function parse(text: string, previous?: ParsedVersion): ParseResult {
  return (previous && tryReparse(previous, text)?.parse) ?? parseWhole(text);
}

/** `reparse`; undefined, for a full parse, should it fail (before it has changed anything: it changes the tree last). */
export function tryReparse(previous: ParsedVersion, text: string): ReturnType<typeof reparse> {
  try {
    return reparse(previous, text);
  } catch {
    return undefined;
  }
}

/** Text to tree, all of it. */
export function parseWhole(text: string): ParseResult {
  const lines = new LineIndex(text);
  try {
    // Most files, most of the time, have no syntax problem: the fast path builds their tree.
    const file = fastParse(text);
    if (file) return { file, problems: [], lines };
    return { ...parseTokens(text, lines), lines };
  } catch (error) {
    const span = { start: 0, end: Math.min(text.length, 1) };
    const message = `internal error while parsing this file; please report it: ${String(error)}`;
    return { file: { uses: [], presets: [], pipelines: [], comments: [] }, problems: [{ code: "internal", message, severity: "error", span }], lines };
  }
}

/** `parse` without its fast path: what test/unit/fastParse.test.ts compares the fast path with. */
export function parseWithRecovery(text: string): ParseResult {
  const lines = new LineIndex(text);
  return { ...parseTokens(text, lines), lines };
}

function parseTokens(text: string, lines: LineIndex): { file: GenFile; problems: Diagnostic[] } {
  const lexed = genLexer.tokenize(text);
  const problems: Diagnostic[] = lexed.errors.map((error) => {
    const span = { start: error.offset, end: error.offset + error.length };
    const chars = text.slice(span.start, span.end);
    const shown = chars.length > 10 ? chars.slice(0, 10) + "…" : chars;
    return { code: "syntax", message: `unexpected character${chars.length > 1 ? "s" : ""} \`${printable(shown)}\``, severity: "error", span };
  });

  const comments: Span[] = [];
  for (const token of lexed.groups.comments ?? []) {
    const span = { start: token.startOffset, end: token.startOffset + token.image.length };
    comments.push(span);
    if (token.tokenType === BlockComment && (token.image.length < 4 || !token.image.endsWith("*/"))) {
      problems.push({ code: "syntax", message: "this /* comment is never closed: add `*/` where it ends", severity: "error", span });
    } else if (token.tokenType === HashComment) {
      problems.push({ code: "syntax", message: "comments start with `//`, not `#`", severity: "error", span: { start: span.start, end: span.start + 1 } });
    }
  }

  const p = sharedParser();
  p.lineOf = (offset) => lines.positionAt(offset).line;
  p.input = lexed.tokens; // also resets the parser's state
  const file: GenFile = { uses: [], presets: [], pipelines: [], comments };
  p.genFile(file);
  problems.push(...p.problems);
  const seen = new Set<number>();
  for (const error of p.errors) {
    const token = error.token;
    const start = isNaN(token.startOffset) ? text.length : token.startOffset;
    if (seen.has(start)) continue; // one message per place; later ones are echoes of the first
    seen.add(start);
    const end = isNaN(token.startOffset) ? text.length : start + token.image.length;
    problems.push({ code: "syntax", message: error.message, severity: "error", span: { start, end } });
  }
  problems.sort((a, b) => a.span.start - b.span.start);
  return { file, problems };
}

function printable(chars: string): string {
  return chars.replace(/[\x00-\x1f\x7f-\x9f\ufffd]/g, (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));
}
