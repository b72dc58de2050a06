// `gen fix`: applies every credit-saving fix (the editor's "fix all") to the
// files and says what it saved; `--dry-run` prints the changes as a unified diff.
import * as fs from "fs";
import * as path from "path";
import { CostSettings, formatAmount, formatUsd } from "../cost/format";
import { allRules } from "../rules";
import { fixAll } from "../service/fixes";
import { bold, dim, green, plural, red } from "./output";
import { checkPaths, ConfigLoader, configOptionProblem } from "./workspace";

const notInFixAll = allRules.filter((rule) => rule.inFixAll === false).map((rule) => rule.id);

export const FIX_HELP = `Usage: gen fix [options] [paths…]

Applies every credit-saving quick fix to the .gen files under the given files and folders
(default: .), as the editor's "Apply all credit-saving fixes" does, and says what each file saves.
Rules turned off in gen.config.json are not fixed. Fixes that need a decision are left out:
${notInFixAll.map((id) => `\`${id}\``).join(" and ")} are offered in the editor, never applied here.
Line endings and a byte-order mark are kept.

Options:
  --config <file>   use this gen.config.json instead of the nearest one above each file
  --dry-run         change nothing; print the changes as a unified diff (apply it with \`patch -p1\`)
  -h, --help        show this help

Examples:
  gen fix samples/
      samples/teaser.gen: 2 fixes, saves 12 credits
      Fixed 2 findings in 1 file: saves 12 credits
  gen fix --dry-run samples/ > fixes.patch     (review it, then: patch -p1 < fixes.patch)

Exit codes: 0 it ran (whether or not there was something to fix), 1 a file could not be
read or written, or a gen.config.json has errors (nothing is changed then), 2 bad usage.`;

const fixes = (n: number) => plural(n, "fix", "fixes");

/** "saves 12 credits" / "costs 2 credits more" */
function saving(usd: number, format: (usd: number) => string): string {
  return usd < -1e-9 ? `costs ${format(-usd)} more` : `saves ${format(Math.max(0, usd))}`;
}

/** A CRLF file stays CRLF: line breaks the fixes added take the file's own. */
function keepLineEndings(original: string, fixed: string): string {
  const crlf = original.includes("\r\n") && !/(^|[^\r])\n/.test(original);
  return crlf ? fixed.replace(/\r?\n/g, "\r\n") : fixed;
}

// ---- Unified diff (Myers' O(ND) algorithm, lines compared with their line breaks) ----

type Op = { kind: " " | "-" | "+"; line: string };

/** Splits text into lines that keep their "\n", so a missing final newline is a difference too. */
function splitLines(text: string): string[] {
  const lines = text.split(/(?<=\n)/);
  return lines.length === 1 && lines[0] === "" ? [] : lines;
}

/** The shortest edit script from `a` to `b`. Memory O(D²) for D differing lines. */
function myers(a: string[], b: string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let x = 0;
  let y = 0;
  search: for (let d = 0; d <= max; d++) {
    trace.push(v.slice(offset - d, offset + d + 1));
    for (let k = -d; k <= d; k += 2) {
      x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) break search;
    }
  }
  const ops: Op[] = [];
  for (let d = trace.length - 1; d > 0; d--) {
    const previous = trace[d];
    const at = (k: number) => previous[k + d];
    const k = x - y;
    const fromK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const fromX = at(fromK);
    const fromY = fromX - fromK;
    for (; x > fromX && y > fromY; x--, y--) ops.push({ kind: " ", line: a[x - 1] });
    ops.push(fromK === k + 1 ? { kind: "+", line: b[y - 1] } : { kind: "-", line: a[x - 1] });
    x = fromX;
    y = fromY;
  }
  for (; x > 0 && y > 0; x--, y--) ops.push({ kind: " ", line: a[x - 1] });
  return ops.reverse();
}

function diffLines(a: string[], b: string[]): Op[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
  const same = (lines: string[]) => lines.map((line): Op => ({ kind: " ", line }));
  return [...same(a.slice(0, start)), ...myers(a.slice(start, a.length - end), b.slice(start, b.length - end)), ...same(a.slice(a.length - end))];
}

