// The outline of a file as plain data: its presets and pipelines in source order, each pipeline's stages,
// and each stage's `draft { }` / `final { }` blocks, with what they are and what they cost in the detail:
// `pipeline · ≈ 84 of 150 credits` (the pipeline's code lens), `video · ray-2 · 40 credits`, `preset`.
import type { StageSymbol } from "../analysis/model";
import type { Phase } from "../analysis/schema";
import type { PipelineCost, StageCost } from "../cost/estimate";
import { formatAmount } from "../cost/format";
import type { PhasedCost } from "../cost/phases";
import type { PhaseBlock, Span, Stage } from "../parser/ast";
import type { CheckedDocument } from "./check";
import { pipelineLensTitle } from "./lenses";

export interface OutlineSymbol {
  name: string;
  /** What it is and what it costs: `video · ray-2 · 40 credits`. */
  detail: string;
  kind: "pipeline" | "stage" | "preset" | "phase";
  /** The whole declaration. */
  span: Span;
  /** Its name (or its keyword, when it has no name yet): what the editor selects. */
  selection: Span;
  children: OutlineSymbol[];
}

const unnamed = "(unnamed)";

export function documentSymbols(document: CheckedDocument): OutlineSymbol[] {
  const { file } = document.analysis.parse;
  const pipelines = new Map(document.analysis.model.pipelines.map((p) => [p.decl, p]));
  const costs = new Map(document.phases.map((cost, i) => [cost.pipeline.decl, { phased: cost, current: document.costs[i] }]));
  const symbols: OutlineSymbol[] = [];
  for (const preset of file.presets) {
    const children = preset.phases.map((phase) => phaseSymbol(phase, ""));
    symbols.push({ name: preset.name?.text || unnamed, detail: "preset", kind: "preset", span: preset.span, selection: preset.name?.span ?? preset.span, children });
  }
  for (const decl of file.pipelines) {
    const cost = costs.get(decl);
    // The symbols are made from the stages in order: the symbol at a stage's index is its own (else looked up).
    const list = pipelines.get(decl)?.stageList ?? [];
    let stages: Map<Stage, StageSymbol> | undefined;
    const symbolOf = (stage: Stage, i: number) => (list[i]?.decl === stage ? list[i] : (stages ??= new Map(list.map((s) => [s.decl, s]))).get(stage));
    const children = decl.stages.map((stage, i) => stageSymbol(stage, symbolOf(stage, i), cost, document));
    const detail = cost ? `pipeline · ${pipelineLensTitle(cost.phased, document)}` : "pipeline";
    symbols.push({ name: decl.name?.text || unnamed, detail, kind: "pipeline", span: decl.span, selection: decl.name?.span ?? decl.keyword, children });
  }
  return symbols.sort((a, b) => a.span.start - b.span.start);
}

/**
 * Each stage's entry, kept with its node and what its detail was read from (the symbol, its settings and
 * models, its cost in each phase, the cost settings): a check after an edit keeps the nodes, symbols and
 * costs of the stages the edit did not reach, so their entries are not written again. The spans are the
 * node's own, which move with the text.
 */
const stageEntries = new WeakMap<Stage, { reads: Reads; entry: OutlineSymbol }>();

interface Reads {
  symbol?: StageSymbol;
  settings?: StageSymbol["settings"];
  model?: StageSymbol["model"];
  phaseSettings?: StageSymbol["phaseSettings"];
  phaseModels?: StageSymbol["phaseModels"];
  costSettings: CheckedDocument["settings"];
  current?: StageCost;
  draft?: StageCost;
  final?: StageCost;
}

function stageSymbol(stage: Stage, symbol: StageSymbol | undefined, cost: { phased: PhasedCost; current: PipelineCost } | undefined, document: CheckedDocument): OutlineSymbol {
  const current = symbol && cost?.current.stages.get(symbol);
  const draft = symbol && cost?.phased.draft.stages.get(symbol);
  const final = symbol && cost?.phased.final.stages.get(symbol);
  const kept = stageEntries.get(stage);
  const was = kept?.reads;
  if (
    was && was.symbol === symbol && was.settings === symbol?.settings && was.model === symbol?.model && was.phaseSettings === symbol?.phaseSettings
    && was.phaseModels === symbol?.phaseModels && was.costSettings === document.settings && was.current === current && was.draft === draft && was.final === final
  ) return kept.entry;
  const entry = readStageSymbol(stage, symbol, cost, document);
  const reads: Reads = { symbol, settings: symbol?.settings, model: symbol?.model, phaseSettings: symbol?.phaseSettings, phaseModels: symbol?.phaseModels, costSettings: document.settings, current, draft, final };
  stageEntries.set(stage, { reads, entry });
  return entry;
}

function readStageSymbol(stage: Stage, symbol: StageSymbol | undefined, cost: { phased: PhasedCost; current: PipelineCost } | undefined, document: CheckedDocument): OutlineSymbol {
  const detail = [stage.kind.text];
  if (symbol?.kind && cost) detail.push(...modelAndCost(symbol, cost.current, document));
  const children = stage.phases.map((phase) => {
    const which = phase.keyword.text;
    if (!symbol?.kind || !cost || (which !== "draft" && which !== "final")) return phaseSymbol(phase, "");
    return phaseSymbol(phase, modelAndCost(symbol, cost.phased[which as Phase], document, which as Phase).join(" · "));
  });
  return { name: stage.name?.text || unnamed, detail: detail.join(" · "), kind: "stage", span: stage.span, selection: stage.name?.span ?? stage.kind.span, children };
}

/** `ray-2`, `40 credits` (or `free`, `price unknown`, `… · 4 generations`): as the stage's code lens says it, in `phase` (the current one by default). */
function modelAndCost(stage: StageSymbol, cost: PipelineCost, document: CheckedDocument, phase?: Phase): string[] {
  const parts: string[] = [];
  const written = (phase ? stage.phaseSettings[phase] : stage.settings).get("model")?.value;
  const model = (phase ? stage.phaseModels[phase] : stage.model)?.id ?? (written?.type === "word" ? written.text : undefined);
  if (model) parts.push(model);
  const stageCost = cost.stages.get(stage);
  if (stage.kind === "keyframe" || stage.kind === "sequence") parts.push("free");
  else if (!stageCost) return parts;
  else if (!stageCost.unit || "missing" in stageCost.unit) parts.push("price unknown");
  else {
    parts.push(formatAmount(stageCost.usd, document.settings));
    if (stageCost.generations > 1) parts.push(`${stageCost.generations} generations`);
  }
  return parts;
}

function phaseSymbol(phase: PhaseBlock, detail: string): OutlineSymbol {
  return { name: phase.keyword.text, detail, kind: "phase", span: phase.span, selection: phase.keyword.span, children: [] };
}
