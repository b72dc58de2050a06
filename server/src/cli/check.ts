// `gen check`: every problem in the files, ESLint-style.
import type { Diagnostic, Severity } from "../parser/diagnostic";
import type { LineIndex } from "../parser/lineIndex";
import { dim, plural, red, underline, yellow } from "./output";
import { checkPaths, ConfigLoader } from "./workspace";

export const CHECK_HELP = `Usage: gen check [options] [paths…]

Reports every problem in the .gen files under the given files and folders (default: .):
syntax, meaning, cost against the budget, and the credit-conservation rules.

Options:
  --config <file>   use this gen.config.json instead of the nearest one above each file
  -h, --help        show this help

Exit codes: 0 no errors, 1 errors found, 2 bad usage.`;

export interface CheckArgs {
  paths: string[];
  config?: string;
}

function printFile(name: string, diagnostics: Diagnostic[], lines: LineIndex, counts: Record<Severity, number>): void {
  if (diagnostics.length === 0) return;
  console.log(underline(name));
  for (const d of diagnostics) {
    const { line, character } = lines.positionAt(d.span.start);
    const where = `${line + 1}:${character + 1}`.padStart(7);
    const severity = d.severity === "error" ? red("error  ") : yellow(d.severity.padEnd(7));
    console.log(`  ${dim(where)}  ${severity}  ${d.message}  ${dim(d.code)}`);
    counts[d.severity]++;
  }
  console.log("");
}

export function runCheck(args: CheckArgs): number {
  const workspace = checkPaths(args.paths, new ConfigLoader(args.config));
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const problem of workspace.unreadable) {
    console.error(`${red("error")} ${problem.message}`);
    counts.error++;
  }
  for (const config of workspace.configs) printFile(config.path, config.diagnostics, config.lines, counts);
  for (const file of workspace.files) printFile(file.path, file.document.diagnostics, file.document.analysis.parse.lines, counts);
  const total = counts.error + counts.warning + counts.info + counts.hint;
  const summary = `${plural(total, "problem")} (${plural(counts.error, "error")}, ${plural(counts.warning, "warning")}) in ${plural(workspace.files.length, "file")}`;
  console.log(total === 0 ? `✔ ${summary}` : counts.error > 0 ? red(`✖ ${summary}`) : yellow(`⚠ ${summary}`));
  return counts.error > 0 ? 1 : 0;
}
