// Code actions and commands: quick fixes with their savings, fix-all, "Promote to final".
import { CodeAction, CodeActionKind, Connection } from "vscode-languageserver/node";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { loadDefaultCatalog } from "../catalog/catalog";
import { formatAmount } from "../cost/format";
import type { TextEdit } from "../rules/rule";
import type { CheckedDocument } from "../service/check";
import { fixAll, fixesAt } from "../service/fixes";
import { promoteAt } from "../service/promote";
import { toLspDiagnostic } from "./convert";

/** "Fix on save" runs code actions of this kind. */
export const FIX_ALL_KIND = "source.fixAll.gen";
/** Applies every fix in a document and says what it saved; the client's "Apply all credit-saving fixes" calls it. */
export const APPLY_ALL_COMMAND = "gen.server.applyAllFixes";

/** Core edits (offsets) as LSP text edits (positions) in `document`. */
function toLspEdits(document: TextDocument, edits: TextEdit[]) {
  return edits.map((e) => ({ range: { start: document.positionAt(e.span.start), end: document.positionAt(e.span.end) }, newText: e.newText }));
}

type Lookup = (uri: string) => { document: TextDocument; checked: CheckedDocument } | undefined;
type RunSafe = <T>(what: string, fallback: T, handler: () => T) => T;

export function registerActions(connection: Connection, checkedDocument: Lookup, runSafe: RunSafe): void {
  connection.onCodeAction(({ textDocument, range, context }) =>
    runSafe("code actions", [] as CodeAction[], () => {
      const found = checkedDocument(textDocument.uri);
      if (!found) return [];
      const { document, checked } = found;
      const wants = (kind: string) => !context.only || context.only.some((only) => kind === only || kind.startsWith(only + "."));
      const actions: CodeAction[] = [];
      if (wants(CodeActionKind.QuickFix)) {
        const span = { start: document.offsetAt(range.start), end: document.offsetAt(range.end) };
        fixesAt(checked, span).forEach((fix, i) => {
          actions.push({
            title: fix.title,
            kind: CodeActionKind.QuickFix,
            diagnostics: [toLspDiagnostic(document, fix.diagnostic, () => textDocument.uri)],
            isPreferred: i === 0,
            edit: { changes: { [textDocument.uri]: toLspEdits(document, fix.edits) } },
          });
        });
      }
      if (wants(CodeActionKind.RefactorRewrite)) {
        const promote = promoteAt(checked, document.offsetAt(range.start), checked.options.catalog ?? loadDefaultCatalog());
        if (promote) {
          actions.push({
            title: promote.title,
            kind: CodeActionKind.RefactorRewrite,
            edit: { changes: { [textDocument.uri]: toLspEdits(document, promote.edits) } },
          });
        }
      }
      if (context.only && wants(FIX_ALL_KIND)) {
        const all = fixAll(checked);
        if (all.edits.length > 0) {
          actions.push({
            title: `Apply all credit-saving fixes (saves ${formatAmount(all.savedUsd, checked.settings)})`,
            kind: FIX_ALL_KIND,
            edit: { changes: { [textDocument.uri]: toLspEdits(document, all.edits) } },
          });
        }
      }
      return actions;
    }),
  );

  connection.onExecuteCommand(async ({ command, arguments: args }) => {
    if (command !== APPLY_ALL_COMMAND) return null;
    const uri = String(args?.[0] ?? "");
    const found = checkedDocument(uri);
    if (!found) return { applied: false, message: "Open a .gen file first." };
    const all = runSafe("fix all", undefined, () => fixAll(found.checked));
    if (!all || all.edits.length === 0) return { applied: false, message: "No credit-saving fixes to apply." };
    const result = await connection.workspace.applyEdit({
      label: "Apply all credit-saving fixes",
      edit: { documentChanges: [{ textDocument: { uri, version: found.document.version }, edits: toLspEdits(found.document, all.edits) }] },
    });
    const saved = formatAmount(all.savedUsd, found.checked.settings);
    return result.applied
      ? { applied: true, savedUsd: all.savedUsd, message: `Applied ${all.fixed} fix${all.fixed === 1 ? "" : "es"}: saves ${saved}.` }
      : { applied: false, message: `The fixes could not be applied${result.failureReason ? `: ${result.failureReason}` : ""}.` };
  });

}
