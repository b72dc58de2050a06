// The graph as Mermaid, which GitHub draws in a pull-request comment (```mermaid blocks).
import type { PipelineGraph } from "../service/pipelineGraph";
import { nodeLines, summaryLine } from "./labels";
import { edgeLabel } from "./layout";

/** Text inside a quoted Mermaid label: quotes, markup and `#` as entity codes, no line breaks or control characters. */
export function mermaidText(text: string): string {
  return text
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, " ")
    .replace(/[#"<>&`|{}\[\]]/g, (c) => `#${c.charCodeAt(0)};`);
}

const arrows: Record<string, string> = { from: "-->", start: "-->", end: "-->", clips: "-->", over: "-.->", use: "-.->" };

interface Classes {
  output: string[];
  error: string[];
  warning: string[];
  preset: string[];
}

/** Nodes and edges of one pipeline; ids are `prefix` + a number, so no name can break the syntax. */
function body(graph: PipelineGraph, prefix: string, indent: string, classes: Classes): string[] {
  const ids = new Map(graph.nodes.map((node, i) => [node.id, `${prefix}${i}`]));
  const lines: string[] = [];
  graph.nodes.forEach((node) => {
    const label = nodeLines(node, graph).map(mermaidText).join("<br/>");
    const id = ids.get(node.id)!;
    lines.push(node.role === "preset" ? `${indent}${id}(["${label}"])` : `${indent}${id}["${label}"]`);
    if (node.severity === "error") classes.error.push(id);
    else if (node.severity === "warning") classes.warning.push(id);
    else if (node.output) classes.output.push(id);
    if (node.role === "preset") classes.preset.push(id);
  });
  for (const edge of graph.edges) {
    const label = edgeLabel(edge);
    lines.push(`${indent}${ids.get(edge.from)} ${arrows[edge.kind]}${label ? `|"${mermaidText(label)}"|` : ""} ${ids.get(edge.to)}`);
  }
  return lines;
}

function classLines(classes: Classes): string[] {
  const lines = [
    "  classDef output stroke-width:3px",
    "  classDef error stroke:#d1242f,stroke-width:2px",
    "  classDef warning stroke:#9a6700,stroke-width:2px",
    "  classDef preset stroke-dasharray:4 3",
  ];
  for (const [name, members] of Object.entries(classes)) if (members.length) lines.push(`  class ${members.join(",")} ${name}`);
  return lines;
}

/** One pipeline as a `flowchart LR`. */
export function graphMermaid(graph: PipelineGraph): string {
  const classes: Classes = { output: [], error: [], warning: [], preset: [] };
  const lines = ["flowchart LR", `  %% ${mermaidText(`pipeline "${graph.name}": ${summaryLine(graph)}`)}`, ...body(graph, "n", "  ", classes)];
  return [...lines, ...classLines(classes)].join("\n") + "\n";
}

/** Several pipelines in one flowchart, a subgraph each (titled with its file when given). */
export function graphsMermaid(graphs: { graph: PipelineGraph; caption?: string }[]): string {
  if (graphs.length === 1) return graphMermaid(graphs[0].graph);
  const classes: Classes = { output: [], error: [], warning: [], preset: [] };
  const lines = ["flowchart LR"];
  graphs.forEach(({ graph, caption }, i) => {
    const title = `${caption ? `${caption} · ` : ""}pipeline "${graph.name}": ${summaryLine(graph)}`;
    lines.push(`  subgraph p${i}["${mermaidText(title)}"]`, "    direction LR", ...body(graph, `p${i}n`, "    ", classes), "  end");
  });
  return [...lines, ...classLines(classes)].join("\n") + "\n";
}
