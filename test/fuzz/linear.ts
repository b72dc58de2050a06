// Time per document linear in its size (issue 10), as a fuzz property for `npm run fuzz` only: speed is
// measured there and by `npm run bench`, never asserted in `npm test`. A document (a mutated sample or
// fixture) is scaled 1, 8 and 64 times (`--linear-scale 16`: 1, 4, 16), its pipelines repeated under
// new names or its stages repeated inside their pipeline under new names (references renamed alike, so
// they still resolve); the CPU time of `checkDocument`, of fix-all and of the whole-document requests an
// editor sends (folding, outline, semantic tokens, lenses, hints, formatting, the graph) on each is
// measured, the fastest of a few runs; and the property fails when the largest document takes more than
// its share of the time, generously (see `superlinear`), twice in a row. A quadratic step is caught;
// noise and one-time steps are not.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import fc from "fast-check";
import type { OutputDecl, Span, Stage } from "../../server/src/parser/ast";
import { parse } from "../../server/src/parser/parse";
import { graphSvg } from "../../server/src/render/svg";
import { checkDocument, CheckedDocument } from "../../server/src/service/check";
import { fixAll, fixesAt, MAX_PRICED_FIXES } from "../../server/src/service/fixes";
import { formatDocument } from "../../server/src/service/format";
import { costHints } from "../../server/src/service/inlayHints";
import { codeLenses } from "../../server/src/service/lenses";
import { documentLinks } from "../../server/src/service/navigation";
import { pipelineGraphs } from "../../server/src/service/pipelineGraph";
import { semanticTokens } from "../../server/src/service/semanticTokens";
import { foldingRanges } from "../../server/src/service/structure";
import { documentSymbols } from "../../server/src/service/symbols";
import { documents } from "./properties";

export type Scaling = "pipelines" | "stages" | "stages on one line";

/**
 * The scales measured, 1, √max and max: `--linear-scale` sets the largest (a square), 64 by default. At 16,
 * a few hundred documents pass: what is quadratic with a small factor (a did-you-mean per dangling
 * reference over every stage) only shows past a few hundred stages.
 */
export let SCALES = [1, 8, 64];
export function setLargestScale(largest: number): void {
  SCALES = [1, Math.round(Math.sqrt(largest)), largest];
}
/** How many times more than its share of the 1× time the largest document may take… */
const LINEAR_SLACK = 4;
/** …and of the middle scale's time. */
const STEP_SLACK = 2;
/** Fix-all may take this many checks of the same document: 10 rounds at most (MAX_ROUNDS in fixes.ts), each a check, and twice that for slack. */
const FIX_ALL_CHECKS = 20;
/** Added to the bound, for timer resolution, a GC pause, a neighbour on the machine. */
const ABSOLUTE_SLACK_MS = 20;
/** Runs per measure, the fastest counts; a suspect measure is taken again with more runs before it fails. */
const REPEATS = 3;
const CONFIRM_REPEATS = 7;

/** The properties whose words name stages (`edgeProperties` in analysis/graph.ts). */
const edgeProperties = new Set(["from", "start", "end", "over", "clips"]);

/**
 * `text` with its pipelines repeated `k` times in all: copies follow the last pipeline, each named
 * anew (`"copy-2-1"`…), so the copies do not clash with one another or the original. Undefined when the
 * text has no pipeline to repeat.
 */
export function repeatPipelines(text: string, k: number): string | undefined {
  const { pipelines } = parse(text).file;
  if (pipelines.length === 0) return undefined;
  const end = Math.max(...pipelines.map((p) => p.span.end));
  const copies: string[] = [];
  for (let copy = 2; copy <= k; copy++) {
    pipelines.forEach((p, i) => {
      const name = `"copy-${copy}-${i}"`;
      copies.push(p.name
        ? text.slice(p.span.start, p.name.span.start) + name + text.slice(p.name.span.end, p.span.end)
        : text.slice(p.span.start, p.span.end));
    });
  }
  return text.slice(0, end) + copies.map((c) => "\n" + c).join("") + text.slice(end);
}

