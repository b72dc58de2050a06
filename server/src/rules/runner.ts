// Runs the enabled rules over a checked document. A rule that throws is
// reported to the caller once and the others go on.
import { finish, Steps } from "../analysis/steps";
import type { Diagnostic, Severity } from "../parser/diagnostic";
import type { Fix, Rule, RuleContext } from "./rule";

export type RuleSeverity = Severity | "off";
/** A rule's setting: its severity, or `[severity, options]` for rules that take options (thresholds). */
export type RuleSetting = RuleSeverity | [RuleSeverity, Record<string, unknown>];

export interface RuleDiagnostic extends Diagnostic {
  rule: string;
  fixes: Fix[];
}

export function isRuleDiagnostic(diagnostic: Diagnostic): diagnostic is RuleDiagnostic {
  return "rule" in diagnostic;
}

export function runRules(
  rules: Rule[],
  context: Omit<RuleContext, "report" | "options">,
  settings: Record<string, RuleSetting | undefined>,
  onError: (rule: Rule, error: unknown) => void,
): RuleDiagnostic[] {
  return finish(runRulesSteps(rules, context, settings, onError));
}

/** `runRules`, yielding after each rule. */
export function* runRulesSteps(
  rules: Rule[],
  context: Omit<RuleContext, "report" | "options">,
  settings: Record<string, RuleSetting | undefined>,
  onError: (rule: Rule, error: unknown) => void,
): Steps<RuleDiagnostic[]> {
  const found: RuleDiagnostic[] = [];
  for (const rule of rules) {
    yield;
    const setting = settings[rule.id];
    const configured = Array.isArray(setting) ? setting[0] : setting;
    const options = Array.isArray(setting) ? setting[1] ?? {} : {};
    if (configured === "off") continue;
    const reported: RuleDiagnostic[] = [];
    try {
      rule.check({
        ...context,
        options,
        report: ({ message, span, fixes, tags, severity }) => {
          // Built field by field (no spread): a wasteful storyboard reports tens of thousands.
          const diagnostic: RuleDiagnostic = { code: rule.id, rule: rule.id, message, span, severity: configured ?? severity ?? rule.defaultSeverity, fixes: fixes ?? [] };
          if (tags) diagnostic.tags = tags;
          reported.push(diagnostic);
        },
      });
      // A loop, not `push(...reported)`: a wasteful storyboard reports tens of thousands, past what spread arguments handle well.
      for (const diagnostic of reported) found.push(diagnostic);
    } catch (error) {
      onError(rule, error);
    }
  }
  return found;
}
