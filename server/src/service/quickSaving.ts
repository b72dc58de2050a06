// What a quick fix saves, without pricing the whole file again, when the fix only changes the settings
// of one stage (most fixes: a lower draft resolution, audio off, one version, a cheaper model), or also
// inserts whole stages that stage comes to read (stills-first: a still and its keyframe before a video).
// The stages are read from their edited or inserted text, and only they and what is downstream of the
// edited stage are priced again. Anything else (edits in two stages' blocks, a one-stage edit that changes
// its references, text that does not read cleanly, a new name already taken) gives undefined, and the
// caller prices the file with the fix applied. test/unit/quickSaving.test.ts checks that both ways give the same saving for every fix
// of the samples, fixtures and fuzzed files.
import { checkStagePhases } from "../analysis/analyze";
import { forEachReference } from "../analysis/graph";
import type { StageSymbol } from "../analysis/model";
import { referenceProperties, stageKinds } from "../analysis/schema";
import { readStageSettings } from "../analysis/settings";
import { loadDefaultCatalog } from "../catalog/catalog";
import { forPipeline } from "../cost/estimate";
import { totalWithNewStages, totalWithStandIn } from "../cost/whatIf";
import type { Property, Stage, Value } from "../parser/ast";
import { parseStageAlone, parseStagesAlone } from "../parser/reparse";
import { applyEdits } from "../rules/edits";
import { hasUnresolvedReference } from "../rules/support";
import type { Fix } from "../rules/rule";
import type { CheckedDocument } from "./check";

/** What `fix` saves in the current phase's total, or undefined when only pricing the fixed file can tell. */
export function quickSaving(document: CheckedDocument, fix: Fix): number | undefined {
  return oneStageSaving(document, fix) ?? newStagesSaving(document, fix);
}

/** A fix whose edits all lie in one stage's block: that stage read again, it and what is downstream of it priced again. */
function oneStageSaving(document: CheckedDocument, fix: Fix): number | undefined {
  const stage = stageEditedBy(document, fix);
  const cost = stage && forPipeline(document.costs, stage.pipeline);
  if (!stage || !cost || !stage.kind) return undefined;
  const { start, end } = stage.decl.span;
  const edited = applyEdits(document.text.slice(start, end), fix.edits.map((e) => ({ ...e, span: { start: e.span.start - start, end: e.span.end - start } })));
  const decl = parseStageAlone(edited, start)?.stage;
  if (!decl || decl.kind.text !== stage.decl.kind.text || decl.name?.text !== stage.name || !sameReferences(stage.decl, decl)) return undefined;

  // The stage as the analysis would read it now: its settings and models in each phase, in the same graph.
  const settings = new Map();
  const standIn: StageSymbol = {
    ...stage, decl, settings, phaseSettings: { draft: settings, final: settings }, phaseModels: {}, model: undefined,
  };
  const ignore = () => undefined;
  readStageSettings(standIn, document.analysis.model, ignore);
  const catalog = document.options.catalog ?? loadDefaultCatalog();
  checkStagePhases(standIn, catalog, ignore, { pricingOnly: true, today: document.options.today, onePhase: false });
  return cost.usd - totalWithStandIn(cost, stage, standIn, document.settings.creditsPerUsd);
}

/**
 * A fix that inserts whole stages between two of the pipeline's items and edits one stage's block so it
 * reads them (stills-first: a still and its keyframe, and the video's `start:`): the new stages and the
 * edited one read as the analysis would read them, priced with what is downstream of the edited stage.
 */
