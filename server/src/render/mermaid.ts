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

/** One `flowchart LR` per pipeline; ids are `n0`, `n1`, … so no name can break the syntax. */
export function graphMermaid(graph: PipelineGraph): string {
  const ids = new Map(graph.nodes.map((node, i) => [node.id, `n${i}`]));
  const lines = ["flowchart LR"];
  lines.push(`  %% ${mermaidText(`pipeline "${graph.name}": ${summaryLine(graph)}`)}`);
  graph.nodes.forEach((node) => {
    const label = nodeLines(node, graph).map(mermaidText).join("<br/>");
    const id = ids.get(node.id)!;
    lines.push(node.role === "preset" ? `  ${id}(["${label}"])` : `  ${id}["${label}"]`);
  });
  for (const edge of graph.edges) {
    const label = edgeLabel(edge);
    lines.push(`  ${ids.get(edge.from)} ${arrows[edge.kind]}${label ? `|"${mermaidText(label)}"|` : ""} ${ids.get(edge.to)}`);
  }
  const classed = (name: string, test: (i: number) => boolean) => {
    const members = graph.nodes.map((_, i) => i).filter(test).map((i) => `n${i}`);
    if (members.length) lines.push(`  class ${members.join(",")} ${name}`);
  };
  lines.push("  classDef output stroke-width:3px");
  lines.push("  classDef error stroke:#d1242f,stroke-width:2px");
  lines.push("  classDef warning stroke:#9a6700,stroke-width:2px");
  lines.push("  classDef preset stroke-dasharray:4 3");
  classed("output", (i) => graph.nodes[i].output && !graph.nodes[i].severity);
  classed("error", (i) => graph.nodes[i].severity === "error");
  classed("warning", (i) => graph.nodes[i].severity === "warning");
  classed("preset", (i) => graph.nodes[i].role === "preset");
  return lines.join("\n") + "\n";
}