/** A unified diff of two texts (GNU `diff -u` layout, 3 lines of context); "" when they are equal. */
export function unifiedDiff(oldName: string, newName: string, before: string, after: string, context = 3): string {
  if (before === after) return "";
  const ops = diffLines(splitLines(before), splitLines(after));
  const out = [`--- ${oldName}`, `+++ ${newName}`];
  let i = 0;
  while (i < ops.length) {
    if (ops[i].kind === " ") {
      i++;
      continue;
    }
    // A hunk: from `context` lines before this change to `context` lines after the last change
    // that is at most 2 × context unchanged lines from the one before it.
    const first = Math.max(0, i - context);
    let last = i;
    for (let j = i; j < ops.length; j++) {
      if (ops[j].kind !== " ") last = j;
      else if (j - last > 2 * context) break;
    }
    const end = Math.min(ops.length, last + 1 + context);
    let oldLine = 1;
    let newLine = 1;
    for (let j = 0; j < first; j++) {
      if (ops[j].kind !== "+") oldLine++;
      if (ops[j].kind !== "-") newLine++;
    }
    const hunk = ops.slice(first, end);
    const oldCount = hunk.filter((op) => op.kind !== "+").length;
    const newCount = hunk.filter((op) => op.kind !== "-").length;
    const range = (start: number, count: number) => (count === 1 ? `${start}` : `${count === 0 ? start - 1 : start},${count}`);
    out.push(`@@ -${range(oldLine, oldCount)} +${range(newLine, newCount)} @@`);
    for (const op of hunk) {
      out.push(op.kind + op.line.replace(/\n$/, ""));
      if (!op.line.endsWith("\n")) out.push("\\ No newline at end of file");
    }
    i = end;
  }
  return out.join("\n") + "\n";
}

/** One file's patch in colour (on a terminal): its two header lines bold, hunk headers dim, lines out red, lines in green. */
function colourDiff(patch: string): string {
  return patch
    .split("\n")
    .map((line, i) => (i < 2 ? bold(line) : line.startsWith("@@") ? dim(line) : line.startsWith("-") ? red(line) : line.startsWith("+") ? green(line) : line))
    .join("\n");
}

/** The path as a diff header names it: relative to the current folder, with forward slashes. */
const patchPath = (file: string) => path.relative(process.cwd(), path.resolve(file)).split(path.sep).join("/");

export function runFix(values: Record<string, unknown>, paths: string[]): number {
  const dryRun = values["dry-run"] === true;
  const config = values.config as string | undefined;
  const configProblem = configOptionProblem(config);
  if (configProblem) {
    console.error(`gen fix: ${configProblem}`);
    return 2;
  }
  const workspace = checkPaths(paths, new ConfigLoader(config));
  let failed = false;
  for (const problem of workspace.unreadable) {
    console.error(`${red("error")} ${problem.message}`);
    failed = true;
  }
  // A broken config is replaced by the defaults, which would fix what its rules turn off.
  const broken = workspace.configs.filter((c) => c.diagnostics.some((d) => d.severity === "error"));
  if (broken.length > 0) {
    for (const c of broken) console.error(`${red("error")} ${c.path} has errors, so the rule settings in it cannot be applied: see \`gen check\``);
    console.error("Nothing was changed.");
    return 1;
  }

  const lines: string[] = [];
  let fixedTotal = 0;
  let filesFixed = 0;
  let savedUsd = 0;
  const settings: CostSettings[] = [];
  for (const file of workspace.files) {
    const { document } = file;
    let result: ReturnType<typeof fixAll>;
    try {
      result = fixAll(document);
    } catch (error) {
      console.error(`${red("error")} cannot fix ${file.path}: internal error, please report it: ${String(error)}`);
      failed = true;
      continue;
    }
    if (result.fixed === 0 || result.text === document.text) continue;
    let raw: string;
    try {
      raw = fs.readFileSync(file.path, "utf8");
    } catch (error) {
      console.error(`${red("error")} cannot read ${file.path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      failed = true;
      continue;
    }
    const bom = raw.startsWith("\uFEFF") ? "\uFEFF" : "";
    if (raw.slice(bom.length) !== document.text) {
      console.error(`${red("error")} ${file.path} changed while it was being fixed; run gen fix again`);
      failed = true;
      continue;
    }
    const fixed = bom + keepLineEndings(document.text, result.text);
    if (dryRun) {
      process.stdout.write(colourDiff(unifiedDiff(`a/${patchPath(file.path)}`, `b/${patchPath(file.path)}`, raw, fixed)));
    } else {
      try {
        fs.writeFileSync(file.path, fixed);
      } catch (error) {
        console.error(`${red("error")} cannot write ${file.path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
        failed = true;
        continue;
      }
    }
    lines.push(`${file.path}: ${fixes(result.fixed)}, ${saving(result.savedUsd, (usd) => formatAmount(usd, document.settings))}`);
    fixedTotal += result.fixed;
    filesFixed++;
    savedUsd += result.savedUsd;
    settings.push(document.settings);
  }

  if (dryRun && lines.length > 0) console.log("");
  for (const line of lines) console.log(line);
  if (filesFixed === 0) {
    console.log(`Nothing to fix in ${plural(workspace.files.length, "file")}`);
  } else {
    // Amounts add up in the files' own unit when they share one, else in dollars.
    const shared = settings.every((s) => s.display === settings[0].display && s.creditsPerUsd === settings[0].creditsPerUsd);
    const format = shared ? (usd: number) => formatAmount(usd, settings[0]) : formatUsd;
    const verb = dryRun ? "Would fix" : "Fixed";
    console.log(`${verb} ${plural(fixedTotal, "finding")} in ${plural(filesFixed, "file")}: ${saving(savedUsd, format)}`);
  }
  return failed ? 1 : 0;
}
