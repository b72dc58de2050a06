// `gen diff`: what a change does to the cost, per pipeline and per stage, like a
// cost diff on a pull request. The diff itself is the core's (service/diff.ts);
// this module finds the two versions and prints the answer.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { CostSettings, formatAmount, formatDelta, formatPart, formatUsd } from "../cost/format";
import { isRuleDiagnostic } from "../rules/runner";
import { checkDocument, CheckedDocument } from "../service/check";
import { CostDiff, diffDocuments, formatPercent, percentChange, PipelineDiff, StageDiff, StageSnapshot } from "../service/diff";
import { jsonAmount, jsonPath, roundCredits, roundUsd } from "./json";
import { bold, dim, green, printable, red, table, underline, yellow, markdownCell } from "./output";
import { describeFailure, readRegularFile } from "../host/readFile";
import { checkPaths, checkText, ConfigLoader, configOptionProblem, skippedFolders, useHostFor } from "./workspace";

export const DIFF_HELP = `Usage: gen diff [options] <old> <new>
       gen diff [options] --base <git-ref> [paths…]

Compares what two versions of a pipeline file cost: per pipeline (matched by name) and per
stage (matched by name), the stages added, removed and changed with their cost before and
after, and the totals with the change in percent. A renamed stage counts as removed and added.

  gen diff <old> <new>       two files on disk
  gen diff --base <ref>      every .gen file under the paths (default: .) as it is now, against
                             the same file at a git revision (a branch, a tag, a commit, HEAD~1);
                             files added since count as all added, files deleted as all removed

Both versions are priced with the same settings: the gen.config.json that applies to the new
file (or --config). A \`use\` line in the old version reads the preset file as it is today,
not as it was at the revision (with two files, relative to the old file).

Options:
  --base <git-ref>      compare the files under the paths with this git revision
  --format <format>     table (default), json (every stage, unchanged ones too) or markdown
                        (for a pull-request comment)
  --config <file>       use this gen.config.json instead of the nearest one above each file
  -h, --help            show this help

Example:
  gen diff --base origin/main --format markdown samples/ > cost-diff.md

Exit codes: 0 compared (a cost increase is not an error), 1 a file could not be read or a
gen.config.json has errors, 2 bad usage, not in a git repository, or an unknown git revision.`;

const FORMATS = ["table", "json", "markdown"] as const;
type Format = (typeof FORMATS)[number];

/** One file's two versions, priced. */
interface FileDiff {
  /** As the user named it (the new file's, for two files). */
  path: string;
  /** Two files: the old one's path. */
  oldPath?: string;
  diff: CostDiff;
  settings: CostSettings;
  /** Syntax and meaning errors (not rule findings) in each version: its estimate may be incomplete. */
  errors: { before: number; after: number };
}

class UsageError extends Error {}

const languageErrors = (document: CheckedDocument | undefined) =>
  document ? document.diagnostics.filter((d) => d.severity === "error" && !isRuleDiagnostic(d)).length : 0;

function fileDiff(name: string, before: CheckedDocument | undefined, after: CheckedDocument | undefined, oldPath?: string): FileDiff {
  const result: FileDiff = {
    path: name,
    diff: diffDocuments(before, after),
    settings: (after ?? before)!.settings,
    errors: { before: languageErrors(before), after: languageErrors(after) },
  };
  if (oldPath !== undefined) result.oldPath = oldPath;
  return result;
}

const errnoOf = (error: unknown) => (error as NodeJS.ErrnoException).code ?? String(error);

// ---- The two versions --------------------------------------------------------

interface Compared {
  files: FileDiff[];
  problems: string[];
}

