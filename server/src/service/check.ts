// One document, fully checked: syntax, meaning, cost and the credit-conservation
// rules. The server and the CLI both call this, so they always agree.
import { Analysis, AnalyzeOptions, analyzeSteps, PreviousVersion } from "../analysis/analyze";
import { editFor } from "../analysis/units";
import { finish, Steps } from "../analysis/steps";
import { loadDefaultCatalog } from "../catalog/catalog";
import { estimatePipeline, forPipeline, PipelineCost, repriced } from "../cost/estimate";
import { CostSettings, defaultCostSettings } from "../cost/format";
import { estimatePhases, PhasedCost } from "../cost/phases";
import type { Diagnostic } from "../parser/diagnostic";
import { allRules } from "../rules";
import type { Rule } from "../rules/rule";
import { RuleRuns, RuleSetting, runRulesSteps } from "../rules/runner";
import { eol } from "../rules/edits";
import { connectedTo } from "../analysis/graph";
import { nameBestFixes, rulesOff } from "./bestFix";

/** The document's previous version and its check: taken over by the next check (analysis/incremental.ts). */
export interface PreviousCheck extends PreviousVersion {
  /** Its costs, priced at `creditsPerUsd`: stages an edit did not touch keep their prices. */
  costs?: PipelineCost[];
  creditsPerUsd?: number;
  /** Its rules' findings, by rule. */
  rules?: RuleRuns;
}

export interface CheckOptions extends AnalyzeOptions {
  previous?: PreviousCheck;
  cost?: CostSettings;
  /** Rule severities by id (`"off"` silences one); rules not named keep their default. */
  rules?: Record<string, RuleSetting | undefined>;
  /** Told when a rule throws; the other rules still run. */
  onRuleError?: (rule: Rule, error: unknown) => void;
  /** False skips naming the best fix in over-budget findings (it prices the file once per candidate). */
  bestFixes?: boolean;
}

export interface CheckedDocument {
  text: string;
  analysis: Analysis;
  /** Each pipeline priced in its current phase (its `mode`), from scratch. */
  costs: PipelineCost[];
  /** Each pipeline priced in both phases and as a whole job; same order as `costs`. */
  phases: PhasedCost[];
  settings: CostSettings;
  /** Language problems and rule findings, in source order; rule findings carry their fixes. */
  diagnostics: Diagnostic[];
  /** The options it was checked with, less the previous version (checks of fixed texts start afresh). */
  options: CheckOptions;
}

/** A finished check as the previous version of the next: whoever passes it on must not read it again. */
export function asPrevious(checked: CheckedDocument): PreviousCheck {
  return {
    text: checked.text, parse: checked.analysis.parse, analysis: checked.analysis, costs: checked.costs, creditsPerUsd: checked.settings.creditsPerUsd, rules: ruleRuns.get(checked),
  };
}

/** Each check's rule runs, which the next check keeps what it can of. */
const ruleRuns = new WeakMap<CheckedDocument, RuleRuns>();

export function checkDocument(text: string, options: CheckOptions = {}): CheckedDocument {
  return finish(checkSteps(text, options));
}

/** `checkDocument` in steps: the analysis's, then one a pipeline priced, a rule run and a best fix priced. */
export function* checkSteps(text: string, options: CheckOptions = {}): Steps<CheckedDocument> {
  const analysis = yield* analyzeSteps(text, options);
  const settings = options.cost ?? defaultCostSettings;
  const diagnostics = [...analysis.diagnostics];
  const costs: PipelineCost[] = [];
  const phases: PhasedCost[] = [];
  // After an edit inside one stage, only it and what is downstream of it are priced again.
  const edit = editFor(analysis);
  const before = edit && options.previous?.creditsPerUsd === settings.creditsPerUsd ? options.previous.costs : undefined;
  for (const pipeline of analysis.model.pipelines) {
    yield;
    try {
      const kept = before && forPipeline(before, pipeline);
      const current = !kept ? estimatePipeline(pipeline, settings.creditsPerUsd) : pipeline === edit!.pipeline ? repriced(kept, edit!.checked, settings.creditsPerUsd) : kept;
      const phased = estimatePhases(pipeline, settings.creditsPerUsd, current);
      costs.push(current);
      phases.push(phased);
    } catch (error) {
      diagnostics.push({ code: "internal", message: `internal error while estimating this pipeline; please report it: ${String(error)}`, severity: "error", span: pipeline.decl.keyword });
    }
  }
  const catalog = options.catalog ?? loadDefaultCatalog();
  const onError = options.onRuleError ?? (() => undefined);
  // After an edit inside one stage, rules that read a stage's component only check the edited one's again.
  const runs: RuleRuns = { costSettings: "", byRule: new Map() };
  const previousRuns = edit && options.previous?.rules;
  const ruleEdit = previousRuns && eol(options.previous!.text) === eol(text)
    ? { stage: edit.stage, checked: edit.checked, component: connectedTo(edit.stage), oldEnd: edit.oldEnd, delta: edit.delta, previous: previousRuns }
    : undefined;
  diagnostics.push(...(yield* runRulesSteps(allRules, { text, analysis, costs, phases, settings, catalog }, options.rules ?? {}, onError, ruleEdit, runs)));
  diagnostics.sort((a, b) => a.span.start - b.span.start);
  const { previous: _previous, onParsed: _onParsed, ...checkedWith } = options;
  const document = { text, analysis, costs, phases, settings, diagnostics, options: checkedWith };
  ruleRuns.set(document, runs);
  if (checkedWith.rules !== rulesOff && checkedWith.bestFixes !== false) yield* nameBestFixes(document, checkSteps);
  return document;
}
