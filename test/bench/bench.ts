// `npm run bench`: the benchmark suite. The whole check in this process against JSON.parse of the same
// data; the language server over the real protocol (open, typing, every request) on a lean and a
// wasteful corpus; cold start, peak memory, `gen check` over a folder, and the bundles' sizes. Prints
// one table and writes the rows as JSON. It measures and shows targets; it never fails on a time.
//
//   node out/test/bench/bench.js [--quick] [--json PATH]
//     --quick      tiny sizes and few samples (a smoke run: the sizes are not the targets', so no target is judged)
//     --json PATH  where to write the rows (default out/bench/results.json)
import { execFileSync } from "child_process";
import * as os from "os";
import * as path from "path";
import { parseArgs } from "util";
import { repoRoot } from "../protocol/lspClient";
import { bundleSizes } from "./bundles";
import { checkFolder } from "./cli";
import { corpus, CorpusName } from "./corpora";
import { coldStart, measureProtocol, peakMemory, ProtocolEffort, requestIds, requestNames } from "./protocol";
import { formatTable, judged, Row, Target, writeJson } from "./report";
import type { Timing } from "./stats";
import { hostileChain, hostileFile, hostileLine, parts, throughput } from "./throughput";

interface Plan {
  /** Stage counts of the in-process check, with samples and a time budget for each. */
  throughput: { stages: number; iterations: number; budgetMs: number; warmup: number }[];
  parts: { stages: number; iterations: number; budgetMs: number }[];
  hostile: { chain: number; file: number; line: number };
  /** Stage counts served over the protocol, with how hard to try at each. */
  protocol: { stages: number; effort: ProtocolEffort }[];
  coldStarts: number;
  cli: { files: number; stages: number; runs: number };
}

const full: Plan = {
  throughput: [
    { stages: 100, iterations: 200, budgetMs: 3_000, warmup: 3 },
    { stages: 1_000, iterations: 50, budgetMs: 5_000, warmup: 3 },
    // The JIT is warm from the smaller sizes; a 10,000-stage wasteful check takes seconds.
    { stages: 10_000, iterations: 10, budgetMs: 8_000, warmup: 0 },
  ],
  parts: [
    { stages: 1_000, iterations: 30, budgetMs: 4_000 },
    { stages: 10_000, iterations: 8, budgetMs: 6_000 },
  ],
  hostile: { chain: 100_000, file: 100_000, line: 10_000 },
  protocol: [
    {
      stages: 1_000,
      effort: {
        opens: { iterations: 20, minimum: 5, budgetMs: 4_000 },
        rounds: { perRequest: 25, minimum: 5, budgetMs: 15_000 },
        requests: { iterations: 200, minimum: 20, budgetMs: 4_000, capMs: 8_000, warmup: 2 },
      },
    },
    {
      stages: 10_000,
      effort: {
        // A wasteful document of this size takes seconds to check, and fix-all re-checks it up to ten
        // times: one sample is what some of these can afford. The rounds warm the JIT up.
        opens: { iterations: 3, minimum: 1, budgetMs: 3_000 },
        rounds: { perRequest: 5, minimum: 1, budgetMs: 15_000 },
        requests: { iterations: 200, minimum: 3, budgetMs: 3_000, capMs: 10_000, warmup: 0 },
      },
    },
  ],
  coldStarts: 10,
  cli: { files: 1_000, stages: 24, runs: 3 },
};

const quick: Plan = {
  throughput: [10, 50, 200].map((stages) => ({ stages, iterations: 5, budgetMs: 300, warmup: 1 })),
  parts: [50, 200].map((stages) => ({ stages, iterations: 5, budgetMs: 300 })),
  hostile: { chain: 2_000, file: 2_000, line: 2_000 },
  protocol: [24, 120].map((stages) => ({
    stages,
    effort: {
      opens: { iterations: 2, minimum: 1, budgetMs: 300 },
      rounds: { perRequest: 1, minimum: 1, budgetMs: 300 },
      requests: { iterations: 5, minimum: 3, budgetMs: 300, warmup: 1 },
    },
  })),
  coldStarts: 2,
  cli: { files: 10, stages: 16, runs: 1 },
};

const corpora: CorpusName[] = ["lean", "wasteful"];

/** The targets of issue 11, by the stage count they are set for. */
function targetsFor(stages: number) {
  const ms = (max: number, stat: "median" | "p95"): Target => ({ text: `< ${max >= 1000 ? `${max / 1000} s` : `${max} ms`} ${stat}`, stat, max });
  if (stages === 1_000) return { typing: ms(30, "median"), request: ms(10, "p95") };
  if (stages === 10_000) return { typing: ms(150, "median"), request: ms(100, "p95"), open: ms(1000, "median"), memory: { text: "< 200 MB", stat: "value", max: 200 } as Target };
  return {};
}

