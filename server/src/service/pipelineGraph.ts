// The pipeline as a graph: its stages (with what each costs in both phases and its share of the
// job), the edges between them (with fan-out), the presets they use, and the subtotals by kind.
// Plain data in offsets: the webview, `gen graph` and any editor draw this same answer.
import { fanOutInputs } from "../analysis/generations";
import { referencedWords, StageSymbol } from "../analysis/model";
import type { StageKind } from "../analysis/schema";
import type { PipelineCost } from "../cost/estimate";
import type { CostSettings } from "../cost/format";
import { hasPhases, PhasedCost } from "../cost/phases";
import type { Span } from "../parser/ast";
import type { Severity } from "../parser/diagnostic";
import { firstFrom } from "../parser/spans";
import type { CheckedDocument } from "./check";

export interface GraphFinding {
  code: string;
  severity: Severity;
  message: string;
}

export interface GraphNode {
  /** Unique in the graph: the stage's name (`name#2` for a repeated name), or `preset:name`. */
  id: string;
  /** A stage, or a preset its stages `use:`. */
  role: "stage" | "preset";
  name: string;
  /** The stage kind, as written when it is not one; `preset` for presets. */
  kind: string;
  /** The model of the current phase (the catalog's id, or as written when unknown). */
  model?: string;
  /** The final phase's model, when it differs. */
  finalModel?: string;
  /** What one generation is billed for in the current phase ("5s at 540p"). */
  quantity?: string;
  /** In the current phase: runs (fan-out), variations, billed generations, outputs passed on. */
  runs: number;
  count: number;
  generations: number;
  outputs: number;
  /** Each phase from scratch, and what the stage adds to the job (its draft, plus its final when regenerated). */
  draftUsd: number;
  finalUsd: number;
  jobUsd: number;
  /** jobUsd ÷ the pipeline's job (0 when the job is free). */
  share: number;
  /** The final phase generates it again. */
  regenerated: boolean;
  /** Keyframes and sequences: done locally. */
  free: boolean;
  output: boolean;
  /** Why there is no price: the totals leave the stage out. */
  unpriced?: string;
  /** What the price assumes because the file does not say ("no resolution given: priced at the cheapest, 540p"). */
  assumed?: string;
  /** Problems and rule findings inside the stage, in source order. */
  findings: GraphFinding[];
  /** The worst finding's severity. */
  severity?: Severity;
  /** The declaration, and where to put the cursor (its name). */
  span: Span;
  nameSpan: Span;
}

export type GraphEdgeKind = "from" | "start" | "end" | "over" | "clips" | "use";

export interface GraphEdge {
  from: string;
  to: string;
  kind: GraphEdgeKind;
  /** How many times `to` runs per this input: the input's outputs for an un-indexed from/start/end, else 1. */
  multiplicity: number;
  /** `hero[2]`: the variation taken. */
  index?: number;
}

export interface KindSubtotal {
  kind: StageKind;
  draftUsd: number;
  finalUsd: number;
  jobUsd: number;
}

export interface PipelineGraph {
  name: string;
  mode: "draft" | "final";
  modeWritten: boolean;
  /** The phases differ: draft, final and job are three figures. */
  phased: boolean;
  draftUsd: number;
  finalUsd: number;
  jobUsd: number;
  budgetUsd?: number;
  /** job ÷ budget. */
  budgetShare?: number;
  over: boolean;
  /** Kinds that cost something in some phase, in the order stages first use them. */
  byKind: KindSubtotal[];
  unpriced: string[];
  nodes: GraphNode[];
  edges: GraphEdge[];
  settings: CostSettings;
  span: Span;
  nameSpan: Span;
}

const severityRank: Record<Severity, number> = { error: 4, warning: 3, info: 2, hint: 1 };

const round = (usd: number) => Math.round(usd * 1e9) / 1e9;

/** Every pipeline of the document as a graph, in source order. */
export function pipelineGraphs(document: CheckedDocument): PipelineGraph[] {
  return document.costs.map((cost, i) => buildGraph(document, cost, document.phases[i]));
}

