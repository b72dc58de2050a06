// `gen graph`: each pipeline's stages and credits as a graph: SVG or a standalone HTML page (the
// drawing of the VS Code webview), Mermaid (GitHub draws it in a comment), DOT, or JSON for tools.
// The core builds the graph (service/pipelineGraph.ts) and render/ draws it; this module only picks.
import { didYouMean } from "../parser/suggest";
import { graphsDot } from "../render/dot";
import { graphsMermaid } from "../render/mermaid";
import { graphHtml, graphsSvg } from "../render/svg";
import { PipelineGraph, pipelineGraphs } from "../service/pipelineGraph";
import { JsonAmount, jsonAmount, JsonRange, jsonPath } from "./json";
import { printable, red, yellow } from "./output";
import { checkPaths, ConfigLoader, configOptionProblem } from "./workspace";
import type { LineIndex } from "../parser/lineIndex";
import type { Span } from "../parser/ast";

export const GRAPH_HELP = `Usage: gen graph [options] [paths…]

Draws each pipeline in the .gen files under the given files and folders (default: .) as a
graph, left to right: every stage with its kind, model, cost and share of the job, its
findings, the edges between stages with their fan-out (× 4), and a bar with the draft,
final and job against the budget, split by kind.

Options:
  --format <name>     svg (default), html (a standalone page), mermaid (for a GitHub
                      comment), dot (for Graphviz) or json
  --pipeline <name>   only the pipeline of this name
  --config <file>     use this gen.config.json instead of the nearest one above each file
  -h, --help          show this help

Several pipelines make one drawing: one under the other (svg, html), or a subgraph
each (mermaid, dot).

Exit codes: 0 drawn, 1 a file (or a gen.config.json) that cannot be read or has
errors, or no pipeline to draw, 2 bad usage (an unknown format, or no pipeline of the
name given to --pipeline).

Examples:
  gen graph samples/spring-edit.gen > spring-edit.svg
  gen graph --format html samples > graphs.html
  gen graph --pipeline spring-teaser --format mermaid samples
  gen graph --format dot samples/spring-edit.gen | dot -Tpng > spring-edit.png`;

const formats = ["svg", "html", "mermaid", "dot", "json"];

interface Drawn {
  path: string;
  graph: PipelineGraph;
  lines: LineIndex;
}

/** `gen graph --format json`: the graph data, in lines and characters. */
export interface GraphJson {
  files: { path: string; error?: string; pipelines: GraphJsonPipeline[] }[];
}

export interface GraphJsonPipeline {
  name: string;
  mode: "draft" | "final";
  phased: boolean;
  draft: JsonAmount;
  final: JsonAmount;
  job: JsonAmount;
  budget?: JsonAmount & { share: number; over: boolean };
  byKind: Record<string, { draft: JsonAmount; final: JsonAmount; job: JsonAmount }>;
  unpriced: string[];
  nodes: Record<string, unknown>[];
  edges: PipelineGraph["edges"];
  range: JsonRange;
}

function pipelineJson(drawn: Drawn): GraphJsonPipeline {
  const { graph, lines } = drawn;
  const { settings } = graph;
  const range = (span: Span): JsonRange => ({ start: lines.positionAt(span.start), end: lines.positionAt(span.end) });
  return {
    name: graph.name,
    mode: graph.mode,
    phased: graph.phased,
    draft: jsonAmount(graph.draftUsd, settings),
    final: jsonAmount(graph.finalUsd, settings),
    job: jsonAmount(graph.jobUsd, settings),
    budget: graph.budgetUsd === undefined ? undefined : { ...jsonAmount(graph.budgetUsd, settings), share: Math.round((graph.budgetShare ?? 0) * 1e4) / 1e4, over: graph.over },
    byKind: Object.fromEntries(graph.byKind.map((k) => [k.kind, { draft: jsonAmount(k.draftUsd, settings), final: jsonAmount(k.finalUsd, settings), job: jsonAmount(k.jobUsd, settings) }])),
    unpriced: graph.unpriced,
    nodes: graph.nodes.map((node) => ({
      id: node.id, role: node.role, name: node.name, kind: node.kind, model: node.model, finalModel: node.finalModel, quantity: node.quantity,
      runs: node.runs, count: node.count, generations: node.generations, outputs: node.outputs,
      draft: jsonAmount(node.draftUsd, settings), final: jsonAmount(node.finalUsd, settings), job: jsonAmount(node.jobUsd, settings),
      share: Math.round(node.share * 1e4) / 1e4, regenerated: node.regenerated, free: node.free, output: node.output,
      unpriced: node.unpriced, assumed: node.assumed, severity: node.severity, findings: node.findings, range: range(node.nameSpan),
    })),
    edges: graph.edges,
    range: range(graph.nameSpan),
  };
}

