// The formatter: one canonical layout (docs/format.md), reached by changing only the whitespace
// between tokens. Tokens themselves are never re-printed, so comments and triple-quoted strings stay
// byte for byte; the only edits inside a token are the spaces of `150   credits` (made one) and
// spaces at the end of a `//` comment (removed). Where a line break goes is decided from the syntax
// tree (which tokens start a property, a stage, a block) and from the user's own line breaks where
// the language leaves a choice: a block written on one line stays on one line, a block written over
// several lines gets one item per line. A file with syntax errors is not formatted.
import type { GenFile, PipelineDecl, Span } from "../parser/ast";
import type { Diagnostic } from "../parser/diagnostic";
import { LineIndex } from "../parser/lineIndex";
import { fastTokens, LayoutKind } from "../parser/fastParse";
import { parse, ParseResult } from "../parser/parse";
import { reparsedFrom, StageEdit } from "../parser/reparse";
import { BlockComment, Colon, Comma, Credits, genLexer, LBracket, LCurly, LineComment, RBracket, RCurly } from "../parser/tokens";
import type { TextEdit } from "../rules/rule";

/** What the editor says about indentation (LSP's FormattingOptions). */
export interface FormatOptions {
  /** Spaces per level when `insertSpaces`. */
  tabSize: number;
  /** Spaces, or one tab per level. */
  insertSpaces: boolean;
}

/** Two spaces, as the samples are written: the CLI's default. */
export const DEFAULT_FORMAT_OPTIONS: FormatOptions = { tabSize: 2, insertSpaces: true };

export interface FormatResult {
  /** Edits that make the text formatted: sorted, apart, each inside whitespace (or a `credits` literal); none when it is formatted already or cannot be formatted. */
  edits: TextEdit[];
  /** Why the text was left as it is, a sentence whose subject (the file's name) comes before it: it has syntax errors (the first is named). */
  refused?: { message: string; span: Span };
}

type LexToken = ReturnType<typeof genLexer.tokenize>["tokens"][number];

const enum Kind { Other, LineComment, BlockComment, LCurly, RCurly, Colon, Comma, LBracket, RBracket, Credits }

const kinds = new Map([
  [LineComment, Kind.LineComment], [BlockComment, Kind.BlockComment], [LCurly, Kind.LCurly], [RCurly, Kind.RCurly],
  [Colon, Kind.Colon], [Comma, Kind.Comma], [LBracket, Kind.LBracket], [RBracket, Kind.RBracket], [Credits, Kind.Credits],
]);

interface Token {
  start: number;
  /** Where the token ends; a `//` comment ends before its trailing spaces, which count as whitespace after it. */
  end: number;
  kind: Kind;
}

const isComment = (token: Token) => token.kind === Kind.LineComment || token.kind === Kind.BlockComment;

/** Line breaks in the whitespace text[start, end): `\r\n`, `\n` and `\r` count one each, as in LineIndex. */
function countBreaks(text: string, start = 0, end = text.length): number {
  let count = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && (i + 1 >= end || text.charCodeAt(i + 1) !== 10))) count++;
  }
  return count;
}

/**
 * The file's own line break: the first between its tokens (those inside a comment or a string are the
 * user's to keep, and not what the layout uses), else the first anywhere, else `\n`; and where it was
 * found (Infinity when not between tokens: anything in the file may change it).
 */
function lineBreakAt(text: string, tokens: Token[]): { eol: string; at: number } {
  const pattern = /\r\n|\n|\r/g;
  /** The first line break at or after `from`: searched again only once `from` has passed it (linear, even on one line). */
  let next: RegExpExecArray | null | undefined;
  const breakFrom = (from: number) => {
    if (next === undefined || (next && next.index < from)) {
      pattern.lastIndex = from;
      next = pattern.exec(text);
    }
    return next;
  };
  let from = 0;
  for (const token of tokens) {
    const found = breakFrom(from);
    if (!found) break;
    if (found.index < token.start) return { eol: found[0], at: found.index };
    from = token.end;
  }
  const found = breakFrom(from) ?? /\r\n|\n|\r/.exec(text);
  return { eol: found?.[0] ?? "\n", at: Infinity };
}

