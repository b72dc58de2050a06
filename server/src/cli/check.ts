// `gen check`: every problem in the files, ESLint-style, or as JSON or SARIF for tools.
import type { Severity } from "../parser/diagnostic";
import { JsonDiagnostic, jsonDiagnostic, jsonPath } from "./json";
import { dim, plural, printable, red, underline, yellow } from "./output";
import { CheckReport, checkReport, defaultThreads } from "./parallelCheck";
import { ReportedFile, toSarif } from "./sarif";
import { ConfigLoader, configOptionProblem } from "./workspace";

export const CHECK_HELP = `Usage: gen check [options] [paths…]

Reports every problem in the .gen files under the given files and folders (default: .):
syntax, meaning, cost against the budget, and the credit-conservation rules.

Options:
  --format <name>        stylish (default), json, or sarif (SARIF 2.1.0, for GitHub code scanning)
  --max-warnings <n>     also fail when there are more than n warnings
  --config <file>        use this gen.config.json instead of the nearest one above each file
  --jobs <n>             check files in up to n threads (default: one a core but one; 1 checks in one)
  -h, --help             show this help

Exit codes: 0 no errors, 1 errors found (or more warnings than --max-warnings), 2 bad usage.

Examples:
  gen check samples --max-warnings 0
  gen check --format sarif > gen.sarif`;

const formats = ["stylish", "json", "sarif"];

export interface CheckArgs {
  paths: string[];
  config?: string;
  /** `stylish` (the default), `json` or `sarif`. */
  format?: string;
  /** As written after `--max-warnings`: a whole number of 0 or more. */
  maxWarnings?: string;
  /** As written after `--jobs`: a whole number of 1 or more. */
  jobs?: string;
  /** The CLI's own file, which threads checking a share of the files run; without it, everything is checked in this thread. */
  script?: string;
}

/** The files with diagnostics to show: each gen.config.json with problems, then every .gen file read. */
function reported(report: CheckReport): ReportedFile[] {
  return [...report.configs, ...report.files];
}

type Counts = Record<Severity, number>;

function count(report: CheckReport, files: ReportedFile[]): Counts {
  const counts: Counts = { error: report.unreadable.length, warning: 0, info: 0, hint: 0 };
  for (const file of files) for (const d of file.diagnostics) counts[d.severity]++;
  return counts;
}

function printStylish(report: CheckReport, files: ReportedFile[], counts: Counts): void {
  for (const problem of report.unreadable) console.error(`${red("error")} ${printable(problem.message)}`);
  for (const file of files) {
    if (file.diagnostics.length === 0) continue;
    console.log(underline(printable(file.path)));
    for (const d of file.diagnostics) {
      const { line, character } = file.lines.positionAt(d.span.start);
      const where = `${line + 1}:${character + 1}`.padStart(7);
      const severity = d.severity === "error" ? red("error  ") : yellow(d.severity.padEnd(7));
      console.log(`  ${dim(where)}  ${severity}  ${printable(d.message)}  ${dim(d.code)}`);
    }
    console.log("");
  }
  const total = counts.error + counts.warning + counts.info + counts.hint;
  const summary = `${plural(total, "problem")} (${plural(counts.error, "error")}, ${plural(counts.warning, "warning")}) in ${plural(report.files.length, "file")}`;
  console.log(total === 0 ? `✔ ${summary}` : counts.error > 0 ? red(`✖ ${summary}`) : yellow(`⚠ ${summary}`));
}

/** An entry of `gen check --format json`: a file's diagnostics, or why it could not be read. */
export interface CheckJsonFile {
  path: string;
  /** Set when the path could not be read; its diagnostics are then empty. */
  error?: string;
  diagnostics: JsonDiagnostic[];
}

export interface CheckJson {
  files: CheckJsonFile[];
  /** Diagnostics by severity (a path that cannot be read counts as an error), and .gen files read. */
  summary: { errors: number; warnings: number; infos: number; hints: number; files: number };
}

function toJson(report: CheckReport, files: ReportedFile[], counts: Counts): CheckJson {
  return {
    files: [
      ...report.unreadable.map((problem) => ({ path: jsonPath(problem.path), error: problem.message, diagnostics: [] })),
      ...files.map((file) => ({ path: jsonPath(file.path), diagnostics: file.diagnostics.map((d) => jsonDiagnostic(d, file.lines)) })),
    ],
    summary: { errors: counts.error, warnings: counts.warning, infos: counts.info, hints: counts.hint, files: report.files.length },
  };
}

export async function runCheck(args: CheckArgs): Promise<number> {
  const format = args.format ?? "stylish";
  if (!formats.includes(format)) {
    console.error(`gen check: unknown format \`${printable(format)}\`: use stylish, json or sarif`);
    return 2;
  }
  let maxWarnings: number | undefined;
  if (args.maxWarnings !== undefined) {
    if (!/^\d+$/.test(args.maxWarnings)) {
      console.error(`gen check: --max-warnings takes a whole number of 0 or more, not \`${printable(args.maxWarnings)}\``);
      return 2;
    }
    maxWarnings = Number(args.maxWarnings);
  }
  if (args.jobs !== undefined && !/^[1-9]\d*$/.test(args.jobs)) {
    console.error(`gen check: --jobs takes a whole number of 1 or more, not \`${printable(args.jobs)}\``);
    return 2;
  }
  const configProblem = configOptionProblem(args.config);
  if (configProblem) {
    console.error(`gen check: ${printable(configProblem)}`);
    return 2;
  }

  const report = await checkReport(args.paths, new ConfigLoader(args.config), args.jobs ? Number(args.jobs) : defaultThreads(), args.script);
  const files = reported(report);
  const counts = count(report, files);
  if (format === "json") console.log(JSON.stringify(toJson(report, files, counts), null, 2));
  else if (format === "sarif") console.log(JSON.stringify(toSarif(files, report.unreadable), null, 2));
  else printStylish(report, files, counts);

  const tooManyWarnings = maxWarnings !== undefined && counts.warning > maxWarnings;
  // On stderr in every format, like ESLint: it keeps JSON and SARIF on stdout parseable.
  if (tooManyWarnings) console.error(red(`✖ ${plural(counts.warning, "warning")}, more than --max-warnings ${maxWarnings} allows`));
  return counts.error > 0 || tooManyWarnings ? 1 : 0;
}
