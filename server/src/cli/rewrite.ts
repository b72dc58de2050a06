// Rewriting a .gen file the CLI changed (`gen fix`, `gen promote`): the file's own line
// endings, byte-order mark and bytes that are not UTF-8 are kept, the file is replaced
// atomically (replaceFile.ts), a file edited meanwhile is left alone, and `--dry-run`
// prints a unified diff instead of writing.
import * as path from "path";
import { editBytes } from "./byteEdits";
import { diffSequences, Op, splitLines } from "./editScript";
import { bold, dim, green, plural, printable, red } from "./output";
import { readRegularBytes, ReplaceError, replaceFile } from "./replaceFile";

/** A CRLF file stays CRLF: line breaks the fixes added take the file's own. */
function keepLineEndings(original: string, fixed: string): string {
  const crlf = original.includes("\r\n") && !/(^|[^\r])\n/.test(original);
  return crlf ? fixed.replace(/\r?\n/g, "\r\n") : fixed;
}

/** A unified diff of two texts (GNU `diff -u` layout, 3 lines of context); "" when they are equal. */
export function unifiedDiff(oldName: string, newName: string, before: string, after: string, context = 3): string {
  if (before === after) return "";
  const ops: Op[] = diffSequences(splitLines(before), splitLines(after)) ?? []; // unbounded: always a script
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

const C_ESCAPES: Record<number, string> = { 7: "\\a", 8: "\\b", 9: "\\t", 10: "\\n", 11: "\\v", 12: "\\f", 13: "\\r", 0x22: '\\"', 0x5c: "\\\\" };

/**
 * A name as git writes it after `--- ` and `+++ `: a name holding a control character, `"`, `\` or a
 * byte past ASCII goes in double quotes with C escapes (octal for the bytes), and a name with a space
 * ends with a tab, GNU diff's separator before a date, so `git apply` and `patch` read it whole.
 * A string of one character per byte, as the patch is.
 */
function headerName(name: string): string {
  const bytes = [...Buffer.from(name, "utf8")];
  const odd = bytes.some((b) => b < 0x20 || b === 0x22 || b === 0x5c || b >= 0x7f);
  const escape = (b: number) => C_ESCAPES[b] ?? (b < 0x20 || b >= 0x7f ? `\\${b.toString(8).padStart(3, "0")}` : String.fromCharCode(b));
  const text = odd ? `"${bytes.map(escape).join("")}"` : name;
  return name.includes(" ") ? `${text}\t` : text;
}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Bytes as a string of one character each, so a patch carries a file's bytes as they are. */
const latin1 = (bytes: Buffer) => bytes.toString("latin1");

/**
 * Writes `after` over the file whose checked text was `before`, or with `dryRun` prints the diff.
 * Returns false, having said why on stderr, when the file cannot be read or written or changed
 * since it was checked (`command` names the gen command, for the message: "fix", "promote"); the
 * file is then as it was.
 */
export function rewriteFile(file: string, before: string, after: string, dryRun: boolean, command: string): boolean {
  const fail = (message: string) => {
    console.error(`${red("error")} ${printable(message)}`);
    return false;
  };
  const changed = () => fail(`${file} changed while gen ${command} ran, so it was left as it is; run gen ${command} again`);
  let raw: Buffer;
  try {
    raw = readRegularBytes(file);
  } catch (error) {
    return fail(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const bom = raw.subarray(0, 3).equals(UTF8_BOM) ? UTF8_BOM : Buffer.alloc(0);
  const body = raw.subarray(bom.length);
  if (body.toString("utf8") !== before) return changed();
  const edited = editBytes(body, before, keepLineEndings(before, after));
  if ("notUtf8Line" in edited) {
    const where = edited.notUtf8Line > 0 ? `line ${edited.notUtf8Line} of ${file}` : file;
    return fail(`gen ${command} would rewrite ${where}, which holds bytes that are not UTF-8, and cannot tell which of them to keep; ${file} is unchanged: save it as UTF-8 and run gen ${command} again`);
  }
  const bytes = Buffer.concat([bom, edited.bytes]);
  if (dryRun) {
    const patch = unifiedDiff(headerName(`a/${patchPath(file)}`), headerName(`b/${patchPath(file)}`), latin1(raw), latin1(bytes));
    process.stdout.write(Buffer.from(colourDiff(patch), "latin1"));
    return true;
  }
  try {
    return replaceFile(file, raw, bytes) === "replaced" || changed();
  } catch (error) {
    const why = error instanceof ReplaceError ? error.message : ((error as NodeJS.ErrnoException).code ?? String(error));
    return fail(`cannot write ${file}: ${why}; it is unchanged`);
  }
}

/** The summary's note on files left unchanged: "1 file not written (see the errors above)". */
export const notWrittenNote = (files: number, dryRun: boolean) => `${plural(files, "file")} ${dryRun ? "cannot be rewritten" : "not written"} (see the errors above)`;
