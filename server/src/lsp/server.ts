// The language server: a thin adapter from LSP to the core.
import {
  Connection, DidChangeWatchedFilesParams, DocumentSymbol, InitializeResult, SymbolKind, TextDocuments, TextDocumentSyncKind,
} from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { Span } from "../parser/ast";
import { toLspDiagnostic } from "./convert";
import { AnalysisCache, pathToUri, uriToPath } from "./documents";

/** How long typing must pause before a document is re-checked. */
const DEBOUNCE_MS = 150;

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const openByPath = new Map<string, TextDocument>();
  const cache = new AnalysisCache((filePath) => openByPath.get(filePath)?.getText());
  const pending = new Map<string, NodeJS.Timeout>();

  /** Runs a handler; a failure is logged and answered with `fallback`, never fatal. */
  function runSafe<T>(what: string, fallback: T, handler: () => T): T {
    try {
      return handler();
    } catch (error) {
      connection.console.error(`${what} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      return fallback;
    }
  }

  function validate(uri: string): void {
    pending.delete(uri);
    const document = documents.get(uri);
    if (!document) return;
    runSafe(`checking ${uri}`, undefined, () => {
      const analysis = cache.get(document);
      const diagnostics = analysis.diagnostics.map((d) => toLspDiagnostic(document, d, (p) => (p ? pathToUri(p) : uri)));
      // The version lets clients drop results for text that has since changed.
      void connection.sendDiagnostics({ uri, version: document.version, diagnostics });
    });
  }

  function schedule(uri: string, delay = DEBOUNCE_MS): void {
    clearTimeout(pending.get(uri));
    pending.set(uri, setTimeout(() => validate(uri), delay));
  }

  /** A file changed: re-check every open document that `use`s it. */
  function dependencyChanged(filePath: string): void {
    for (const uri of cache.invalidateDependents(filePath)) schedule(uri);
  }

  connection.onInitialize((): InitializeResult => ({
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      documentSymbolProvider: true,
    },
    serverInfo: { name: "gen-language-server", version: "0.1.0" },
  }));

  documents.onDidOpen(({ document }) => {
    const filePath = uriToPath(document.uri);
    if (filePath) openByPath.set(filePath, document);
    validate(document.uri); // at once: opening a file should show its problems without delay
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
    clearTimeout(pending.get(document.uri));
    pending.delete(document.uri);
    cache.delete(document.uri);
    const filePath = uriToPath(document.uri);
    if (filePath) {
      openByPath.delete(filePath);
      dependencyChanged(filePath); // dependents now read the file from disk
    }
    void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
  });

  connection.onDidChangeWatchedFiles((params: DidChangeWatchedFilesParams) => {
    for (const change of params.changes) {
      const filePath = uriToPath(change.uri);
      if (filePath && !openByPath.has(filePath)) dependencyChanged(filePath);
    }
  });

  connection.onDocumentSymbol(({ textDocument }) =>
    runSafe("outline", [], () => {
      const document = documents.get(textDocument.uri);
      if (!document) return [];
      const { parse } = cache.get(document);
      const range = (span: Span) => ({ start: document.positionAt(span.start), end: document.positionAt(span.end) });
      const symbol = (name: string, detail: string, kind: SymbolKind, span: Span, selection: Span, children?: DocumentSymbol[]): DocumentSymbol =>
        ({ name: name || "(unnamed)", detail, kind, range: range(span), selectionRange: range(selection), children });
      return [
        ...parse.file.presets.map((p) => symbol(p.name?.text ?? "", "preset", SymbolKind.Struct, p.span, p.name?.span ?? p.span)),
        ...parse.file.pipelines.map((p) =>
          symbol(p.name?.text ?? "", "pipeline", SymbolKind.Module, p.span, p.name?.span ?? p.keyword,
            p.stages.map((s) => symbol(s.name?.text ?? "", s.kind.text, SymbolKind.Function, s.span, s.name?.span ?? s.kind.span)))),
      ];
    }),
  );

  documents.listen(connection);
  connection.listen();
}