/** The graph of the pipeline named `name`, else of the one around `offset`, else the first; undefined without pipelines. */
export function pipelineGraph(document: CheckedDocument, choose: { name?: string; offset?: number } = {}): PipelineGraph | undefined {
  const index = pickPipeline(document, choose);
  return index === undefined ? undefined : buildGraph(document, document.costs[index], document.phases[index]);
}

/** Which pipeline a request means, by name or by position; undefined when a name is given and none has it. */
export function pickPipeline(document: CheckedDocument, choose: { name?: string; offset?: number }): number | undefined {
  const pipelines = document.costs.map((cost) => cost.pipeline);
  if (pipelines.length === 0) return undefined;
  if (choose.name !== undefined) {
    const i = pipelines.findIndex((p) => p.name === choose.name);
    return i < 0 ? undefined : i;
  }
  if (choose.offset !== undefined) {
    const at = choose.offset;
    const inside = pipelines.findIndex((p) => at >= p.decl.span.start && at <= p.decl.span.end);
    if (inside >= 0) return inside;
    // Between pipelines: the one just above the cursor.
    const above = pipelines.map((p, i) => [p.decl.span.end, i] as const).filter(([end]) => end <= at).pop();
    if (above) return above[1];
  }
  return 0;
}

/** The id of the stage node whose declaration holds `offset`, if any. */
export function stageAt(graph: PipelineGraph, offset: number): string | undefined {
  return graph.nodes.find((node) => node.role === "stage" && offset >= node.span.start && offset <= node.span.end)?.id;
}

