// Places the nodes and routes the edges of a pipeline graph, left to right, with dagre
// (a layered Sugiyama layout): no coordinate here is chosen by hand.
import { graphlib, layout } from "@dagrejs/dagre";
import type { GraphEdge, GraphNode, PipelineGraph } from "../service/pipelineGraph";

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PlacedNode extends Box {
  node: GraphNode;
}

export interface PlacedEdge {
  edge: GraphEdge;
  points: { x: number; y: number }[];
  /** The label's text ("start × 4") and where its centre goes. */
  label: string;
  labelX: number;
  labelY: number;
}

export interface Layout {
  nodes: PlacedNode[];
  edges: PlacedEdge[];
  width: number;
  height: number;
}

export const NODE_WIDTH = 212;
export const NODE_HEIGHT = 92;
export const PRESET_HEIGHT = 44;
/** Average advance of a character at the label font size (11 px), generous so labels never overlap. */
const LABEL_CHAR = 6.6;

/** The text on an edge: its property, the fan-out ("× 4") and a picked variation ("[2]"). */
export function edgeLabel(edge: GraphEdge): string {
  if (edge.kind === "use") return ""; // dotted from a preset: the line says it
  const index = edge.index !== undefined ? `[${edge.index}]` : "";
  return `${edge.kind}${index}${edge.multiplicity > 1 ? ` × ${edge.multiplicity}` : ""}`;
}

export function layoutGraph(graph: PipelineGraph): Layout {
  const g = new graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: "LR", nodesep: 24, ranksep: 56, edgesep: 14, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  // dagre keys its nodes by id in plain objects: a stage named `constructor` or `__proto__` would land on
  // Object.prototype's keys. Its ids are our own (`n0`, `n1`…), mapped back after the layout.
  const key = new Map(graph.nodes.map((node, i) => [node.id, `n${i}`]));
  for (const node of graph.nodes) {
    g.setNode(key.get(node.id)!, { width: NODE_WIDTH, height: node.role === "preset" ? PRESET_HEIGHT : NODE_HEIGHT });
  }
  const labels = graph.edges.map(edgeLabel);
  graph.edges.forEach((edge, i) => {
    if (edge.from === edge.to) return; // a self-reference is an error in the file; it is not drawn
    g.setEdge(key.get(edge.from)!, key.get(edge.to)!, { width: labels[i] ? labels[i].length * LABEL_CHAR + 10 : 0, height: labels[i] ? 16 : 0, labelpos: "c", minlen: 1 }, `e${i}`);
  });
  layout(g);

  const nodes = graph.nodes.map((node): PlacedNode => {
    const placed = g.node(key.get(node.id)!);
    return { node, x: placed.x! - placed.width / 2, y: placed.y! - placed.height / 2, width: placed.width, height: placed.height };
  });
  const edges: PlacedEdge[] = [];
  graph.edges.forEach((edge, i) => {
    if (edge.from === edge.to) return;
    const placed = g.edge({ v: key.get(edge.from)!, w: key.get(edge.to)!, name: `e${i}` });
    edges.push({ edge, points: (placed.points ?? []).map((p: { x: number; y: number }) => ({ x: p.x, y: p.y })), label: labels[i], labelX: placed.x ?? 0, labelY: placed.y ?? 0 });
  });
  const size = g.graph();
  return { nodes, edges, width: size.width ?? 0, height: size.height ?? 0 };
}
