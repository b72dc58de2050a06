// Document and range formatting: the core's edits (offsets) as LSP text edits. A file with syntax
// errors gets no edits and one line in the server's log, not a popup: formatting runs on every save
// when `editor.formatOnSave` is on, and the errors are already squiggled where they are.
import type { Connection, FormattingOptions, TextEdit as LspTextEdit } from "vscode-languageserver/node";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { parse, ParseResult } from "../parser/parse";
import { advanceFormat, formatAfterEdit, Formatted, FormatResult, formatRange } from "../service/format";

/** Spread into the server's capabilities. */
export const FORMATTING_CAPABILITIES = { documentFormattingProvider: true, documentRangeFormattingProvider: true };

type RunSafe = <T>(what: string, fallback: T, handler: () => T | Promise<T>) => Promise<T>;

/** What the server tells formatting: each new tree of a document (to keep its last format up to date), and a close. */
export interface FormattingUpdates {
  parsed(uri: string, text: string, parsed: ParseResult): void;
  closed(uri: string): void;
}

/**
 * `ignored` says whether a gen.config.json's `format.ignore` names the document: it is then not formatted
 * (format on save leaves a deliberately broken example alone), as `gen format` leaves it out of a scan.
 * `parsedOf` gives the tree of a document's version when its check has one (no second parse of a large file).
 */
export function registerFormatting(
  connection: Connection, documentOf: (uri: string) => TextDocument | undefined, runSafe: RunSafe, ignored: (uri: string) => boolean = () => false,
  parsedOf: (document: TextDocument) => ParseResult | undefined = () => undefined,
): FormattingUpdates {
  /** The last version whose refusal was logged, by uri (removed once it formats): saving a broken file again logs nothing new. */
  const logged = new Map<string, number>();
  /** The last whole-document answer: asked again of the same version with the same options (a format, then format on save), it is the same. */
  let answered: { uri: string; version: number; options: string; edits: LspTextEdit[] } | undefined;
  /**
   * Each document's last whole-document format, kept up to date with every version parsed after it as long
   * as each is an edit inside one stage (`advanceFormat`, one stage laid out): formatting on save, many
   * keystrokes later, then reads it instead of laying out the whole file.
   */
  const kept = new Map<string, Formatted>();

  const answer = (document: TextDocument, result: FormatResult): LspTextEdit[] => {
    if (result.refused) {
      if (logged.get(document.uri) !== document.version) {
        logged.set(document.uri, document.version);
        connection.console.info(`${document.uri} ${result.refused.message}`);
      }
      return [];
    }
    logged.delete(document.uri);
    return result.edits.map((edit) => ({
      range: { start: document.positionAt(edit.span.start), end: document.positionAt(edit.span.end) },
      newText: edit.newText,
    }));
  };
  const options = (given: FormattingOptions) => ({ tabSize: given.tabSize, insertSpaces: given.insertSpaces });

  connection.onDocumentFormatting(({ textDocument, options: given }) =>
    runSafe("formatting", [] as LspTextEdit[], () => {
      const document = documentOf(textDocument.uri);
      if (!document || ignored(textDocument.uri)) return [];
      const key = JSON.stringify(options(given));
      if (answered && answered.uri === document.uri && answered.version === document.version && answered.options === key) return answered.edits;
      const text = document.getText();
      const formatted = formatAfterEdit(kept.get(document.uri), text, options(given), parsedOf(document) ?? parse(text));
      kept.set(document.uri, formatted);
      const edits = answer(document, formatted.result);
      answered = { uri: document.uri, version: document.version, options: key, edits };
      return edits;
    }),
  );

  connection.onDocumentRangeFormatting(({ textDocument, range, options: given }) =>
    runSafe("range formatting", [] as LspTextEdit[], () => {
      const document = documentOf(textDocument.uri);
      if (!document || ignored(textDocument.uri)) return [];
      const span = { start: document.offsetAt(range.start), end: document.offsetAt(range.end) };
      return answer(document, formatRange(document.getText(), span, options(given), parsedOf(document)));
    }),
  );

  return {
    parsed(uri, text, parsed) {
      const before = kept.get(uri);
      if (!before || before.parsed === parsed) return;
      // Called from within a check: a failure here drops the kept format (the next format is worked out whole), never the check.
      let after: Formatted | undefined;
      try {
        after = advanceFormat(before, text, parsed);
      } catch {
        after = undefined;
      }
      if (after) kept.set(uri, after);
      else kept.delete(uri);
    },
    closed: (uri) => kept.delete(uri),
  };
}
