// Code actions and commands: quick fixes with their savings, fix-all, "Promote to final".
import { CancellationToken, CodeAction, CodeActionKind, Connection } from "vscode-languageserver/node";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { loadDefaultCatalog } from "../catalog/catalog";
import { formatAmount } from "../cost/format";
import type { TextEdit } from "../rules/rule";
import type { CheckedDocument } from "../service/check";
import { FixAllResult, fixesAtSteps } from "../service/fixes";
import { finalChange, promoteAtSteps, promoteDocument } from "../service/promote";
import type { Steps } from "../analysis/steps";
import { toLspDiagnostic } from "./convert";
import { cancelled, contentModified, runInSlices } from "./slices";

/** "Fix on save" runs code actions of this kind. */
export const FIX_ALL_KIND = "source.fixAll.gen";
/** Applies every fix in a document and says what it saved; the client's "Apply all credit-saving fixes" calls it. */
export const APPLY_ALL_COMMAND = "gen.server.applyAllFixes";
/** Promotes every draft pipeline of a document to final and says what the final phase costs now; the client's "Promote to final". */
export const PROMOTE_COMMAND = "gen.server.promoteToFinal";

/** Core edits (offsets) as LSP text edits (positions) in `document`. */
function toLspEdits(document: TextDocument, edits: TextEdit[]) {
  return edits.map((e) => ({ range: { start: document.positionAt(e.span.start), end: document.positionAt(e.span.end) }, newText: e.newText }));
}

/** An open document and the check of its current version. */
export interface CheckedFile {
  /** Updated in place by later edits: compare its version with `version` after waiting. */
  document: TextDocument;
  version: number;
  checked: CheckedDocument;
}

/**
 * After waiting for something else (git, another file, a module): throws "content modified" if the document
 * changed meanwhile. A newer version's check takes over the tree and analysis of the one before
 * (analysis/incremental.ts), so an older check must not be read once a newer one has started.
 */
export function assertCurrent(...files: CheckedFile[]): void {
  if (files.some((file) => file.document.version !== file.version)) throw contentModified();
}

/** What the actions need from the server: its checks, waited for in slices, and its error handling. */
export interface ActionHost {
  checkedDocument(uri: string, token: CancellationToken): Promise<CheckedFile | undefined>;
  fixAllOf(found: CheckedFile, token: CancellationToken): Promise<FixAllResult>;
  runSafe<T>(what: string, fallback: T, handler: () => T | Promise<T>): Promise<T>;
}

export function registerActions(connection: Connection, { checkedDocument, fixAllOf, runSafe }: ActionHost): void {
  connection.onCodeAction(({ textDocument, range, context }, token) =>
    runSafe("code actions", [] as CodeAction[], async () => {
      const found = await checkedDocument(textDocument.uri, token);
      if (!found) return [];
      const { document, checked } = found;
      // Pricing a fix re-checks the file: in slices, and only while the answer is still wanted.
      const inSlices = async <T>(steps: Steps<T>): Promise<T> => {
        const changed = () => document.version !== found.version;
        const result = await runInSlices(steps, () => token.isCancellationRequested || changed());
        if (token.isCancellationRequested) throw cancelled();
        if (changed()) throw contentModified();
        return result as T; // dropped only when cancelled or changed, both answered above
      };
      const wants = (kind: string) => !context.only || context.only.some((only) => kind === only || kind.startsWith(only + "."));
      const actions: CodeAction[] = [];
      if (wants(CodeActionKind.QuickFix)) {
        const span = { start: document.offsetAt(range.start), end: document.offsetAt(range.end) };
        const fixes = await inSlices(fixesAtSteps(checked, span));
        fixes.forEach((fix, i) => {
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
        const promote = await inSlices(promoteAtSteps(checked, document.offsetAt(range.start), checked.options.catalog ?? loadDefaultCatalog()));
        if (promote) {
          actions.push({
            title: promote.title,
            kind: CodeActionKind.RefactorRewrite,
            edit: { changes: { [textDocument.uri]: toLspEdits(document, promote.edits) } },
          });
        }
      }
      if (context.only && wants(FIX_ALL_KIND)) {
        const all = await fixAllOf(found, token);
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

  connection.onExecuteCommand(async ({ command, arguments: args }, token) => {
    const uri = String(args?.[0] ?? "");
    if (command === APPLY_ALL_COMMAND) return applyAll(uri, token);
    if (command === PROMOTE_COMMAND) return promote(uri, token);
    return null;
  });

  /**
   * Applies `edits` to the open document at the version they were computed for. Some clients answer
   * `null` instead of a result, or fail the request: both count as not applied.
   */
  async function apply(label: string, uri: string, document: TextDocument, edits: TextEdit[]): Promise<{ applied: boolean; failureReason?: string }> {
    try {
      const result = await connection.workspace.applyEdit({ label, edit: { documentChanges: [{ textDocument: { uri, version: document.version }, edits: toLspEdits(document, edits) }] } });
      return result ?? { applied: false, failureReason: "the editor did not answer" };
    } catch (error) {
      return { applied: false, failureReason: error instanceof Error ? error.message : String(error) };
    }
  }

  async function applyAll(uri: string, token: CancellationToken) {
    const found = await checkedDocument(uri, token);
    if (!found) return { applied: false, message: "Open a .gen file first." };
    const all = await runSafe("fix all", undefined, () => fixAllOf(found, token));
    if (!all || all.edits.length === 0) return { applied: false, message: "No credit-saving fixes to apply." };
    const result = await apply("Apply all credit-saving fixes", uri, found.document, all.edits);
    const saved = formatAmount(all.savedUsd, found.checked.settings);
    return result.applied
      ? { applied: true, savedUsd: all.savedUsd, message: `Applied ${all.fixed} fix${all.fixed === 1 ? "" : "es"}: saves ${saved}.` }
      : { applied: false, message: `The fixes could not be applied${result.failureReason ? `: ${result.failureReason}` : ""}.` };
  }

  async function promote(uri: string, token: CancellationToken) {
    const found = await checkedDocument(uri, token);
    if (!found) return { applied: false, message: "Open a .gen file first." };
    const { checked, document } = found;
    const result = await runSafe("promote to final", undefined, () => promoteDocument(checked, checked.options.catalog ?? loadDefaultCatalog()));
    if (!result || result.promotions.length === 0) return { applied: false, message: "Every pipeline in this file is already final." };
    const applied = await apply("Promote to final", uri, document, result.promotions.flatMap((p) => p.edits));
    const what = result.promotions.map((p) => `\`${p.pipeline}\` (${finalChange(p, checked)})`).join(", ");
    return applied.applied
      ? { applied: true, message: `Promoted to final: ${what}.` }
      : { applied: false, message: `The promotion could not be applied${applied.failureReason ? `: ${applied.failureReason}` : ""}.` };
  }
}
