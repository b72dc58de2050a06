// What a quick fix saves, without pricing the whole file again, when the fix only changes the settings
// of one stage (most fixes: a lower draft resolution, audio off, one version, a cheaper model). The
// stage is read again from its edited text, and only it and what is downstream of it are priced again.
// Anything else (edits outside one stage's block, a changed reference, text that does not read cleanly)
// gives undefined, and the caller prices the file with the fix applied. test/unit/quickSaving.test.ts
// checks that both ways give the same saving for every fix of the samples, fixtures and fuzzed files.
import { checkStagePhases } from "../analysis/analyze";
import type { StageSymbol } from "../analysis/model";
import { referenceProperties } from "../analysis/schema";
import { readStageSettings } from "../analysis/settings";
import { loadDefaultCatalog } from "../catalog/catalog";
import { forPipeline } from "../cost/estimate";
import { totalWithStandIn } from "../cost/whatIf";
import type { Property, Stage, Value } from "../parser/ast";
import { parseStageAlone } from "../parser/reparse";
import { applyEdits } from "../rules/edits";
import type { Fix } from "../rules/rule";
import type { CheckedDocument } from "./check";

/** What `fix` saves in the current phase's total, or undefined when only pricing the fixed file can tell. */
export function quickSaving(document: CheckedDocument, fix: Fix): number | undefined {
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