function buildGraph(document: CheckedDocument, cost: PipelineCost, phased: PhasedCost): PipelineGraph {
  const { pipeline } = cost;
  const ids = new Map<StageSymbol, string>();
  const taken = new Set<string>();
  // The next number to try for a repeated name: a file may repeat one name thousands of times.
  const nextNumber = new Map<string, number>();
  pipeline.stageList.forEach((stage, i) => {
    const base = stage.name || "(unnamed)";
    let id = stage.name || `(unnamed)#${i + 1}`;
    for (let n = nextNumber.get(base) ?? 2; taken.has(id); n++) {
      id = `${base}#${n}`;
      nextNumber.set(base, n + 1);
    }
    taken.add(id);
    ids.set(stage, id);
  });
  const outputs = new Set(pipeline.outputs);
  const jobUsd = phased.jobUsd;
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const presets = new Map<string, GraphNode>();
  const byKind = new Map<StageKind, KindSubtotal>();

  for (const stage of pipeline.stageList) {
    const current = cost.stages.get(stage)!;
    const draftUsd = phased.draft.stages.get(stage)?.usd ?? 0;
    const finalUsd = phased.final.stages.get(stage)?.usd ?? 0;
    const regenerated = phased.regenerated.has(stage);
    const stageJob = round(draftUsd + (regenerated ? finalUsd : 0));
    const written = stage.settings.get("model")?.value;
    const model = stage.model?.id ?? (written?.type === "word" ? written.text : undefined);
    const node: GraphNode = {
      id: ids.get(stage)!,
      role: "stage",
      name: stage.name,
      kind: stage.kind ?? stage.decl.kind.text,
      runs: current.runs,
      count: current.count,
      generations: current.generations,
      outputs: current.outputs,
      draftUsd,
      finalUsd,
      jobUsd: stageJob,
      share: jobUsd > 0 ? stageJob / jobUsd : 0,
      regenerated,
      free: stage.kind === "keyframe" || stage.kind === "sequence",
      output: outputs.has(stage),
      findings: [],
      span: stage.decl.span,
      nameSpan: stage.decl.name?.span ?? stage.decl.kind.span,
    };
    if (model !== undefined) node.model = model;
    const finalModel = stage.phaseModels.final?.id;
    if (finalModel && stage.phaseModels.draft?.id !== finalModel) node.finalModel = finalModel;
    const unit = current.unit;
    if (!stage.kind) node.unpriced = "unknown stage kind";
    else if (unit && "missing" in unit) node.unpriced = unit.missing;
    else if (unit) {
      const assumed = /\s*\((no resolution given[^)]*)\)/.exec(unit.quantity);
      node.quantity = assumed ? unit.quantity.replace(assumed[0], "") : unit.quantity;
      if (assumed) node.assumed = assumed[1];
    }
    nodes.push(node);

    if (stage.kind) {
      const subtotal = byKind.get(stage.kind) ?? { kind: stage.kind, draftUsd: 0, finalUsd: 0, jobUsd: 0 };
      subtotal.draftUsd = round(subtotal.draftUsd + draftUsd);
      subtotal.finalUsd = round(subtotal.finalUsd + finalUsd);
      subtotal.jobUsd = round(subtotal.jobUsd + stageJob);
      byKind.set(stage.kind, subtotal);
    }

    const fanOut = new Set(fanOutInputs(stage));
    for (const edge of stage.inputs) {
      const graphEdge: GraphEdge = {
        from: ids.get(edge.from)!,
        to: node.id,
        kind: edge.property,
        multiplicity: fanOut.has(edge) ? cost.stages.get(edge.from)?.outputs ?? 1 : 1,
      };
      if (edge.ref.index !== undefined) graphEdge.index = edge.ref.index;
      edges.push(graphEdge);
    }

    const use = stage.decl.properties.find((p) => p.key.text === "use");
    for (const word of referencedWords(use?.value)) {
      const preset = document.analysis.model.presets.get(word.text);
      if (!preset) continue;
      let presetNode = presets.get(preset.name);
      if (!presetNode) {
        presetNode = {
          id: `preset:${preset.name}`, role: "preset", name: preset.name, kind: "preset",
          runs: 0, count: 0, generations: 0, outputs: 0, draftUsd: 0, finalUsd: 0, jobUsd: 0, share: 0,
          regenerated: false, free: true, output: false, findings: [],
          // A preset from another file is revealed at the `use:` that brought it.
          span: preset.path ? word.span : preset.decl.span,
          nameSpan: preset.path ? word.span : preset.decl.name?.span ?? preset.decl.span,
        };
        presets.set(preset.name, presetNode);
      }
      edges.push({ from: presetNode.id, to: node.id, kind: "use", multiplicity: 1 });
    }
  }

  // Findings go to the stage that holds them: stages do not nest and are in source order, so a binary search finds it.
  // The document's diagnostics are in source order too: only this pipeline's are read (a file may hold thousands of pipelines).
  const inside = pipeline.decl.span;
  const { diagnostics } = document;
  for (let i = firstFrom(diagnostics, inside.start, (d) => d.span.start); i < diagnostics.length && diagnostics[i].span.start <= inside.end; i++) {
    const diagnostic = diagnostics[i];
    if (diagnostic.span.end > inside.end) continue;
    let [low, high] = [0, nodes.length - 1];
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (nodes[mid].span.start <= diagnostic.span.start) low = mid;
      else high = mid - 1;
    }
    const node = nodes[low];
    if (!node || diagnostic.span.start < node.span.start || diagnostic.span.end > node.span.end) continue;
    node.findings.push({ code: diagnostic.code, severity: diagnostic.severity, message: diagnostic.message });
    if (!node.severity || severityRank[diagnostic.severity] > severityRank[node.severity]) node.severity = diagnostic.severity;
  }

  const graph: PipelineGraph = {
    name: pipeline.name,
    mode: pipeline.mode,
    modeWritten: pipeline.modeWritten,
    phased: hasPhases(phased),
    draftUsd: phased.draft.usd,
    finalUsd: phased.final.usd,
    jobUsd,
    over: false,
    byKind: [...byKind.values()].filter((k) => k.draftUsd > 0 || k.finalUsd > 0),
    unpriced: nodes.filter((n) => n.unpriced !== undefined).map((n) => n.id),
    nodes: [...[...presets.values()], ...nodes],
    edges,
    settings: document.settings,
    span: pipeline.decl.span,
    nameSpan: pipeline.decl.name?.span ?? pipeline.decl.keyword,
  };
  if (phased.budgetUsd !== undefined && phased.budgetUsd > 0) {
    graph.budgetUsd = phased.budgetUsd;
    graph.budgetShare = jobUsd / phased.budgetUsd;
    graph.over = graph.budgetShare > 1;
  }
  return graph;
}
