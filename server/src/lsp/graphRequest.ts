// `gen/pipelineGraph`: the graph of the pipeline at the cursor (or of one named), as data in
// LSP ranges and as the SVG drawing, so any editor can show it. The VS Code webview draws this.
import type { CancellationToken, Connection, Position, Range } from "vscode-languageserver/node";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { Span } from "../parser/ast";
import type { CheckedDocument } from "../service/check";
import { GraphNode, PipelineGraph, pipelineGraph, pickPipeline, stageAt } from "../service/pipelineGraph";
import { assertCurrent, CheckedFile } from "./actions";

export const PIPELINE_GRAPH_REQUEST = "gen/pipelineGraph";

export interface PipelineGraphParams {
  uri: string;
  /** The cursor: picks the pipeline around it and the stage it is in. */
  position?: Position;
  /** A pipeline by name; wins over `position` for the pipeline. */
  pipeline?: string;
}

export type GraphNodeResult = Omit<GraphNode, "span" | "nameSpan"> & { range: Range; nameRange: Range };

export interface PipelineGraphResult {
  uri: string;
  /** The document version drawn. */
  version: number;
  /** Every pipeline in the file, for a picker. */
  pipelines: string[];
  graph: Omit<PipelineGraph, "nodes" | "span" | "nameSpan"> & { nodes: GraphNodeResult[]; range: Range; nameRange: Range };
  /** The stage the cursor is in. */
  activeId?: string;
  /** The drawing, without its style: `css` is the style, for a page that sets its own content security policy. */
  svg: string;
  css: string;
}

interface GraphHost {
  checkedDocument(uri: string, token: CancellationToken): Promise<CheckedFile | undefined>;
  runSafe<T>(what: string, fallback: T, handler: () => T | Promise<T>): Promise<T>;
}

/** The layout runs on the server's thread: past this many nodes (about a second of layout) the webview is told to use `gen graph`. */
const MAX_DRAWN = 400;

/** Drawn once per checked version and pipeline: cursor moves only pick the active node. */
const drawn = new WeakMap<CheckedDocument, Map<number, { graph: PipelineGraph; svg: string }>>();

/**
 * The drawing module, loaded on the first graph asked for: its layout library takes a good part of the
 * server's start, and most sessions never open the graph.
 */
const drawing = () => import("../render/svg");

function drawingOf(checked: CheckedDocument, index: number, { graphSvg }: Awaited<ReturnType<typeof drawing>>): { graph: PipelineGraph; svg: string } {
  let byPipeline = drawn.get(checked);
  if (!byPipeline) drawn.set(checked, (byPipeline = new Map()));
  let entry = byPipeline.get(index);
  if (!entry) {
    const graph = pipelineGraph(checked, { name: undefined, offset: checked.costs[index].pipeline.decl.span.start })!;
    entry = { graph, svg: graphSvg(graph, { embedStyle: false, maxNodes: MAX_DRAWN }) };
    byPipeline.set(index, entry);
  }
  return entry;
}

export function registerPipelineGraph(connection: Connection, { checkedDocument, runSafe }: GraphHost): void {
  connection.onRequest(PIPELINE_GRAPH_REQUEST, (params: PipelineGraphParams, token: CancellationToken) =>
    runSafe("pipeline graph", null as PipelineGraphResult | null, async () => {
      const found = await checkedDocument(params.uri, token);
      if (!found) return null;
      const { document, checked } = found;
      const offset = params.position ? document.offsetAt(params.position) : undefined;
      let index = params.pipeline !== undefined ? pickPipeline(checked, { name: params.pipeline }) : undefined;
      index ??= pickPipeline(checked, { offset });
      if (index === undefined) return null;
      const render = await drawing();
      assertCurrent(found);
      const { graph, svg } = drawingOf(checked, index, render);
      const result: PipelineGraphResult = {
        uri: params.uri,
        version: found.version,
        pipelines: checked.costs.map((cost) => cost.pipeline.name),
        graph: toResult(graph, document),
        svg,
        css: render.GRAPH_CSS,
      };
      const active = offset !== undefined ? stageAt(graph, offset) : undefined;
      if (active) result.activeId = active;
      return result;
    }),
  );
}

function toResult(graph: PipelineGraph, document: TextDocument): PipelineGraphResult["graph"] {
  const range = (span: Span): Range => ({ start: document.positionAt(span.start), end: document.positionAt(span.end) });
  const { nodes, span, nameSpan, ...rest } = graph;
  return {
    ...rest,
    nodes: nodes.map(({ span: nodeSpan, nameSpan: nodeName, ...node }) => ({ ...node, range: range(nodeSpan), nameRange: range(nodeName) })),
    range: range(span),
    nameRange: range(nameSpan),
  };
}
