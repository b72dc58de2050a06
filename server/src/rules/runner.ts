// Runs the enabled rules over a checked document. A rule that throws is
// reported to the caller once and the others go on.
import { finish, Steps } from "../analysis/steps";
import type { Diagnostic, Severity } from "../parser/diagnostic";
import type { StageSymbol } from "../analysis/model";
import { moved } from "../analysis/units";
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

/**
 * A rule's findings in a check, with the stage each is about (rules of `scope: "component"`), and what the
 * rule kept (`context.keep`), for the next check to build on.
 */
interface RuleRun {
  /** The rule's setting then, as JSON: another severity or options runs it whole. */
  setting: string;
  found: RuleDiagnostic[];
  stages: (StageSymbol | undefined)[];
  kept?: unknown;
}

/** Each rule's run in a check, by id, and the cost settings its amounts were written in. */
export interface RuleRuns {
  costSettings: string;
  byRule: Map<string, RuleRun>;
}

/**
 * An edit inside one stage (analysis/incremental.ts): the stages connected to it (`component`), where the
 * edit ended in the previous text and how the length changed, and the previous check's runs.
 */
export interface RuleEdit {
  stage: StageSymbol;
  /** The edited stage and every stage downstream of it. */
  checked: ReadonlySet<StageSymbol>;
  component: ReadonlySet<StageSymbol>;
  oldEnd: number;
  delta: number;
  previous: RuleRuns;
}

/**
 * `runRules`, yielding after each rule. With `edit`, a rule of `scope: "component"` checks only the
 * edited stage's component and keeps its other findings, moved with the text, and a rule that keeps what
 * it worked out is handed it back (`context.edited`); `runs` is filled for the next check.
 */
export function* runRulesSteps(
  rules: Rule[],
  context: Omit<RuleContext, "report" | "options">,
  settings: Record<string, RuleSetting | undefined>,
  onError: (rule: Rule, error: unknown) => void,
  edit?: RuleEdit,
  runs?: RuleRuns,
): Steps<RuleDiagnostic[]> {
  const found: RuleDiagnostic[] = [];
  const costSettings = JSON.stringify(context.settings);
  const previous = edit && edit.previous.costSettings === costSettings ? edit.previous.byRule : undefined;
  if (runs) runs.costSettings = costSettings;
  let order: Map<StageSymbol, number> | undefined;
  for (const rule of rules) {
    yield;
    const setting = settings[rule.id];
    const configured = Array.isArray(setting) ? setting[0] : setting;
    const options = Array.isArray(setting) ? setting[1] ?? {} : {};
    if (configured === "off") continue;
    const component = rule.scope === "component";
    const settingJson = JSON.stringify(setting ?? null);
    const before = previous?.get(rule.id)?.setting === settingJson ? previous.get(rule.id) : undefined;
    const kept = component && before && before.stages.every((stage) => stage !== undefined) ? before : undefined;
    const run: RuleRun = { setting: settingJson, found: [], stages: [] };
    try {
      rule.check({
        ...context,
        options,
        ...(kept ? { only: edit!.component } : {}),
        ...(before?.kept !== undefined ? { edited: { stage: edit!.stage, checked: edit!.checked, kept: before.kept } } : {}),
        keep: (worked) => (run.kept = worked),
        report: ({ message, span, fixes, tags, severity, stage }) => {
          // Built field by field (no spread): a wasteful storyboard reports tens of thousands. A finding the
          // next check may keep has spans of its own: the tree's move in place when the next version is parsed.
          const diagnostic: RuleDiagnostic = {
            code: rule.id, rule: rule.id, message, span: component ? { start: span.start, end: span.end } : span,
            severity: configured ?? severity ?? rule.defaultSeverity, fixes: component && fixes ? fixes.map(ownSpans) : fixes ?? [],
          };
          if (tags) diagnostic.tags = tags;
          run.found.push(diagnostic);
          run.stages.push(stage);
        },
      });
      if (kept) {
        order ??= stageOrder(context);
        merge(run, kept, edit!, order);
      }
      // A loop, not `push(...reported)`: a wasteful storyboard reports tens of thousands, past what spread arguments handle well.
      for (const diagnostic of run.found) found.push(diagnostic);
      if (runs && (component || run.kept !== undefined)) runs.byRule.set(rule.id, run);
    } catch (error) {
      onError(rule, error);
    }
  }
  return found;
}

/** A fix whose edits have spans of their own. */
const ownSpans = (fix: Fix): Fix => ({ title: fix.title, edits: fix.edits.map((edit) => ({ span: { start: edit.span.start, end: edit.span.end }, newText: edit.newText })) });

/** Each stage's place in the file: pipelines in order, then stages in order (the order rules report in). */
function stageOrder(context: Pick<RuleContext, "analysis">): Map<StageSymbol, number> {
  const order = new Map<StageSymbol, number>();
  for (const pipeline of context.analysis.model.pipelines) for (const stage of pipeline.stageList) order.set(stage, order.size);
  return order;
}

/**
 * The findings of the edited component just found (`run`) and the previous ones of every other stage,
 * moved with the text, in the order a whole run reports them: by stage, each stage's in report order.
 */
function merge(run: RuleRun, previous: RuleRun, edit: RuleEdit, order: Map<StageSymbol, number>): void {
  const kept: RuleDiagnostic[] = [];
  const keptStages: StageSymbol[] = [];
  for (let i = 0; i < previous.found.length; i++) {
    const stage = previous.stages[i]!;
    if (edit.component.has(stage)) continue;
    kept.push(previous.found[i]);
    keptStages.push(stage);
  }
  moved(kept, edit.oldEnd, edit.delta);
  const found: RuleDiagnostic[] = [];
  const stages: (StageSymbol | undefined)[] = [];
  let k = 0;
  let f = 0;
  while (k < kept.length || f < run.found.length) {
    const takeKept = f >= run.found.length || (k < kept.length && order.get(keptStages[k])! < order.get(run.stages[f]!)!);
    found.push(takeKept ? kept[k] : run.found[f]);
    stages.push(takeKept ? keptStages[k++] : run.stages[f++]);
  }
  run.found = found;
  run.stages = stages;
}