/**
 * `text` with the stages of each pipeline repeated `k` times in all, after the pipeline's last stage,
 * and its `output` lines alike: in copy `c`, the stage's name and its references to the pipeline's
 * stages (`from:`, `start:`, `end:`, `over:`, `clips:`, `output`) become `name_cc`, so a copy reads its
 * own copies, and its strings end in ` ~c`, so copies do not generate the same thing. The budget
 * is multiplied by `k`, so the scaled pipeline is over budget only if the original is. Undefined when
 * no pipeline has a stage.
 */
export function repeatStages(text: string, k: number): string | undefined {
  const edits: { start: number; end: number; text: string }[] = [];
  for (const pipeline of parse(text).file.pipelines) {
    if (pipeline.stages.length === 0) continue;
    const names = new Set(pipeline.stages.flatMap((s) => (s.name ? [s.name.text] : [])));
    const repeated = [...pipeline.stages, ...pipeline.outputs];
    const copyOf = (node: Stage | OutputDecl, copy: number) => {
      const edits: { at: number; length: number; text: string }[] = [];
      const rename = (name: { text: string; span: Span }) => {
        if (names.has(name.text)) edits.push({ at: name.span.start, length: name.text.length, text: `${name.text}_c${copy}` });
      };
      if ("refs" in node) node.refs.forEach(rename);
      else {
        if (node.name) rename(node.name);
        for (const property of [...node.properties, ...node.phases.flatMap((phase) => phase.properties)]) {
          const value = property.value;
          // Its references renamed (the name part of `hero[2]` too)…
          if (edgeProperties.has(property.key.text)) for (const word of value?.type === "list" ? value.items : value ? [value] : []) if (word.type === "word") rename(word);
          // …and its strings (the prompt) marked, so copies do not generate the same thing.
          if (value?.type === "string" && value.terminated) edits.push({ at: value.span.end - (value.triple ? 3 : 1), length: 0, text: ` ~${copy}` });
        }
      }
      let copied = text.slice(node.span.start, node.span.end);
      for (const edit of edits.filter((e) => e.at >= node.span.start && e.at + e.length <= node.span.end).sort((x, y) => y.at - x.at)) {
        const at = edit.at - node.span.start;
        copied = copied.slice(0, at) + edit.text + copied.slice(at + edit.length);
      }
      return copied;
    };
    const last = Math.max(...repeated.map((s) => s.span.end));
    let copies = "";
    for (let copy = 2; copy <= k; copy++) copies += repeated.map((node) => "\n  " + copyOf(node, copy)).join("");
    edits.push({ start: last, end: last, text: copies });
    for (const budget of pipeline.properties.filter((p) => p.key.text === "budget")) {
      const value = budget.value;
      if (value?.type === "credits" && Number.isFinite(value.credits)) edits.push({ ...value.span, text: `${value.credits * k} credits` });
      if (value?.type === "money" && Number.isFinite(value.usd)) edits.push({ ...value.span, text: `$${(value.usd * k).toFixed(2)}` });
    }
  }
  if (edits.length === 0) return undefined;
  let result = text;
  for (const edit of edits.sort((a, b) => b.start - a.start)) result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  return result;
}

/**
 * `text` with its stages repeated `k` times (`repeatStages`), its `//` comments dropped and its line
 * breaks made spaces: a minified file, one line long, where searching back to a line's start reads the file.
 */
export function onOneLine(text: string, k: number): string | undefined {
  const repeated = k === 1 ? text : repeatStages(text, k);
  if (repeated === undefined) return undefined;
  let flat = "";
  let kept = 0;
  for (const comment of parse(repeated).file.comments) {
    if (!repeated.startsWith("//", comment.start)) continue;
    flat += repeated.slice(kept, comment.start);
    kept = comment.end;
  }
  return (flat + repeated.slice(kept)).replace(/\r\n|\r|\n/g, " ");
}

export function scale(text: string, how: Scaling, k: number): string | undefined {
  if (how === "stages on one line") return onOneLine(text, k);
  if (k === 1) return text;
  return how === "pipelines" ? repeatPipelines(text, k) : repeatStages(text, k);
}

/** Milliseconds of CPU that `work` takes: this process's, so a busy neighbour on the machine does not count, as it would in wall time. */
function cpuMs<T>(work: () => T): { ms: number; result: T } {
  const started = process.cpuUsage();
  const result = work();
  const used = process.cpuUsage(started);
  return { ms: (used.user + used.system) / 1000, result };
}

