// Semantic tokens as plain data: what each word of a file is (a stage kind, a stage or preset name declared
// or referenced, a model of the catalog and whether it is deprecated, a property key, a number, a keyword),
// read from the syntax tree and the analysis, so a theme colours `hero` the same in `image hero {` and in
// `from: hero`. The types and modifiers are LSP's standard ones (docs/semantic-tokens.md has the mapping).
// They are packed here as five integers a token, the compact form LSP and VS Code carry (each stage's once,
// kept with its node); lsp/semanticTokens.ts serves them. No token spans lines: block comments and
// triple-quoted strings are split at line ends, as most clients do not take multi-line tokens.
import { Catalog, loadDefaultCatalog } from "../catalog/catalog";
import { briefProperties, own, pipelineProperties, referenceProperties, stageKinds, stageProperties, ValueType } from "../analysis/schema";
import type { PipelineDecl, Property, Span, Stage, Value } from "../parser/ast";
import type { LineIndex, Position } from "../parser/lineIndex";
import { firstFrom } from "../parser/spans";
import type { CheckedDocument } from "./check";
import { Occurrence, outputOccurrences, presetOccurrences, stageOccurrences } from "./navigation";

/** The token types, in legend order. */
export const tokenTypes = ["keyword", "type", "function", "struct", "namespace", "class", "enumMember", "property", "number", "string", "comment"] as const;
/** The token modifiers, in legend order (bit 0 first). */
export const tokenModifiers = ["declaration", "deprecated", "defaultLibrary"] as const;

export type TokenType = (typeof tokenTypes)[number];
export type TokenModifier = (typeof tokenModifiers)[number];

export interface SemanticToken {
  /** On one line, never empty. */
  span: Span;
  type: TokenType;
  modifiers: TokenModifier[];
}

/** The rest of a `\u{1F338}` or `\u00e9` escape after its backslash. */
const unicodeEscape = /u\{[0-9a-fA-F]{1,6}\}|u[0-9a-fA-F]{4}/y;
const knownKinds: ReadonlySet<string> = new Set(stageKinds);
/** Modifier lists, made once (a token is pushed per word of a storyboard). */
const none: readonly TokenModifier[] = [];
const declaration: readonly TokenModifier[] = ["declaration"];
const library: readonly TokenModifier[] = ["defaultLibrary"];
const deprecatedLibrary: readonly TokenModifier[] = ["deprecated", "defaultLibrary"];
const typeIndex = new Map<string, number>(tokenTypes.map((type, i) => [type, i]));
const modifierBit = new Map<string, number>(tokenModifiers.map((modifier, i) => [modifier, 1 << i]));

/**
 * A stage's tokens, kept with its node: the node is the same object only while the stage's text is (an
 * edit elsewhere moves it whole, parser/reparse.ts), so after a keystroke only the edited stage is read again.
 */
interface StageTokens {
  catalog: Catalog;
  /** `pack` of the tokens, each relative to the one before; the first token's line and character are left 0. */
  packed: number[];
  /** Where the first token starts, where the last starts and where it ends, from the stage's start. */
  first: number;
  last: number;
  lastEnd: number;
}

const stageTokens = new WeakMap<Stage, StageTokens>();
const documentTokens = new WeakMap<CheckedDocument, SemanticToken[]>();
const documentPacked = new WeakMap<CheckedDocument, number[]>();

/**
 * The tokens of the document in source order, apart and each on one line; with `range`, those that
 * overlap it. Computed once per checked document: a range request after the first is a binary search.
 */
export function semanticTokens(document: CheckedDocument, range?: Span): SemanticToken[] {
  let all = documentTokens.get(document);
  if (!all) {
    all = unpack(packedTokens(document), document.analysis.parse.lines);
    documentTokens.set(document, all);
  }
  if (!range) return all;
  // Tokens are sorted and apart, so their ends are sorted too: the first that ends after the range starts.
  let low = 0;
  let high = all.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (all[mid].span.end <= range.start) low = mid + 1;
    else high = mid;
  }
  const found: SemanticToken[] = [];
  for (let i = low; i < all.length && all[i].span.start < Math.max(range.end, range.start + 1); i++) found.push(all[i]);
  return found;
}

/**
 * The tokens packed as LSP and VS Code carry them: five integers a token, its line and character relative
 * to the token before (the character only on the same line), its length, its type's index in `tokenTypes`
 * and its modifiers as bits in `tokenModifiers` order. Once per checked document, from each stage's packed
 * tokens kept with its node: a new version after a keystroke reads one stage and copies the rest.
 */
