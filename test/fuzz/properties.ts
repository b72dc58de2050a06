// The fuzz properties: documents made by mutating real ones (the samples and fixtures), checked
// through the whole core (parser, analysis, cost, every rule and fix) and every request a server
// answers. `fuzz.test.ts` runs them with a fixed seed inside `npm test`; `npm run fuzz` runs them long.
import * as assert from "assert";
import * as fs from "fs";
import fc from "fast-check";
import { loadDefaultCatalog } from "../../server/src/catalog/catalog";
import { fastParse } from "../../server/src/parser/fastParse";
import { parseWithRecovery } from "../../server/src/parser/parse";
import { applyEdits } from "../../server/src/rules/edits";
import { isRuleDiagnostic } from "../../server/src/rules/runner";
import { asPrevious, checkDocument, CheckedDocument } from "../../server/src/service/check";
import { seen } from "../support/seen";
import { completionsAt } from "../../server/src/service/completion";
import { rulesOff } from "../../server/src/service/bestFix";
import { fixAll, fixesAt } from "../../server/src/service/fixes";
import { quickSaving } from "../../server/src/service/quickSaving";
import { applySortedEdits, formatDocument, formatRange } from "../../server/src/service/format";
import { hoverAt } from "../../server/src/service/hover";
import { placeHoverAt } from "../../server/src/service/placeHover";
import { pipelineGraphs } from "../../server/src/service/pipelineGraph";
import { graphDot } from "../../server/src/render/dot";
import { graphMermaid } from "../../server/src/render/mermaid";
import { graphSvg } from "../../server/src/render/svg";
import { costHints } from "../../server/src/service/inlayHints";
import { codeLenses } from "../../server/src/service/lenses";
import { definitionAt, documentLinks, highlightsAt, referencesAt } from "../../server/src/service/navigation";
import { promoteAt, promoteDocument } from "../../server/src/service/promote";
import { prepareRename, renameAt } from "../../server/src/service/rename";
import { semanticTokens } from "../../server/src/service/semanticTokens";
import { foldingRanges, selectionRanges } from "../../server/src/service/structure";
import { documentSymbols, OutlineSymbol } from "../../server/src/service/symbols";
import { genFiles } from "../support/render";

const catalog = loadDefaultCatalog();

/** Real documents to mutate: every sample and fixture. */
export const corpus: string[] = [...genFiles("samples"), ...genFiles("test/fixtures"), ...genFiles("test/fixtures-cli")].map((file) => fs.readFileSync(file, "utf8"));

/** Pieces a mutation inserts: the language's own words and marks, and what breaks text (quotes, controls, surrogates). */
const pieces = [
  "{", "}", "[", "]", ":", ",", '"', '"""', "/*", "*/", "//", "\n", "\r\n", "\t", " ", "\u0000", "\u001b[2K", "\ud83d", "😀", "\ufeff",
  "pipeline", "preset", "use", "brief", "output", "mode", "draft", "final", "budget", "image", "keyframe", "video", "upscale", "reframe",
  "audio", "sequence", "model", "prompt", "from", "start", "end", "over", "clips", "count", "retries", "duration", "resolution", "aspect",
  "ray-2", "kling-v3", "veo-3.1", "topaz-proteus", "ray-3.2-reframe", "eleven-music", "nano-banana-pro", "hero", "shot", "hero[2]",
  "5s", "0s", "1e999", "999999999999", "1080p", "4k", "2k", "1024x0", "9:16", "0:0", "$4.50", "150 credits", "on", "off", "__proto__", "constructor",
  "final { resolution: 4k }", "draft { count: 3 }", "sequence cut { clips: shot, hero }", "use \"missing.gen\"",
];

export interface Mutation {
  kind: "insert" | "delete" | "duplicate" | "truncate";
  at: number;
  length: number;
  piece: string;
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom("insert", "insert", "delete", "duplicate", "truncate"),
  at: fc.nat(),
  length: fc.nat({ max: 80 }),
  piece: fc.constantFrom(...pieces),
}) as fc.Arbitrary<Mutation>;

export function mutate(text: string, mutations: Mutation[]): string {
  let result = text;
  for (const m of mutations) {
    const at = result.length === 0 ? 0 : m.at % (result.length + 1);
    if (m.kind === "insert") result = result.slice(0, at) + m.piece + result.slice(at);
    else if (m.kind === "delete") result = result.slice(0, at) + result.slice(at + m.length);
    else if (m.kind === "duplicate") result = result.slice(0, at + m.length) + result.slice(at, at + m.length) + result.slice(at + m.length);
    else if (m.kind === "truncate" && m.length % 4 === 0) result = result.slice(0, at);
  }
  return result;
}