export interface Measure { k: number; length: number; check: number; fixAll: number; quickFixes: number; requests: Record<string, number> }

/**
 * The requests for a whole document an editor sends after each edit (folding, outline, semantic tokens,
 * lenses, links), or on demand (hints for all of it, formatting, the graph): a step quadratic in any of them stalls the server as surely as one in the check.
 * Each is timed on its own, so a small one's quadratic step is not lost in a large one's time.
 */
const editorRequests: Record<string, (document: CheckedDocument) => unknown> = {
  "folding ranges": foldingRanges,
  "document symbols": documentSymbols,
  "semantic tokens": semanticTokens,
  "code lenses": codeLenses,
  "document links": documentLinks,
  "inlay hints of everything": (document) => costHints(document, { start: 0, end: document.text.length }),
  formatting: (document) => formatDocument(document.text),
  "pipeline graph": (document) => pipelineGraphs(document).map((graph) => graphSvg(graph, { maxNodes: 60 })),
};

/** The CPU time of `checkDocument`, of fix-all and of each of the editor's requests on `text`, each the fastest of `repeats` runs. */
export function timeCheck(text: string, repeats: number): Omit<Measure, "k" | "length"> {
  let check = Infinity;
  let fix = Infinity;
  let quickFixes = Infinity;
  const requests: Record<string, number> = Object.fromEntries(Object.keys(editorRequests).map((name) => [name, Infinity]));
  for (let i = 0; i < repeats; i++) {
    const checked = cpuMs(() => checkDocument(text));
    check = Math.min(check, checked.ms);
    fix = Math.min(fix, cpuMs(() => fixAll(checked.result)).ms);
    quickFixes = Math.min(quickFixes, cpuMs(() => fixesAt(checked.result, { start: 0, end: text.length })).ms);
    for (const [name, request] of Object.entries(editorRequests)) requests[name] = Math.min(requests[name], cpuMs(() => request(checked.result)).ms);
  }
  return { check, fixAll: fix, quickFixes, requests };
}

function measure(texts: string[], scales: readonly number[], repeats: number): Measure[] {
  return texts.map((text, i) => ({ k: scales[i], length: text.length, ...timeCheck(text, repeats) }));
}

/**
 * What grows faster than the documents (`texts` at `scales`), with the times; a suspect result is
 * measured again, with more runs, before it counts (a GC pause, a cold cache). Undefined when nothing does.
 */
function confirmedSuperlinear(texts: string[], scales: readonly number[], repeats: number): string | undefined {
  if (!superlinear(measure(texts, scales, repeats))) return undefined;
  const measures = measure(texts, scales, CONFIRM_REPEATS);
  const found = superlinear(measures);
  return found && `${found} (${describe(measures)})`;
}

/** The most a step timed `from` may take at `to`'s size: its share of the size, times `slack`, plus ABSOLUTE_SLACK_MS. */
function bound(from: Measure, to: Measure, slack: number, time: (m: Measure) => number = (m) => m.check): number {
  return slack * (to.length / Math.max(1, from.length)) * time(from) + ABSOLUTE_SLACK_MS;
}

/**
 * What grows faster than the document, if anything. The check, when the largest scale is over both
 * bounds: against the 1× document (generous: 4 times its share, the "16 × 4 × time(1×)") and
 * against the middle one (tighter, STEP_SLACK). The second keeps a one-time step out: a rule that
 * starts to fire between 1× and 8× costs more at 8× and 64× alike, which is linear, while a quadratic
 * step grows with the square of the text from 8× to 64× (about 8 times the text, 64 times the time),
 * past 2 × 8. Fix-all re-checks the text once a round, and how many rounds it needs (at most 10)
 * depends on the text, not on its size: so fix-all is held to FIX_ALL_CHECKS checks of the same
 * document, at every scale, which is linear when the check is.
 */