function compareTwoFiles(oldName: string, newName: string, configs: ConfigLoader): Compared {
  const problems: string[] = [];
  const read = (name: string) => {
    const result = readRegularFile(name);
    if (result.ok) return result.text;
    const folder = result.reason === "kind" && fs.statSync(name, { throwIfNoEntry: false })?.isDirectory();
    problems.push(describeFailure(name, result) + (folder ? ": `gen diff <old> <new>` compares two files; for folders, compare with a git revision (`gen diff --base <git-ref> <folder>`)" : ""));
    return undefined;
  };
  const oldText = read(oldName);
  const newText = read(newName);
  if (oldText === undefined || newText === undefined) return { files: [], problems };
  const after = checkText(newName, newText, configs);
  // The old file's `use` lines are its own (relative to where it is); its settings are the new file's.
  const before = checkDocument(oldText.replace(/^\uFEFF/, ""), { ...configs.optionsFor(newName), path: path.resolve(oldName), host: useHostFor(oldName) });
  return { files: [fileDiff(newName, before, after, oldName)], problems };
}

/** Runs git in `cwd`: its stdout, or its stderr when it fails. Throws when git is missing. */
function git(args: string[], cwd: string): { ok: true; stdout: Buffer } | { ok: false; stderr: string } {
  const result = spawnSync("git", args, { cwd, maxBuffer: 256 * 1024 * 1024 });
  if (result.error) {
    if (errnoOf(result.error) === "ENOENT") throw new UsageError("`git` was not found: --base needs git on the PATH");
    throw result.error;
  }
  return result.status === 0 ? { ok: true, stdout: result.stdout } : { ok: false, stderr: result.stderr.toString("utf8").trim() };
}

/** Folders `gen` never looks into (as workspace.ts skips them), so the revision's side skips them too. */

interface Repository {
  root: string;
  /** The revision, resolved to a commit. */
  commit: string;
}

function compareWithBase(ref: string, targets: string[], configs: ConfigLoader): Compared {
  const files: FileDiff[] = [];
  const problems: string[] = [];
  const repositories = new Map<string, Repository>();
  const seen = new Set<string>(); // "root\0relative path" of every file compared
  for (const target of targets.length ? targets : ["."]) {
    const absolute = path.resolve(target);
    // The nearest folder that exists: a deleted file's or folder's parent still says which repository it was in.
    let existing = absolute;
    let rest = "";
    while (!fs.existsSync(existing) && path.dirname(existing) !== existing) {
      rest = path.join(path.basename(existing), rest);
      existing = path.dirname(existing);
    }
    const folder = fs.statSync(existing).isDirectory() ? existing : path.dirname(existing);
    const top = git(["rev-parse", "--show-toplevel"], folder);
    if (!top.ok) throw new UsageError(`${folder} is not in a git repository: --base compares files with a git revision`);
    const root = top.stdout.toString("utf8").trim();
    let repository = repositories.get(root);
    if (!repository) {
      const resolved = git(["rev-parse", "--verify", "--quiet", "--end-of-options", `${ref}^{commit}`], root);
      if (!resolved.ok) throw new UsageError(`unknown git revision \`${ref}\` in ${root}`);
      repository = { root, commit: resolved.stdout.toString("utf8").trim() };
      repositories.set(root, repository);
    }
    const relative = toPosix(path.relative(root, path.join(fs.realpathSync(existing), rest)));
    if (relative.startsWith("../")) throw new UsageError(`${target} is outside the git repository at ${root}`);

    // The files under the target at the revision.
    const listed = git(["--literal-pathspecs", "ls-tree", "-r", "-z", "--full-name", "--name-only", repository.commit, "--", relative || "."], root);
    if (!listed.ok) {
      problems.push(`cannot list ${target} at ${ref}: ${listed.stderr}`);
      continue;
    }
    const atBase = listed.stdout
      .toString("utf8")
      .split("\0")
      .filter((name) => name && (name === relative || (name.endsWith(".gen") && !underSkipped(name, relative))));
    const atBaseSet = new Set(atBase);
    const readAtBase = (name: string): string | undefined => {
      const shown = git(["cat-file", "blob", `${repository!.commit}:${name}`], root);
      if (shown.ok) return shown.stdout.toString("utf8");
      problems.push(`cannot read ${name} at ${ref}: ${shown.stderr}`);
      return undefined;
    };

    // Files as they are now: changed since the revision, or new.
    const present = new Set<string>();
    if (fs.existsSync(absolute)) {
      const workspace = checkPaths([target], configs);
      problems.push(...workspace.unreadable.map((p) => p.message));
      for (const file of workspace.files) {
        // The folder's real path (the root git gives is real), the file's own name: a symlink is tracked as itself.
        const name = toPosix(path.relative(root, path.join(fs.realpathSync(path.dirname(path.resolve(file.path))), path.basename(file.path))));
        present.add(name);
        if (seen.has(`${root}\0${name}`)) continue;
        seen.add(`${root}\0${name}`);
        let before: CheckedDocument | undefined;
        if (atBaseSet.has(name)) {
          const text = readAtBase(name);
          if (text === undefined) continue;
          before = checkText(file.path, text, configs);
        }
        files.push(fileDiff(file.path, before, file.document));
      }
    } else if (atBase.length === 0) {
      problems.push(`cannot read ${target}: ENOENT`);
      continue;
    }
    // Files deleted since the revision.
    for (const name of atBase) {
      if (present.has(name) || seen.has(`${root}\0${name}`)) continue;
      seen.add(`${root}\0${name}`);
      const text = readAtBase(name);
      if (text === undefined) continue;
      const shown = path.join(target, path.posix.relative(relative, name));
      files.push(fileDiff(shown, checkText(shown, text, configs), undefined));
    }
  }
  return { files, problems };
}

