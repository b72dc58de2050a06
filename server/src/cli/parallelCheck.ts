// `gen check` over many files in several threads: the files are dealt out to worker threads (and this
// one), each checks its share as `checkPaths` would, and the findings come back in the order of the files,
// so the output is the same as checked in one thread. A CI job over a folder of thousands of pipelines
// then uses the machine's cores. Only what the report prints travels: each finding's code, severity,
// message and span, and the text its positions are read from.
import * as os from "os";
import { Worker } from "worker_threads";
import { LineIndex } from "../parser/lineIndex";
import type { Diagnostic } from "../parser/diagnostic";
import type { ReportedFile } from "./sarif";
import { ConfigLoader, FileProblem, readAndCheck, scanPaths } from "./workspace";

/** What `gen check` reports: the gen.config.json files with problems, each .gen file's findings, the paths it could not read. */
export interface CheckReport {
  configs: ReportedFile[];
  files: ReportedFile[];
  unreadable: FileProblem[];
}

/** Fewer files than this a thread are checked in this one: starting a thread costs about as much as checking them. */
export const FILES_PER_THREAD = 64;
const MAX_THREADS = 8;

/** What a thread is given: the files to check (by their index in the scan) and what the run's checks share. */
interface Share {
  genCheckShare: true;
  files: { index: number; path: string }[];
  config?: string;
  today: string;
}

/** One file's outcome, as it travels between threads. */
type Outcome = { index: number; path: string; text: string; diagnostics: Diagnostic[] } | { index: number; path: string; unreadable: string };

function checkOne(index: number, name: string, configs: ConfigLoader): Outcome {
  const checked = readAndCheck(name, configs);
  if ("unreadable" in checked) return { index, path: name, unreadable: checked.unreadable };
  const { document } = checked;
  const diagnostics = document.diagnostics.map(({ code, severity, message, span }) => ({ code, severity, message, span: { start: span.start, end: span.end } }));
  return { index, path: name, text: document.text, diagnostics };
}

/** Whether this thread was started to check a share of the files; it then checks them and posts the outcomes. */
export function isCheckShare(data: unknown): data is Share {
  return typeof data === "object" && data !== null && (data as Share).genCheckShare === true;
}

export function checkShare(share: Share): Outcome[] {
  const configs = new ConfigLoader(share.config, share.today);
  return share.files.map(({ index, path }) => checkOne(index, path, configs));
}

/**
 * Checks every .gen file under `paths` in up to `threads` threads (`script` is the CLI's own file, which
 * a thread runs with its share); 1 thread, or too few files, checks them in this one.
 */
export async function checkReport(paths: string[], configs: ConfigLoader, threads: number, script: string | undefined): Promise<CheckReport> {
  const { names, unreadable } = scanPaths(paths);
  // The configs are read here first, in the order of the files, as checking them in turn would read them.
  for (const name of names) configs.optionsFor(name);
  const count = script ? Math.max(1, Math.min(threads, MAX_THREADS, Math.floor(names.length / FILES_PER_THREAD))) : 1;
  const files = names.map((path, index) => ({ index, path }));
  const shares: Share["files"][] = Array.from({ length: count }, () => []);
  // Dealt in turn, so each thread gets files from all over the scan (a folder of large files is not one thread's).
  for (const file of files) shares[file.index % count].push(file);
  const outcomes: Outcome[] = [];
  const others = shares.slice(1).map((share) => inThread(script!, { genCheckShare: true, files: share, config: configs.explicit, today: configs.today }, configs));
  // This thread checks the first share meanwhile.
  for (const file of shares[0]) outcomes.push(checkOne(file.index, file.path, configs));
  for (const done of await Promise.all(others)) outcomes.push(...done);
  outcomes.sort((a, b) => a.index - b.index);

  const report: CheckReport = { configs: configs.files.filter((config) => config.diagnostics.length > 0), files: [], unreadable };
  for (const outcome of outcomes) {
    if ("unreadable" in outcome) report.unreadable.push({ path: outcome.path, message: outcome.unreadable });
    else report.files.push({ path: outcome.path, diagnostics: outcome.diagnostics, lines: new LineIndex(outcome.text) });
  }
  return report;
}

/** A share checked in a worker thread; should the thread fail, its files are checked in this one, and that is said on stderr. */
function inThread(script: string, share: Share, configs: ConfigLoader): Promise<Outcome[]> {
  return new Promise((resolve) => {
    let settled = false;
    const fallback = (why: string) => {
      if (settled) return;
      settled = true;
      console.error(`gen check: a thread checking ${share.files.length} files failed (${why}); they were checked in the main one`);
      resolve(share.files.map((file) => checkOne(file.index, file.path, configs)));
    };
    const worker = new Worker(script, { workerData: share });
    worker.once("message", (outcomes: Outcome[]) => {
      settled = true;
      resolve(outcomes);
    });
    worker.once("error", (error) => fallback(String(error)));
    worker.once("exit", (code) => fallback(`it exited with ${code} before it answered`));
  });
}

/**
 * The threads to check in when `--jobs` is not given: one a core but one, which the garbage collector's
 * own threads keep busy (on a 2-core machine one thread already uses both, and a second was slower).
 */
export const defaultThreads = () => Math.max(1, (typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length) - 1);
