// Runs the enabled rules over a checked document. A rule that throws is
// reported to the caller once and the others go on.
import type { Diagnostic, Severity } from "../parser/diagnostic";
import type { Fix, Rule, RuleContext } from "./rule";

export type RuleSeverity = Severity | "off";

export interface RuleDiagnostic extends Diagnostic {
  rule: string;
  fixes: Fix[];
}

export function isRuleDiagnostic(diagnostic: Diagnostic): diagnostic is RuleDiagnostic {
  return "rule" in diagnostic;
}

export function runRules(
  rules: Rule[],
  context: Omit<RuleContext, "report">,
  severities: Record<string, RuleSeverity | undefined>,
  onError: (rule: Rule, error: unknown) => void,
): RuleDiagnostic[] {
  const found: RuleDiagnostic[] = [];
  for (const rule of rules) {
    const configured = severities[rule.id];
    if (configured === "off") continue;
    const reported: RuleDiagnostic[] = [];
    try {
      rule.check({
        ...context,
        report: ({ message, span, fixes, tags, severity }) => reported.push({
          code: rule.id, rule: rule.id, message, span, severity: configured ?? severity ?? rule.defaultSeverity, fixes: fixes ?? [], ...(tags ? { tags } : {}),
        }),
      });
      found.push(...reported);
    } catch (error) {
      onError(rule, error);
    }
  }
  return found;
}
