// The outline over LSP: service/symbols.ts's symbols, spans made ranges, kinds made LSP's.
import { DocumentSymbol, SymbolKind } from "vscode-languageserver/node";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { CheckedDocument } from "../service/check";
import { documentSymbols, OutlineSymbol } from "../service/symbols";

const kinds: Record<OutlineSymbol["kind"], SymbolKind> = {
  pipeline: SymbolKind.Module,
  stage: SymbolKind.Function,
  preset: SymbolKind.Struct,
  phase: SymbolKind.Namespace,
};

/** Each check's outline, as answered: an editor asks for it again (the breadcrumbs, the Outline view) without an edit between. */
const answers = new WeakMap<CheckedDocument, DocumentSymbol[]>();

/**
 * The document symbols of a checked document, nested: pipelines hold stages, stages and presets their phase
 * blocks. `document` is at the version `checked` is of.
 */
export function lspDocumentSymbols(document: TextDocument, checked: CheckedDocument): DocumentSymbol[] {
  let answer = answers.get(checked);
  if (!answer) answers.set(checked, (answer = outline(document, checked)));
  return answer;
}

function outline(document: TextDocument, checked: CheckedDocument): DocumentSymbol[] {
  const range = (span: { start: number; end: number }) => ({ start: document.positionAt(span.start), end: document.positionAt(span.end) });
  const convert = (symbol: OutlineSymbol): DocumentSymbol => ({
    name: symbol.name,
    ...(symbol.detail ? { detail: symbol.detail } : {}),
    kind: kinds[symbol.kind],
    range: range(symbol.span),
    selectionRange: range(symbol.selection),
    ...(symbol.children.length > 0 ? { children: symbol.children.map(convert) } : {}),
  });
  return documentSymbols(checked).map(convert);
}