function sanitize(options: FormatOptions): FormatOptions {
  const tabSize = Number.isInteger(options.tabSize) && options.tabSize >= 1 && options.tabSize <= 64 ? options.tabSize : DEFAULT_FORMAT_OPTIONS.tabSize;
  return { tabSize, insertSpaces: options.insertSpaces !== false };
}

const layoutKinds: Record<LayoutKind, Kind> = {
  lineComment: Kind.LineComment, blockComment: Kind.BlockComment, "{": Kind.LCurly, "}": Kind.RCurly, ":": Kind.Colon, ",": Kind.Comma,
  "[": Kind.LBracket, "]": Kind.RBracket, credits: Kind.Credits, other: Kind.Other,
};

/** A `//` comment's end before its trailing spaces, which count as whitespace after it. */
function trimmedEnd(text: string, start: number, end: number): number {
  while (end > start && /\s/.test(text[end - 1])) end--;
  return end;
}

/** Every token, comments included, in source order. */
function tokensOf(text: string): Token[] {
  // The parser's fast lexer cuts tokens as the chevrotain lexer does, several times faster; it leaves a few
  // rare texts (escapes in strings, Unicode spaces) to the chevrotain lexer.
  const fast = fastTokens(text, (start, end, kind): Token => ({ start, end: kind === "lineComment" ? trimmedEnd(text, start, end) : end, kind: layoutKinds[kind] }));
  if (fast) return fast;
  const lexed = genLexer.tokenize(text);
  const code = lexed.tokens;
  const comments = lexed.groups.comments ?? [];
  const tokens: Token[] = [];
  const add = (token: LexToken) => {
    const kind = kinds.get(token.tokenType) ?? Kind.Other;
    let image = token.image;
    if (kind === Kind.LineComment) image = image.trimEnd();
    tokens.push({ start: token.startOffset, end: token.startOffset + image.length, kind });
  };
  let c = 0;
  for (const token of code) {
    while (c < comments.length && comments[c].startOffset < token.startOffset) add(comments[c++]);
    add(token);
  }
  while (c < comments.length) add(comments[c++]);
  return tokens;
}

type Phased = { properties: { span: Span }[]; phases: { span: Span; properties: { span: Span }[] }[] };

/** Where the items of a stage or preset start: its properties, its phase blocks and theirs. */
function addPhased(owner: Phased, starts: Set<number>): Set<number> {
  for (const p of owner.properties) starts.add(p.span.start);
  for (const phase of owner.phases) {
    starts.add(phase.span.start);
    for (const p of phase.properties) starts.add(p.span.start);
  }
  return starts;
}

/** Where each item of a block starts: `use`, `preset` and `pipeline` at the top, then properties, stages, `brief`, `output`, phase blocks. */
function itemStarts(file: GenFile): Set<number> {
  const starts = new Set<number>();
  const properties = (owner: { properties: { span: Span }[] }) => owner.properties.forEach((p) => starts.add(p.span.start));
  const phased = (owner: Phased) => addPhased(owner, starts);
  for (const use of file.uses) starts.add(use.span.start);
  for (const preset of file.presets) {
    starts.add(preset.span.start);
    phased(preset);
  }
  for (const pipeline of file.pipelines) {
    starts.add(pipeline.span.start);
    properties(pipeline);
    for (const brief of pipeline.briefs) {
      starts.add(brief.span.start);
      properties(brief);
    }
    for (const output of pipeline.outputs) starts.add(output.span.start);
    for (const stage of pipeline.stages) {
      starts.add(stage.span.start);
      phased(stage);
    }
  }
  return starts;
}