export function packedTokens(document: CheckedDocument): number[] {
  let data = documentPacked.get(document);
  if (!data) {
    data = packAll(document);
    documentPacked.set(document, data);
  }
  return data;
}

/** Tokens as `packedTokens` packs them, positions read with `positionAt` (asked in increasing order). */
export function pack(tokens: SemanticToken[], positionAt: (offset: number) => Position): number[] {
  // Sized once: a storyboard has a hundred thousand tokens, half a million integers.
  const data: number[] = new Array(tokens.length * 5);
  let line = 0;
  let character = 0;
  let i = 0;
  for (const token of tokens) {
    const at = positionAt(token.span.start);
    let bits = 0;
    for (const modifier of token.modifiers) bits |= modifierBit.get(modifier) ?? 0;
    data[i++] = at.line - line;
    data[i++] = at.line === line ? at.character - character : at.character;
    data[i++] = token.span.end - token.span.start;
    data[i++] = typeIndex.get(token.type) ?? 0;
    data[i++] = bits;
    line = at.line;
    character = at.character;
  }
  return data;
}

/** Each modifier bits' modifiers, in legend order. */
const modifiersOf: TokenModifier[][] = Array.from({ length: 1 << tokenModifiers.length }, (_, bits) => tokenModifiers.filter((_, i) => bits & (1 << i)));

/** Packed tokens as spans, types and modifiers (in legend order) again: what `semanticTokens` answers, from `packedTokens`. */
function unpack(data: number[], lines: LineIndex): SemanticToken[] {
  const tokens: SemanticToken[] = [];
  let line = 0;
  let character = 0;
  for (let i = 0; i < data.length; i += 5) {
    character = data[i] === 0 ? character + data[i + 1] : data[i + 1];
    line += data[i];
    const start = lines.offsetAt({ line, character });
    tokens.push({ span: { start, end: start + data[i + 2] }, type: tokenTypes[data[i + 3]], modifiers: modifiersOf[data[i + 4]] });
  }
  return tokens;
}

/** What lies outside every stage (presets, pipelines' headers, settings and outputs, comments), and the stages, in source order. */
interface Parts {
  outside: SemanticToken[];
  stages: { stage: Stage; tokens: StageTokens }[];
}

function parts(document: CheckedDocument): Parts {
  const { text } = document;
  const { file } = document.analysis.parse;
  const catalog = document.options.catalog ?? loadDefaultCatalog();
  const stages: { stage: Stage; pipeline: PipelineDecl }[] = [];
  for (const pipeline of file.pipelines) for (const stage of pipeline.stages) stages.push({ stage, pipeline });
  // Comments by the stage they are in (only for stages read again), the others outside.
  const outsideComments: Span[] = [];
  const stageComments = new Map<Stage, Span[]>();
  for (const comment of file.comments) {
    const within = stageAt(stages, comment.start);
    if (!within) outsideComments.push(comment);
    else if (stageTokens.get(within)?.catalog !== catalog) {
      const list = stageComments.get(within);
      if (list) list.push(comment);
      else stageComments.set(within, [comment]);
    }
  }

  const outside = new Collector(text, catalog);
  const occurrences: Occurrence[] = [];
  for (const preset of file.presets) presetOccurrences(preset, occurrences);
  for (const pipeline of file.pipelines) outputOccurrences(pipeline, occurrences);
  outside.occurrences(occurrences);
  for (const use of file.uses) {
    outside.push(use.keyword, "keyword");
    if (use.path) outside.strings(use.path.span, true);
  }
  for (const preset of file.presets) {
    if (text.startsWith("preset", preset.span.start)) outside.push({ start: preset.span.start, end: preset.span.start + 6 }, "keyword");
    for (const p of preset.properties) outside.property(p, stageSpec(p.key.text));
    for (const phase of preset.phases) {
      outside.push(phase.keyword.span, "keyword");
      for (const p of phase.properties) outside.property(p, stageSpec(p.key.text));
    }
  }
  for (const pipeline of file.pipelines) {
    outside.push(pipeline.keyword, "keyword");
    if (pipeline.name) outside.push(pipeline.name.span, "namespace", declaration);
    for (const p of pipeline.properties) outside.property(p, own(pipelineProperties, p.key.text)?.value);
    for (const brief of pipeline.briefs) {
      outside.push(brief.keyword, "keyword");
      for (const p of brief.properties) outside.property(p, own(briefProperties, p.key.text)?.value);
    }
    for (const output of pipeline.outputs) {
      outside.push(output.keyword, "keyword");
      for (const ref of output.refs) outside.push(ref.indexSpan, "number");
    }
  }
  outside.comments(outsideComments);

  // Stages are read in source order: their positions are found walking forward. One collector reads them all.
  const positionAt = document.analysis.parse.lines.forward();
  const reader = new Collector(text, catalog);
  return {
    outside: outside.done(),
    stages: stages.map(({ stage, pipeline }) => {
      let tokens = stageTokens.get(stage);
      if (tokens?.catalog !== catalog) {
        tokens = readStage(reader, stage, pipeline, stageComments.get(stage) ?? [], positionAt);
        stageTokens.set(stage, tokens);
      }
      return { stage, tokens };
    }),
  };
}

