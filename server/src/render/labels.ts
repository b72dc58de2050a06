// The words on a node, shared by every drawing (SVG, Mermaid, DOT).
import { CostSettings, formatAmount } from "../cost/format";
import type { GraphNode, PipelineGraph } from "../service/pipelineGraph";

/** A share as a whole percentage; a share that rounds to nothing but is not nothing reads `<1%`. */
export function percent(share: number): string {
  const rounded = Math.round(share * 100);
  return rounded === 0 && share > 0 ? "<1%" : `${rounded}%`;
}

/** "≈ 200 credits", "free", "no price"; a `*` marks a price that assumes what the file does not say. */
export function costLine(node: GraphNode, settings: CostSettings): string {
  if (node.role === "preset") return "";
  if (node.unpriced !== undefined) return "no price";
  if (node.free) return "free";
  return `≈ ${formatAmount(node.jobUsd, settings)}${node.assumed ? " *" : ""}`;
}

/** The lines of a node in a text-only drawing: name, kind and model, cost and share, findings. */
export function nodeLines(node: GraphNode, graph: PipelineGraph): string[] {
  if (node.role === "preset") return [`preset ${node.name}`];
  const model = node.model ? ` · ${node.model}${node.finalModel && node.finalModel !== node.model ? ` → ${node.finalModel}` : ""}` : "";
  const lines = [node.name || "(unnamed)", `${node.kind}${model}${node.output ? " · output" : ""}`];
  const cost = costLine(node, graph.settings);
  lines.push(node.free || node.unpriced !== undefined ? cost : `${cost} · ${percent(node.share)}`);
  if (node.findings.length > 0) lines.push(`${node.findings.length} finding${node.findings.length === 1 ? "" : "s"}: ${[...new Set(node.findings.map((f) => f.code))].join(", ")}`);
  return lines;
}

/** The one line above a drawing: figures, budget, mode. */
export function summaryLine(graph: PipelineGraph): string {
  const { settings } = graph;
  const figures = graph.phased
    ? `draft ≈ ${formatAmount(graph.draftUsd, settings)} · final ≈ ${formatAmount(graph.finalUsd, settings)} · job ≈ ${formatAmount(graph.jobUsd, settings)}`
    : `≈ ${formatAmount(graph.jobUsd, settings)}`;
  const budget = graph.budgetUsd !== undefined ? ` of ${formatAmount(graph.budgetUsd, settings)} budget (${Math.round((graph.budgetShare ?? 0) * 100)}%${graph.over ? ", over" : ""})` : "";
  return `${figures}${budget} · ${graph.mode} mode${graph.modeWritten ? "" : " (default)"}`;
}
