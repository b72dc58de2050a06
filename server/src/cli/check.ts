// `gen check`: every problem in the files, ESLint-style, or as JSON or SARIF for tools.
import type { Severity } from "../parser/diagnostic";
import { JsonDiagnostic, jsonDiagnostic, jsonPath } from "./json";
import { dim, plural, printable, red, underline, yellow } from "./output";
import { ReportedFile, toSarif } from "./sarif";
import { checkPaths, ConfigLoader, configOptionProblem, Workspace } from "./workspace";

export const CHECK_HELP = `Usage: gen check [options] [paths…]

Reports every problem in the .gen files under the given files and folders (default: .):
syntax, meaning, cost against the budget, and the credit-conservation rules.

Options:
  --format <name>        stylish (default), json, or sarif (SARIF 2.1.0, for GitHub code scanning)
  --max-warnings <n>     also fail when there are more than n warnings
  --config <file>        use this gen.config.json instead of the nearest one above each file
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
}

/** The files with diagnostics to show: each gen.config.json with problems, then every .gen file read. */
function reported(workspace: Workspace): ReportedFile[] {
  return [
    ...workspace.configs.filter((config) => config.diagnostics.length > 0),
    ...workspace.files.map((file) => ({ path: file.path, diagnostics: file.document.diagnostics, lines: file.document.analysis.parse.lines })),
  ];
}

type Counts = Record<Severity, number>;

function count(workspace: Workspace, files: ReportedFile[]): Counts {
  const counts: Counts = { error: workspace.unreadable.length, warning: 0, info: 0, hint: 0 };
  for (const file of files) for (const d of file.diagnostics) counts[d.severity]++;
  return counts;
}

function printStylish(workspace: Workspace, files: ReportedFile[], counts: Counts): void {
  for (const problem of workspace.unreadable) console.error(`${red("error")} ${printable(problem.message)}`);
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
  const summary = `${plural(total, "problem")} (${plural(counts.error, "error")}, ${plural(counts.warning, "warning")}) in ${plural(workspace.files.length, "file")}`;
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

function toJson(workspace: Workspace, files: ReportedFile[], counts: Counts): CheckJson {
  return {
    files: [
      ...workspace.unreadable.map((problem) => ({ path: jsonPath(problem.path), error: problem.message, diagnostics: [] })),
      ...files.map((file) => ({ path: jsonPath(file.path), diagnostics: file.diagnostics.map((d) => jsonDiagnostic(d, file.lines)) })),
    ],
    summary: { errors: counts.error, warnings: counts.warning, infos: counts.info, hints: counts.hint, files: workspace.files.length },
  };
}

export function runCheck(args: CheckArgs): number {
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
  const configProblem = configOptionProblem(args.config);
  if (configProblem) {
    console.error(`gen check: ${printable(configProblem)}`);
    return 2;
  }

  const workspace = checkPaths(args.paths, new ConfigLoader(args.config));
  const files = reported(workspace);
  const counts = count(workspace, files);
  if (format === "json") console.log(JSON.stringify(toJson(workspace, files, counts), null, 2));
  else if (format === "sarif") console.log(JSON.stringify(toSarif(files, workspace.unreadable), null, 2));
  else printStylish(workspace, files, counts);

  const tooManyWarnings = maxWarnings !== undefined && counts.warning > maxWarnings;
  // On stderr in every format, like ESLint: it keeps JSON and SARIF on stdout parseable.
  if (tooManyWarnings) console.error(red(`✖ ${plural(counts.warning, "warning")}, more than --max-warnings ${maxWarnings} allows`));
  return counts.error > 0 || tooManyWarnings ? 1 : 0;
}
