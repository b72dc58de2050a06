#!/usr/bin/env node
// `gen`: the command line on the same core as the language server.
//   gen check [paths…]   every problem in the .gen files under paths (default: .)
import * as fs from "fs";
import * as path from "path";
import type { UseHost } from "../analysis/analyze";
import { loadDefaultCatalog } from "../catalog/catalog";
import { applyConfig, CONFIG_FILE, costSettings, parseConfig } from "../config/config";
import { defaultCostSettings } from "../cost/format";
import type { Diagnostic, Severity } from "../parser/diagnostic";
import { LineIndex } from "../parser/lineIndex";
import { checkDocument, CheckOptions } from "../service/check";

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

/** The nearest gen.config.json at or above `dir`. */
function findConfig(dir: string): string | undefined {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const candidate = path.join(current, CONFIG_FILE);
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(current) === current) return undefined;
  }
}

const configs = new Map<string, { options: Pick<CheckOptions, "catalog" | "cost" | "rules">; problems: Diagnostic[]; text: string }>();

/** Catalog and cost settings for a file, from its gen.config.json; the config's own problems are reported once. */
function optionsFor(file: string, counts: Record<Severity, number>): Pick<CheckOptions, "catalog" | "cost" | "rules"> {
  const configPath = findConfig(path.dirname(file));
  if (!configPath) return { cost: defaultCostSettings };
  let entry = configs.get(configPath);
  if (!entry) {
    const text = fs.readFileSync(configPath, "utf8");
    const { config, diagnostics } = parseConfig(text, loadDefaultCatalog());
    entry = { options: { catalog: applyConfig(loadDefaultCatalog(), config), cost: costSettings(config, defaultCostSettings), rules: config?.rules }, problems: diagnostics, text };
    configs.set(configPath, entry);
    printFile(path.relative(process.cwd(), configPath) || configPath, diagnostics, new LineIndex(text), counts);
  }
  return entry.options;
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
    const checked = checkDocument(text, { path: path.resolve(file), host, ...optionsFor(path.resolve(file), counts) });
    printFile(file, checked.diagnostics, checked.analysis.parse.lines, counts);
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