const toPosix = (name: string) => name.split(path.sep).join("/");

/** Whether a file below `target` sits in a folder gen skips (node_modules, dist…). */
function underSkipped(name: string, target: string): boolean {
  const below = target ? path.posix.relative(target, name) : name;
  return below.split("/").slice(0, -1).some((folder) => skippedFolders.has(folder));
}

// ---- Output --------------------------------------------------------------------

const marker: Record<StageDiff["change"], string> = { added: "+", removed: "-", changed: "~", unchanged: " " };

/** Absent (not `null`) when there was nothing before to compare with: a number field never holds `null`. */
const roundPercent = (percent: number | undefined) => (percent === undefined ? undefined : Math.round(percent * 100) / 100);

/** "+12 credits (+8%)", or "+12 credits" when there was nothing before. */
function change(beforeUsd: number, afterUsd: number, format: (usd: number) => string): string {
  const percent = percentChange(beforeUsd, afterUsd);
  const delta = afterUsd - beforeUsd;
  const signed = delta > 1e-9 ? `+${format(delta)}` : delta < -1e-9 ? `-${format(-delta)}` : `±${format(0)}`;
  return percent === undefined ? signed : `${signed} (${formatPercent(percent)})`;
}

/** Stage, kind, model, before, after, change; a kind or model that changed reads "old → new". */
function stageCells(stage: StageDiff, settings: CostSettings, code: (text: string) => string = (text) => text): string[] {
  const { before, after } = stage;
  const both = (pick: (s: StageSnapshot) => string) => {
    const b = before && pick(before);
    const a = after && pick(after);
    return b === undefined ? a! : a === undefined || a === b ? b : `${b} → ${a}`;
  };
  const amount = (s: StageSnapshot | undefined) => (s === undefined ? "—" : s.unpriced !== undefined ? "unpriced" : formatAmount(s.usd, settings));
  return [code(stage.name || "(unnamed)"), both((s) => s.kind), both((s) => (s.model === undefined ? "—" : code(s.model))), amount(before), amount(after), formatDelta(stage.deltaUsd, settings)];
}

const pipelineTitle = (pipeline: PipelineDiff) => (pipeline.name ? `pipeline "${printable(pipeline.name)}"` : "pipeline (unnamed)");

/** "12 credits → 24 credits, +12 credits (+100%)", "2 credits (added)". */
function pipelineAmounts(pipeline: PipelineDiff, settings: CostSettings): string {
  const format = (usd: number) => formatAmount(usd, settings);
  if (pipeline.change === "added") return `${format(pipeline.afterUsd)} (added)`;
  if (pipeline.change === "removed") return `${format(pipeline.beforeUsd)} (removed)`;
  return `${format(pipeline.beforeUsd)} → ${format(pipeline.afterUsd)}, ${change(pipeline.beforeUsd, pipeline.afterUsd, format)}`;
}

