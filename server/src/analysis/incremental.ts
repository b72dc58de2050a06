// Checking a new version after an edit inside one stage's block (parser/reparse.ts says which stage): the
// stage's settings are read again, and it and every stage downstream of it checked again; the previous
// analysis's other symbols and problems are kept. The tree moved in place, so kept symbols point at the
// right nodes; kept problems have spans of their own and are moved by the change in length. An edit that
// may change more (the stage's references, a phase block that makes the pipeline two-phased, the presets,
// another catalog or date) checks the whole file. test/unit/incremental.test.ts checks that the result
// equals a full analysis for edits all over the samples, fixtures and corpora.
import type { Catalog } from "../catalog/catalog";
import type { Diagnostic } from "../parser/diagnostic";
import type { ParseResult } from "../parser/parse";
import type { StageEdit } from "../parser/reparse";
import { Analysis, AnalyzeOptions, checkStagePhases, collectPresets, finalList, guarded, hasOnePhase } from "./analyze";
import { forgetFlows } from "./generations";
import { downstreamOf, findCycles, forEachReference, recheckReferences, resolveReference } from "./graph";
import type { PipelineSymbol, PresetSymbol, StageSymbol } from "./model";
import { checkOffered } from "./offered";
import { readStageSettings } from "./settings";
import { allOf, AnalysisUnits, detached, moved, rememberEdit, rememberUnits, reportInto, stageReport, unitsFor } from "./units";
import type { Report } from "./values";

/** The analysis of the edited file from `previous` (which it takes over), or undefined when the file must be analysed whole. */
export function reanalyze(previous: Analysis, parsed: ParseResult, edit: StageEdit, options: AnalyzeOptions, catalog: Catalog): Analysis | undefined {
  const units = unitsFor(previous);
  if (!units || options.pricingOnly || units.catalog !== catalog || units.today !== options.today || units.path !== options.path) return undefined;
  const { model } = previous;
  const index = parsed.file.pipelines.indexOf(edit.pipeline);
  const pipeline = model.pipelines[index];
  const pipelineUnits = units.pipelines[index];
  if (model.pipelines.length !== parsed.file.pipelines.length || !pipeline || pipeline.decl !== edit.pipeline || !pipelineUnits) return undefined;
  const stage = pipeline.stageList[edit.index];
  if (!stage || stage.decl !== edit.before) return undefined;
  // A check that failed may have left its symbols half made.
  if (allOf(units, []).some((d) => d.code === "internal")) return undefined;

  // The presets again: a `use`d file may have changed since.
  const presets = new Map<string, PresetSymbol>();
  const dependencies: string[] = [];
  const presetProblems: Diagnostic[] = [];
  let complete: boolean;
  try {
    complete = collectPresets(parsed.file, options, catalog, presets, dependencies, into(presetProblems));
  } catch {
    return undefined;
  }
  if (complete !== model.presetsComplete || !samePresets(presets, model.presets)) return undefined;

  // The edited stage read again, in place: other stages' edges point at this symbol.
  const references = referencesOf(stage);
  const shared = new Map();
  stage.decl = edit.after;
  stage.phaseSettings = { draft: shared, final: shared };
  stage.settings = shared;
  stage.phaseModels = {};
  stage.model = undefined;
  // Read into a list of its own: the kept problems are moved below, and these are where they are.
  const settings: Diagnostic[] = [];
  const reportSettings = into(settings);
  guarded(stage.decl.span, reportSettings, () => readStageSettings(stage, model, reportSettings));
  if (referencesOf(stage) !== references || !repointEdges(pipeline, stage)) return undefined;
  const onePhase = hasOnePhase(pipeline);
  if (onePhase !== pipelineUnits.onePhase) return undefined;

  // What was kept moves with the text after the edit; what the edit may change is worked out again.
  const move = (list: Diagnostic[]) => moved(list, edit.oldEnd, edit.delta);
  units.presets = presetProblems;
  units.file = move(units.file);
  for (const other of units.pipelines) {
    other.own = move(other.own);
    for (const kept of other.stages.values()) {
      kept.header = move(kept.header);
      kept.settings = move(kept.settings);
      kept.checks = move(kept.checks);
    }
    other.outputs = move(other.outputs);
    other.cycles = move(other.cycles);
  }
  const own = pipelineUnits.stages.get(stage);
  if (own) own.settings = settings;
  else if (settings.length > 0) pipelineUnits.stages.set(stage, { header: [], settings, checks: [] });
  const checked = downstreamOf(stage);
  recheck(pipeline, checked, units.pipelines[index], catalog, options.today, onePhase);

  const analysis: Analysis = { parse: parsed, model, diagnostics: finalList(allOf(units, [])), dependencies };
  rememberUnits(analysis, units);
  rememberEdit(analysis, { pipeline, stage, checked, oldEnd: edit.oldEnd, delta: edit.delta });
  return analysis;
}

const into = (list: Diagnostic[]): Report => (d) => list.push(detached(d));

/** Checks again the stages `dirty` (an edited stage and what is downstream of it), as a full analysis checks them, in its order. */
function recheck(pipeline: PipelineSymbol, dirty: Set<StageSymbol>, units: AnalysisUnits["pipelines"][number], catalog: Catalog, today: string | undefined, onePhase: boolean): void {
  const checksOf = (stage: StageSymbol) => stageReport(units, stage, "checks");
  const inOrder = pipeline.stageList.filter((stage) => dirty.has(stage));
  for (const stage of inOrder) {
    forgetFlows(stage);
    const own = units.stages.get(stage);
    if (own) own.checks = [];
  }
  for (const stage of inOrder) {
    const report = checksOf(stage);
    guarded(stage.decl.span, report, () => recheckReferences(pipeline, stage, report));
  }
  for (const stage of inOrder) {
    const report = checksOf(stage);
    guarded(stage.decl.span, report, () => checkStagePhases(stage, catalog, report, { pricingOnly: false, today, onePhase }));
  }
  const own = into(units.own);
  guarded(pipeline.decl.keyword, own, () => checkOffered(pipeline, (stage, diagnostic) => reportInto(units, stage, "checks", diagnostic), dirty));
  // An index past a stage's `count` on the `output` line, or a cycle closing at the edited stage, reads again.
  units.outputs = [];
  for (const output of pipeline.decl.outputs) for (const ref of output.refs) resolveReference(pipeline, ref, into(units.outputs));
  if (units.cycles.length > 0) {
    units.cycles = [];
    findCycles(pipeline, into(units.cycles));
  }
}

/** The stage's references as one string: equal strings link the same edges. */
function referencesOf(stage: StageSymbol): string {
  let key = "";
  forEachReference(stage, (property, ref) => (key += `${property}:${ref.text}[${ref.index ?? ""}] `));
  return key;
}

/** Points the stage's edges at its new reference nodes (the same names, in the same order); false when they do not line up. */
function repointEdges(pipeline: PipelineSymbol, stage: StageSymbol): boolean {
  let next = 0;
  let aligned = true;
  forEachReference(stage, (property, ref) => {
    const target = pipeline.stages.get(ref.text);
    if (!target) return;
    const edge = stage.inputs[next++];
    if (!edge || edge.property !== property || edge.from !== target) aligned = false;
    else edge.ref = ref;
  });
  return aligned && next === stage.inputs.length;
}

function samePresets(now: Map<string, PresetSymbol>, before: Map<string, PresetSymbol>): boolean {
  if (now.size !== before.size) return false;
  for (const [name, preset] of now) {
    const old = before.get(name);
    if (!old || old.decl !== preset.decl || old.path !== preset.path) return false;
  }
  return true;
}
