import type { Span } from "./ast";

export type Severity = "error" | "warning" | "info" | "hint";

/** A problem found in a file, in editor-neutral terms (offsets, not line/character). */
export interface Diagnostic {
  /** Stable id, shown to users and used by quick fixes: `unknown-model`, `syntax`, … */
  code: string;
  message: string;
  severity: Severity;
  span: Span;
  /** `unnecessary` fades the text; `deprecated` strikes it through. */
  tags?: ("unnecessary" | "deprecated")[];
  /** Other places that explain this one, e.g. where a duplicate name was first declared. */
  related?: { message: string; span: Span; path?: string }[];
  /**
   * Quick fixes the language itself offers (a retired model replaced by its successor); rule findings
   * carry theirs on `RuleDiagnostic`. Never part of fix-all: they change what is generated.
   */
  fixes?: { title: string; edits: { span: Span; newText: string }[] }[];
}
