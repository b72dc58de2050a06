// The whole check in this process (lex, parse, analyse, cost, rules), against `JSON.parse` of a JSON
// document carrying the same data; the parts of the check; and the hostile sizes.
import { performance } from "perf_hooks";
import { analyze } from "../../server/src/analysis/analyze";
import type { Diagnostic } from "../../server/src/parser/diagnostic";
import { parse } from "../../server/src/parser/parse";
import { checkDocument } from "../../server/src/service/check";
import { chain, corpus, CorpusName, generate } from "./corpora";
import { Effort, sampler, summarize, timeSync, Timing } from "./stats";

export interface Throughput {
  corpus: CorpusName;
  stages: number;
  bytes: number;
  jsonBytes: number;
  findings: number;
  /** Findings by code (rule id or language problem). */
  byCode: Record<string, number>;
  check: Timing;
  json: Timing;
}

/** A keystroke changes the text: each run gets a fresh string, so nothing can be cached by identity. */
const edited = (text: string, i: number) => text.replace("benchmark", `benchmark ${i}`);

/** UTF-8 bytes (the corpora are ASCII, so also characters). */
const bytesOf = (text: string) => Buffer.byteLength(text, "utf8");

export function throughput(name: CorpusName, stages: number, effort: Effort): Throughput {
  const { text, json } = corpus(name, stages);
  const started = performance.now();
  for (let i = 0; i < (effort.warmup ?? 3) && (i === 0 || performance.now() - started < 1000); i++) {
    checkDocument(edited(text, -1 - i));
    JSON.parse(edited(json, -1 - i));
  }
  // The two alternate, sample by sample, so both see the same machine (other work on it included).
  const checks: number[] = [];
  const parses: number[] = [];
  let findings: Diagnostic[] = [];
  for (const more = sampler(effort); more(); ) {
    const [t, j] = [edited(text, checks.length), edited(json, checks.length)];
    let start = performance.now();
    findings = checkDocument(t).diagnostics; // the edit is in the brief's goal: the findings stay the same
    checks.push(performance.now() - start);
    start = performance.now();
    JSON.parse(j);
    parses.push(performance.now() - start);
  }
  const byCode: Record<string, number> = {};
  for (const d of findings) byCode[String(d.code)] = (byCode[String(d.code)] ?? 0) + 1;
  return { corpus: name, stages, bytes: bytesOf(text), jsonBytes: bytesOf(json), findings: findings.length, byCode, check: summarize(checks), json: summarize(parses) };
}

export interface PartTimings {
  stages: number;
  bytes: number;
  parse: Timing;
  analyse: Timing;
}

/** The lean corpus's parse alone, and parse + analysis (no cost, no rules). */
export function parts(stages: number, effort: Effort): PartTimings {
  const text = generate(stages);
  return {
    stages,
    bytes: bytesOf(text),
    parse: timeSync((t: string) => parse(t), (i) => edited(text, i), effort),
    analyse: timeSync((t: string) => analyze(t), (i) => edited(text, i), effort),
  };
}

export interface Hostile {
  label: string;
  stages: number;
  bytes: number;
  findings: number;
  ms: number;
}

/**
 * The hostile sizes (issue 10): past the editor's 5 MB `gen.maxFileSize` these get one warning there,
 * but the CLI and a raised limit still check them, so they must stay linear. Timed once each.
 */
function once(label: string, stages: number, text: string): Hostile {
  checkDocument(text.slice(0, 1000)); // warm up
  const start = performance.now();
  const findings = checkDocument(text).diagnostics.length;
  return { label, stages, bytes: bytesOf(text), findings, ms: performance.now() - start };
}

/** A chain of upscales of one clip: the deepest graph a file can hold. */
export const hostileChain = (stages: number) => once(`${stages.toLocaleString("en")}-stage upscale chain`, stages, chain(stages));

/** The lean corpus at a size past the editor's limit (100,000 stages is 10 MB). */
export const hostileFile = (stages: number) => once(`${stages.toLocaleString("en")}-stage lean file`, stages, generate(stages));

/** The wasteful corpus minified, one line long: every fix that looks for its line's start must not read the file back. */
export const hostileLine = (stages: number) =>
  once(`${stages.toLocaleString("en")} wasteful stages on one line`, stages, corpus("wasteful", stages).text.replace(/\n/g, " "));
