// The files a command works on, read from disk, each checked with the
// gen.config.json that applies to it. Unreadable files are reported, not fatal.
import * as fs from "fs";
import * as path from "path";
import type { UseHost } from "../analysis/analyze";
import { loadDefaultCatalog } from "../catalog/catalog";
import { applyConfig, costSettings, GenConfig, parseConfig } from "../config/config";
import { isIgnored } from "../config/ignore";
import { defaultCostSettings } from "../cost/format";
import { findConfig, isInside, readConfigFile } from "../host/configFile";
import { describeFailure, readRegularFile } from "../host/readFile";
import { createUseHost } from "../host/useHost";
import { today } from "../host/today";
import type { Diagnostic } from "../parser/diagnostic";
import { LineIndex } from "../parser/lineIndex";
import { checkDocument, CheckedDocument, CheckOptions } from "../service/check";
import { printable, red } from "./output";

const roots = new Map<string, string>();

/**
 * The folder a file's gen.config.json and `use`s are confined to: the repository root (the nearest
 * folder at or above the file's with a `.git`), else the current folder when the file is inside it,
 * else the file's own folder. Nothing above it is read.
 */
export function workspaceRootFor(file: string): string {
  const folder = path.dirname(path.resolve(file));
  let root = roots.get(folder);
  if (root === undefined) {
    root = isInside(process.cwd(), folder) ? process.cwd() : folder;
    for (let current = folder; ; current = path.dirname(current)) {
      if (fs.existsSync(path.join(current, ".git"))) {
        root = current;
        break;
      }
      if (path.dirname(current) === current) break;
    }
    roots.set(folder, root);
  }
  return root;
}

/** How a file's `use` lines reach the disk: inside its workspace root only. */
export const useHostFor = (file: string): UseHost => createUseHost(workspaceRootFor(file));

/** Folders no command looks into. */
export const skippedFolders = new Set(["node_modules", ".git", "dist", "out", ".vscode-test"]);

/** Why a path of a scan cannot be used, from the system's error code: `link` when it is a symbolic link, `folder` when listing it failed. */
function scanFailure(target: string, error: unknown, link: boolean, folder = false): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ELOOP") return `${target} is a symbolic link that leads back to itself (a link loop): point it at a file or remove it`;
  if (link && (code === "ENOENT" || code === "ENOTDIR")) return `${target} is a symbolic link to ${linkTarget(target)}, which does not exist: point it at a file or remove it`;
  if (code === "EACCES" || code === "EPERM") return `cannot read ${target}: permission denied (${code})${folder ? ", so the files in it were not checked" : ""}`;
  return `cannot read ${target}: ${code ?? String(error)}`;
}

const linkTarget = (link: string) => {
  try {
    return fs.readlinkSync(link);
  } catch {
    return "a path that cannot be read";
  }
};

/** Where a scan has been: folders and files by identity, so a symlinked cycle ends and no file is checked twice. */
type Seen = Set<string>;
const identity = (stat: fs.Stats) => `${stat.dev}:${stat.ino}`;

/**
 * The .gen files under `target`, each folder sorted; a path named directly is taken whatever its
 * extension. A folder that cannot be read is one problem and the scan goes on. Symbolic links are
 * followed (to a .gen file, or to a folder) and a broken one is a problem; a folder or file reached
 * twice (a link cycle, a link to something scanned already) is scanned once.
 */
function collect(target: string, into: string[], problems: FileProblem[], seen: Seen, named: boolean, skip?: (file: string) => boolean): void {
  let stat: fs.Stats;
  let link = false;
  try {
    link = fs.lstatSync(target).isSymbolicLink();
    stat = fs.statSync(target);
  } catch (error) {
    // A broken link is worth a word only where a .gen file or a folder was expected.
    if (named || target.endsWith(".gen")) problems.push({ path: target, message: scanFailure(target, error, link) });
    return;
  }
  if (!stat.isDirectory()) {
    if (!named && (!target.endsWith(".gen") || skip?.(target))) return;
    if (stat.isFile() && seen.has(identity(stat))) return;
    if (stat.isFile()) seen.add(identity(stat));
    into.push(target); // reading it says what it is when it is not a regular file (a FIFO, a device)
    return;
  }
  if (seen.has(identity(stat))) return;
  seen.add(identity(stat));
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(target, { withFileTypes: true });
  } catch (error) {
    problems.push({ path: target, message: scanFailure(target, error, false, true) });
    return;
  }
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(target, entry.name);
    if (entry.isDirectory() || entry.isSymbolicLink()) {
      if (!skippedFolders.has(entry.name)) collect(full, into, problems, seen, false, skip);
    } else if (entry.name.endsWith(".gen")) collect(full, into, problems, seen, false, skip);
  }
}

/** A problem with a path itself: it cannot be read, or its config is broken. */
export interface FileProblem {
  path: string;
  message: string;
}

export interface ConfigFile {
  path: string;
  text: string;
  lines: LineIndex;
  diagnostics: Diagnostic[];
}

export interface CheckedFile {
  /** As the user named it (relative paths stay relative). */
  path: string;
  document: CheckedDocument;
}

export interface Workspace {
  files: CheckedFile[];
  unreadable: FileProblem[];
  /** Every gen.config.json that applied, with its own problems. */
  configs: ConfigFile[];
}

export class ConfigLoader {
  private readonly loaded = new Map<string, { options: CheckOptions; config?: GenConfig; configPath: string; file: ConfigFile }>();