function superlinear(measures: Measure[]): string | undefined {
  const [first, middle, last] = measures;
  if (last.check > bound(first, last, LINEAR_SLACK) && last.check > bound(middle, last, STEP_SLACK)) {
    return `the check of the ${last.k}× document took ${last.check.toFixed(1)} ms of CPU, over the bounds of ` +
      `${bound(first, last, LINEAR_SLACK).toFixed(1)} ms (from ${first.k}×) and ${bound(middle, last, STEP_SLACK).toFixed(1)} ms (from ${middle.k}×)`;
  }
  for (const name of Object.keys(last.requests)) {
    const time = (m: Measure) => m.requests[name];
    if (time(last) > bound(first, last, LINEAR_SLACK, time) && time(last) > bound(middle, last, STEP_SLACK, time)) {
      return `${name} on the ${last.k}× document took ${time(last).toFixed(1)} ms of CPU, over the bounds of ` +
        `${bound(first, last, LINEAR_SLACK, time).toFixed(1)} ms (from ${first.k}×) and ${bound(middle, last, STEP_SLACK, time).toFixed(1)} ms (from ${middle.k}×)`;
    }
  }
  const slow = measures.find((m) => m.fixAll > FIX_ALL_CHECKS * m.check + ABSOLUTE_SLACK_MS);
  if (slow) return `fix-all on the ${slow.k}× document took ${slow.fixAll.toFixed(1)} ms of CPU, more than ${FIX_ALL_CHECKS} checks of it (${slow.check.toFixed(1)} ms each)`;
  // The quick fixes of a selection of everything price up to MAX_PRICED_FIXES of them, each a check at most.
  const priced = measures.find((m) => m.quickFixes > (MAX_PRICED_FIXES + 1) * m.check + ABSOLUTE_SLACK_MS);
  if (priced) return `the quick fixes of the whole ${priced.k}× document took ${priced.quickFixes.toFixed(1)} ms of CPU, more than ${MAX_PRICED_FIXES + 1} checks of it (${priced.check.toFixed(1)} ms each)`;
  return undefined;
}

const describe = (measures: Measure[]) =>
  measures.map((m) => `${m.k}×: ${m.length} chars, check ${m.check.toFixed(1)} ms, fix-all ${m.fixAll.toFixed(1)} ms, ` +
    Object.entries(m.requests).map(([name, ms]) => `${name} ${ms.toFixed(1)} ms`).join(", ")).join("; ");

/** Where the last failing document and its largest scaling are written, for `node --cpu-prof` (see the README). */
export const failureFiles = { original: path.join(os.tmpdir(), "gen-fuzz-linear.gen"), scaled: path.join(os.tmpdir(), "gen-fuzz-linear-scaled.gen") };

/** Throws, with the times and where the document is written, when its check or fix-all grows faster than it. */
export function checkLinear(text: string, how: Scaling): void {
  const texts = SCALES.map((k) => scale(text, how, k));
  if (texts.some((t) => t === undefined)) return; // nothing to repeat that way
  const scaled = texts as string[];
  const found = confirmedSuperlinear(scaled, SCALES, REPEATS);
  if (!found) return;
  fs.writeFileSync(failureFiles.original, text);
  fs.writeFileSync(failureFiles.scaled, scaled[scaled.length - 1]);
  throw new Error(`superlinear, ${how} repeated: ${found}. The document is in ${failureFiles.original}, its ${SCALES[SCALES.length - 1]}× scaling in ${failureFiles.scaled}`);
}

/**
 * A hostile shape at 250, 1,000 and 4,000 of what it repeats: mildly quadratic steps (a search of a
 * list per pipeline) only stand out from the noise past a thousand.
 */
const SHAPE_SIZES = [250, 1000, 4000];

/** Throws, as `checkLinear` does, when a hostile shape's check or a request grows faster than the document. */
export function checkShapeLinear(name: string, make: (n: number) => string): void {
  const texts = SHAPE_SIZES.map((n) => make(n));
  // Two runs each at first: the largest shapes take a second a run.
  const found = confirmedSuperlinear(texts, SHAPE_SIZES.map((n) => n / SHAPE_SIZES[0]), 2);
  if (!found) return;
  fs.writeFileSync(failureFiles.scaled, texts[texts.length - 1]);
  throw new Error(`superlinear, ${name}: ${found}. The largest document is in ${failureFiles.scaled}`);
}

export const scalings: fc.Arbitrary<Scaling> = fc.constantFrom("pipelines", "stages", "stages on one line");

export const linearProperty = fc.property(documents, scalings, (text, how) => checkLinear(text, how));
