// Open documents and their checks: one check per document version, shared by
// every request, and invalidated when a file it `use`s or the configuration changes.
import * as path from "path";
import { fileURLToPath, pathToFileURL } from "url";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { Catalog } from "../catalog/catalog";
import type { CostSettings } from "../cost/format";
import { createUseHost } from "../host/useHost";
import type { ParseResult } from "../parser/parse";
import type { Rule } from "../rules/rule";
import type { RuleSetting } from "../rules/runner";
import { DEFAULT_MAX_LENGTH } from "../analysis/analyze";
import { checkDocument, CheckedDocument } from "../service/check";

/** What checks depend on besides the text: the catalog (with config overrides) and how costs read. */
export interface CheckContext {
  catalog?: Catalog;
  cost: CostSettings;
  rules?: Record<string, RuleSetting>;
  /** The folder the document's `use` lines may read in: its workspace folder. */
  root?: string;
}

export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith("file:")) return undefined;
  try {
    return path.normalize(fileURLToPath(uri));
  } catch {
    return undefined;
  }
}

export function pathToUri(filePath: string): string {
  return pathToFileURL(filePath).toString();
}

export class DocumentCache {
  private readonly checked = new Map<string, { version: number; result: CheckedDocument }>();
  private readonly parseCache = new Map<string, { text: string; result: ParseResult }>();

  /**
   * `openText` gives the editor's text of an open file, which wins over the disk;
   * `context` the catalog and cost settings that apply to a document.
   */
  constructor(
    private readonly openText: (filePath: string) => string | undefined,
    private readonly context: (filePath: string | undefined) => CheckContext,
    private readonly onRuleError: (rule: Rule, error: unknown) => void = () => undefined,
  ) {}

  /** Past this many characters a document gets one `file-too-large` problem and is not analysed (`gen.maxFileSize`). */
  maxLength = DEFAULT_MAX_LENGTH;

  get(document: TextDocument): CheckedDocument {
    const cached = this.checked.get(document.uri);
    if (cached && cached.version === document.version) return cached.result;
    const filePath = uriToPath(document.uri);
    const { catalog, cost, rules, root } = this.context(filePath);
    // Without a path (an unsaved buffer) nothing is `use`d, so there is no host.
    const host = filePath === undefined ? undefined : createUseHost(root ?? path.dirname(filePath), this.openText);
    const result = checkDocument(document.getText(), {
      path: filePath, host, parseCache: this.parseCache, catalog, cost, rules, onRuleError: this.onRuleError, maxLength: this.maxLength,
    });
    this.checked.set(document.uri, { version: document.version, result });
    return result;
  }

  delete(uri: string): void {
    this.checked.delete(uri);
  }

  /** Forgets every check, e.g. when the configuration changes. */
  clear(): void {
    this.checked.clear();
  }

  /** Forgets analyses that read `filePath`, and returns their uris so they can be re-checked. */
  invalidateDependents(filePath: string): string[] {
    this.parseCache.delete(filePath);
    const stale: string[] = [];
    for (const [uri, { result }] of this.checked) {
      if (result.analysis.dependencies.includes(filePath)) {
        this.checked.delete(uri);
        stale.push(uri);
      }
    }
    return stale;
  }
}
