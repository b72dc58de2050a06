// `gen format`: the editor's Format Document over files and folders; `--check` changes nothing and
// lists the files that are not formatted, for CI.
import { DEFAULT_FORMAT_OPTIONS, FormatOptions, formatText } from "../service/format";
import { describeFailure, readRegularFile } from "../host/readFile";
import { plural, printable, red } from "./output";
import { rewriteFile } from "./rewrite";
import { ConfigLoader, scanPaths } from "./workspace";

export const FORMAT_HELP = `Usage: gen format [options] [paths…]

Formats the .gen files under the given files and folders (default: .) in the one layout the
editor's Format Document gives (docs/format.md): indentation by nesting, one space after \`:\` and
between words, one item per line in a block written over several lines (a block written on one line
stays on one line), at most one blank line in a row, no trailing spaces, a final line break. Only
whitespace changes: comments and triple-quoted strings are kept byte for byte, and so are line
endings (a CRLF file stays CRLF) and a byte-order mark. A file with syntax errors is left as it is
and named, with its first error. Files a gen.config.json lists under \`format.ignore\` (gitignore-style
paths from its folder: \`"format": { "ignore": ["mistakes/"] }\`) are left out of a folder's scan.

Options:
  --check           change nothing: list the files that are not formatted, and exit 1 if there are any
  --tab-size <n>    indent by n spaces (1 to 16; default 2)
  --use-tabs        indent with one tab per level
  -h, --help        show this help

Examples:
  gen format pipelines/
      pipelines/teaser.gen
      Formatted 1 of 3 files
  gen format --check .          (in CI: fails, listing the files to format)

Files are written as by \`gen fix\` (see \`gen fix --help\`): replaced, never rewritten in place;
a file that changed since it was read is left alone.

Exit codes: 0 every file is formatted (or now is), 1 with --check a file is not formatted, or a
file has syntax errors or could not be read or written (it is unchanged), 2 bad usage.`;

/** The indentation asked for, or a usage error. */
function optionsFrom(values: Record<string, unknown>): FormatOptions | string {
  const written = values["tab-size"];
  let tabSize = DEFAULT_FORMAT_OPTIONS.tabSize;
  if (written !== undefined) {
    if (typeof written !== "string" || !/^\d+$/.test(written) || Number(written) < 1 || Number(written) > 16) {
      return `--tab-size takes a whole number from 1 to 16, not \`${String(written)}\``;
    }
    tabSize = Number(written);
  }
  return { tabSize, insertSpaces: values["use-tabs"] !== true };
}

export function runFormat(values: Record<string, unknown>, paths: string[]): number {
  const check = values.check === true;
  const options = optionsFrom(values);
  if (typeof options === "string") {
    console.error(`gen format: ${printable(options)}\n\n${FORMAT_HELP}`);
    return 2;
  }
  // A file a gen.config.json's `format.ignore` names is left out of a folder's scan (a deliberately broken
  // example, say); named on the command line, it is formatted anyway.
  const configs = new ConfigLoader();
  const { names, unreadable } = scanPaths(paths, (file) => configs.formatIgnored(file));
  const error = (message: string) => console.error(`${red("error")} ${printable(message)}`);
  for (const problem of unreadable) error(problem.message);
  let failed = unreadable.length; // paths not scanned, files not read, not formatted or not written
  let changed = 0;

  for (const name of names) {
    const read = readRegularFile(name);
    if (!read.ok) {
      error(describeFailure(name, read));
      failed++;
      continue;
    }
    // The byte-order mark stays out of the text, as the editor keeps it out; rewriteFile writes it back.
    const text = read.text.replace(/^\uFEFF/, "");
    let result: ReturnType<typeof formatText>;
    try {
      result = formatText(text, options);
    } catch (thrown) {
      error(`cannot format ${name}: internal error, please report it: ${String(thrown)}`);
      failed++;
      continue;
    }
    if ("refused" in result) {
      error(`${name} ${result.refused.message}`);
      failed++;
      continue;
    }
    if (result.text === text) continue;
    if (!check && !rewriteFile(name, text, result.text, false, "format")) {
      failed++;
      continue;
    }
    console.log(printable(name));
    changed++;
  }

  const files = plural(names.length, "file");
  const note = failed > 0 ? `; ${failed} ${check ? "could not be checked" : "not formatted"} (see the errors above)` : "";
  if (check) {
    if (changed > 0) console.log(`${changed} of ${files} ${changed === 1 ? "is" : "are"} not formatted: run gen format to format ${changed === 1 ? "it" : "them"}${note}`);
    else if (failed > 0) console.log(`Every file checked is formatted${note}`);
    else console.log(`Every file is formatted (${files})`);
    return changed > 0 || failed > 0 ? 1 : 0;
  }
  if (changed > 0) console.log(`Formatted ${changed} of ${files}${note}`);
  else console.log(`Nothing to format in ${files}${note}`);
  return failed > 0 ? 1 : 0;
}
