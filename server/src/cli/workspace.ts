// The files a command works on, read from disk, each checked with the
// gen.config.json that applies to it. Unreadable files are reported, not fatal.
import * as fs from "fs";
import * as path from "path";
import type { UseHost } from "../analysis/analyze";
import { loadDefaultCatalog } from "../catalog/catalog";
import { applyConfig, costSettings, parseConfig } from "../config/config";
import { defaultCostSettings } from "../cost/format";
import { findConfig, isInside, readConfigFile } from "../host/configFile";
import { describeFailure, readRegularFile } from "../host/readFile";
import { createUseHost } from "../host/useHost";
import type { Diagnostic } from "../parser/diagnostic";
import { LineIndex } from "../parser/lineIndex";
import { checkDocument, CheckedDocument, CheckOptions } from "../service/check";
import { red } from "./output";

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

/** The .gen files under `target`, sorted; a path named directly is taken whatever its extension. */
function collect(target: string, into: string[]): void {
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) {
    into.push(target); // reading it says what it is when it is not a regular file (a FIFO, a device)
    return;
  }
  for (const entry of fs.readdirSync(target, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(target, entry.name);
    if (entry.isDirectory() && !skippedFolders.has(entry.name)) collect(full, into);
    else if (entry.isFile() && entry.name.endsWith(".gen")) into.push(full);
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
  private readonly loaded = new Map<string, { options: CheckOptions; file: ConfigFile }>();

  /** `explicit` (from `--config`) applies to every file; otherwise the nearest above each file, up to its workspace root, does. */
  constructor(private readonly explicit?: string) {}

  get files(): ConfigFile[] {
    return [...this.loaded.values()].map((entry) => entry.file);
  }

  /** Catalog, cost settings and rule severities for a file. */
  optionsFor(file: string): CheckOptions {
    const configPath = this.explicit ? path.resolve(this.explicit) : findConfig(path.dirname(path.resolve(file)), workspaceRootFor(file));
    if (!configPath) return { cost: defaultCostSettings };
    let entry = this.loaded.get(configPath);
    if (!entry) {
      // A config that cannot be read or trusted is one error in it; the files under it are checked with the defaults.
      const read = readConfigFile(configPath, this.explicit !== undefined);
      const text = read.ok ? read.text : "";
      const { config, diagnostics } = read.ok
        ? parseConfig(text, loadDefaultCatalog())
        : { config: undefined, diagnostics: [{ code: "config", message: read.message, severity: "error" as const, span: { start: 0, end: 0 } }] };
      const options = { catalog: applyConfig(loadDefaultCatalog(), config), cost: costSettings(config, defaultCostSettings), rules: config?.rules };
      entry = { options, file: { path: path.relative(process.cwd(), configPath) || configPath, text, lines: new LineIndex(text), diagnostics } };
      this.loaded.set(configPath, entry);
    }
    return entry.options;
  }
}

/** Checks one file's text as it would be on disk at `file` (for `gen diff`, the text of another version). */
export function checkText(file: string, text: string, configs: ConfigLoader): CheckedDocument {
  // Editors drop a byte-order mark before counting columns; so does the CLI.
  return checkDocument(text.replace(/^\uFEFF/, ""), { path: path.resolve(file), host: useHostFor(file), ...configs.optionsFor(file) });
}

/** Reads and checks every .gen file under `paths` (default: the current folder). */
export function checkPaths(paths: string[], configs: ConfigLoader): Workspace {
  const names: string[] = [];
  const unreadable: FileProblem[] = [];
  for (const target of paths.length ? paths : ["."]) {
    try {
      collect(target, names);
    } catch (error) {
      unreadable.push({ path: target, message: `cannot read ${target}: ${(error as NodeJS.ErrnoException).code ?? String(error)}` });
    }
  }
  const files: CheckedFile[] = [];
  for (const name of names) {
    const read = readRegularFile(name);
    if (!read.ok) {
      unreadable.push({ path: name, message: describeFailure(name, read) });
      continue;
    }
    try {
      files.push({ path: name, document: checkText(name, read.text, configs) });
    } catch (error) {
      unreadable.push({ path: name, message: `cannot check ${name}: ${String(error)}` });
    }
  }
  return { files, unreadable, configs: configs.files };
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
    console.error(`gen ${command}: ${problem}`);
    return 2;
  }
  const workspace = checkPaths(paths, new ConfigLoader(config));
  for (const unreadable of workspace.unreadable) console.error(`${red("error")} ${unreadable.message}`);
  const broken = workspace.configs.filter((c) => c.diagnostics.some((d) => d.severity === "error"));
  if (broken.length > 0) {
    for (const c of broken) console.error(`${red("error")} ${c.path} has errors, so ${what} cannot be applied: see \`gen check\``);
    console.error("Nothing was changed.");
    return 1;
  }
  return { workspace, unreadable: workspace.unreadable.length > 0 };
}
