// Rewriting a .gen file the CLI changed (`gen fix`, `gen promote`): the file's own
// line endings and byte-order mark are kept, a file edited meanwhile is left alone,
// and `--dry-run` prints a unified diff instead of writing.
import * as fs from "fs";
import * as path from "path";
import { bold, dim, green, red } from "./output";

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

/**
 * Writes `after` over the file whose checked text was `before`, or with `dryRun` prints the diff.
 * Returns false, having said why on stderr, when the file cannot be read or written or changed
 * since it was checked (`command` names the gen command, for the message: "fix", "promote").
 */
export function rewriteFile(file: string, before: string, after: string, dryRun: boolean, command: string): boolean {
  let raw: string;
  try {
    raw = fs.readFileSync(file, "utf8");
  } catch (error) {
    console.error(`${red("error")} cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    return false;
  }
  const bom = raw.startsWith("\uFEFF") ? "\uFEFF" : "";
  if (raw.slice(bom.length) !== before) {
    console.error(`${red("error")} ${file} changed while gen ${command} ran; run gen ${command} again`);
    return false;
  }
  const text = bom + keepLineEndings(before, after);
  if (dryRun) {
    process.stdout.write(colourDiff(unifiedDiff(`a/${patchPath(file)}`, `b/${patchPath(file)}`, raw, text)));
    return true;
  }
  try {
    fs.writeFileSync(file, text);
    return true;
  } catch (error) {
    console.error(`${red("error")} cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    return false;
  }
}
