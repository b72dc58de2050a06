// Semantic tokens over LSP: the whole document, a range, and the change since the last answer (delta).
// The tokens come from service/semanticTokens.ts, already packed as the protocol carries them: five
// integers a token, each position relative to the token before, in UTF-16 code units as the spans are.
import { CancellationToken, Connection, SemanticTokens, SemanticTokensDelta, ServerCapabilities } from "vscode-languageserver/node";
import type { Span } from "../parser/ast";
import { pack, packedTokens, semanticTokens, tokenModifiers, tokenTypes } from "../service/semanticTokens";
import type { CheckedFile } from "./actions";

/** The legend and what is served: the whole document, a range, and deltas. */
export const SEMANTIC_TOKENS_CAPABILITIES: ServerCapabilities = {
  semanticTokensProvider: {
    legend: { tokenTypes: [...tokenTypes], tokenModifiers: [...tokenModifiers] },
    full: { delta: true },
    range: true,
  },
};

/** What semantic tokens need from the server: its checks and its error handling. */
export interface SemanticTokensHost {
  checkedDocument(uri: string, token: CancellationToken): Promise<CheckedFile | undefined>;
  runSafe<T>(what: string, fallback: T, handler: () => T | Promise<T>): Promise<T>;
}

/**
 * The one edit that turns `before` into `after`: what lies between their common start and common end. A
 * keystroke changes the tokens of one stage, so a delta is a few integers where the whole is half a million.
 */
export function tokensDelta(before: number[], after: number[]): { start: number; deleteCount: number; data: number[] } | undefined {
  const shorter = Math.min(before.length, after.length);
  let start = 0;
  while (start < shorter && before[start] === after[start]) start++;
  if (start === before.length && start === after.length) return undefined;
  let end = 0;
  while (end < shorter - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  return { start, deleteCount: before.length - start - end, data: after.slice(start, after.length - end) };
}

/** Registers the handlers; returns what forgets a closed document's last answer. */
export function registerSemanticTokens(connection: Connection, { checkedDocument, runSafe }: SemanticTokensHost): (uri: string) => void {
  // The last whole answer per document, which a delta request names by its id.
  const last = new Map<string, { resultId: string; data: number[] }>();
  let nextId = 1;
  const remember = (uri: string, data: number[]): SemanticTokens => {
    const resultId = String(nextId++);
    last.set(uri, { resultId, data });
    return { resultId, data };
  };

  connection.languages.semanticTokens.on(({ textDocument }, token) =>
    runSafe("semantic tokens", { data: [] } as SemanticTokens, async () => {
      const found = await checkedDocument(textDocument.uri, token);
      if (!found) return { data: [] };
      return remember(textDocument.uri, packedTokens(found.checked));
    }));

  connection.languages.semanticTokens.onDelta(({ textDocument, previousResultId }, token) =>
    runSafe("semantic tokens", { data: [] } as SemanticTokens | SemanticTokensDelta, async () => {
      const found = await checkedDocument(textDocument.uri, token);
      if (!found) return { data: [] };
      const before = last.get(textDocument.uri);
      const data = packedTokens(found.checked);
      const { resultId } = remember(textDocument.uri, data);
      // An id this server did not give last (another answer since, or a restart): the whole document.
      if (before?.resultId !== previousResultId) return { resultId, data };
      const edit = tokensDelta(before.data, data);
      return { resultId, edits: edit ? [edit] : [] };
    }));

  connection.languages.semanticTokens.onRange(({ textDocument, range }, token) =>
    runSafe("semantic tokens", { data: [] } as SemanticTokens, async () => {
      const found = await checkedDocument(textDocument.uri, token);
      if (!found) return { data: [] };
      const { document } = found;
      const span: Span = { start: document.offsetAt(range.start), end: document.offsetAt(range.end) };
      // The check's line index is of this very text; the tokens come in order, so positions are found walking forward.
      return { data: pack(semanticTokens(found.checked, span), found.checked.analysis.parse.lines.forward()) };
    }));

  return (uri) => last.delete(uri);
}