export function runGraph(values: Record<string, unknown>, paths: string[]): number {
  const format = (values.format as string | undefined) ?? "svg";
  const config = values.config as string | undefined;
  const only = values.pipeline as string | undefined;
  if (!formats.includes(format)) {
    console.error(`gen graph: unknown format \`${printable(format)}\`: use svg, html, mermaid, dot or json`);
    return 2;
  }
  const configProblem = configOptionProblem(config);
  if (configProblem) {
    console.error(`gen graph: ${printable(configProblem)}`);
    return 2;
  }

  const workspace = checkPaths(paths, new ConfigLoader(config));
  for (const problem of workspace.unreadable) console.error(`${red("error")} ${printable(problem.message)}`);
  const configErrors = workspace.configs.filter((c) => c.diagnostics.some((d) => d.severity === "error"));
  for (const broken of configErrors) console.error(`${red("error")} ${printable(broken.path)} has errors: the prices drawn may not be the ones it sets (see \`gen check\`)`);

  const all: Drawn[] = workspace.files.flatMap((file) => pipelineGraphs(file.document).map((graph) => ({ path: file.path, graph, lines: file.document.analysis.parse.lines })));
  const drawn = only === undefined ? all : all.filter((d) => d.graph.name === only);
  if (only !== undefined && drawn.length === 0) {
    const names = [...new Set(all.map((d) => d.graph.name))];
    const where = names.length ? ` (pipelines: ${names.slice(0, 10).map((n) => `\`${printable(n)}\``).join(", ")}${names.length > 10 ? ", …" : ""})` : " (it has no pipelines)";
    console.error(`gen graph: no pipeline \`${printable(only)}\` in ${paths.length ? printable(paths.join(", ")) : "."}${didYouMean(only, names)}${where}`);
    return 2;
  }
  if (drawn.length === 0 && format !== "json") {
    console.error(`gen graph: no pipeline to draw in ${paths.length ? printable(paths.join(", ")) : "."}`);
    return 1;
  }
  for (const d of drawn) {
    const errors = d.graph.nodes.filter((n) => n.severity === "error").length;
    if (errors && format !== "json") console.error(`${yellow("warning")} ${printable(d.path)}: pipeline \`${printable(d.graph.name)}\` has errors: the drawing may be incomplete (see \`gen check\`)`);
  }

  // Captions name the file when the drawing shows more than one.
  const files = new Set(drawn.map((d) => d.path));
  const titled = drawn.map((d) => ({ graph: d.graph, caption: files.size > 1 ? d.path : undefined }));
  switch (format) {
    case "svg": process.stdout.write(graphsSvg(titled) + "\n"); break;
    case "html": process.stdout.write(graphHtml(titled, files.size === 1 ? `${[...files][0]}: pipeline graph` : "Pipeline graphs")); break;
    case "mermaid": process.stdout.write(graphsMermaid(titled)); break;
    case "dot": process.stdout.write(graphsDot(titled)); break;
    case "json": {
      const json: GraphJson = { files: [] };
      for (const problem of workspace.unreadable) json.files.push({ path: jsonPath(problem.path), error: problem.message, pipelines: [] });
      for (const file of workspace.files) {
        json.files.push({ path: jsonPath(file.path), pipelines: drawn.filter((d) => d.path === file.path).map(pipelineJson) });
      }
      console.log(JSON.stringify(json, null, 2));
      break;
    }
  }
  return workspace.unreadable.length > 0 || configErrors.length > 0 ? 1 : 0;
}
