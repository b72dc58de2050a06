// The language server: a thin adapter from LSP to the core.
import * as path from "path";
import {
  CancellationToken, CodeActionKind, CodeLens, CompletionItemKind, CompletionItemTag, CompletionList, Connection, DidChangeConfigurationNotification, DidChangeWatchedFilesNotification, DocumentSymbol, InitializeParams, InitializeResult, InlayHint,
  ResponseError, TextDocuments, TextDocumentSyncKind,
} from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import { CONFIG_FILE } from "../config/config";
import type { Span } from "../parser/ast";
import { LineIndex } from "../parser/lineIndex";
import { loadDefaultCatalog } from "../catalog/catalog";
import { completionsAt } from "../service/completion";
import type { CheckedDocument } from "../service/check";
import { hoverAt, isPipelineHoverAt } from "../service/hover";
import { placeHoverAt } from "../service/placeHover";
import { costHintsSteps } from "../service/inlayHints";
import { baseLenses, codeLenses, Lens, pipelineLensTitle } from "../service/lenses";
import { isRuleDiagnostic, RuleSetting } from "../rules/runner";
import { fixAll, FixAllResult, knownFixAll } from "../service/fixes";
import { APPLY_ALL_COMMAND, assertCurrent, CheckedFile, FIX_ALL_KIND, PROMOTE_COMMAND, registerActions } from "./actions";
import { cancelled, contentModified, runInSlices } from "./slices";
import { ConfigStore } from "./configStore";
import { toLspDiagnostic } from "./convert";
import { DocumentCache, pathToUri, uriToPath } from "./documents";
import { CostDiffBases } from "./costDiff";
import { FILE_RENAME_OPERATIONS, registerFileRenames } from "./fileRenames";
import { FORMATTING_CAPABILITIES, registerFormatting } from "./formatting";
import { GitBase } from "./gitBase";
import { navigationCapabilities, registerNavigation } from "./navigation";
import { registerSemanticTokens, SEMANTIC_TOKENS_CAPABILITIES } from "./semanticTokens";
import { lspDocumentSymbols } from "./symbols";
import { registerPipelineGraph } from "./graphRequest";
import { WorkspaceIndex } from "./workspaceIndex";
import { takesVersionedEdits } from "./workspaceEdit";
import { DEFAULT_MAX_LENGTH } from "../analysis/analyze";


interface EditorSettings {
  rules?: Record<string, RuleSetting>;
  creditsPerUsd?: number;
  display?: "credits" | "usd";
  inlayHints?: { enabled?: boolean };
  costDiff?: { base?: string };
  /** Megabytes. */
  maxFileSize?: number;
}

/** How long typing must pause before fix-all is worked out in the background. */
const FIX_ALL_PAUSE_MS = 300;
/** Past this many stages in a file, the pipeline hover does not wait for fix-all (a few ms at 100 stages, a second at 10,000). */
const HOVER_WAITS_FOR_FIX_ALL_UP_TO_STAGES = 100;
const stageCount = (checked: CheckedDocument) => checked.analysis.model.pipelines.reduce((n, p) => n + p.stageList.length, 0);

/** Whether fix-all has anything to work out for this check: a rule finding with a fix. */
const hasRuleFixes = (checked: CheckedDocument) => checked.diagnostics.some((d) => isRuleDiagnostic(d) && d.fixes.length > 0);

/**
 * Each lens as answered, and where it started then: a stage's lens is kept by the next check while its cost
 * is the same (service/lenses.ts), and answered again as it was while it starts at the same place.
 */
const lensAnswers = new WeakMap<Lens, { line: number; character: number; answer: CodeLens }>();

