#!/usr/bin/env node
// `gen`: the command line on the same core as the language server.
//   gen check [paths…]   every problem in the .gen files under paths (default: .)
import * as fs from "fs";
import * as path from "path";
import { analyze, UseHost } from "../analysis/analyze";
import type { Severity } from "../parser/diagnostic";

const VERSION = "0.1.0";
const USAGE = `Usage: gen <command> [options]

Commands:
  check [paths…]   Report problems in .gen files and folders (default: .)

Options:
  -h, --help       Show help
  -v, --version    Show the version

Exit codes: 0 no errors, 1 errors found, 2 bad usage.`;

const color = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: number) => (text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
const red = paint(31);
const yellow = paint(33);
const dim = paint(2);
const underline = paint(4);

const host: UseHost = {
  resolve: (from, written) => path.resolve(path.dirname(from), written),
  read: (file) => {
    try {
      return fs.statSync(file).isFile() ? fs.readFileSync(file, "utf8") : undefined;
    } catch {
      return undefined;
    }
  },
};

const skippedFolders = new Set(["node_modules", ".git", "dist", "out", ".vscode-test"]);

/** The .gen files under `target`, sorted; a file named directly is taken whatever its extension. */
function collect(target: string, into: string[]): void {
  const stat = fs.statSync(target);
  if (stat.isFile()) {
    into.push(target);
    return;
  }
  for (const entry of fs.readdirSync(target, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(target, entry.name);
    if (entry.isDirectory() && !skippedFolders.has(entry.name)) collect(full, into);
    else if (entry.isFile() && entry.name.endsWith(".gen")) into.push(full);
  }
}

function check(paths: string[]): number {
  const files: string[] = [];
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const target of paths.length ? paths : ["."]) {
    try {
      collect(target, files);
    } catch (error) {
      console.error(`${red("error")} cannot read ${target}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      counts.error++;
    }
  }
  for (const file of files) {
    // Editors drop a byte-order mark before counting columns; so does the CLI.
    const text = host.read(path.resolve(file))?.replace(/^\uFEFF/, "");
    if (text === undefined) {
      console.error(`${red("error")} cannot read ${file}`);
      counts.error++;
      continue;
    }
    const analysis = analyze(text, { path: path.resolve(file), host });
    if (analysis.diagnostics.length === 0) continue;
    console.log(underline(file));
    for (const d of analysis.diagnostics) {
      const { line, character } = analysis.parse.lines.positionAt(d.span.start);
      const where = `${line + 1}:${character + 1}`.padStart(7);
      const severity = d.severity === "error" ? red("error  ") : yellow(d.severity.padEnd(7));
      console.log(`  ${dim(where)}  ${severity}  ${d.message}  ${dim(d.code)}`);
      counts[d.severity]++;
    }
    console.log("");
  }
  const total = counts.error + counts.warning + counts.info + counts.hint;
  const summary = `${total} problem${total === 1 ? "" : "s"} (${counts.error} error${counts.error === 1 ? "" : "s"}, ${counts.warning} warning${counts.warning === 1 ? "" : "s"}) in ${files.length} file${files.length === 1 ? "" : "s"}`;
  console.log(total === 0 ? `✔ ${summary}` : counts.error > 0 ? red(`✖ ${summary}`) : yellow(`⚠ ${summary}`));
  return counts.error > 0 ? 1 : 0;
}

function main(args: string[]): number {
  if (args.includes("-v") || args.includes("--version")) {
    console.log(VERSION);
    return 0;
  }
  const [command, ...rest] = args;
  if (!command || command === "-h" || command === "--help" || command === "help") {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  if (command === "check") {
    if (rest.includes("-h") || rest.includes("--help")) {
      console.log("Usage: gen check [paths…]\n\nReports every problem in the .gen files under the given files and folders (default: .).");
      return 0;
    }
    const unknown = rest.find((arg) => arg.startsWith("-"));
    if (unknown) {
      console.error(`gen check: unknown option ${unknown}\n\n${USAGE}`);
      return 2;
    }
    return check(rest);
  }
  console.error(`gen: unknown command \`${command}\`\n\n${USAGE}`);
  return 2;
}

process.exitCode = main(process.argv.slice(2));
