// What a credit-conservation rule is: an id, the principle it enforces, a
// default severity, a check over a checked document, and fixes as text edits.
import type { Catalog } from "../catalog/catalog";
import type { PipelineCost } from "../cost/estimate";
import type { CostSettings } from "../cost/format";
import type { PhasedCost } from "../cost/phases";
import type { Analysis } from "../analysis/analyze";
import type { StageSymbol } from "../analysis/model";
import type { Span } from "../parser/ast";
import type { Severity } from "../parser/diagnostic";

export interface TextEdit {
  span: Span;
  newText: string;
}

export interface Fix {
  /** What the fix does, as a command: "Disable native audio". The saving is added when it is offered. */
  title: string;
  edits: TextEdit[];
}

/** A fix whose edits are worked out when first read. */
export function lazyFix(title: string, edits: () => TextEdit[]): Fix {
  let made: TextEdit[] | undefined;
  return {
    title,
    get edits() {
      return (made ??= edits());
    },
  };
}

export interface RuleReport {
  message: string;
  span: Span;
  fixes?: Fix[];
  /** `unnecessary` fades the text (an unused stage). */
  tags?: ("unnecessary" | "deprecated")[];
  /** The stage the finding is about: required of a rule of `scope: "component"`. */
  stage?: StageSymbol;
  /** A severity for this finding when the user has not set one for the rule (over-budget: error over, warning near). */
  severity?: Severity;
}

/** What a rule sees: the document as analysed and priced. Read-only. */
export interface RuleContext {
  text: string;
  analysis: Analysis;
  /** Each pipeline priced in its current phase. */
  costs: PipelineCost[];
  /** Each pipeline priced in both phases and as the whole job (draft, then what the final generates again). */
  phases: PhasedCost[];
  settings: CostSettings;
  catalog: Catalog;
  /** The rule's options from `"rules": { "<id>": ["warning", { … }] }`; `{}` when none are set. */
  options: Record<string, unknown>;
  /** For a rule of `scope: "component"`: check only these stages (an edit's; the runner keeps the others' findings). */
  only?: ReadonlySet<StageSymbol>;
  /**
   * For a rule that keeps what it worked out (`keep`): set after an edit inside one stage's block, when
   * the previous check's run can be built on (same rule setting, cost settings and line break).
   */
  edited?: RuleEdited;
  /** Keeps what this run worked out for the next check's `edited.kept`; that check takes it over and may change it. */
  keep?(kept: unknown): void;
  report(report: RuleReport): void;
}

/**
 * An edit inside one stage's block since the previous check. Only that stage's settings may have changed
 * (names, references, presets and the stage list are the same, or the file is checked whole); what it
 * and the stages downstream of it make, and their cost, may have.
 */
export interface RuleEdited {
  stage: StageSymbol;
  /** The edited stage and every stage downstream of it. */
  checked: ReadonlySet<StageSymbol>;
  /** What the rule kept in the previous check. */
  kept: unknown;
}

export interface Rule {
  /** Stable id: the diagnostic's `code`, the docs page `docs/rules/<id>.md`, the key in `"rules"`. */
  id: string;
  /** The credit-conservation principle it enforces, in a few words ("Don't generate what you'll replace"). */
  principle: string;
  /** One sentence for the docs index and the README. */
  description: string;
  defaultSeverity: Exclude<Severity, "hint"> | "hint";
  /**
   * False when the fix is not one to apply unasked, so it is offered on its own and left
   * out of "fix all": it may raise the estimate on purpose (stills-first adds a cheap still),
   * or it saves nothing and reshapes the file (reuse-preset names a new preset).
   */
  inFixAll?: boolean;
  /**
   * `component`: each finding is about one stage, and depends only on the stages connected to it in the
   * graph (what it reads and what reads it, and theirs), its pipeline's own settings, the stages' names
   * and the catalog. Such a rule checks only the stages in `context.only` when it is set, and names the
   * stage of each finding in `report({ stage })`: after an edit inside one stage, the runner checks that
   * stage's component again and keeps the rest (rules/runner.ts). Without it a rule runs whole every time.
   */
  scope?: "component";
  check(context: RuleContext): void;
}