function lspLens(document: TextDocument, lens: Lens): CodeLens {
  const start = document.positionAt(lens.span.start);
  const kept = lensAnswers.get(lens);
  if (kept && kept.line === start.line && kept.character === start.character) return kept.answer;
  const answer: CodeLens = { range: { start, end: document.positionAt(lens.span.end) }, command: { title: lens.title, command: "" } };
  lensAnswers.set(lens, { line: start.line, character: start.character, answer });
  return answer;
}

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const openByPath = new Map<string, TextDocument>();
  const configs = new ConfigStore();
  const failedRules = new Set<string>();
  const cache = new DocumentCache(
    (filePath) => openByPath.get(filePath)?.getText(),
    (filePath) => configs.contextFor(filePath),
    (uri) => documents.get(uri)?.version,
    (rule, error) => {
      if (failedRules.has(rule.id)) return; // once is enough; the other rules went on
      failedRules.add(rule.id);
      connection.console.error(`rule ${rule.id} failed and was skipped: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    },
  );
  // Checks run as soon as the server is idle, not after a fixed pause: edits that arrive together are
  // read at once, and the check takes the latest version. A check runs in slices (lsp/slices.ts) and is
  // dropped when a newer version arrives, so no result is ever published for an older version.
  const pending = new Map<string, NodeJS.Immediate>();
  let canPullSettings = false;
  let canWatchFolders = false;
  let shouldRegisterWatchers = false;
  /** The workspace folders' paths. */
  let folders: string[] = [];
  let inlayHintsEnabled = false;
  /** The git revision the "+12 credits vs HEAD" lens compares with; empty turns it off. */
  let costDiffBase = "HEAD";
  /** False when the client says the workspace is not trusted (`initializationOptions.trusted`). */
  let trusted = true;
  let canRefreshLenses = false;
  /** Whether the client takes versioned `documentChanges` in the edits of a rename. */
  let canVersionEdits = false;
  const refreshLenses = () => {
    if (canRefreshLenses) connection.sendRequest("workspace/codeLens/refresh").catch(() => undefined);
  };
  const bases = new CostDiffBases(new GitBase(), refreshLenses);
  // Every .gen file of the workspace folders, summarised: workspace symbols, and the files that `use` a file.
  const index = new WorkspaceIndex({ openText: (p) => openByPath.get(p)?.getText(), openPaths: () => openByPath.keys(), log: (m) => connection.console.log(m) });

  /** Runs a handler; a failure is logged and answered with `fallback`, never fatal. A cancellation is answered as one. */
  async function runSafe<T>(what: string, fallback: T, handler: () => T | Promise<T>): Promise<T> {
    try {
      return await handler();
    } catch (error) {
      if (error instanceof ResponseError) throw error;
      connection.console.error(`${what} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      return fallback;
    }
  }

  async function validate(uri: string): Promise<void> {
    pending.delete(uri);
    const document = documents.get(uri);
    if (!document) return;
    // The document object is updated in place by later edits: its version now is the one checked.
    const { version } = document;
    await runSafe(`checking ${uri}`, undefined, async () => {
      const checked = await cache.check(document);
      // Dropped, or finished after a newer version arrived: the newer version's check publishes.
      if (!checked || documents.get(uri) !== document || document.version !== version) return;
      const diagnostics = checked.diagnostics.map((d) => toLspDiagnostic(document, d, (p) => (p ? pathToUri(p) : uri)));
      // The version lets clients drop results for text that has since changed.
      void connection.sendDiagnostics({ uri, version, diagnostics });
      // What fixing everything saves is asked by the pipeline hover and the fix-all action (on save): it is
      // worked out in slices once typing pauses, so it neither holds up the requests typing brings (a
      // completion, the lenses) nor is redone for every keystroke. A request that needs it sooner asks.
      if (hasRuleFixes(checked)) {
        setTimeout(() => {
          if (documents.get(uri) === document && document.version === version) void cache.fixAll(uri, checked);
        }, FIX_ALL_PAUSE_MS);
      }
    });
  }

  /** Documents changed again since their check was queued: the check waits one more turn for the rest. */
  const changedAgain = new Set<string>();

  function schedule(uri: string): void {
    if (pending.has(uri)) {
      changedAgain.add(uri); // already queued: it will read the latest text
      return;
    }
    // The protocol library hands over one queued message a turn: the check waits a turn, and keeps
    // waiting while each turn brings another edit, so a burst that arrived together is checked once.
    let waited = false;
    const run = () => {
      if (changedAgain.delete(uri) || !waited) {
        waited = true;
        pending.set(uri, setImmediate(run));
      } else void validate(uri);
    };
    pending.set(uri, setImmediate(run));
  }

  function revalidateAll(): void {
    cache.clear();
    for (const document of documents.all()) schedule(document.uri);
    connection.languages.inlayHint.refresh().catch(() => undefined);
    refreshLenses();
  }

  /** A file changed: re-check every open document that `use`s it. */
  function dependencyChanged(filePath: string): void {
    for (const uri of cache.invalidateDependents(filePath)) schedule(uri);
  }

  /** Publishes a config file's own problems, so a typo in it is seen where it is. */
  function publishConfig(configPath: string): void {
    const loaded = configs.changed(configPath);
    const lines = new LineIndex(loaded.text);
    const range = (span: Span) => ({ start: lines.positionAt(span.start), end: lines.positionAt(span.end) });
    const diagnostics = loaded.diagnostics.map((d) => ({ range: range(d.span), severity: 1 as const, code: d.code, source: "gen", message: d.message }));
    void connection.sendDiagnostics({ uri: pathToUri(configPath), diagnostics });
  }

  async function pullSettings(): Promise<void> {
    if (!canPullSettings) return;
    const settings: EditorSettings = (await connection.workspace.getConfiguration("gen").catch(() => undefined)) ?? {};
    configs.editorSettings = {
      creditsPerUsd: typeof settings.creditsPerUsd === "number" && settings.creditsPerUsd > 0 ? settings.creditsPerUsd : 100,
      display: settings.display === "usd" ? "usd" : "credits",
    };
    inlayHintsEnabled = settings.inlayHints?.enabled === true;
    costDiffBase = typeof settings.costDiff?.base === "string" ? settings.costDiff.base.trim() : "HEAD";
    configs.editorRules = settings.rules && typeof settings.rules === "object" ? settings.rules : {};
    const mb = settings.maxFileSize;
    cache.maxLength = typeof mb === "number" && mb >= 0.1 && mb <= 200 ? Math.round(mb * 1024 * 1024) : DEFAULT_MAX_LENGTH;
  }

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    // An untrusted workspace (VS Code's Restricted Mode) runs no program: the git lens stays off.
    trusted = (params.initializationOptions as { trusted?: unknown } | undefined)?.trusted !== false;
    canPullSettings = params.capabilities.workspace?.configuration === true;
    canRefreshLenses = params.capabilities.workspace?.codeLens?.refreshSupport === true;
    canVersionEdits = takesVersionedEdits(params.capabilities);
    canWatchFolders = params.capabilities.workspace?.workspaceFolders === true;
    // Editors other than ours watch nothing unless asked: without watchers, a changed gen.config.json or
    // `use`d file on disk would go unseen. Our VS Code client watches them itself (`watchesFiles`).
    const options = params.initializationOptions as { watchesFiles?: unknown } | undefined;
    shouldRegisterWatchers = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true && options?.watchesFiles !== true;
    // Configs and `use`d files are read inside these folders only (rootUri and rootPath from older clients).
    const roots = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    folders = roots.map(uriToPath).filter((p): p is string => p !== undefined);
    if (!params.workspaceFolders && !params.rootUri && params.rootPath) folders = [params.rootPath];
    configs.workspaceFolders = folders;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        documentSymbolProvider: true,
        hoverProvider: true,
        codeLensProvider: { resolveProvider: false },
        inlayHintProvider: true,
        completionProvider: { triggerCharacters: [":", " ", ","] },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite, FIX_ALL_KIND] },
        executeCommandProvider: { commands: [APPLY_ALL_COMMAND, PROMOTE_COMMAND] },
        ...FORMATTING_CAPABILITIES,
        // Renaming or moving .gen files and folders updates the `use` lines that name them (lsp/fileRenames.ts).
        workspace: { workspaceFolders: { supported: true, changeNotifications: true }, fileOperations: FILE_RENAME_OPERATIONS },
        ...navigationCapabilities(params.capabilities),
        ...SEMANTIC_TOKENS_CAPABILITIES,
      },
      serverInfo: { name: "gen-language-server", version: "0.1.0" },
    };
  });

  connection.onInitialized(async () => {
    index.setFolders(folders);
    if (shouldRegisterWatchers) {
      const watchers = [{ globPattern: "**/*.gen" }, { globPattern: `**/${CONFIG_FILE}` }];
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers }).catch(() => undefined);
    }
    if (canWatchFolders) {
      connection.workspace.onDidChangeWorkspaceFolders(({ added, removed }) => {
        const gone = new Set(removed.map((f) => uriToPath(f.uri)));
        folders = [...folders.filter((f) => !gone.has(f)), ...added.map((f) => uriToPath(f.uri)).filter((p): p is string => p !== undefined)];
        configs.workspaceFolders = folders;
        index.setFolders(folders);
        revalidateAll();
      });
    }
    if (canPullSettings) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: "gen" }).catch(() => undefined);
      await pullSettings();
      revalidateAll();
    }
  });

  connection.onDidChangeConfiguration(async () => {
    await pullSettings();
    revalidateAll();
  });

  documents.onDidOpen(({ document }) => {
    const filePath = uriToPath(document.uri);
    if (filePath) {
      openByPath.set(filePath, document);
      const configPath = configs.configPathFor(filePath);
      if (configPath) publishConfig(configPath);
    }
    void validate(document.uri); // at once: opening a file should show its problems without delay
  });

  documents.onDidChangeContent(({ document }) => {
    const filePath = uriToPath(document.uri);
    if (filePath) {
      openByPath.set(filePath, document);
      dependencyChanged(filePath);
    }
    schedule(document.uri);
  });

  documents.onDidClose(({ document }) => {
    bases.forget(document.uri);
    forgetTokens(document.uri);
    formatting.closed(document.uri);
    clearImmediate(pending.get(document.uri));
    pending.delete(document.uri);
    changedAgain.delete(document.uri);
    cache.delete(document.uri);
    const filePath = uriToPath(document.uri);
    if (filePath) {
      openByPath.delete(filePath);
      dependencyChanged(filePath); // dependents now read the file from disk
    }
    void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
  });

  connection.onDidChangeWatchedFiles((params) => {
    let configChanged = false;
    for (const change of params.changes) {
      const filePath = uriToPath(change.uri);
      if (!filePath) continue;
      index.fileChanged(filePath, change.type);
      if (path.basename(filePath) === CONFIG_FILE) {
        publishConfig(filePath);
        configChanged = true;
      } else if (!openByPath.has(filePath)) {
        dependencyChanged(filePath);
      }
    }
    if (configChanged) revalidateAll();
  });

  /**
   * The open document and the check of its current version, waiting while the check runs (other
   * requests are answered meanwhile). Undefined when the document is not open.
   */
  async function checkedDocument(uri: string, token: CancellationToken): Promise<CheckedFile | undefined> {
    for (;;) {
      const document = documents.get(uri);
      if (!document) return undefined;
      const { version } = document; // the document object is updated in place by later edits
      const checked = await cache.check(document);
      if (token.isCancellationRequested) throw cancelled();
      // The text changed while it was checked: wait for the check of the newer text.
      if (checked && documents.get(uri) === document && document.version === version) return { document, version, checked };
    }
  }

  /** Fix-all of a check, waited for in slices; a document changed meanwhile is answered as such. */
  async function fixAllOf(found: CheckedFile, token: CancellationToken): Promise<FixAllResult> {
    const all = await cache.fixAll(found.document.uri, found.checked);
    if (token.isCancellationRequested) throw cancelled();
    if (!all || found.document.version !== found.version) throw contentModified();
    return all;
  }

  connection.onHover(({ textDocument, position }, token) =>
    runSafe("hover", null, async () => {
      const found = await checkedDocument(textDocument.uri, token);
      if (!found) return null;
      const offset = found.document.offsetAt(position);
      // The pipeline hover says what fixing everything saves: often worked out already, after the check.
      // In a small file it is waited for (a few milliseconds); a large file's hover answers at once, and
      // says the figure is still being worked out if it is (in slices, once typing pauses).
      const small = stageCount(found.checked) <= HOVER_WAITS_FOR_FIX_ALL_UP_TO_STAGES;
      if (small && isPipelineHoverAt(found.checked, offset) && hasRuleFixes(found.checked)) await fixAllOf(found, token);
      const hover = hoverAt(found.checked, offset, small ? fixAll : knownFixAll) ?? placeHoverAt(found.checked, offset);
      if (!hover) return null;
      const range = { start: found.document.positionAt(hover.span.start), end: found.document.positionAt(hover.span.end) };
      return { contents: { kind: "markdown", value: hover.markdown }, range };
    }),
  );

  registerActions(connection, { checkedDocument, fixAllOf, runSafe });
  const formatting = registerFormatting(connection, (uri) => documents.get(uri), runSafe, (uri) => {
    const filePath = uriToPath(uri);
    return filePath !== undefined && configs.formatIgnored(filePath);
  }, (document) => cache.parsed(document));
  cache.onTree = (uri, { text, parse }) => formatting.parsed(uri, text, parse);
  registerNavigation(connection, { checkedDocument, runSafe, openDocuments: () => documents.all().map((d) => d.uri), versionedEdits: () => canVersionEdits, index });
  registerFileRenames(connection, {
    runSafe, index, openDocument: (p) => openByPath.get(p), openPaths: () => openByPath.keys(), rootFor: (p) => configs.rootFor(p),
    versionedEdits: () => canVersionEdits, log: (m) => connection.console.log(m),
  });
  const forgetTokens = registerSemanticTokens(connection, { checkedDocument, runSafe });
  registerPipelineGraph(connection, { checkedDocument, runSafe });

  connection.onCodeLens(({ textDocument }, token) =>
    runSafe("code lenses", [] as CodeLens[], async () => {
      const found = await checkedDocument(textDocument.uri, token);
      if (!found) return [];
      const filePath = uriToPath(textDocument.uri);
      // An untrusted workspace (Restricted Mode) runs no program: no git.
      const base = trusted && costDiffBase && filePath
        ? await runSafe("cost diff lens", undefined, () => bases.baseFor(textDocument.uri, filePath, costDiffBase, found.checked))
        : undefined;
      assertCurrent(found);
      const lenses = [...codeLenses(found.checked), ...(base ? baseLenses(found.checked, base, costDiffBase) : [])];
      return lenses.map((lens) => lspLens(found.document, lens));
    }),
  );

  const completionKinds = { model: CompletionItemKind.Class, stage: CompletionItemKind.Reference, preset: CompletionItemKind.Struct, value: CompletionItemKind.EnumMember, property: CompletionItemKind.Property, keyword: CompletionItemKind.Keyword };

  connection.onCompletion(({ textDocument, position }, token) =>
    runSafe("completion", null as CompletionList | null, async () => {
      const found = await checkedDocument(textDocument.uri, token);
      if (!found) return null;
      const result = completionsAt(found.checked, found.document.offsetAt(position), found.checked.options.catalog ?? loadDefaultCatalog());
      if (!result) return null;
      const range = { start: found.document.positionAt(result.span.start), end: found.document.positionAt(result.span.end) };
      return {
        isIncomplete: false,
        items: result.items.map((item) => ({
          label: item.label,
          kind: completionKinds[item.kind],
          detail: item.detail,
          sortText: item.sortText,
          tags: item.deprecated ? [CompletionItemTag.Deprecated] : undefined,
          textEdit: { range, newText: item.label },
        })),
      };
    }),
  );

  connection.languages.inlayHint.on(({ textDocument, range }, token) =>
    runSafe("inlay hints", [] as InlayHint[], async () => {
      if (!inlayHintsEnabled) return [];
      const found = await checkedDocument(textDocument.uri, token);
      if (!found) return [];
      const span = { start: found.document.offsetAt(range.start), end: found.document.offsetAt(range.end) };
      // Each hint prices the pipeline again: a range of thousands of stages is worked out in slices.
      const changed = () => found.document.version !== found.version;
      const hints = await runInSlices(costHintsSteps(found.checked, span), () => token.isCancellationRequested || changed());
      if (token.isCancellationRequested) throw cancelled();
      if (!hints || changed()) throw contentModified();
      return hints.map((hint) => ({ position: found.document.positionAt(hint.offset), label: hint.label, paddingLeft: true }));
    }),
  );

  /** The active file's total, for the VS Code status bar. */
  connection.onRequest("gen/documentCost", ({ uri }: { uri: string }, token) =>
    runSafe("document cost", null, async () => {
      const found = await checkedDocument(uri, token);
      if (!found || found.checked.costs.length === 0) return null;
      return {
        pipelines: found.checked.phases.map((cost) => ({
          name: cost.pipeline.name, title: pipelineLensTitle(cost, found.checked), usd: cost.jobUsd, draftUsd: cost.draft.usd, finalUsd: cost.final.usd,
        })),
      };
    }),
  );

  connection.onDocumentSymbol(({ textDocument }, token) =>
    runSafe("outline", [] as DocumentSymbol[], async () => {
      const found = await checkedDocument(textDocument.uri, token);
      return found ? lspDocumentSymbols(found.document, found.checked) : [];
    }),
  );

  documents.listen(connection);
  connection.listen();
}
