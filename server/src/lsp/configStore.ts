// Finds and loads gen.config.json files: the nearest one above a document, up to its workspace folder
// (never above it), applies to it. A broken file keeps its last good settings in force; one that cannot
// be read or trusted (see host/configFile.ts) is not applied at all, and says so in itself.
import * as path from "path";
import { Catalog, loadDefaultCatalog } from "../catalog/catalog";
import { applyConfig, ConfigResult, costSettings, GenConfig, parseConfig } from "../config/config";
import { isIgnored } from "../config/ignore";
import { CostSettings, defaultCostSettings } from "../cost/format";
import { findConfig, isInside, readConfigFile } from "../host/configFile";
import type { Diagnostic } from "../parser/diagnostic";
import type { RuleSetting } from "../rules/runner";
import type { CheckContext } from "./documents";

interface Loaded {
  /** The last config that parsed and validated. */
  good?: GenConfig;
  catalog: Catalog;
  diagnostics: Diagnostic[];
  text: string;
  /** Not read, or not trusted: `diagnostics` say why. */
  refused?: boolean;
}

export class ConfigStore {
  private readonly loaded = new Map<string, Loaded>();
  private readonly nearest = new Map<string, string | undefined>();
  private folders: string[] = [];
  /** Settings from the editor, used where no config file says otherwise. */
  editorSettings: CostSettings = defaultCostSettings;
  editorRules: Record<string, RuleSetting> = {};

  /** The client's workspace folders (paths); configs and `use`d files are read inside them only. */
  set workspaceFolders(folders: string[]) {
    // Outermost first: a file in nested folders may read up to the outer one, which the user opened too.
    this.folders = folders.map((f) => path.resolve(f)).sort((a, b) => a.length - b.length);
    this.nearest.clear();
  }

  /** The workspace folder a file is in, or its own folder when it is in none (a file opened on its own). */
  rootFor(filePath: string): string {
    return this.folders.find((folder) => isInside(folder, filePath)) ?? path.dirname(filePath);
  }

  /** The gen.config.json that applies to a file: the nearest in its folder or above, up to its workspace folder. */
  configPathFor(filePath: string | undefined): string | undefined {
    if (!filePath) return undefined;
    const start = path.dirname(filePath);
    if (this.nearest.has(start)) return this.nearest.get(start);
    const found = findConfig(start, this.rootFor(filePath));
    this.nearest.set(start, found);
    return found;
  }

  /** Loads (or reloads) a config file and returns what it says about itself. */
  load(configPath: string): Loaded {
    const bundled = loadDefaultCatalog();
    const read = readConfigFile(configPath);
    if (!read.ok && read.missing) {
      this.loaded.delete(configPath);
      this.nearest.clear();
      return { catalog: bundled, diagnostics: [], text: "" };
    }
    if (!read.ok) {
      // Not even the last good settings: the file may now be someone else's.
      const entry = { catalog: bundled, diagnostics: [{ code: "config", message: read.message, severity: "error" as const, span: { start: 0, end: 0 } }], text: "", refused: true };
      this.loaded.set(configPath, entry);
      return entry;
    }
    const { text } = read;
    const previous = this.loaded.get(configPath);
    if (previous && previous.text === text && !previous.refused) return previous;
    const result: ConfigResult = parseConfig(text, bundled);
    const good = result.config ?? previous?.good;
    const entry = { good, catalog: applyConfig(bundled, good), diagnostics: result.diagnostics, text };
    this.loaded.set(configPath, entry);
    return entry;
  }

  /** A config file was created, changed or deleted. */
  changed(configPath: string): Loaded {
    this.nearest.clear();
    return this.load(configPath);
  }

  /** Whether the config that applies to a file says the formatter leaves it alone (`format.ignore`). */
  formatIgnored(filePath: string): boolean {
    const configPath = this.configPathFor(filePath);
    const patterns = configPath ? (this.loaded.get(configPath) ?? this.load(configPath)).good?.format?.ignore : undefined;
    return !!configPath && !!patterns?.length && isIgnored(patterns, path.relative(path.dirname(configPath), filePath).split(path.sep).join("/"));
  }

  contextFor(filePath: string | undefined): CheckContext {
    const root = filePath === undefined ? undefined : this.rootFor(filePath);
    const configPath = this.configPathFor(filePath);
    if (!configPath) return { cost: this.editorSettings, rules: this.editorRules, root };
    const entry = this.loaded.get(configPath) ?? this.load(configPath);
    return { catalog: entry.catalog, cost: costSettings(entry.good, this.editorSettings), rules: { ...this.editorRules, ...entry.good?.rules }, root };
  }
}