const kb = (bytes: number) => `${Math.round(bytes / 1024).toLocaleString("en")} KB`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const sizeOf = (bytes: number) => (bytes >= 1024 * 1024 ? mb(bytes) : kb(bytes));
const stagesText = (stages: number, bytes: number) => `${stages.toLocaleString("en")} stages (${sizeOf(bytes)})`;
const timed = (t: Timing) => ({ n: t.n, median: t.median, p95: t.p95 });
const ms = (value: number) => `${value < 1 ? value.toFixed(2) : value < 10 ? value.toFixed(1) : Math.round(value).toLocaleString("en")} ms`;

function progress(what: string): void {
  process.stderr.write(`bench: ${what}…\n`);
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { quick: { type: "boolean", default: false }, json: { type: "string" } } });
  const isQuick = values.quick === true;
  const plan = isQuick ? quick : full;
  const jsonPath = path.resolve(values.json ?? path.join(repoRoot, "out/bench/results.json"));
  const startedAt = new Date();
  const loadBefore = os.loadavg();
  const rows: Row[] = [];
  const add = (row: Omit<Row, "met">) => rows.push(judged(row, isQuick));
  const findings: { corpus: CorpusName; stages: number; count: number; byCode: Record<string, number> }[] = [];

  // The whole check, in this process.
  for (const name of corpora) {
    for (const { stages, iterations, budgetMs, warmup } of plan.throughput) {
      progress(`whole check and JSON.parse, ${name}, ${stages} stages`);
      const t = throughput(name, stages, { iterations, minimum: Math.min(iterations, 3), budgetMs, warmup });
      findings.push({ corpus: name, stages, count: t.findings, byCode: t.byCode });
      const rate = (bytes: number, timing: Timing) => bytes / 1024 / 1024 / (timing.median / 1000);
      const ratio = t.check.median / t.json.median;
      // The target is for 1 MB, which is what the largest size of the full run is.
      const target: Target | undefined = stages === 10_000 ? { text: "≤ 15× JSON.parse", stat: "ratio", max: 15 } : undefined;
      add({
        id: "check.throughput", label: "whole check (lex, parse, analyse, cost, rules)", corpus: name, size: stagesText(stages, t.bytes), stages, bytes: t.bytes,
        n: t.check.n, unit: "MB/s", value: rate(t.bytes, t.check), ms: { median: t.check.median, p95: t.check.p95 }, ratio, target,
        note: `${ms(t.check.median)} median, ${ms(t.check.p95)} p95; ${t.findings.toLocaleString("en")} findings; ${ratio.toFixed(0)}× JSON.parse's time`,
      });
      add({
        id: "check.json-parse", label: "JSON.parse of the same data", corpus: name, size: `${stages.toLocaleString("en")} stages (${sizeOf(t.jsonBytes)} of JSON)`, stages, bytes: t.jsonBytes,
        n: t.json.n, unit: "MB/s", value: rate(t.jsonBytes, t.json), ms: { median: t.json.median, p95: t.json.p95 },
        note: `${ms(t.json.median)} median, ${ms(t.json.p95)} p95`,
      });
    }
  }
  for (const { stages, iterations, budgetMs } of plan.parts) {
    progress(`parse and analyse, lean, ${stages} stages`);
    const p = parts(stages, { iterations, minimum: Math.min(iterations, 3), budgetMs });
    add({ id: "check.parse", label: "parse", corpus: "lean", size: stagesText(stages, p.bytes), stages, bytes: p.bytes, unit: "ms", ...timed(p.parse) });
    add({ id: "check.analyse", label: "parse + analyse", corpus: "lean", size: stagesText(stages, p.bytes), stages, bytes: p.bytes, unit: "ms", ...timed(p.analyse) });
  }
  progress("the hostile sizes, once each");
  const hostile = [
    ["check.hostile-chain", hostileChain(plan.hostile.chain)], ["check.hostile-file", hostileFile(plan.hostile.file)], ["check.hostile-line", hostileLine(plan.hostile.line)],
  ] as const;
  for (const [id, result] of hostile) {
    add({ id, label: "whole check, once", size: `${result.label} (${mb(result.bytes)})`, stages: result.stages, bytes: result.bytes, n: 1, unit: "ms", median: result.ms, note: `${result.findings.toLocaleString("en")} findings` });
  }

  // The server over stdio.
  progress("cold start");
  const cold = await coldStart(plan.coldStarts);
  add({ id: "server.cold-start", label: "cold start: spawn → initialize answered", unit: "ms", ...timed(cold), target: { text: "< 150 ms median", stat: "median", max: 150 } });
  for (const { stages, effort } of plan.protocol) {
    const targets = targetsFor(stages);
    for (const name of corpora) {
      progress(`the server over stdio, ${name}, ${stages} stages`);
      const c = corpus(name, stages);
      const bytes = Buffer.byteLength(c.text);
      const size = stagesText(stages, bytes);
      const r = await measureProtocol(c, effort);
      const common = { corpus: name, size, stages, bytes };
      add({ id: "protocol.open", label: "didOpen → diagnostics", ...common, unit: "ms", ...timed(r.open), target: targets.open, note: `first open ${ms(r.firstOpenMs)}; ${r.published.toLocaleString("en")} findings published` });
      add({ id: "protocol.typing", label: "one character typed → diagnostics", ...common, unit: "ms", ...timed(r.typing), target: targets.typing });
      for (const request of requestNames) {
        const steady = r.requests[request];
        add({ id: `protocol.request.${requestIds[request]}`, label: request, ...common, unit: "ms", ...timed(steady), target: targets.request, note: steady.answer });
        add({ id: `protocol.after-edit.${requestIds[request]}`, label: `${request}, first after an edit`, ...common, unit: "ms", ...timed(r.afterEdit[request]), target: targets.request });
      }
      add({
        id: "protocol.memory", label: "server peak memory (VmHWM)", ...common, unit: "MB", value: r.peakBytes === undefined ? null : r.peakBytes / 1024 / 1024, target: targets.memory,
        note: r.peakBytes === undefined ? "Linux only" : "after all of the above",
      });
    }
  }

  // The command line and what ships.
  progress(`gen check over ${plan.cli.files} files`);
  const cli = checkFolder(plan.cli.files, plan.cli.stages, plan.cli.runs);
  add({
    id: "cli.check-folder", label: "gen check --format json <folder>", size: `${cli.files.toLocaleString("en")} files of ${plan.cli.stages} stages (${sizeOf(cli.bytes)})`, bytes: cli.bytes,
    unit: "ms", ...timed(cli), target: plan.cli.files === 1000 ? { text: "< 2 s median", stat: "median", max: 2000 } : undefined, note: `half lean, half wasteful; ${cli.problems.toLocaleString("en")} problems; a new process each run`,
  });
  for (const bundle of bundleSizes()) {
    add({ id: "bundle", label: `bundle ${bundle.file}`, bytes: bundle.bytes, unit: "KB", value: bundle.bytes / 1024, note: `${kb(bundle.gzipBytes)} gzipped; ${bundle.minified ? "minified" : "not minified (npm run package minifies)"}` });
  }

  const seconds = (Date.now() - startedAt.getTime()) / 1000;
  const loadAfter = os.loadavg();
  const meta = {
    quick: isQuick,
    startedAt: startedAt.toISOString(),
    seconds,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? "unknown",
    memoryBytes: os.totalmem(),
    loadBefore,
    loadAfter,
    commit: gitCommit(),
    benchPeakMemoryBytes: peakMemory(process.pid) ?? null,
  };
  writeJson(jsonPath, { schema: 1, meta, rows, findings });

  const load = (l: number[]) => l.map((x) => x.toFixed(1)).join(" ");
  console.log(`\ngen bench${isQuick ? " --quick (smoke run: tiny sizes, no target judged)" : ""}: Node ${process.version}, ${meta.platform}, ${meta.cpus} CPUs (${meta.cpuModel}), load average ${load(loadBefore)} before, ${load(loadAfter)} after; ${seconds.toFixed(0)} s`);
  for (const f of findings.filter((f) => f.stages === Math.max(...plan.throughput.map((t) => t.stages)))) {
    const codes = Object.entries(f.byCode).sort((a, b) => b[1] - a[1]).map(([code, count]) => `${code} ${count}`).join(", ");
    console.log(`findings, ${f.corpus}, ${f.stages.toLocaleString("en")} stages: ${f.count.toLocaleString("en")} (${codes})`);
  }
  console.log(`times are medians and 95th percentiles over n samples; a request is a round trip over stdio, from writing it to having parsed the answer\n`);
  console.log(formatTable(rows, isQuick));
  const judgedRows = rows.filter((row) => row.met !== null);
  if (judgedRows.length > 0) console.log(`\ntargets met: ${judgedRows.filter((row) => row.met).length} of ${judgedRows.length}`);
  console.log(`\nrows as JSON: ${path.relative(process.cwd(), jsonPath) || jsonPath}`);
  return 0;
}

function gitCommit(): string | null {
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: repoRoot, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return null;
  }
}

main().then(
  (code) => (process.exitCode = code),
  (error) => {
    console.error(`bench failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
