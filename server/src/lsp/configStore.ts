// Finds and loads gen.config.json files: the nearest one above a document
// applies to it. A broken file keeps its last good settings in force.
import * as fs from "fs";
import * as path from "path";
import { Catalog, loadDefaultCatalog } from "../catalog/catalog";
import { applyConfig, CONFIG_FILE, ConfigResult, costSettings, GenConfig, parseConfig } from "../config/config";
import { CostSettings, defaultCostSettings } from "../cost/format";
import type { Diagnostic } from "../parser/diagnostic";
import type { RuleSetting } from "../rules/runner";
import type { CheckContext } from "./documents";

interface Loaded {
  /** The last config that parsed and validated. */
  good?: GenConfig;
  catalog: Catalog;
  diagnostics: Diagnostic[];
  text: string;
}

export class ConfigStore {
  private readonly loaded = new Map<string, Loaded>();
  private readonly nearest = new Map<string, string | undefined>();
  /** Settings from the editor, used where no config file says otherwise. */
  editorSettings: CostSettings = defaultCostSettings;
  editorRules: Record<string, RuleSetting> = {};

  /** The gen.config.json that applies to a file: the nearest in its folder or above. */
  configPathFor(filePath: string | undefined): string | undefined {
    if (!filePath) return undefined;
    const start = path.dirname(filePath);
    if (this.nearest.has(start)) return this.nearest.get(start);
    let found: string | undefined;
    for (let dir = start; ; dir = path.dirname(dir)) {
      const candidate = path.join(dir, CONFIG_FILE);
      if (fs.existsSync(candidate)) {
        found = candidate;
        break;
      }
      if (path.dirname(dir) === dir) break;
    }
    this.nearest.set(start, found);
    return found;
  }

  /** Loads (or reloads) a config file and returns what it says about itself. */
  load(configPath: string): Loaded {
    const bundled = loadDefaultCatalog();
    let text: string;
    try {
      text = fs.readFileSync(configPath, "utf8");
    } catch {
      this.loaded.delete(configPath);
      this.nearest.clear();
      return { catalog: bundled, diagnostics: [], text: "" };
    }
    const previous = this.loaded.get(configPath);
    if (previous && previous.text === text) return previous;
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

  contextFor(filePath: string | undefined): CheckContext {
    const configPath = this.configPathFor(filePath);
    if (!configPath) return { cost: this.editorSettings, rules: this.editorRules };
    const entry = this.loaded.get(configPath) ?? this.load(configPath);
    return { catalog: entry.catalog, cost: costSettings(entry.good, this.editorSettings), rules: { ...this.editorRules, ...entry.good?.rules } };
  }
}
