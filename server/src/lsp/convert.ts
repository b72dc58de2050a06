// Core results to LSP types. The only place that knows both.
import { Diagnostic as LspDiagnostic, DiagnosticSeverity, DiagnosticTag } from "vscode-languageserver/node";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { Diagnostic, Severity } from "../parser/diagnostic";
import { DOCS_BASE, ruleDocsUrl } from "../rules";
import { isRuleDiagnostic } from "../rules/runner";

const severities: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};


export function toLspDiagnostic(document: TextDocument, diagnostic: Diagnostic, relatedUri: (path?: string) => string): LspDiagnostic {
  const range = (span: { start: number; end: number }) => ({ start: document.positionAt(span.start), end: document.positionAt(span.end) });
  const result: LspDiagnostic = {
    range: range(diagnostic.span),
    severity: severities[diagnostic.severity],
    code: diagnostic.code,
    codeDescription: { href: isRuleDiagnostic(diagnostic) ? ruleDocsUrl(diagnostic.rule) : `${DOCS_BASE}/language.md#diagnostics` },
    source: "gen",
    message: diagnostic.message,
  };
  if (diagnostic.tags) {
    result.tags = diagnostic.tags.map((tag) => (tag === "unnecessary" ? DiagnosticTag.Unnecessary : DiagnosticTag.Deprecated));
  }
  if (diagnostic.related) {
    result.relatedInformation = diagnostic.related
      .filter((related) => !related.path) // spans in other files would need that file's text to convert
      .map((related) => ({ location: { uri: relatedUri(related.path), range: range(related.span) }, message: related.message }));
  }
  return result;
}