/** The budget use after, as `gen cost` words it: "24 of 50 credits, 48%", with ", over budget" past it and ", was 40 credits" when it changed. */
function budgetText(pipeline: PipelineDiff, settings: CostSettings): string | undefined {
  const budget = pipeline.budgetAfterUsd;
  if (pipeline.change === "removed" || budget === undefined) return undefined;
  const share = budget > 0 ? `, ${Math.round((pipeline.afterUsd / budget) * 100)}%` : "";
  const over = pipeline.afterUsd > budget + 1e-9 ? ", over budget" : "";
  const was = pipeline.budgetBeforeUsd !== undefined && Math.abs(pipeline.budgetBeforeUsd - budget) > 1e-9 ? `, was ${formatAmount(pipeline.budgetBeforeUsd, settings)}` : "";
  return `${formatPart(pipeline.afterUsd, budget, settings)}${share}${over}${was}`;
}

const isOver = (pipeline: PipelineDiff) => pipeline.change !== "removed" && pipeline.budgetAfterUsd !== undefined && pipeline.afterUsd > pipeline.budgetAfterUsd + 1e-9;

function unpricedNote(pipeline: PipelineDiff): string | undefined {
  const n = pipeline.unpriced;
  return n > 0 ? `${n === 1 ? "1 stage has" : `${n} stages have`} no price: the totals leave ${n === 1 ? "it" : "them"} out` : undefined;
}

function errorNote(file: FileDiff): string | undefined {
  const count = (n: number) => (n === 1 ? "1 error" : `${n} errors`);
  const { before, after } = file.errors;
  const where =
    before > 0 && after > 0 ? `${count(before)} in the old version and ${after} in the new` : before > 0 ? `${count(before)} in the old version` : after > 0 ? `${count(after)} in the new version` : undefined;
  return where && `${where}: the estimate may be incomplete (\`gen check\` lists them)`;
}

const fileLabel = (file: FileDiff) => printable(file.oldPath !== undefined ? `${file.oldPath} → ${file.path}` : file.path);
const fileStatus = (file: FileDiff) => (file.diff.change === "added" ? " (new file)" : file.diff.change === "removed" ? " (deleted)" : "");
/** Files worth showing: those whose cost changed, and those whose number of errors did. */
const shownFiles = (files: FileDiff[]) => files.filter((f) => f.diff.change !== "unchanged" || f.errors.before !== f.errors.after);

interface Totals {
  beforeUsd: number;
  afterUsd: number;
  format: (usd: number) => string;
}

/** The files' totals, in their shared unit (dollars when their settings differ). */
function totals(files: FileDiff[]): Totals {
  const settings = files.map((f) => f.settings);
  const shared = settings.length > 0 && settings.every((s) => s.display === settings[0].display && s.creditsPerUsd === settings[0].creditsPerUsd);
  const format = shared ? (usd: number) => formatAmount(usd, settings[0]) : formatUsd;
  const sum = (pick: (d: CostDiff) => number) => Math.round(files.reduce((total, f) => total + pick(f.diff), 0) * 1e9) / 1e9;
  return { beforeUsd: sum((d) => d.beforeUsd), afterUsd: sum((d) => d.afterUsd), format };
}

/** "Cost change: +11 credits (+73%)" and "15 credits → 26 credits". */
const summary = (t: Totals) => ({ change: `Cost change: ${change(t.beforeUsd, t.afterUsd, t.format)}`, totals: `${t.format(t.beforeUsd)} → ${t.format(t.afterUsd)}` });

