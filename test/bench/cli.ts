// `gen check` over a folder of many files, as a CI job runs it: a fresh process each time.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { performance } from "perf_hooks";
import { repoRoot } from "../protocol/lspClient";
import { corpus } from "./corpora";
import { summarize, Timing } from "./stats";

export interface CliResult extends Timing {
  files: number;
  bytes: number;
  /** Problems `gen check --format json` reported. */
  problems: number;
}

/** Writes `files` pipelines of `stages` stages (half lean, half wasteful) to a temporary folder and checks it `runs` times. */
export function checkFolder(files: number, stages: number, runs: number): CliResult {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "gen-bench-cli-"));
  try {
    const texts = [corpus("lean", stages).text, corpus("wasteful", stages).text];
    let bytes = 0;
    for (let i = 0; i < files; i++) {
      const text = texts[i % 2].replace('pipeline "bench"', `pipeline "bench-${i}"`);
      fs.writeFileSync(path.join(folder, `pipeline-${String(i).padStart(4, "0")}.gen`), text);
      bytes += Buffer.byteLength(text);
    }
    const cli = path.join(repoRoot, "dist/cli.js");
    const run = () => {
      const start = performance.now();
      const result = spawnSync(process.execPath, [cli, "check", "--format", "json", folder], { encoding: "utf8", maxBuffer: 1 << 30 });
      const ms = performance.now() - start;
      // 1 is "errors found": the wasteful files go over their budget. Anything else is a failure.
      if (result.status !== 0 && result.status !== 1) throw new Error(`gen check exited with ${result.status}: ${result.stderr}`);
      return { ms, output: result.stdout };
    };
    const samples: number[] = [];
    let output = "";
    for (let i = 0; i < runs; i++) ({ ms: samples[i], output } = run());
    return { ...summarize(samples), files, bytes, problems: countProblems(output) };
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

/** The number of diagnostics in `gen check --format json` output, whatever its exact shape. */
function countProblems(output: string): number {
  const json = JSON.parse(output);
  const files: any[] = Array.isArray(json) ? json : json.files ?? [];
  return files.reduce((sum, file) => sum + (Array.isArray(file.diagnostics) ? file.diagnostics.length : 0), 0);
}
