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

/**
 * Each stage's entry as answered, and where it started then: an entry kept by the next check (service/symbols.ts)
 * that starts at the same line and character spans the same lines (its node's text is the same), so it is
 * answered again as it was. A line typed above moves it, and it is converted again.
 */
const stageAnswers = new WeakMap<OutlineSymbol, { line: number; character: number; answer: DocumentSymbol }>();

function outline(document: TextDocument, checked: CheckedDocument): DocumentSymbol[] {
  const range = (span: { start: number; end: number }) => ({ start: document.positionAt(span.start), end: document.positionAt(span.end) });
  const convert = (symbol: OutlineSymbol): DocumentSymbol => ({
    name: symbol.name,
    ...(symbol.detail ? { detail: symbol.detail } : {}),
    kind: kinds[symbol.kind],
    range: range(symbol.span),
    selectionRange: range(symbol.selection),
    ...(symbol.children.length > 0 ? { children: symbol.children.map(symbol.kind === "pipeline" ? convertStage : convert) } : {}),
  });
  const convertStage = (symbol: OutlineSymbol): DocumentSymbol => {
    const { line, character } = document.positionAt(symbol.span.start);
    const kept = stageAnswers.get(symbol);
    if (kept && kept.line === line && kept.character === character) return kept.answer;
    const answer = convert(symbol);
    stageAnswers.set(symbol, { line, character, answer });
    return answer;
  };
  return documentSymbols(checked).map(convert);
}
