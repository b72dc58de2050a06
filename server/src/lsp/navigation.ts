// Navigation over LSP: definition, references, highlights, rename, `use` links, folding and selection
// ranges, workspace symbols. A thin adapter: the answers come from service/navigation.ts, rename.ts and
// structure.ts, and from the workspace index (lsp/workspaceIndex.ts) for what lies in files not open.
import * as fs from "fs";
import {
  CancellationToken, ClientCapabilities, Connection, DocumentHighlight, DocumentHighlightKind, DocumentLink, FoldingRange, FoldingRangeKind, Location, LSPErrorCodes,
  ResponseError, SelectionRange, ServerCapabilities, SymbolInformation,
} from "vscode-languageserver/node";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { Span } from "../parser/ast";
import { LineIndex } from "../parser/lineIndex";
import { definitionAt, documentLinks, highlightsAt, Place, referencesAt, targetAt } from "../service/navigation";
import { prepareRename, renameAt } from "../service/rename";
import { foldingRanges, selectionRanges } from "../service/structure";
import { assertCurrent, CheckedFile } from "./actions";
import { pathToUri, uriToPath } from "./documents";
import { EditedFile, workspaceEdit } from "./workspaceEdit";

/** What navigation needs from the server: its checks, the open documents, and its error handling. */
export interface NavigationHost {
  checkedDocument(uri: string, token: CancellationToken): Promise<CheckedFile | undefined>;
  runSafe<T>(what: string, fallback: T, handler: () => T | Promise<T>): Promise<T>;
  /** The uris of the open documents. */
  openDocuments(): string[];
  /** Whether the client takes versioned `documentChanges` (lsp/workspaceEdit.ts). */
  versionedEdits(): boolean;
  /** The workspace index (lsp/workspaceIndex.ts): workspace symbols, and the files that `use` a file, directly or not, open or not. */
  index?: {
    symbols(query: string, token: CancellationToken): Promise<SymbolInformation[]>;
    usersOf(filePath: string, token: CancellationToken): Promise<string[]>;
  };
}

/** The capabilities navigation adds; the prepare step only for clients that say they support it. */
export function navigationCapabilities(client: ClientCapabilities): ServerCapabilities {
  return {
    definitionProvider: true,
    referencesProvider: true,
    documentHighlightProvider: true,
    renameProvider: client.textDocument?.rename?.prepareSupport ? { prepareProvider: true } : true,
    documentLinkProvider: { resolveProvider: false },
    foldingRangeProvider: true,
    selectionRangeProvider: true,
    workspaceSymbolProvider: true,
  };
}

const requestFailed = (message: string) => new ResponseError(LSPErrorCodes.RequestFailed, message);