function printTable(files: FileDiff[]): void {
  for (const file of shownFiles(files)) {
    console.log(underline(fileLabel(file)) + fileStatus(file));
    const note = errorNote(file);
    if (note) console.log(`  ${yellow(`note: ${note}`)}`);
    for (const pipeline of file.diff.pipelines) {
      if (pipeline.change === "unchanged") continue;
      console.log(`  ${marker[pipeline.change]} ${bold(`${pipelineTitle(pipeline)}:`)} ${pipelineAmounts(pipeline, file.settings)}`);
      const rows = pipeline.stages.filter((s) => s.change !== "unchanged").map((s) => [marker[s.change], ...stageCells(s, file.settings)]);
      if (rows.length > 0) {
        // Amounts right-aligned, as `gen cost` prints them.
        const all = [["", "stage", "kind", "model", "before", "after", "change"], ...rows];
        for (const column of [4, 5, 6]) {
          const width = Math.max(...all.map((row) => row[column].length));
          for (const row of all) row[column] = row[column].padStart(width);
        }
        const [header, ...body] = table(all).split("\n");
        console.log(`    ${dim(header)}`);
        for (const line of body) console.log(`    ${line}`);
      }
      const budget = budgetText(pipeline, file.settings);
      if (budget) console.log(`    ${isOver(pipeline) ? red(`budget: ${budget}`) : `budget: ${budget}`}`);
      const unpriced = unpricedNote(pipeline);
      if (unpriced) console.log(`    ${dim(unpriced)}`);
    }
    console.log("");
  }
  if (files.length === 0) {
    console.log("No .gen files to compare");
    return;
  }
  const t = totals(files);
  const { change: line, totals: amounts } = summary(t);
  const delta = t.afterUsd - t.beforeUsd;
  const text = `${line}: ${amounts}`;
  console.log(delta > 1e-9 ? yellow(text) : delta < -1e-9 ? green(text) : text);
}


