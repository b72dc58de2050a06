// Semantic tokens as plain data: what each word of a file is (a stage kind, a stage or preset name declared
// or referenced, a model of the catalog and whether it is deprecated, a property key, a number, a keyword),
// read from the syntax tree and the analysis, so a theme colours `hero` the same in `image hero {` and in
// `from: hero`. The types and modifiers are LSP's standard ones (docs/semantic-tokens.md has the mapping);
// lsp/semanticTokens.ts only encodes them. No token spans lines: block comments and triple-quoted strings
// are split at line ends, as most clients do not take multi-line tokens.
import { loadDefaultCatalog } from "../catalog/catalog";
import { briefProperties, own, pipelineProperties, referenceProperties, stageKinds, stageProperties, ValueType } from "../analysis/schema";
import type { GenFile, Property, Span, Value } from "../parser/ast";
import type { CheckedDocument } from "./check";
import { occurrencesIn } from "./navigation";

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
const cache = new WeakMap<CheckedDocument, SemanticToken[]>();

/**
 * The tokens of the document in source order, apart and each on one line; with `range`, those that
 * overlap it. Computed once per checked document: a range request after the first is a binary search.
 */
export function semanticTokens(document: CheckedDocument, range?: Span): SemanticToken[] {
  let all = cache.get(document);
  if (!all) {
    all = collect(document);
    cache.set(document, all);
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

function collect(document: CheckedDocument): SemanticToken[] {
  const { text } = document;
  const { file } = document.analysis.parse;
  const catalog = document.options.catalog ?? loadDefaultCatalog();
  const raw: SemanticToken[] = [];
  const push = (span: Span | undefined, type: TokenType, ...modifiers: TokenModifier[]) => {
    if (span && span.start >= 0 && span.end > span.start && span.end <= text.length) raw.push({ span, type, modifiers });
  };

  // Stage and preset names, declared and referenced: the same occurrences rename and highlights use.
  for (const occurrence of occurrencesIn(file)) {
    push(occurrence.span, occurrence.kind === "stage" ? "function" : "struct", ...(occurrence.declaration ? ["declaration" as const] : []));
  }

  /** A property's key and its value, read by what the key takes (`spec`): a model, an enum value, a number… */
  const property = (p: Property, spec: ValueType | undefined) => {
    push(p.key.span, "property");
    // Stage references and `use:` presets are occurrences, pushed above.
    if (p.key.text === "use" || referenceProperties.includes(p.key.text)) return numbersIn(p.value);
    value(p.value, spec);
  };
  const value = (v: Value | undefined, spec: ValueType | undefined) => {
    if (!v) return;
    switch (v.type) {
      case "list":
        for (const item of v.items) value(item, spec);
        return;
      case "string":
        return strings(v.span, !v.triple);
      case "number":
      case "duration":
      case "resolution":
      case "aspect":
      case "money":
      case "credits":
        return push(v.span, "number");
      case "word":
        if (spec?.type === "model") {
          const model = catalog.get(v.text);
          const deprecated = model?.lifecycle === "deprecated" || model?.lifecycle === "retired";
          return push(v.span, "class", ...(model ? ["defaultLibrary" as const] : []), ...(deprecated ? ["deprecated" as const] : []));
        }
        if (spec?.type === "enum" || spec?.type === "boolean") return push(v.span, "enumMember");
        return;
    }
  };
  /** The variation index of `hero[2]` in a reference property. */
  const numbersIn = (v: Value | undefined) => {
    for (const item of v?.type === "list" ? v.items : v ? [v] : []) if (item.type === "word") push(item.indexSpan, "number");
  };
  /** A string, one token a line; in a `"…"` string, escapes are left to the grammar, which colours them. */
  const strings = (span: Span, escapes: boolean) => {
    let start = span.start;
    for (let i = span.start; i < span.end; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || c === 13 || (escapes && c === 92 /* \ */)) {
        push({ start, end: i }, "string");
        if (c === 92) {
          unicodeEscape.lastIndex = i + 1;
          i = unicodeEscape.test(text) ? unicodeEscape.lastIndex - 1 : i + 1; // the escape's last character
        }
        start = i + 1;
      }
    }
    push({ start, end: span.end }, "string");
  };
  const stageSpec = (key: string) => own(stageProperties, key)?.value;

  for (const use of file.uses) {
    push(use.keyword, "keyword");
    if (use.path) strings(use.path.span, true);
  }
  for (const preset of file.presets) {
    if (text.startsWith("preset", preset.span.start)) push({ start: preset.span.start, end: preset.span.start + 6 }, "keyword");
    for (const p of preset.properties) property(p, stageSpec(p.key.text));
    for (const phase of preset.phases) {
      push(phase.keyword.span, "keyword");
      for (const p of phase.properties) property(p, stageSpec(p.key.text));
    }
  }
  for (const pipeline of file.pipelines) {
    push(pipeline.keyword, "keyword");
    if (pipeline.name) push(pipeline.name.span, "namespace", "declaration");
    for (const p of pipeline.properties) property(p, own(pipelineProperties, p.key.text)?.value);
    for (const brief of pipeline.briefs) {
      push(brief.keyword, "keyword");
      for (const p of brief.properties) property(p, own(briefProperties, p.key.text)?.value);
    }
    for (const stage of pipeline.stages) {
      push(stage.kind.span, "type", ...(knownKinds.has(stage.kind.text) ? ["defaultLibrary" as const] : []));
      for (const p of stage.properties) property(p, stageSpec(p.key.text));
      for (const phase of stage.phases) {
        push(phase.keyword.span, "keyword");
        for (const p of phase.properties) property(p, stageSpec(p.key.text));
      }
    }
    for (const output of pipeline.outputs) {
      push(output.keyword, "keyword");
      for (const ref of output.refs) push(ref.indexSpan, "number");
    }
  }
  comments(file, text, push);

  raw.sort((a, b) => a.span.start - b.span.start || b.span.end - a.span.end);
  // Apart: a token inside or across one before it (recovery can read one word twice) is dropped.
  const tokens: SemanticToken[] = [];
  let end = 0;
  for (const token of raw) {
    if (token.span.start < end) continue;
    tokens.push(token);
    end = token.span.end;
  }
  return tokens;
}

/** Comments, one token a line. */
function comments(file: GenFile, text: string, push: (span: Span, type: TokenType) => void): void {
  for (const span of file.comments) {
    let start = span.start;
    for (let i = span.start; i < span.end; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || c === 13) {
        push({ start, end: i }, "comment");
        start = i + 1;
      }
    }
    push({ start, end: span.end }, "comment");
  }
}