/** A document: one of the corpus, mutated a few times. */
export const documents: fc.Arbitrary<string> = fc
  .tuple(fc.nat({ max: corpus.length - 1 }), fc.array(mutation, { maxLength: 8 }))
  .map(([index, mutations]) => mutate(corpus[index], mutations));

const inside = (span: { start: number; end: number }, text: string) => span.start >= 0 && span.start <= span.end && span.end <= text.length;

/** Everything a server does with a document, asserting what must hold whatever the text. */
export function checkEverything(text: string): void {
  // The parser's fast path builds the chevrotain parser's tree, or leaves the file to it.
  const fast = fastParse(text);
  if (fast) assert.deepStrictEqual(fast, parseWithRecovery(text).file, "the parser's fast path built another tree");
  let document: CheckedDocument;
  document = checkDocument(text);
  assert.deepStrictEqual(document.diagnostics.filter((d) => d.code === "internal").map((d) => d.message), [], "no internal errors");
  for (const d of document.diagnostics) {
    assert.ok(inside(d.span, text), `diagnostic range inside the document: ${d.code} ${JSON.stringify(d.span)}`);
    // Outside the user's own words (quoted in backticks), no number gone wrong and nothing unprintable.
    const ours = d.message.replace(/`[^`]*`/g, "");
    assert.ok(!/\bNaN\b|\bInfinity\b|\bundefined\b|\[object /.test(ours) && !d.message.includes("`undefined`"), `a message that reads: ${d.message}`);
  }
  for (const cost of document.phases) {
    for (const usd of [cost.draft.usd, cost.final.usd, cost.jobUsd]) assert.ok(Number.isFinite(usd), `a finite total: ${usd}`);
  }

  // Every fix applies, and fix-all is idempotent: what it leaves, it would leave again. A saving priced by
  // what the fix touches is the saving of the fixed file priced whole (the first few fixes).
  let compared = 0;
  let reparsed = 0;
  const totalOf = (checked: CheckedDocument) => checked.costs.reduce((sum, cost) => sum + cost.usd, 0);
  for (const d of document.diagnostics.filter(isRuleDiagnostic)) {
    for (const fix of d.fixes) {
      for (const edit of fix.edits) assert.ok(inside(edit.span, text), `fix edit inside the document: ${d.code}`);
      const fixed = applyEdits(text, fix.edits);
      // The fixed text as the next version: checking it from a check of this version (which that takes
      // over) gives a check from scratch's tree and results.
      if (reparsed++ < 2) {
        const before = checkDocument(text);
        const incremental = checkDocument(fixed, { previous: asPrevious(before) });
        const full = checkDocument(fixed);
        assert.deepStrictEqual(incremental.analysis.parse.file, full.analysis.parse.file, "reparse built another tree");
        assert.deepStrictEqual(seen(incremental), seen(full), "checked from the previous version, another result");
      }
      const quick = compared < 5 ? quickSaving(document, fix) : undefined;
      if (quick === undefined) continue;
      compared++;
      const whole = totalOf(document) - totalOf(checkDocument(fixed, { rules: rulesOff, bestFixes: false }));
      assert.ok(Math.abs(quick - whole) < 1e-6, `"${fix.title}" saves ${quick} by what it touches, ${whole} priced whole`);
    }
  }
  const all = fixAll(document);
  const again = fixAll(checkDocument(all.text));
  assert.strictEqual(again.text, all.text, "fix-all again changes nothing");

  // Every request, at offsets across the document.
  const step = Math.max(1, Math.floor(text.length / 40));
  for (let offset = 0; offset <= text.length; offset += step) {
    const hover = hoverAt(document, offset) ?? placeHoverAt(document, offset);
    if (hover) assert.ok(inside(hover.span, text), "hover range inside the document");
    const completions = completionsAt(document, offset, catalog);
    if (completions) assert.ok(inside(completions.span, text), "completion range inside the document");
    promoteAt(document, offset, catalog);
    checkNavigation(document, offset);
  }
  const lineCount = document.analysis.parse.lines.lineCount;
  for (const fold of foldingRanges(document)) assert.ok(0 <= fold.startLine && fold.startLine < fold.endLine && fold.endLine < lineCount, "fold inside the document");
  for (const link of documentLinks(document)) assert.ok(inside(link.span, text), "link inside the document");
  for (const lens of codeLenses(document)) assert.ok(inside(lens.span, text), "lens inside the document");
  let tokenEnd = 0;
  for (const token of semanticTokens(document)) {
    const { start, end } = token.span;
    assert.ok(inside(token.span, text) && start >= tokenEnd && end > start && !/[\r\n]/.test(text.slice(start, end)), "semantic tokens sorted, apart, each on one line");
    tokenEnd = end;
  }
  const outline = (symbols: OutlineSymbol[]): void => symbols.forEach((s) => {
    assert.ok(inside(s.span, text) && s.span.start <= s.selection.start && s.selection.end <= s.span.end, "symbol inside the document, its name inside it");
    outline(s.children);
  });
  outline(documentSymbols(document));
  for (const hint of costHints(document, { start: 0, end: text.length })) assert.ok(hint.offset >= 0 && hint.offset <= text.length, "hint inside the document");
  fixesAt(document, { start: 0, end: text.length });
  promoteDocument(document, catalog);

  // Formatting: a file with syntax errors gets no edits and a reason; any other gets whitespace edits,
  // sorted and inside the document, that the formatter's own check accepts, and formatting is idempotent.
  const format = formatDocument(text);
  if (document.analysis.parse.problems.length > 0) {
    assert.ok(format.refused && format.edits.length === 0, "a file with syntax errors is not formatted");
  } else {
    assert.strictEqual(format.refused, undefined, "a file without syntax errors is formatted");
    let last = 0;
    for (const edit of format.edits) {
      assert.ok(inside(edit.span, text) && edit.span.start >= last, "format edits sorted, apart, inside the document");
      last = edit.span.end;
    }
    const once = applySortedEdits(text, format.edits);
    assert.deepStrictEqual(formatDocument(once).edits, [], "formatting again changes nothing");
    for (const edit of formatRange(text, { start: Math.floor(text.length / 3), end: Math.floor(text.length / 2) }).edits) {
      assert.ok(format.edits.some((e) => e.span.start === edit.span.start && e.span.end === edit.span.end && e.newText === edit.newText), "a range's edits are the document's");
    }
  }
  // The pipeline graph: nodes inside the document, edges between its nodes, every drawing made.
  for (const graph of pipelineGraphs(document)) {
    const ids = new Set(graph.nodes.map((node) => node.id));
    assert.strictEqual(ids.size, graph.nodes.length, "graph node ids are unique");
    for (const node of graph.nodes) assert.ok(inside(node.span, text) && inside(node.nameSpan, text), "graph node inside the document");
    for (const edge of graph.edges) assert.ok(ids.has(edge.from) && ids.has(edge.to) && edge.multiplicity >= 1, "graph edge joins two nodes");
    for (const usd of [graph.jobUsd, graph.draftUsd, graph.finalUsd, ...graph.nodes.map((n) => n.share)]) assert.ok(Number.isFinite(usd), "graph figures are finite");
    graphSvg(graph, { maxNodes: 60 });
    graphMermaid(graph);
    graphDot(graph);
  }
}

/** Navigation at one offset: places, highlights, rename edits and selections inside the document; a rename applies. */
function checkNavigation(document: CheckedDocument, offset: number): void {
  const { text } = document;
  const definition = definitionAt(document, offset);
  if (definition && !definition.path) assert.ok(inside(definition.span, text), "definition inside the document");
  for (const place of referencesAt(document, offset, true) ?? []) if (!place.path) assert.ok(inside(place.span, text), "reference inside the document");
  for (const highlight of highlightsAt(document, offset) ?? []) assert.ok(inside(highlight.span, text), "highlight inside the document");
  const prepared = prepareRename(document, offset);
  if ("span" in prepared) assert.ok(inside(prepared.span, text), "rename range inside the document");
  const renamed = renameAt(document, offset, "renamed_x");
  if ("files" in renamed) {
    for (const file of renamed.files.filter((f) => !f.path)) {
      assert.ok(file.edits.every((edit) => inside(edit.span, text)), "rename edits inside the document");
      applyEdits(text, file.edits);
    }
  }
  let previous: { start: number; end: number } | undefined;
  for (const span of selectionRanges(document, offset)) {
    assert.ok(inside(span, text) && span.start <= offset && offset <= span.end, "selection inside the document, around the offset");
    if (previous) assert.ok(span.start <= previous.start && previous.end <= span.end, "each selection holds the one before");
    previous = span;
  }
}

export const property = fc.property(documents, (text) => checkEverything(text));