function printMarkdown(files: FileDiff[]): void {
  const t = totals(files);
  const { change: line, totals: amounts } = summary(t);
  const blocks = [`**${line}**: ${amounts}`];
  const shown = shownFiles(files);
  if (shown.length === 0) blocks.push(files.length === 0 ? "No .gen files to compare." : "No stage costs changed.");
  for (const file of shown) {
    blocks.push(`### \`${markdownCell(fileLabel(file))}\`${fileStatus(file)}`);
    const note = errorNote(file);
    if (note) blocks.push(`⚠ ${note}.`);
    for (const pipeline of file.diff.pipelines) {
      if (pipeline.change === "unchanged") continue;
      blocks.push(`#### ${markdownCell(pipelineTitle(pipeline))}`);
      const budget = budgetText(pipeline, file.settings);
      const format = (usd: number) => formatAmount(usd, file.settings);
      const amount = pipeline.change === "added" ? `Added: ${format(pipeline.afterUsd)}` : pipeline.change === "removed" ? `Removed: ${format(pipeline.beforeUsd)}` : pipelineAmounts(pipeline, file.settings);
      const lines = [`${amount}.`];
      if (budget) lines.push(`Budget: ${isOver(pipeline) ? `**${budget}**` : budget}.`);
      const unpriced = unpricedNote(pipeline);
      if (unpriced) lines.push(`${unpriced[0].toUpperCase()}${unpriced.slice(1)}.`);
      blocks.push(lines.join("  \n"));
      const stages = pipeline.stages.filter((s) => s.change !== "unchanged");
      if (stages.length === 0) continue;
      const rows = stages.map((stage) => `| ${stage.change} | ${stageCells(stage, file.settings, (text) => `\`${text}\``).map(markdownCell).join(" | ")} |`);
      blocks.push(["| | stage | kind | model | before | after | change |", "|---|---|---|---|---:|---:|---:|", ...rows].join("\n"));
    }
  }
  console.log(blocks.join("\n\n"));
}

function printJson(files: FileDiff[], header: Record<string, string>): void {
  const snapshot = (s: StageSnapshot | undefined, settings: CostSettings) =>
    s === undefined ? null : { kind: s.kind, ...(s.model !== undefined ? { model: s.model } : {}), ...jsonAmount(s.usd, settings), generations: s.generations, ...(s.unpriced !== undefined ? { unpriced: s.unpriced } : {}) };
  const side = (present: boolean, usd: number, settings: CostSettings) => (present ? jsonAmount(usd, settings) : null);
  const t = totals(files);
  // Credits add up across files each in its own rate (the same one unless configs differ).
  const credits = (pick: (f: FileDiff) => number) => roundCredits(files.reduce((sum, f) => sum + pick(f) * f.settings.creditsPerUsd, 0));
  const json = {
    ...header,
    before: { credits: credits((f) => f.diff.beforeUsd), usd: roundUsd(t.beforeUsd) },
    after: { credits: credits((f) => f.diff.afterUsd), usd: roundUsd(t.afterUsd) },
    delta: { credits: credits((f) => f.diff.deltaUsd), usd: roundUsd(t.afterUsd - t.beforeUsd) },
    percent: roundPercent(percentChange(t.beforeUsd, t.afterUsd)),
    files: files.map((file) => ({
      path: jsonPath(file.path),
      ...(file.oldPath !== undefined ? { oldPath: jsonPath(file.oldPath) } : {}),
      change: file.diff.change,
      before: side(file.diff.change !== "added", file.diff.beforeUsd, file.settings),
      after: side(file.diff.change !== "removed", file.diff.afterUsd, file.settings),
      delta: jsonAmount(file.diff.deltaUsd, file.settings),
      percent: roundPercent(percentChange(file.diff.beforeUsd, file.diff.afterUsd)),
      errors: file.errors,
      pipelines: file.diff.pipelines.map((p) => ({
        name: p.name,
        change: p.change,
        before: side(p.change !== "added", p.beforeUsd, file.settings),
        after: side(p.change !== "removed", p.afterUsd, file.settings),
        delta: jsonAmount(p.deltaUsd, file.settings),
        percent: roundPercent(percentChange(p.beforeUsd, p.afterUsd)),
        budget:
          p.change !== "removed" && p.budgetAfterUsd !== undefined && p.budgetAfterUsd > 0
            ? { ...jsonAmount(p.budgetAfterUsd, file.settings), share: Math.round((p.afterUsd / p.budgetAfterUsd) * 1e4) / 1e4, over: isOver(p) }
            : null,
        unpriced: p.unpriced,
        stages: p.stages.map((s) => ({ name: s.name, change: s.change, before: snapshot(s.before, file.settings), after: snapshot(s.after, file.settings), delta: jsonAmount(s.deltaUsd, file.settings) })),
      })),
    })),
  };
  console.log(JSON.stringify(json, null, 2));
}

export function runDiff(values: Record<string, unknown>, positionals: string[]): number {
  const format = (values.format as string | undefined) ?? "table";
  const base = values.base as string | undefined;
  const config = values.config as string | undefined;
  const usage = (message: string) => {
    console.error(`gen diff: ${printable(message)}\n\n${DIFF_HELP}`);
    return 2;
  };
  const fail = (message: string) => {
    console.error(`gen diff: ${printable(message)}`);
    return 2;
  };
  if (!(FORMATS as readonly string[]).includes(format)) return fail(`unknown format \`${format}\`: use table, json or markdown`);
  if (base === "") return usage("--base needs a git revision, like HEAD or origin/main");
  if (base === undefined && positionals.length !== 2) {
    return usage(positionals.length < 2 ? "name two files to compare, or a git revision with --base" : "name two files to compare (or use --base <git-ref> with paths)");
  }
  const configProblem = configOptionProblem(config);
  if (configProblem) return fail(configProblem);
  const configs = new ConfigLoader(config);
  let compared: Compared;
  try {
    compared = base === undefined ? compareTwoFiles(positionals[0], positionals[1], configs) : compareWithBase(base, positionals, configs);
  } catch (error) {
    if (error instanceof UsageError) return fail(error.message);
    throw error;
  }
  // A broken gen.config.json is not applied: the amounts are then priced without its prices.
  for (const file of configs.files) {
    if (file.diagnostics.some((d) => d.severity === "error")) compared.problems.push(`${file.path} has errors, so its settings and prices are not applied: see \`gen check\``);
  }
  for (const problem of compared.problems) console.error(`${red("error")} ${printable(problem)}`);
  if (compared.problems.length > 0 && compared.files.length === 0 && base === undefined) return 1;
  const which = format as Format;
  if (which === "json") printJson(compared.files, base === undefined ? { old: positionals[0], new: positionals[1] } : { base });
  else if (which === "markdown") printMarkdown(compared.files);
  else printTable(compared.files);
  return compared.problems.length > 0 ? 1 : 0;
}
