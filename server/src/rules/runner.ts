// Runs the enabled rules over a checked document. A rule that throws is
// reported to the caller once and the others go on.
import { finish, Steps } from "../analysis/steps";
import type { Diagnostic, Severity } from "../parser/diagnostic";
import type { StageSymbol } from "../analysis/model";
import { moved } from "../analysis/units";
import { firstFrom } from "../parser/spans";
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
  /** Whether every finding names its stage: only then can the next check keep some of them. */
  named: boolean;
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
    const kept = component && before?.named ? before : undefined;
    const run: RuleRun = { setting: settingJson, found: [], stages: [], named: true };
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
          if (!stage) run.named = false;
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

/** Each model's stage places: a check after an edit inside one stage keeps the model and its stage lists. */
const stageOrders = new WeakMap<RuleContext["analysis"]["model"], { lists: readonly StageSymbol[][]; size: number; order: Map<StageSymbol, number> }>();

/** Each stage's place in the file: pipelines in order, then stages in order (the order rules report in). */
function stageOrder(context: Pick<RuleContext, "analysis">): Map<StageSymbol, number> {
  const { model } = context.analysis;
  const lists = model.pipelines.map((pipeline) => pipeline.stageList);
  const known = stageOrders.get(model);
  const size = lists.reduce((sum, list) => sum + list.length, 0);
  if (known && known.size === size && known.lists.length === lists.length && known.lists.every((list, i) => list === lists[i])) return known.order;
  const order = new Map<StageSymbol, number>();
  for (const list of lists) for (const stage of list) order.set(stage, order.size);
  stageOrders.set(model, { lists, size, order });
  return order;
}

/**
 * The findings of the edited component just found (`run`) and the previous ones of every other stage,
 * moved with the text, in the order a whole run reports them: by stage, each stage's in report order.
 * Findings come stage by stage, so a stage's previous findings are one stretch, found by binary search
 * on the stages' places: the stretches between the component's stages are copied whole.
 */
function merge(run: RuleRun, previous: RuleRun, edit: RuleEdit, order: Map<StageSymbol, number>): void {
  moved(previous.found, edit.oldEnd, edit.delta);
  const n = previous.found.length;
  /** The first previous finding of a stage at `place` or after. */
  const firstOf = (place: number) => firstFrom(previous.stages, place, (stage) => order.get(stage!)!);
  const places = [...edit.component].map((stage) => order.get(stage)).filter((place): place is number => place !== undefined).sort((a, b) => a - b);
  const found: RuleDiagnostic[] = [];
  const stages: (StageSymbol | undefined)[] = [];
  const keep = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      found.push(previous.found[i]);
      stages.push(previous.stages[i]);
    }
  };
  let from = 0;
  let f = 0;
  for (const place of places) {
    const at = firstOf(place);
    keep(from, at);
    for (; f < run.found.length && order.get(run.stages[f]!) === place; f++) {
      found.push(run.found[f]);
      stages.push(run.stages[f]);
    }
    from = firstOf(place + 1);
  }
  keep(from, n);
  // A rule of this scope names only stages it was asked to check (`only`): anything else is its bug, reported as the rule failing.
  if (f < run.found.length) throw new Error("a finding names a stage outside the edited component");
  run.found = found;
  run.stages = stages;
}
