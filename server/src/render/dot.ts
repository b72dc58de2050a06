// The graph in Graphviz's DOT language: `gen graph --format dot | dot -Tpng > graph.png`.
import type { PipelineGraph } from "../service/pipelineGraph";
import { nodeLines, summaryLine } from "./labels";
import { edgeLabel } from "./layout";

/** A DOT quoted string: backslashes and quotes escaped, line breaks and control characters dropped. */
export function dotString(text: string): string {
  return `"${text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, " ").replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

const severityColor: Record<string, string> = { error: "#d1242f", warning: "#9a6700" };

const HEAD = [
  "  rankdir=LR;",
  "  labelloc=t;",
  '  node [shape=box, style=rounded, fontname="Helvetica", fontsize=11];',
  '  edge [fontname="Helvetica", fontsize=10];',
];

function body(graph: PipelineGraph, prefix: string, indent: string): string[] {
  const ids = new Map(graph.nodes.map((node, i) => [node.id, `${prefix}${i}`]));
  const lines: string[] = [];
  for (const node of graph.nodes) {
    // `\n` between lines is DOT's own line break; each line's text is escaped on its own.
    const label = nodeLines(node, graph).map((line) => dotString(line).slice(1, -1)).join("\\n");
    const attributes = [`label="${label}"`, `tooltip=${dotString(node.id)}`];
    if (node.role === "preset") attributes.push('style="rounded,dashed"');
    if (node.output) attributes.push("penwidth=2.5");
    if (node.severity && severityColor[node.severity]) attributes.push(`color="${severityColor[node.severity]}"`);
    lines.push(`${indent}${ids.get(node.id)} [${attributes.join(", ")}];`);
  }
  for (const edge of graph.edges) {
    const label = edgeLabel(edge);
    const attributes = label ? [`label=${dotString(label)}`] : [];
    if (edge.kind === "over" || edge.kind === "use") attributes.push("style=dashed");
    if (edge.multiplicity > 1) attributes.push("penwidth=2");
    lines.push(`${indent}${ids.get(edge.from)} -> ${ids.get(edge.to)} [${attributes.join(", ")}];`);
  }
  return lines;
}

/** One pipeline as a digraph. */
export function graphDot(graph: PipelineGraph): string {
  const lines = [`digraph ${dotString(graph.name)} {`, HEAD[0], `  label=${dotString(`pipeline "${graph.name}": ${summaryLine(graph)}`)};`, ...HEAD.slice(1), ...body(graph, "n", "  "), "}"];
  return lines.join("\n") + "\n";
}

/** Several pipelines in one digraph, a cluster each (titled with its file when given). */
export function graphsDot(graphs: { graph: PipelineGraph; caption?: string }[]): string {
  if (graphs.length === 1) return graphDot(graphs[0].graph);
  const lines = ['digraph "pipelines" {', ...HEAD];
  graphs.forEach(({ graph, caption }, i) => {
    lines.push(`  subgraph cluster_${i} {`, `    label=${dotString(`${caption ? `${caption} · ` : ""}pipeline "${graph.name}": ${summaryLine(graph)}`)};`, ...body(graph, `p${i}n`, "    "), "  }");
  });
  lines.push("}");
  return lines.join("\n") + "\n";
}