/** The common start and end of two strings, as an edit turning `a` (at `at`) into `b`; a CRLF is never split. */
function minimalEdit(at: number, a: string, b: string, out: TextEdit[]): void {
  if (a === b) return;
  let prefix = 0;
  const most = Math.min(a.length, b.length);
  while (prefix < most && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  if (prefix > 0 && a[prefix - 1] === "\r" && a[prefix] === "\n") prefix--;
  let suffix = 0;
  while (suffix < most - prefix && a.charCodeAt(a.length - 1 - suffix) === b.charCodeAt(b.length - 1 - suffix)) suffix++;
  const end = a.length - suffix;
  if (suffix > 0 && end > 0 && a[end - 1] === "\r" && a[end] === "\n") suffix--;
  out.push({ span: { start: at + prefix, end: at + a.length - suffix }, newText: b.slice(prefix, b.length - suffix) });
}

/** A stretch of whitespace split at its first and last line break: the end of a line, the line breaks between, the next line's indentation. */
function splitLines(text: string): { head: string; middle: string; tail: string } | undefined {
  const first = text.search(/[\r\n]/);
  if (first < 0) return undefined;
  const last = Math.max(text.lastIndexOf("\n"), text.lastIndexOf("\r")) + 1;
  return { head: text.slice(0, first), middle: text.slice(first, last), tail: text.slice(last) };
}

/**
 * Edits turning the whitespace text[start, end) into `wanted`: separately for the end of the line
 * (trailing spaces), the line breaks and the indentation of the next line, so each edit is small and
 * on one line where it can be (range formatting keeps the edits of the lines asked for).
 */
function whitespaceEdits(text: string, start: number, end: number, wanted: string, out: TextEdit[]): void {
  const old = text.slice(start, end);
  if (old === wanted) return;
  const a = splitLines(old);
  const b = splitLines(wanted);
  if (!a || !b) {
    minimalEdit(start, old, wanted, out);
    return;
  }
  minimalEdit(start, a.head, b.head, out);
  minimalEdit(start + a.head.length, a.middle, b.middle, out);
  minimalEdit(start + a.head.length + a.middle.length, a.tail, b.tail, out);
}

/** The edits of the canonical layout, for a text without syntax errors and its `tokens`. */
function layoutEdits(text: string, tokens: Token[], parsed: ParseResult, options: FormatOptions, eol: string): TextEdit[] {
  const edits: TextEdit[] = [];
  const bomEnd = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (tokens.length === 0) {
    whitespaceEdits(text, bomEnd, text.length, "", edits);
    return edits;
  }
  whitespaceEdits(text, bomEnd, tokens[0].start, "", edits);
  layOut(text, tokens, itemStarts(parsed.file), parsed.lines, options, eol, [], edits);
  whitespaceEdits(text, tokens[tokens.length - 1].end, text.length, eol, edits);
  return edits;
}

/**
 * The edits between `tokens` (a stretch of the text that closes every block it opens: the whole file, or
 * one stage) and inside them (`credits` literals). `outer` says, for each block the stretch lies in,
 * whether it is laid out over several lines.
 */
function layOut(text: string, tokens: Token[], starts: Set<number>, lines: LineIndex, options: FormatOptions, eol: string, outer: boolean[], edits: TextEdit[]): void {
  const n = tokens.length;
  // A block is laid out over several lines when it was written over several lines: a line break
  // anywhere between its braces (a `//` comment, a comment on its own line or a triple-quoted string
  // over several lines bring one). Written on one line, it stays on one line. An empty one is `{ }`.
  const expanded = new Uint8Array(n);
  {
    const open: number[] = [];
    for (let i = 0; i < n; i++) {
      if (tokens[i].kind === Kind.LCurly) open.push(i);
      else if (tokens[i].kind === Kind.RCurly && open.length > 0) {
        const start = open.pop()!;
        if (i > start + 1 && lines.positionAt(tokens[start].start).line !== lines.positionAt(tokens[i].start).line) expanded[start] = 1;
      }
    }
  }

  const unit = options.insertSpaces ? " ".repeat(options.tabSize) : "\t";
  const indents: string[] = [];
  const indent = (level: number) => (indents[level] ??= unit.repeat(level));
  /** Whether each open block is laid out over several lines, outermost first. */
  const open: boolean[] = [...outer];

  // The first code token (not a comment) at or after each token; n past the last.
  const nextCode = new Int32Array(n + 1).fill(n);
  for (let i = n - 1; i >= 0; i--) nextCode[i] = isComment(tokens[i]) ? nextCode[i + 1] : i;

  /** Whether the code after comment `j` starts an item, closes the block or ends the file: the comment then sits between items. */
  const betweenItems = (j: number) => {
    const k = nextCode[j];
    return k === n || tokens[k].kind === Kind.RCurly || starts.has(tokens[k].start);
  };

  /** Whether token i is the first on its line. */
  const startsLine = (i: number) => i === 0 || countBreaks(text, tokens[i - 1].end, tokens[i].start) > 0;

  /** The whitespace wanted between tokens i and i + 1. */
  const between = (i: number): string => {
    const prev = tokens[i];
    const next = tokens[i + 1];
    const breaks = countBreaks(text, prev.end, next.start);
    const depth = open.length;
    const blockExpanded = depth === 0 || open[depth - 1];
    const mustBreak = prev.kind === Kind.LineComment;
    let level: number;
    if (isComment(next)) {
      if (!mustBreak && breaks === 0) return " "; // a comment at the end of a line, or inside one
      level = betweenItems(i + 1) ? depth : depth + 1;
    } else if (next.kind === Kind.RCurly) {
      if (!blockExpanded) return " ";
      level = depth - 1;
    } else if (prev.kind === Kind.LCurly || starts.has(next.start)) {
      if (!blockExpanded || (prev.kind === Kind.BlockComment && breaks === 0 && startsLine(i))) return " "; // `/* note */ model: x` stays
      level = depth;
    } else if (mustBreak) {
      level = depth + 1; // the rest of an item, after a `//` comment inside it
    } else if (next.kind === Kind.Colon || next.kind === Kind.Comma || next.kind === Kind.RBracket || next.kind === Kind.LBracket || prev.kind === Kind.LBracket) {
      return "";
    } else {
      return " ";
    }
    const blank = breaks >= 2 && level === depth && prev.kind !== Kind.LCurly && next.kind !== Kind.RCurly;
    return (blank ? eol + eol : eol) + indent(level);
  };

  for (let i = 0; i < n; i++) {
    const token = tokens[i];
    if (token.kind === Kind.LCurly) open.push(expanded[i] === 1);
    else if (token.kind === Kind.RCurly) open.pop();
    else if (token.kind === Kind.Credits) {
      // `150credits`, `150   credits` → `150 credits`
      const image = text.slice(token.start, token.end);
      const number = /^\d+(?:\.\d+)?/.exec(image)![0].length;
      const unitAt = image.search(/credit/);
      if (image.slice(number, unitAt) !== " ") edits.push({ span: { start: token.start + number, end: token.start + unitAt }, newText: " " });
    }
    if (i + 1 < n) whitespaceEdits(text, token.end, tokens[i + 1].start, between(i), edits);
  }
}

/** The text with sorted, non-overlapping edits applied, in one pass. */
export function applySortedEdits(text: string, edits: TextEdit[]): string {
  const parts: string[] = [];
  let kept = 0;
  for (const edit of edits) {
    parts.push(text.slice(kept, edit.span.start), edit.newText);
    kept = edit.span.end;
  }
  parts.push(text.slice(kept));
  return parts.join("");
}

/** A `credits` literal as formatting leaves it: `150 credits`. */
const creditsImage = (image: string) => image.replace(/[ \t]+/, "").replace(/(\d)(credit)/, "$1 $2");

/** Whether two tokens read the same, but for what formatting may change inside them; compared in place, no copies. */
function sameToken(text: string, token: Token, other: string, otherToken: Token): boolean {
  if (token.kind !== otherToken.kind) return false;
  if (token.kind === Kind.Credits) return creditsImage(text.slice(token.start, token.end)) === creditsImage(other.slice(otherToken.start, otherToken.end));
  const length = token.end - token.start;
  if (otherToken.end - otherToken.start !== length) return false;
  for (let i = 0; i < length; i++) if (text.charCodeAt(token.start + i) !== other.charCodeAt(otherToken.start + i)) return false;
  return true;
}

/** "has 2 syntax errors, so it was not formatted; the first, at 4:3: expected `:` after `model`…": the subject (the file) comes before. */
function refusal(problems: Diagnostic[], lines: LineIndex): FormatResult["refused"] {
  const first = problems[0];
  const { line, character } = lines.positionAt(first.span.start);
  const where = `${line + 1}:${character + 1}: ${first.message}`;
  const message = problems.length === 1
    ? `has a syntax error, so it was not formatted: ${where}`
    : `has ${problems.length} syntax errors, so it was not formatted; the first, at ${where}`;
  return { message, span: first.span };
}

/** The edits that lay the whole text out canonically, or why it cannot be. Total: never throws on any text. */
export function formatDocument(text: string, options: FormatOptions = DEFAULT_FORMAT_OPTIONS, parsed: ParseResult = parse(text)): FormatResult {
  return formatWhole(text, sanitize(options), parsed).result;
}

/** A whole-document format, kept to format the next version from (`formatAfterEdit`). */
export interface Formatted {
  /** The tree it was made from: the next version's tree is made from it after an edit inside one stage. */
  parsed: ParseResult;
  options: FormatOptions;
  result: FormatResult;
  /** The file's line break, where it was found (Infinity: not between tokens), and the file's line count. */
  eol: string;
  eolAt: number;
  lineCount: number;
}

function formatWhole(text: string, options: FormatOptions, parsed: ParseResult): Formatted {
  const kept = (result: FormatResult, eol = "\n", eolAt = -1): Formatted => ({ parsed, options, result, eol, eolAt, lineCount: parsed.lines.lineCount });
  if (parsed.problems.length > 0) return kept({ edits: [], refused: refusal(parsed.problems, parsed.lines) });
  const tokens = tokensOf(text);
  const { eol, at } = lineBreakAt(text, tokens);
  const edits = layoutEdits(text, tokens, parsed, options, eol);
  // A safety net: formatting changes whitespace only, so the tokens read back the same; if not, nothing is changed.
  if (edits.length > 0 && !keepsTokens(text, tokens, edits)) return kept({ edits: [], refused: unsafe });
  return kept({ edits }, eol, at);
}

const unsafe = { message: "was not formatted: the formatter would have changed more than whitespace (an internal error; please report it)", span: { start: 0, end: 0 } };

/**
 * `formatDocument`, from the format of the version before when this version's tree was made from that
 * one's after an edit inside one stage (parser/reparse.ts): the edits outside the stage are the same,
 * moved with the text, and only the stage is laid out again, unless the edit changed what the rest is
 * laid out by (the file's line break, whether the pipeline is written over several lines). A keystroke in
 * a 10,000-stage file then lexes one stage, not the file. Returns what to keep for the next version too.
 */
export function formatAfterEdit(previous: Formatted | undefined, text: string, options: FormatOptions, parsed: ParseResult): Formatted {
  const sanitized = sanitize(options);
  if (previous && !sameOptions(previous.options, sanitized)) return formatWhole(text, sanitized, parsed);
  if (previous?.parsed === parsed) return previous;
  return (previous && advanceFormat(previous, text, parsed)) ?? formatWhole(text, sanitized, parsed);
}

/**
 * The format of the version whose tree was made from `previous`'s after an edit inside one stage, with the
 * same options; undefined when it has to be worked out whole. An editor formats on save, many versions
 * apart: the server keeps a document's last format up to date with each version it parses, at the cost
 * of laying out one stage.
 */
export function advanceFormat(previous: Formatted, text: string, parsed: ParseResult): Formatted | undefined {
  const origin = reparsedFrom(parsed);
  if (!origin || origin.previous !== previous.parsed || previous.result.refused || parsed.problems.length > 0) return undefined;
  const edits = editsAfter(previous, text, previous.options, parsed, origin.edit);
  return edits && { parsed, options: previous.options, result: { edits }, eol: previous.eol, eolAt: previous.eolAt, lineCount: parsed.lines.lineCount };
}

const sameOptions = (a: FormatOptions, b: FormatOptions) => a.tabSize === b.tabSize && a.insertSpaces === b.insertSpaces;

function editsAfter(previous: Formatted, text: string, options: FormatOptions, parsed: ParseResult, edit: StageEdit): TextEdit[] | undefined {
  const { span } = edit.after;
  // The line break was found before the stage, in text the edit left as it was.
  if (!(previous.eolAt < span.start)) return undefined;
  const lines = parsed.lines;
  const open = pipelineBrace(text, edit.pipeline);
  if (open === undefined) return undefined;
  const openLine = lines.positionAt(open).line;
  const closeLine = lines.positionAt(edit.pipeline.span.end - 1).line;
  const linesAdded = lines.lineCount - previous.lineCount;
  if ((openLine !== closeLine) !== (openLine !== closeLine - linesAdded)) return undefined;
  const tokens = fastTokens(text.slice(span.start, span.end), (start, end, kind): Token => ({
    start: span.start + start, end: span.start + (kind === "lineComment" ? trimmedEnd(text, span.start + start, span.start + end) - span.start : end), kind: layoutKinds[kind],
  }));
  if (!tokens || tokens.length === 0) return undefined;
  const inside: TextEdit[] = [];
  layOut(text, tokens, addPhased(edit.after, new Set([span.start])), lines, options, previous.eol, [openLine !== closeLine], inside);
  if (inside.length > 0 && !keepsTokens(text, tokens, inside)) return undefined;
  const before = previous.result.edits;
  const edits: TextEdit[] = [];
  let i = 0;
  for (; i < before.length && before[i].span.end <= span.start; i++) edits.push(before[i]);
  for (const made of inside) edits.push(made);
  for (; i < before.length && before[i].span.start < edit.oldEnd; i++);
  for (; i < before.length; i++) edits.push({ span: { start: before[i].span.start + edit.delta, end: before[i].span.end + edit.delta }, newText: before[i].newText });
  return edits;
}

/** Where a pipeline's `{` is: after its name, past whitespace and comments; undefined if anything else is there. */
function pipelineBrace(text: string, pipeline: PipelineDecl): number | undefined {
  let at = (pipeline.name?.span ?? pipeline.keyword).end;
  while (at < text.length) {
    const c = text[at];
    if (c === "{") return at;
    if (c === " " || c === "\t" || c === "\r" || c === "\n") at++;
    else if (text.startsWith("//", at)) at = text.indexOf("\n", at) < 0 ? text.length : text.indexOf("\n", at);
    else if (text.startsWith("/*", at)) {
      const end = text.indexOf("*/", at + 2);
      if (end < 0) return undefined;
      at = end + 2;
    } else return undefined;
  }
  return undefined;
}

/**
 * Whether the text with `edits` (sorted) reads as the same tokens. Stretch by stretch where it can be told
 * so: each changed stretch between two tokens must be whitespace that lexes, with the two tokens around
 * it, as those two tokens again (no `//` comment swallowing the next line, no two words run together);
 * an edit inside a token must be a `credits` literal's spaces. Where the lexer gives up on such a
 * fragment, the formatted text is lexed whole and compared.
 */
function keepsTokens(text: string, tokens: Token[], edits: TextEdit[]): boolean {
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let t = 0;
  for (let e = 0; e < edits.length; ) {
    const at = edits[e].span.start;
    // The first token that ends after the edit starts: the edit is inside it, or in the stretch before it.
    while (t < tokens.length && tokens[t].end <= at) t++;
    const token: Token | undefined = tokens[t];
    const before: Token | undefined = tokens[t - 1];
    const inside = token !== undefined && token.start < at;
    const from = inside ? token.start : before ? before.end : bom;
    const to = inside ? token.end : token ? token.start : text.length;
    // The stretch with its edits applied: those that start in it (an insertion at its end included, outside a token).
    let changed = "";
    let kept = from;
    const first = e;
    for (; e < edits.length; e++) {
      const { span, newText } = edits[e];
      if (!(span.start < to || (!inside && span.start === to && span.end === to))) break;
      if (span.end > to) return false;
      changed += text.slice(kept, span.start) + newText;
      kept = span.end;
    }
    if (e === first) return false; // it starts where a token starts and changes it
    changed += text.slice(kept, to);
    if (inside) {
      if (token.kind !== Kind.Credits || creditsImage(text.slice(token.start, token.end)) !== creditsImage(changed)) return false;
      continue;
    }
    if (!/^[ \t\r\n]*$/.test(changed)) return false;
    const around = [before, token].filter((x): x is Token => x !== undefined);
    const left = before ? text.slice(before.start, before.end) : "";
    const fragment = left + changed + (token ? text.slice(token.start, token.end) : "");
    const lexed = fastTokens(fragment, (start, end, kind): Token => ({ start, end: kind === "lineComment" ? trimmedEnd(fragment, start, end) : end, kind: layoutKinds[kind] }));
    if (!lexed) return wholeTextKeepsTokens(text, tokens, edits);
    if (lexed.length !== around.length) return false;
    const starts = before ? [0, left.length + changed.length] : [changed.length];
    if (around.some((x, i) => lexed[i].start !== starts[i] || !sameToken(text, x, fragment, lexed[i]))) return false;
  }
  return true;
}

/** Whether `edits` (sorted, not overlapping) change only what formatting may change: the safety net, for its tests. */
export function editsKeepTokens(text: string, edits: TextEdit[]): boolean {
  return keepsTokens(text, tokensOf(text), edits);
}

/** The safety net the long way: the formatted text lexed whole, token by token against the original. */
function wholeTextKeepsTokens(text: string, tokens: Token[], edits: TextEdit[]): boolean {
  const formatted = applySortedEdits(text, edits);
  const after = tokensOf(formatted);
  return tokens.length === after.length && tokens.every((token, i) => sameToken(text, token, formatted, after[i]));
}

/**
 * The edits of `formatDocument` that lie in the lines `range` touches (a range that ends at the start
 * of a line leaves that line out): the indentation, spacing and line breaks of those lines.
 */
export function formatRange(text: string, range: Span, options: FormatOptions = DEFAULT_FORMAT_OPTIONS, parsed?: ParseResult): FormatResult {
  const result = formatDocument(text, options, parsed);
  if (result.refused || result.edits.length === 0) return result;
  const lines = new LineIndex(text);
  const first = lines.positionAt(range.start).line;
  const end = lines.positionAt(range.end);
  const last = range.end > range.start && end.character === 0 && end.line > first ? end.line - 1 : end.line;
  const from = lines.offsetAt({ line: first, character: 0 });
  const to = last + 1 < lines.lineCount ? lines.offsetAt({ line: last + 1, character: 0 }) : text.length;
  return { edits: result.edits.filter(({ span }) => span.start >= from && span.end <= to && (span.start < to || to === text.length)) };
}

/** The formatted text, or why the text cannot be formatted. */
export function formatText(text: string, options: FormatOptions = DEFAULT_FORMAT_OPTIONS): { text: string } | { refused: NonNullable<FormatResult["refused"]> } {
  const result = formatDocument(text, options);
  return result.refused ? { refused: result.refused } : { text: applySortedEdits(text, result.edits) };
}