function newStagesSaving(document: CheckedDocument, fix: Fix): number | undefined {
  // The edits inside a stage's block, and the one outside every block, which inserts the new stages.
  const inBlock = fix.edits.filter((edit) => stageEditedBy(document, { ...fix, edits: [edit] }) !== undefined);
  const insertions = fix.edits.filter((edit) => !inBlock.includes(edit));
  const insertsStages = insertions.length === 1 && insertions[0].span.start === insertions[0].span.end;
  const stage = insertsStages && inBlock.length > 0 ? stageEditedBy(document, { ...fix, edits: inBlock }) : undefined;
  const cost = stage && forPipeline(document.costs, stage.pipeline);
  if (!stage || !cost || !stage.kind) return undefined;
  const pipeline = stage.pipeline;
  // A reference that names nothing now might name a new stage: then more than the edited stage reads them.
  if (hasUnresolvedReference(pipeline)) return undefined;
  const at = insertions[0].span.start;
  if (at <= pipeline.decl.span.start || at >= pipeline.decl.span.end - 1 || pipeline.stageList.some((s) => s.decl.span.start < at && at < s.decl.span.end)) return undefined;
  const inserted = parseStagesAlone(insertions[0].newText)?.stages;
  const { start, end } = stage.decl.span;
  const edited = applyEdits(document.text.slice(start, end), inBlock.map((e) => ({ ...e, span: { start: e.span.start - start, end: e.span.end - start } })));
  const decl = parseStageAlone(edited, start)?.stage;
  if (!inserted || !decl || decl.kind.text !== stage.decl.kind.text || decl.name?.text !== stage.name) return undefined;

  // Each new stage and the edited one as the analysis would read them; their references by name.
  const catalog = document.options.catalog ?? loadDefaultCatalog();
  const ignore = () => undefined;
  const read = (stageDecl: Stage, base?: StageSymbol): StageSymbol | undefined => {
    const kind = stageKinds.find((k) => k === stageDecl.kind.text);
    const settings = new Map();
    const symbol: StageSymbol = {
      ...(base ?? {}), name: stageDecl.name?.text ?? "", kind, decl: stageDecl, pipeline, settings, phaseSettings: { draft: settings, final: settings }, phaseModels: {}, model: undefined, inputs: [], consumers: [],
    };
    if (!kind || !symbol.name) return undefined;
    readStageSettings(symbol, document.analysis.model, ignore);
    return symbol;
  };
  const added = inserted.map((d) => read(d));
  const standIn = read(decl, stage);
  const byName = new Map<string, StageSymbol>();
  for (const symbol of added) {
    if (!symbol || pipeline.stages.has(symbol.name) || byName.has(symbol.name)) return undefined; // a name taken: the analysis would say so
    byName.set(symbol.name, symbol);
  }
  if (!standIn) return undefined;
  for (const symbol of [...(added as StageSymbol[]), standIn]) {
    let resolved = true;
    forEachReference(symbol, (property, ref) => {
      const from = byName.get(ref.text) ?? pipeline.stages.get(ref.text);
      // A reference the check would not resolve, or one back to the edited stage: the whole file tells.
      if (!from || from === stage) resolved = false;
      else symbol.inputs.push({ property, from, to: symbol, ref });
    });
    if (!resolved) return undefined;
    checkStagePhases(symbol, catalog, ignore, { pricingOnly: true, today: document.options.today, onePhase: false });
  }
  return cost.usd - totalWithNewStages(cost, stage, standIn, added as StageSymbol[], document.settings.creditsPerUsd);
}

/** The one stage whose block holds every edit of the fix (after its name, before its closing brace). */
function stageEditedBy(document: CheckedDocument, fix: Fix): StageSymbol | undefined {
  if (fix.edits.length === 0) return undefined;
  const first = fix.edits[0].span.start;
  for (const pipeline of document.analysis.model.pipelines) {
    if (first < pipeline.decl.span.start || first > pipeline.decl.span.end) continue;
    for (const stage of pipeline.stageList) {
      const { decl } = stage;
      const inside = (decl.name ?? decl.kind).span.end;
      const closing = decl.span.end - 1;
      if (fix.edits.every((e) => e.span.start >= inside && e.span.end <= closing) && document.text[closing] === "}") return stage;
    }
  }
  return undefined;
}

/** Whether both read the same stages (`from:`, `start:`, …, as written): then the graph is the same. */
function sameReferences(before: Stage, after: Stage): boolean {
  return referencesOf(before.properties) === referencesOf(after.properties);
}

function referencesOf(properties: Property[]): string {
  const written = (value: Value | undefined): string =>
    !value ? "" : value.type === "list" ? value.items.map(written).join(",") : value.type === "word" ? `${value.text}[${value.index ?? ""}]` : `${value.type}?`;
  return properties.filter((p) => referenceProperties.includes(p.key.text)).map((p) => `${p.key.text}:${written(p.value)}`).join(";");
}