/** The stage whose span holds `offset`, by binary search (stages are in source order). */
function stageAt(stages: { stage: Stage }[], offset: number): Stage | undefined {
  // The last stage that starts at `offset` or before it, if it has not ended by then.
  const stage = stages[firstFrom(stages, offset + 1, ({ stage }) => stage.span.start) - 1]?.stage;
  return stage && offset < stage.span.end ? stage : undefined;
}

function readStage(tokens: Collector, stage: Stage, pipeline: PipelineDecl, comments: Span[], positionAt: (offset: number) => Position): StageTokens {
  tokens.reset();
  const occurrences: Occurrence[] = [];
  stageOccurrences(stage, pipeline, occurrences);
  tokens.occurrences(occurrences);
  tokens.push(stage.kind.span, "type", knownKinds.has(stage.kind.text) ? library : none);
  for (const p of stage.properties) tokens.property(p, stageSpec(p.key.text));
  for (const phase of stage.phases) {
    tokens.push(phase.keyword.span, "keyword");
    for (const p of phase.properties) tokens.property(p, stageSpec(p.key.text));
  }
  tokens.comments(comments);
  const found = tokens.done();
  const start = stage.span.start;
  const { catalog } = tokens;
  if (found.length === 0) return { catalog, packed: [], first: 0, last: 0, lastEnd: 0 };
  const last = found[found.length - 1].span;
  return { catalog, packed: pack(found, positionAt), first: found[0].span.start - start, last: last.start - start, lastEnd: last.end - start };
}

/**
 * The parts in source order: each token outside the stages, and each stage's tokens; a token that starts
 * inside the one before (recovery can read one word twice) is dropped, as is a stage overlapping one.
 */
function inOrder(parts: Parts, onToken: (token: SemanticToken) => void, onStage: (start: number, tokens: StageTokens) => void): void {
  let end = 0;
  let o = 0;
  const { outside } = parts;
  const flushBefore = (offset: number) => {
    for (; o < outside.length && outside[o].span.start < offset; o++) {
      if (outside[o].span.start < end) continue;
      onToken(outside[o]);
      end = outside[o].span.end;
    }
  };
  for (const { stage, tokens } of parts.stages) {
    if (tokens.packed.length === 0) continue;
    const start = stage.span.start;
    flushBefore(start + tokens.first);
    if (start + tokens.first < end) continue;
    onStage(start, tokens);
    end = start + tokens.lastEnd;
  }
  flushBefore(Infinity);
}

function packAll(document: CheckedDocument): number[] {
  const positionAt = document.analysis.parse.lines.forward();
  const all = parts(document);
  // Sized once for every token (a stage overlapping another is dropped, so the end is cut to what was written).
  let size = all.outside.length * 5;
  for (const { tokens } of all.stages) size += tokens.packed.length;
  const data: number[] = new Array(size);
  let i = 0;
  let line = 0;
  let character = 0;
  /** Packs a token at `offset` relative to the one before, and makes it the one before. */
  const place = (offset: number) => {
    const at = positionAt(offset);
    data[i++] = at.line - line;
    data[i++] = at.line === line ? at.character - character : at.character;
    line = at.line;
    character = at.character;
  };
  inOrder(
    all,
    (token) => {
      place(token.span.start);
      let bits = 0;
      for (const modifier of token.modifiers) bits |= modifierBit.get(modifier) ?? 0;
      data[i++] = token.span.end - token.span.start;
      data[i++] = typeIndex.get(token.type) ?? 0;
      data[i++] = bits;
    },
    (start, { packed, first, last: lastStart }) => {
      place(start + first);
      for (let k = 2; k < packed.length; k++) data[i++] = packed[k];
      // The stage's last token is the one before the next.
      const last = positionAt(start + lastStart);
      line = last.line;
      character = last.character;
    },
  );
  data.length = i;
  return data;
}