export function registerNavigation(connection: Connection, { checkedDocument, runSafe, openDocuments, versionedEdits, index }: NavigationHost): void {
  /** The uri of a file: the open document's own (as the client spelled it) when it is open. */
  const uriOf = (filePath: string) => openDocuments().find((uri) => uriToPath(uri) === filePath) ?? pathToUri(filePath);

  /** Converts spans of the document, or of the other files places are in, to LSP ranges. */
  function ranges(uri: string, document: TextDocument) {
    const lines = new Map<string, LineIndex>();
    return (place: Place) => {
      if (!place.path) return { uri, range: { start: document.positionAt(place.span.start), end: document.positionAt(place.span.end) } };
      let index = lines.get(place.path);
      if (!index) lines.set(place.path, (index = new LineIndex(place.text ?? "")));
      return { uri: uriOf(place.path), range: { start: index.positionAt(place.span.start), end: index.positionAt(place.span.end) } };
    };
  }

  const range = (document: TextDocument, span: Span) => ({ start: document.positionAt(span.start), end: document.positionAt(span.end) });

  /** The checks of the other open documents that have a path: where a shared preset's other uses are found. */
  async function otherDocuments(uri: string, token: CancellationToken): Promise<CheckedFile[]> {
    const others: CheckedFile[] = [];
    for (const other of openDocuments()) {
      if (other === uri || !uriToPath(other)) continue;
      const found = await runSafe(`checking ${other}`, undefined, () => checkedDocument(other, token));
      if (found) others.push(found);
    }
    return others;
  }

  /**
   * Other documents, and the files the workspace index says `use` the preset's file, only when the name at
   * the offset is a preset (stages live in one file).
   */
  async function othersFor(found: CheckedFile, uri: string, offset: number, token: CancellationToken): Promise<{ others: CheckedFile[]; candidates: string[] }> {
    const target = targetAt(found.checked, offset);
    if (target?.kind !== "preset") return { others: [], candidates: [] };
    const origin = target.preset?.path ?? uriToPath(uri);
    const candidates = origin && index ? await index.usersOf(origin, token) : [];
    return { others: await otherDocuments(uri, token), candidates };
  }

  /** Why a file may not be edited: an open document always may; a file on disk when it is writable. */
  function cannotEdit(filePath: string): string | undefined {
    if (openDocuments().some((uri) => uriToPath(uri) === filePath)) return undefined;
    try {
      fs.accessSync(filePath, fs.constants.W_OK);
      return undefined;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return code === "ENOENT" ? "it is no longer there" : "you may not write to it";
    }
  }

  connection.onDefinition(({ textDocument, position }, token) =>
    runSafe("definition", null as Location | null, async () => {
      const found = await checkedDocument(textDocument.uri, token);
      if (!found) return null;
      const place = definitionAt(found.checked, found.document.offsetAt(position));
      return place ? ranges(textDocument.uri, found.document)(place) : null;
    }),
  );

  connection.onReferences(({ textDocument, position, context }, token) =>
    runSafe("references", null as Location[] | null, async () => {
      const found = await checkedDocument(textDocument.uri, token);
      if (!found) return null;
      const offset = found.document.offsetAt(position);
      const { others, candidates } = await othersFor(found, textDocument.uri, offset, token);
      assertCurrent(found, ...others);
      const places = referencesAt(found.checked, offset, context.includeDeclaration, others.map((o) => o.checked), candidates);
      return places ? places.map(ranges(textDocument.uri, found.document)) : null;
    }),
  );

  connection.onDocumentHighlight(({ textDocument, position }, token) =>
    runSafe("highlights", null as DocumentHighlight[] | null, async () => {
      const found = await checkedDocument(textDocument.uri, token);
      if (!found) return null;
      const highlights = highlightsAt(found.checked, found.document.offsetAt(position));
      return highlights?.map((h) => ({ range: range(found.document, h.span), kind: h.kind === "write" ? DocumentHighlightKind.Write : DocumentHighlightKind.Read })) ?? null;
    }),
  );

  connection.onPrepareRename(({ textDocument, position }, token) =>
    runSafe("prepare rename", null, async () => {
      const found = await checkedDocument(textDocument.uri, token);
      if (!found) return null;
      const result = prepareRename(found.checked, found.document.offsetAt(position), { cannotEdit });
      if ("error" in result) throw requestFailed(result.error);
      return { range: range(found.document, result.span), placeholder: result.placeholder };
    }),
  );

  connection.onRenameRequest(({ textDocument, position, newName }, token) =>
    runSafe("rename", null, async () => {
      const found = await checkedDocument(textDocument.uri, token);
      if (!found) return null;
      const offset = found.document.offsetAt(position);
      const { others, candidates } = await othersFor(found, textDocument.uri, offset, token);
      assertCurrent(found, ...others);
      const result = renameAt(found.checked, offset, newName, { others: others.map((o) => o.checked), candidates, cannotEdit });
      if ("error" in result) throw requestFailed(result.error);
      // Each open document's edits carry the version of the text they were computed on; a file on disk, null.
      const versions = new Map<string | undefined, number>([[undefined, found.version], ...others.map((o) => [o.checked.options.path, o.version] as const)]);
      const convert = ranges(textDocument.uri, found.document);
      const files: EditedFile[] = result.files.map((file) => ({
        uri: file.path ? uriOf(file.path) : textDocument.uri,
        version: versions.get(file.path) ?? null,
        edits: file.edits.map((edit) => ({ range: convert({ path: file.path, text: file.text, span: edit.span }).range, newText: edit.newText })),
      }));
      return workspaceEdit(files, versionedEdits());
    }),
  );

  connection.onWorkspaceSymbol(({ query }, token) =>
    runSafe("workspace symbols", [] as SymbolInformation[], () => index?.symbols(query, token) ?? []),
  );

  connection.onDocumentLinks(({ textDocument }, token) =>
    runSafe("document links", [] as DocumentLink[], async () => {
      const found = await checkedDocument(textDocument.uri, token);
      if (!found) return [];
      return documentLinks(found.checked).map((link) => ({ range: range(found.document, link.span), target: uriOf(link.path), tooltip: `Open ${link.path}` }));
    }),
  );

  connection.onFoldingRanges(({ textDocument }, token) =>
    runSafe("folding ranges", [] as FoldingRange[], async () => {
      const found = await checkedDocument(textDocument.uri, token);
      if (!found) return [];
      const kinds = { comment: FoldingRangeKind.Comment, imports: FoldingRangeKind.Imports };
      return foldingRanges(found.checked).map((fold) => ({ startLine: fold.startLine, endLine: fold.endLine, ...(fold.kind ? { kind: kinds[fold.kind] } : {}) }));
    }),
  );

  connection.onSelectionRanges(({ textDocument, positions }, token) =>
    runSafe("selection ranges", [] as SelectionRange[], async () => {
      const found = await checkedDocument(textDocument.uri, token);
      if (!found) return [];
      return positions.map((position) => {
        // Outermost first, each the parent of the next: the answer is the innermost.
        const chain = selectionRanges(found.checked, found.document.offsetAt(position)).reverse();
        let parent: SelectionRange | undefined;
        for (const span of chain) parent = { range: range(found.document, span), ...(parent ? { parent } : {}) };
        return parent ?? { range: { start: position, end: position } };
      });
    }),
  );
}
