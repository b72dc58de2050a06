// Open documents and their checks: one check per document version, shared by
// every request, and invalidated when a file it `use`s or the configuration changes.
import * as path from "path";
import { fileURLToPath, pathToFileURL } from "url";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { Catalog } from "../catalog/catalog";
import type { CostSettings } from "../cost/format";
import { createUseHost } from "../host/useHost";
import { today } from "../host/today";
import type { ParseResult } from "../parser/parse";
import type { ParsedVersion } from "../parser/reparse";
import type { Rule } from "../rules/rule";
import type { RuleSetting } from "../rules/runner";
import { DEFAULT_MAX_LENGTH } from "../analysis/analyze";
import { asPrevious, CheckedDocument, CheckOptions, checkSteps, PreviousCheck } from "../service/check";
import { FixAllResult, fixAllSteps } from "../service/fixes";
import { runInSlices } from "./slices";

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
  /** `reads`: every file the check read or tried to (a `use`d file missing then is one), so creating it re-checks. */
  private readonly checked = new Map<string, { version: number; result: CheckedDocument; reads: Set<string> }>();
  /** Checks under way, with the files each has read so far. */
  private readonly running = new Map<string, { version: number; epoch: number; reads: Set<string>; result: Promise<CheckedDocument | undefined> }>();
  /** Bumped for a document when what its check read (the configuration, a `use`d file) changes. */
  private readonly epochs = new Map<string, number>();
  private readonly fixAlls = new WeakMap<CheckedDocument, Promise<FixAllResult | undefined>>();
  private readonly parseCache = new Map<string, { text: string; result: ParseResult }>();
  /**
   * Each document's latest version parsed, with its analysis once its check finished: an edit inside one
   * stage of it parses and checks only that stage (and what reads it) again. A check takes it over.
   */
  private readonly lastParsed = new Map<string, PreviousCheck>();

  /**
   * `openText` gives the editor's text of an open file, which wins over the disk;
   * `context` the catalog and cost settings that apply to a document;
   * `versionOf` the version of an open document now (undefined once closed).
   */
  constructor(
    private readonly openText: (filePath: string) => string | undefined,
    private readonly context: (filePath: string | undefined) => CheckContext,
    private readonly versionOf: (uri: string) => number | undefined,
    private readonly onRuleError: (rule: Rule, error: unknown) => void = () => undefined,
  ) {}

  /** Past this many characters a document gets one `file-too-large` problem and is not analysed (`gen.maxFileSize`). */
  maxLength = DEFAULT_MAX_LENGTH;

  /** Told each new tree of a document, as soon as it is parsed (formatting keeps its last format up to date). */
  onTree: (uri: string, version: ParsedVersion) => void = () => undefined;

  /**
   * The check of this version of the document: remembered, joined while it runs, or started now. It runs
   * in slices and resolves to undefined when a newer version or a changed dependency makes it stale.
   */
  check(document: TextDocument): Promise<CheckedDocument | undefined> {
    const { uri, version } = document;
    const cached = this.checked.get(uri);
    if (cached && cached.version === version) return Promise.resolve(cached.result);
    const epoch = this.epochs.get(uri) ?? 0;
    const running = this.running.get(uri);
    if (running && running.version === version && running.epoch === epoch) return running.result;
    const isStale = () => this.versionOf(uri) !== version || (this.epochs.get(uri) ?? 0) !== epoch;
    const reads = new Set<string>();
    const options = this.optionsFor(uri, reads);
    // Requests wait for this version's check: the one before is asked for no more (its fix-all stops), and
    // this check takes over its tree and analysis, so nothing else may read them again. Once parsed, this
    // version's tree is what the next starts from, even should this check be dropped.
    options.previous = this.lastParsed.get(uri);
    this.lastParsed.delete(uri);
    options.onParsed = (parsed) => {
      this.lastParsed.set(uri, parsed);
      this.onTree(uri, parsed);
    };
    if (cached) this.checked.delete(uri);
    const result = runInSlices(checkSteps(document.getText(), options), isStale).then((checked) => {
      if (this.running.get(uri)?.result === result) this.running.delete(uri);
      if (checked && !isStale()) {
        this.checked.set(uri, { version, result: checked, reads });
        this.lastParsed.set(uri, asPrevious(checked));
      }
      return checked;
    });
    this.running.set(uri, { version, epoch, reads, result });
    return result;
  }

  /** The tree of this version of the document when its check has finished (not waited for): what formatting reads. */
  parsed(document: TextDocument): ParseResult | undefined {
    const cached = this.checked.get(document.uri);
    // A file past the limit is not parsed: its check holds no tree of it.
    if (!cached || cached.version !== document.version || cached.result.text.length > this.maxLength) return undefined;
    return cached.result.analysis.parse;
  }

  /** Fix-all of a check, computed once in slices; undefined when the document changed before it finished. */
  fixAll(uri: string, checked: CheckedDocument): Promise<FixAllResult | undefined> {
    let result = this.fixAlls.get(checked);
    if (!result) {
      result = runInSlices(fixAllSteps(checked), () => this.checked.get(uri)?.result !== checked);
      // A dropped run is not remembered: the next request for this check starts again.
      void result.then((all) => all === undefined && this.fixAlls.delete(checked));
      this.fixAlls.set(checked, result);
    }
    return result;
  }

  /** The options of a check of `uri`; every file it reads is added to `reads`. */
  private optionsFor(uri: string, reads: Set<string>): CheckOptions {
    const filePath = uriToPath(uri);
    const { catalog, cost, rules, root } = this.context(filePath);
    // Without a path (an unsaved buffer) nothing is `use`d, so there is no host.
    const files = filePath === undefined ? undefined : createUseHost(root ?? path.dirname(filePath), this.openText);
    const host = files && { resolve: files.resolve, read: (file: string) => (reads.add(file), files.read(file)) };
    return { path: filePath, host, parseCache: this.parseCache, catalog, cost, rules, onRuleError: this.onRuleError, maxLength: this.maxLength, today: today() };
  }

  delete(uri: string): void {
    this.checked.delete(uri);
    this.lastParsed.delete(uri);
    this.invalidate(uri);
  }

  /** Forgets every check, e.g. when the configuration changes. */
  clear(): void {
    for (const uri of [...this.checked.keys(), ...this.running.keys()]) this.invalidate(uri);
    this.checked.clear();
  }

  /** Forgets analyses that read `filePath` (or looked for it and found nothing), and returns their uris so they can be re-checked. */
  invalidateDependents(filePath: string): string[] {
    this.parseCache.delete(filePath);
    const stale: string[] = [];
    for (const [uri, { result, reads }] of this.checked) {
      if (reads.has(filePath) || result.analysis.dependencies.includes(filePath)) {
        this.checked.delete(uri);
        stale.push(uri);
      }
    }
    // A running check that has read the file starts again; one that reads it later reads the new text.
    for (const [uri, { reads }] of this.running) {
      if (!reads.has(filePath)) continue;
      this.invalidate(uri);
      if (!stale.includes(uri)) stale.push(uri);
    }
    return stale;
  }

  private invalidate(uri: string): void {
    this.epochs.set(uri, (this.epochs.get(uri) ?? 0) + 1);
  }
}