const stageSpec = (key: string) => own(stageProperties, key)?.value;

/** Reads tokens from the tree's nodes: each is pushed, then `done` sorts them and drops overlaps. */
class Collector {
  private readonly raw: SemanticToken[] = [];

  constructor(private readonly text: string, readonly catalog: Catalog) {}

  push(span: Span | undefined, type: TokenType, modifiers: readonly TokenModifier[] = none): void {
    if (span && span.start >= 0 && span.end > span.start && span.end <= this.text.length) this.raw.push({ span, type, modifiers: modifiers as TokenModifier[] });
  }

  /** Empties it, to read the next stage. */
  reset(): void {
    this.raw.length = 0;
  }

  /** Stage and preset names, declared and referenced: the same occurrences rename and highlights use. */
  occurrences(found: Occurrence[]): void {
    for (const occurrence of found) {
      this.push(occurrence.span, occurrence.kind === "stage" ? "function" : "struct", occurrence.declaration ? declaration : none);
    }
  }

  /** A property's key and its value, read by what the key takes (`spec`): a model, an enum value, a number… */
  property(p: Property, spec: ValueType | undefined): void {
    this.push(p.key.span, "property");
    // Stage references and `use:` presets are occurrences, pushed apart.
    if (p.key.text === "use" || referenceProperties.includes(p.key.text)) return this.numbersIn(p.value);
    this.value(p.value, spec);
  }

  private value(v: Value | undefined, spec: ValueType | undefined): void {
    if (!v) return;
    switch (v.type) {
      case "list":
        for (const item of v.items) this.value(item, spec);
        return;
      case "string":
        return this.strings(v.span, !v.triple);
      case "number":
      case "duration":
      case "resolution":
      case "aspect":
      case "money":
      case "credits":
        return this.push(v.span, "number");
      case "word":
        if (spec?.type === "model") {
          const model = this.catalog.get(v.text);
          const deprecated = model?.lifecycle === "deprecated" || model?.lifecycle === "retired";
          return this.push(v.span, "class", model ? (deprecated ? deprecatedLibrary : library) : none);
        }
        if (spec?.type === "enum" || spec?.type === "boolean") return this.push(v.span, "enumMember");
        return;
    }
  }

  /** The variation index of `hero[2]` in a reference property. */
  private numbersIn(v: Value | undefined): void {
    for (const item of v?.type === "list" ? v.items : v ? [v] : []) if (item.type === "word") this.push(item.indexSpan, "number");
  }

  /** A string, one token a line; in a `"…"` string, escapes are left to the grammar, which colours them. */
  strings(span: Span, escapes: boolean): void {
    const { text } = this;
    let start = span.start;
    for (let i = span.start; i < span.end; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || c === 13 || (escapes && c === 92 /* \ */)) {
        this.push({ start, end: i }, "string");
        if (c === 92) {
          unicodeEscape.lastIndex = i + 1;
          i = unicodeEscape.test(text) ? unicodeEscape.lastIndex - 1 : i + 1; // the escape's last character
        }
        start = i + 1;
      }
    }
    this.push({ start, end: span.end }, "string");
  }

  /** Comments, one token a line. */
  comments(spans: Span[]): void {
    for (const span of spans) {
      let start = span.start;
      for (let i = span.start; i < span.end; i++) {
        const c = this.text.charCodeAt(i);
        if (c === 10 || c === 13) {
          this.push({ start, end: i }, "comment");
          start = i + 1;
        }
      }
      this.push({ start, end: span.end }, "comment");
    }
  }

  /** In source order and apart: a token inside or across one before it (recovery can read one word twice) is dropped. */
  done(): SemanticToken[] {
    const { raw } = this;
    raw.sort((a, b) => a.span.start - b.span.start || b.span.end - a.span.end);
    // In place: the list is read before the collector is reset.
    let kept = 0;
    let end = 0;
    for (const token of raw) {
      if (token.span.start < end) continue;
      raw[kept++] = token;
      end = token.span.end;
    }
    raw.length = kept;
    return raw;
  }
}