  /**
   * `explicit` (from `--config`) applies to every file; otherwise the nearest above each file, up to its
   * workspace root, does. `day` is the day shutdown dates and the age of prices are judged against (one per
   * run: threads checking files for it are given the run's).
   */
  constructor(readonly explicit?: string, day: string = today()) {
    this.today = day;
  }

  readonly today: string;

  get files(): ConfigFile[] {
    return [...this.loaded.values()].map((entry) => entry.file);
  }

  /** Catalog, cost settings and rule severities for a file. */
  optionsFor(file: string): CheckOptions {
    return { ...(this.entryFor(file)?.options ?? { cost: defaultCostSettings }), today: this.today };
  }

  /** Whether the config that applies to `file` says the formatter leaves it alone (`format.ignore`). */
  formatIgnored(file: string): boolean {
    const entry = this.entryFor(file);
    const patterns = entry?.config?.format?.ignore;
    if (!entry || !patterns?.length) return false;
    return isIgnored(patterns, path.relative(path.dirname(entry.configPath), path.resolve(file)).split(path.sep).join("/"));
  }

  private entryFor(file: string) {
    const configPath = this.explicit ? path.resolve(this.explicit) : findConfig(path.dirname(path.resolve(file)), workspaceRootFor(file));
    if (!configPath) return undefined;
    let entry = this.loaded.get(configPath);
    if (!entry) {
      // A config that cannot be read or trusted is one error in it; the files under it are checked with the defaults.
      const read = readConfigFile(configPath, this.explicit !== undefined);
      const text = read.ok ? read.text : "";
      const { config, diagnostics } = read.ok
        ? parseConfig(text, loadDefaultCatalog())
        : { config: undefined, diagnostics: [{ code: "config", message: read.message, severity: "error" as const, span: { start: 0, end: 0 } }] };
      const options = { catalog: applyConfig(loadDefaultCatalog(), config), cost: costSettings(config, defaultCostSettings), rules: config?.rules };
      entry = { options, config, configPath, file: { path: path.relative(process.cwd(), configPath) || configPath, text, lines: new LineIndex(text), diagnostics } };
      this.loaded.set(configPath, entry);
    }
    return entry;
  }
}

/** Checks one file's text as it would be on disk at `file` (for `gen diff`, the text of another version). */
export function checkText(file: string, text: string, configs: ConfigLoader): CheckedDocument {
  // Editors drop a byte-order mark before counting columns; so does the CLI.
  return checkDocument(text.replace(/^\uFEFF/, ""), { path: path.resolve(file), host: useHostFor(file), ...configs.optionsFor(file) });
}

/**
 * The .gen files under `paths` (default: the current folder), in scan order, and the paths that could not
 * be scanned. `skip` leaves out files found in a folder (never one named on the command line).
 */
export function scanPaths(paths: string[], skip?: (file: string) => boolean): { names: string[]; unreadable: FileProblem[] } {
  const names: string[] = [];
  const unreadable: FileProblem[] = [];
  const seen: Seen = new Set();
  for (const target of paths.length ? paths : ["."]) collect(target, names, unreadable, seen, true, skip);
  return { names, unreadable };
}

/** Reads and checks every .gen file under `paths` (default: the current folder). */
export function checkPaths(paths: string[], configs: ConfigLoader): Workspace {
  const { names, unreadable } = scanPaths(paths);
  const files: CheckedFile[] = [];
  for (const name of names) {
    const checked = readAndCheck(name, configs);
    if ("unreadable" in checked) unreadable.push({ path: name, message: checked.unreadable });
    else files.push({ path: name, document: checked.document });
  }
  return { files, unreadable, configs: configs.files };
}

/** A .gen file read and checked, or why it could not be. */
export function readAndCheck(name: string, configs: ConfigLoader): { document: CheckedDocument } | { unreadable: string } {
  const read = readRegularFile(name);
  if (!read.ok) return { unreadable: describeFailure(name, read) };
  try {
    return { document: checkText(name, read.text, configs) };
  } catch (error) {
    return { unreadable: `cannot check ${name}: ${String(error)}` };
  }
}

/** Why `--config <file>` cannot be used, if it cannot: a usage error, reported before any file is read. */
export function configOptionProblem(config: string | undefined): string | undefined {
  if (config === undefined) return undefined;
  try {
    return fs.statSync(config).isFile() ? undefined : `--config ${config} is not a file`;
  } catch (error) {
    return `cannot read --config ${config}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`;
  }
}

/**
 * The checked files a command that rewrites them (`gen fix`, `gen promote`) works on, with whether some
 * path could not be read (said on stderr); or the exit code when it must not start: 2 for a bad
 * `--config`, 1 when a gen.config.json that applies has errors, since the defaults that replace it would
 * change files by other rules and prices than the team's (`what` names them in the message).
 */
export function workspaceToRewrite(command: string, paths: string[], config: string | undefined, what: string): { workspace: Workspace; unreadable: boolean } | number {
  const problem = configOptionProblem(config);
  if (problem) {
    console.error(`gen ${command}: ${printable(problem)}`);
    return 2;
  }
  const workspace = checkPaths(paths, new ConfigLoader(config));
  for (const unreadable of workspace.unreadable) console.error(`${red("error")} ${printable(unreadable.message)}`);
  const broken = workspace.configs.filter((c) => c.diagnostics.some((d) => d.severity === "error"));
  if (broken.length > 0) {
    for (const c of broken) console.error(`${red("error")} ${printable(c.path)} has errors, so ${what} cannot be applied: see \`gen check\``);
    console.error("Nothing was changed.");
    return 1;
  }
  return { workspace, unreadable: workspace.unreadable.length > 0 };
}
