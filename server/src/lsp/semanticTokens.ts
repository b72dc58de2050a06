// Semantic tokens over LSP, full and by range: the tokens come from service/semanticTokens.ts; here they
// are encoded as the protocol asks, five integers a token, each position relative to the token before
// (its line, then its character on the same line), in UTF-16 code units as the spans already are.
import { CancellationToken, Connection, SemanticTokens, ServerCapabilities } from "vscode-languageserver/node";
import type { Span } from "../parser/ast";
import type { Position } from "../parser/lineIndex";
import { SemanticToken, semanticTokens, tokenModifiers, tokenTypes } from "../service/semanticTokens";
import type { CheckedFile } from "./actions";

/** The legend and what is served: the whole document or a range, no deltas. */
export const SEMANTIC_TOKENS_CAPABILITIES: ServerCapabilities = {
  semanticTokensProvider: {
    legend: { tokenTypes: [...tokenTypes], tokenModifiers: [...tokenModifiers] },
    full: { delta: false },
    range: true,
  },
};

const typeIndex = new Map<string, number>(tokenTypes.map((type, i) => [type, i]));
const modifierBit = new Map<string, number>(tokenModifiers.map((modifier, i) => [modifier, 1 << i]));

/** Tokens (sorted, apart, each on one line) as the protocol's integers: Δline, Δstart, length, type, modifier bits. */
export function encodeTokens(tokens: SemanticToken[], positionAt: (offset: number) => Position): number[] {
  // Sized once: a storyboard has a hundred thousand tokens, half a million integers.
  const data: number[] = new Array(tokens.length * 5);
  let line = 0;
  let character = 0;
  let i = 0;
  for (const token of tokens) {
    const at = positionAt(token.span.start);
    let bits = 0;
    for (const modifier of token.modifiers) bits |= modifierBit.get(modifier) ?? 0;
    data[i++] = at.line - line;
    data[i++] = at.line === line ? at.character - character : at.character;
    data[i++] = token.span.end - token.span.start;
    data[i++] = typeIndex.get(token.type) ?? 0;
    data[i++] = bits;
    line = at.line;
    character = at.character;
  }
  return data;
}

/** What semantic tokens need from the server: its checks and its error handling. */
export interface SemanticTokensHost {
  checkedDocument(uri: string, token: CancellationToken): Promise<CheckedFile | undefined>;
  runSafe<T>(what: string, fallback: T, handler: () => T | Promise<T>): Promise<T>;
}

export function registerSemanticTokens(connection: Connection, { checkedDocument, runSafe }: SemanticTokensHost): void {
  const answer = (uri: string, token: CancellationToken, range?: { start: Position; end: Position }) =>
    runSafe("semantic tokens", { data: [] } as SemanticTokens, async () => {
      const found = await checkedDocument(uri, token);
      if (!found) return { data: [] };
      const { document } = found;
      const span: Span | undefined = range && { start: document.offsetAt(range.start), end: document.offsetAt(range.end) };
      // The check's line index is of this very text; the tokens come in order, so positions are found walking forward.
      return { data: encodeTokens(semanticTokens(found.checked, span), found.checked.analysis.parse.lines.forward()) };
    });
  connection.languages.semanticTokens.on(({ textDocument }, token) => answer(textDocument.uri, token));
  connection.languages.semanticTokens.onRange(({ textDocument, range }, token) => answer(textDocument.uri, token, range));
}
