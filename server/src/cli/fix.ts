// `gen fix`: applies every credit-saving fix (the editor's "fix all") to the
// files and says what it saved; `--dry-run` prints the changes as a unified diff.
export { unifiedDiff } from "./rewrite";
import { CostSettings, formatAmount, formatUsd } from "../cost/format";
import { allRules } from "../rules";
import { fixAll } from "../service/fixes";
import { plural, printable, red } from "./output";
import { notWrittenNote, rewriteFile } from "./rewrite";
import { workspaceToRewrite } from "./workspace";

const notInFixAll = allRules.filter((rule) => rule.inFixAll === false).map((rule) => rule.id);

export const FIX_HELP = `Usage: gen fix [options] [paths…]

Applies every credit-saving quick fix to the .gen files under the given files and folders
(default: .), as the editor's "Apply all credit-saving fixes" does, and says what each file saves.
Rules turned off in gen.config.json are not fixed. Fixes that need a decision are left out:
${notInFixAll.map((id) => `\`${id}\``).join(" and ")} are offered in the editor, never applied here.
Every byte a fix does not touch is kept: line endings, a byte-order mark, bytes that are not
UTF-8. A file is replaced, never rewritten in place: the new text is written beside it, synced
and renamed over it with the file's permissions, so a failed write leaves it as it was; a file
that changed since it was read is left alone. A symbolic link is written through to its target.

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
read or written (it is unchanged), or a gen.config.json has errors (nothing is changed then),
2 bad usage.`;

const fixes = (n: number) => plural(n, "fix", "fixes");

/** "saves 12 credits" / "costs 2 credits more" */
function saving(usd: number, format: (usd: number) => string): string {
  return usd < -1e-9 ? `costs ${format(-usd)} more` : `saves ${format(Math.max(0, usd))}`;
}

export function runFix(values: Record<string, unknown>, paths: string[]): number {
  const dryRun = values["dry-run"] === true;
  // A broken config is replaced by the defaults, which would fix what its rules turn off.
  const started = workspaceToRewrite("fix", paths, values.config as string | undefined, "the rule settings in it");
  if (typeof started === "number") return started;
  const { workspace } = started;
  let failed = started.unreadable;

  const lines: string[] = [];
  let fixedTotal = 0;
  let filesFixed = 0;
  let savedUsd = 0;
  let notWritten = 0;
  const settings: CostSettings[] = [];
  for (const file of workspace.files) {
    const { document } = file;
    let result: ReturnType<typeof fixAll>;
    try {
      result = fixAll(document);
    } catch (error) {
      console.error(`${red("error")} cannot fix ${printable(file.path)}: internal error, please report it: ${String(error)}`);
      failed = true;
      continue;
    }
    if (result.fixed === 0 || result.text === document.text) continue;
    if (!rewriteFile(file.path, document.text, result.text, dryRun, "fix")) {
      notWritten++;
      failed = true;
      continue;
    }
    lines.push(`${printable(file.path)}: ${fixes(result.fixed)}, ${saving(result.savedUsd, (usd) => formatAmount(usd, document.settings))}`);
    fixedTotal += result.fixed;
    filesFixed++;
    savedUsd += result.savedUsd;
    settings.push(document.settings);
  }

  if (dryRun && lines.length > 0) console.log("");
  for (const line of lines) console.log(line);
  const verb = dryRun ? "Would fix" : "Fixed";
  if (filesFixed === 0 && notWritten > 0) {
    console.log(`${verb} nothing: ${notWrittenNote(notWritten, dryRun)}`);
  } else if (filesFixed === 0) {
    console.log(`Nothing to fix in ${plural(workspace.files.length, "file")}`);
  } else {
    // Amounts add up in the files' own unit when they share one, else in dollars.
    const shared = settings.every((s) => s.display === settings[0].display && s.creditsPerUsd === settings[0].creditsPerUsd);
    const format = shared ? (usd: number) => formatAmount(usd, settings[0]) : formatUsd;
    const note = notWritten > 0 ? `; ${notWrittenNote(notWritten, dryRun)}` : "";
    console.log(`${verb} ${plural(fixedTotal, "finding")} in ${plural(filesFixed, "file")}: ${saving(savedUsd, format)}${note}`);
  }
  return failed ? 1 : 0;
}
