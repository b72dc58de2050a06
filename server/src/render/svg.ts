// The drawing of a pipeline graph as SVG: a bar on top with draft, final and job against the budget
// split by kind, then the stages left to right as laid out by dagre. `gen graph --format svg|html`
// and the VS Code webview show this same drawing. Colours are CSS variables: VS Code's theme
// colours inside the editor (dark, light, high contrast), a light or dark palette elsewhere.
import { CostSettings, formatAmount } from "../cost/format";
import type { GraphNode, KindSubtotal, PipelineGraph } from "../service/pipelineGraph";
import { costLine, percent } from "./labels";
import { Layout, layoutGraph, PlacedEdge, PlacedNode } from "./layout";

export interface SvgOptions {
  /** False leaves the <style> out, for a page that brings `GRAPH_CSS` itself (the webview, under its CSP). */
  embedStyle?: boolean;
  /** The node drawn as the one under the cursor. */
  activeId?: string;
  /** Said before the title: the file, when a drawing shows pipelines of several. */
  caption?: string;
  /** Past this many nodes the stages are not laid out (the layout grows faster than the graph): the drawing says so. */
  maxNodes?: number;
}

const notLaidOut: Layout = { nodes: [], edges: [], width: 0, height: 0 };
const tooMany = (graph: PipelineGraph, options: SvgOptions) => options.maxNodes !== undefined && graph.nodes.length > options.maxNodes;

const PAD = 16;
const BAR_LABEL = 44;
const BAR_WIDTH = 440;
const ROW = 16;

/** Text for XML: markup escaped, and the control characters XML forbids replaced. */
export function xml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "\ufffd")
    .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/** At most `max` characters, with an ellipsis when cut (by code points, so no surrogate is split). */
export function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : chars.slice(0, max - 1).join("") + "…";
}

const kinds = ["image", "video", "upscale", "reframe", "audio", "keyframe", "sequence", "preset"];
const kindClass = (kind: string) => `k-${kinds.includes(kind) ? kind : "other"}`;

export const GRAPH_CSS = `
.gen-graph {
  --g-fg: var(--vscode-editor-foreground, #1f2328);
  --g-muted: var(--vscode-descriptionForeground, #59636e);
  --g-bg: var(--vscode-editor-background, #ffffff);
  --g-node: var(--vscode-editorWidget-background, #f6f8fa);
  --g-border: var(--vscode-contrastBorder, var(--vscode-editorWidget-border, #d1d9e0));
  --g-edge: var(--vscode-editorCodeLens-foreground, #818b98);
  --g-focus: var(--vscode-focusBorder, #0969da);
  --g-error: var(--vscode-editorError-foreground, #d1242f);
  --g-warning: var(--vscode-editorWarning-foreground, #9a6700);
  --g-info: var(--vscode-editorInfo-foreground, #0969da);
  --g-track: var(--vscode-editorWidget-border, #e1e4e8);
  font-family: var(--vscode-font-family, -apple-system, "Segoe UI", system-ui, sans-serif);
  font-size: 12px;
}
@media (prefers-color-scheme: dark) {
  .gen-graph {
    --g-fg: var(--vscode-editor-foreground, #e6edf3);
    --g-muted: var(--vscode-descriptionForeground, #9198a1);
    --g-bg: var(--vscode-editor-background, #0d1117);
    --g-node: var(--vscode-editorWidget-background, #161b22);
    --g-border: var(--vscode-contrastBorder, var(--vscode-editorWidget-border, #3d444d));
    --g-edge: var(--vscode-editorCodeLens-foreground, #768390);
    --g-focus: var(--vscode-focusBorder, #4493f8);
    --g-error: var(--vscode-editorError-foreground, #f85149);
    --g-warning: var(--vscode-editorWarning-foreground, #d29922);
    --g-info: var(--vscode-editorInfo-foreground, #4493f8);
    --g-track: var(--vscode-editorWidget-border, #30363d);
  }
}
.gen-graph .k-image { --k: var(--vscode-charts-blue, #3b82f6); }
.gen-graph .k-video { --k: var(--vscode-charts-purple, #a855f7); }
.gen-graph .k-upscale { --k: var(--vscode-charts-green, #22a06b); }
.gen-graph .k-reframe { --k: var(--vscode-charts-orange, #e8780c); }
.gen-graph .k-audio { --k: var(--vscode-charts-yellow, #d4a300); }
.gen-graph .k-keyframe, .gen-graph .k-sequence, .gen-graph .k-other { --k: var(--vscode-charts-foreground, #8b949e); }
.gen-graph .k-preset { --k: var(--vscode-textLink-foreground, #0969da); }
.gen-graph .bg { fill: var(--g-bg); }
.gen-graph text { fill: var(--g-fg); }
.gen-graph .title { font-size: 14px; font-weight: 600; }
.gen-graph .muted, .gen-graph .kind, .gen-graph .model, .gen-graph .share, .gen-graph .elabel, .gen-graph .rowlabel { fill: var(--g-muted); }
.gen-graph .kind { font-size: 10px; letter-spacing: 0.06em; }
.gen-graph .name { font-size: 13px; font-weight: 600; }
.gen-graph .model, .gen-graph .share, .gen-graph .elabel, .gen-graph .rowlabel { font-size: 11px; }
.gen-graph .cost { font-weight: 600; }
.gen-graph .over { fill: var(--g-error); font-weight: 600; }
.gen-graph .box { fill: var(--g-node); stroke: var(--g-border); stroke-width: 1; }
.gen-graph .output .box { stroke: var(--k); stroke-width: 2; }
.gen-graph .preset .box { stroke-dasharray: 4 3; }
.gen-graph .stripe, .gen-graph .seg, .gen-graph .sharebar, .gen-graph .swatch { fill: var(--k); }
.gen-graph .track { fill: var(--g-track); }
.gen-graph .budget { stroke: var(--g-fg); stroke-width: 1.5; }
.gen-graph .budget.overbudget { stroke: var(--g-error); }
.gen-graph .edge path { fill: none; stroke: var(--g-edge); stroke-width: 1.4; }
.gen-graph .edge.e-over path { stroke-dasharray: 5 3; }
.gen-graph .edge.e-use path { stroke-dasharray: 2 3; }
.gen-graph .edge.fan path { stroke-width: 2.2; }
.gen-graph .arrowhead { fill: var(--g-edge); }
.gen-graph .elabel-bg { fill: var(--g-bg); }
.gen-graph .badge rect { fill: var(--g-info); }
.gen-graph .badge.sev-warning rect { fill: var(--g-warning); }
.gen-graph .badge.sev-error rect { fill: var(--g-error); }
.gen-graph .badge text { fill: var(--g-bg); font-size: 10px; font-weight: 700; }
.gen-graph .unpriced .cost { fill: var(--g-warning); }
.gen-graph .node { cursor: pointer; outline: none; }
.gen-graph .node:focus .box, .gen-graph .node:focus-visible .box { stroke: var(--g-focus); stroke-width: 2.5; }
.gen-graph .node.active .box { stroke: var(--g-focus); stroke-width: 3; }
`;

interface Header {
  height: number;
  /** What the header's text needs, estimated from its characters (the drawing is at least this wide). */
  width: number;
  svg: string;
}

function amountOf(usd: number, settings: CostSettings): string {
  return formatAmount(usd, settings);
}

/** The title, the figures and one bar per phase (draft, final, job) split by kind, against the budget. */
function header(graph: PipelineGraph, caption?: string): Header {
  const { settings } = graph;
  const parts: string[] = [];
  const title = `${caption ? `${caption} · ` : ""}pipeline "${graph.name}"`;
  const mode = `${graph.mode} mode${graph.modeWritten ? "" : " (default)"}`;
  parts.push(`<text class="title" x="0" y="14">${xml(clip(title, 60))}</text>`);
  const bare = (usd: number) => (settings.display === "usd" ? amountOf(usd, settings) : amountOf(usd, settings).replace(/ credits?$/, ""));
  const figures = graph.phased
    ? `draft ≈ ${bare(graph.draftUsd)} · final ≈ ${bare(graph.finalUsd)} · job ≈ ${bare(graph.jobUsd)}`
    : `≈ ${bare(graph.jobUsd)}`;
  const budget = graph.budgetUsd !== undefined
    ? ` of ${amountOf(graph.budgetUsd, settings)} (${Math.round((graph.budgetShare ?? 0) * 100)}%)`
    : settings.display === "usd" ? "" : " credits";
  const unpriced = graph.unpriced.length ? ` · ${graph.unpriced.length} stage${graph.unpriced.length === 1 ? "" : "s"} unpriced` : "";
  const summary = `${figures}${budget}${unpriced} · ${mode}${graph.over ? " · over budget" : ""}`;
  parts.push(`<text class="${graph.over ? "over" : "muted"}" x="0" y="34">${xml(summary)}</text>`);

  const rows: { label: string; usd: number; pick: (k: KindSubtotal) => number }[] = graph.phased
    ? [{ label: "draft", usd: graph.draftUsd, pick: (k) => k.draftUsd }, { label: "final", usd: graph.finalUsd, pick: (k) => k.finalUsd }, { label: "job", usd: graph.jobUsd, pick: (k) => k.jobUsd }]
    : [{ label: "job", usd: graph.jobUsd, pick: (k) => k.jobUsd }];
  const scale = Math.max(graph.budgetUsd ?? 0, ...rows.map((r) => r.usd));
  const top = 46;
  const px = (usd: number) => (scale > 0 ? (usd / scale) * BAR_WIDTH : 0);
  rows.forEach((row, i) => {
    const y = top + i * ROW;
    parts.push(`<g class="bar" data-phase="${row.label}"><text class="rowlabel" x="0" y="${y + 10}">${row.label}</text>`);
    parts.push(`<rect class="track" x="${BAR_LABEL}" y="${y + 2}" width="${BAR_WIDTH}" height="10" rx="2"/>`);
    let x = BAR_LABEL;
    for (const kind of graph.byKind) {
      const w = px(row.pick(kind));
      if (w <= 0) continue;
      parts.push(`<rect class="seg ${kindClass(kind.kind)}" x="${n(x)}" y="${y + 2}" width="${n(w)}" height="10"><title>${xml(`${row.label}: ${kind.kind} ${amountOf(row.pick(kind), settings)}`)}</title></rect>`);
      x += w;
    }
    parts.push(`<text class="rowlabel" x="${BAR_LABEL + BAR_WIDTH + 8}" y="${y + 10}">${xml(amountOf(row.usd, settings))}</text></g>`);
  });
  const barsBottom = top + rows.length * ROW;
  if (graph.budgetUsd !== undefined) {
    const bx = n(BAR_LABEL + px(graph.budgetUsd));
    parts.push(`<line class="budget${graph.over ? " overbudget" : ""}" x1="${bx}" y1="${top - 2}" x2="${bx}" y2="${barsBottom}"><title>${xml(`budget ${amountOf(graph.budgetUsd, settings)}`)}</title></line>`);
  }
  // The legend: each kind that costs something, with its job subtotal.
  let lx = BAR_LABEL;
  const ly = barsBottom + 14;
  for (const kind of graph.byKind) {
    const text = `${kind.kind} ${amountOf(kind.jobUsd, settings)}`;
    parts.push(`<g class="legend ${kindClass(kind.kind)}"><rect class="swatch" x="${n(lx)}" y="${ly - 9}" width="10" height="10" rx="2"/><text class="rowlabel" x="${n(lx + 14)}" y="${ly}">${xml(text)}</text></g>`);
    lx += 14 + text.length * 6.6 + 14;
  }
  const width = Math.max(BAR_LABEL + BAR_WIDTH + 110, [...clip(title, 60)].length * 8.4, [...summary].length * 6.6, lx);
  return { height: ly + 18, width, svg: parts.join("") };
}

/** Two decimals at most: coordinates stay short and stable. */
const n = (value: number) => String(Math.round(value * 100) / 100);

/** What the tooltip and the screen reader say about a node. */
export function nodeDescription(node: GraphNode, graph: PipelineGraph): string {
  const { settings } = graph;
  if (node.role === "preset") return `preset ${node.name}`;
  const lines = [`${node.kind} ${node.name || "(unnamed)"}${node.output ? " (output)" : ""}`];
  if (node.model) lines.push(`model ${node.model}${node.finalModel && node.finalModel !== node.model ? ` (final: ${node.finalModel})` : ""}`);
  if (node.quantity) lines.push(`${node.generations > 1 ? `${node.generations} × ` : ""}${node.quantity}`);
  if (node.unpriced !== undefined) lines.push(`no price: ${node.unpriced}`);
  else if (node.free) lines.push("free");
  else {
    lines.push(`job ${amountOf(node.jobUsd, settings)}, ${percent(node.share)} of the pipeline's job`);
    if (graph.phased) lines.push(`draft ${amountOf(node.draftUsd, settings)} · final ${amountOf(node.finalUsd, settings)}${node.regenerated ? " (the final generates it again)" : " (the approved draft is the final)"}`);
  }
  if (node.runs > 1) lines.push(`runs ${node.runs} times (fan-out)`);
  if (node.assumed) lines.push(`* ${node.assumed}`);
  for (const finding of node.findings) lines.push(`${finding.severity} ${finding.code}: ${finding.message}`);
  return lines.join("\n");
}

function drawNode(placed: PlacedNode, graph: PipelineGraph, domId: string, active: boolean): string {
  const { node, width: w, height: h } = placed;
  const classes = ["node", node.role, kindClass(node.kind)];
  if (node.output) classes.push("output");
  if (node.unpriced !== undefined) classes.push("unpriced");
  if (node.severity) classes.push(`sev-${node.severity}`);
  if (active) classes.push("active");
  const description = nodeDescription(node, graph);
  const parts = [
    `<g class="${classes.join(" ")}" id="${domId}" data-id="${xml(node.id)}" data-kind="${xml(node.kind)}" tabindex="0" role="button" aria-label="${xml(description.replace(/\n/g, "; "))}" transform="translate(${n(placed.x)},${n(placed.y)})">`,
    `<title>${xml(description)}</title>`,
    `<rect class="box" width="${w}" height="${h}" rx="6"/>`,
    `<rect class="stripe" width="4" height="${h}" rx="2"/>`,
  ];
  const kindText = `${node.kind.toUpperCase()}${node.output ? " · OUTPUT" : ""}`;
  parts.push(`<text class="kind" x="14" y="16">${xml(clip(kindText, 24))}</text>`);
  if (node.findings.length > 0) {
    const label = `${node.severity === "error" ? "✖" : node.severity === "warning" ? "⚠" : "ℹ"} ${node.findings.length}`;
    parts.push(`<g class="badge sev-${node.severity}"><rect x="${w - 44}" y="5" width="36" height="16" rx="8"/><text x="${w - 26}" y="17" text-anchor="middle">${xml(label)}</text></g>`);
  }
  if (node.role === "preset") {
    parts.push(`<text class="name" x="14" y="34">${xml(clip(node.name, 26))}</text></g>`);
    return parts.join("");
  }
  parts.push(`<text class="name" x="14" y="36">${xml(clip(node.name || "(unnamed)", 26))}</text>`);
  const model = `${node.model ?? "—"}${node.finalModel && node.finalModel !== node.model ? ` → ${node.finalModel}` : ""}${node.generations > 1 ? ` · ${node.generations}×` : ""}`;
  parts.push(`<text class="model" x="14" y="54">${xml(clip(model, 32))}</text>`);
  parts.push(`<text class="cost" x="14" y="73">${xml(costLine(node, graph.settings))}</text>`);
  if (!node.free && node.unpriced === undefined) parts.push(`<text class="share" x="${w - 10}" y="73" text-anchor="end">${percent(node.share)}</text>`);
  const track = w - 24;
  parts.push(`<rect class="track" x="14" y="${h - 11}" width="${track - 2}" height="4" rx="2"/>`);
  if (node.share > 0) parts.push(`<rect class="sharebar" x="14" y="${h - 11}" width="${n(Math.max(2, (track - 2) * Math.min(1, node.share)))}" height="4" rx="2"/>`);
  parts.push("</g>");
  return parts.join("");
}

/** A path through dagre's points, its corners rounded; it starts and ends exactly where dagre says. */
function edgePath(points: { x: number; y: number }[]): string {
  if (points.length === 0) return "";
  const mid = (a: { x: number; y: number }, b: { x: number; y: number }) => ({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 });
  const d = [`M${n(points[0].x)},${n(points[0].y)}`];
  if (points.length === 2) d.push(`L${n(points[1].x)},${n(points[1].y)}`);
  else if (points.length > 2) {
    const first = mid(points[0], points[1]);
    d.push(`L${n(first.x)},${n(first.y)}`);
    for (let i = 1; i < points.length - 1; i++) {
      const m = mid(points[i], points[i + 1]);
      d.push(`Q${n(points[i].x)},${n(points[i].y)} ${n(m.x)},${n(m.y)}`);
    }
    const last = points[points.length - 1];
    d.push(`L${n(last.x)},${n(last.y)}`);
  }
  return d.join(" ");
}

function drawEdge(placed: PlacedEdge, ids: Map<string, string>): string {
  const { edge } = placed;
  const classes = ["edge", `e-${edge.kind}`];
  if (edge.multiplicity > 1) classes.push("fan");
  const width = placed.label.length * 6.6 + 8;
  return `<g class="${classes.join(" ")}" data-from="${xml(edge.from)}" data-to="${xml(edge.to)}" data-from-dom="${ids.get(edge.from)}" data-to-dom="${ids.get(edge.to)}" data-kind="${edge.kind}" data-multiplicity="${edge.multiplicity}">` +
    `<path d="${edgePath(placed.points)}" marker-end="url(#gen-arrow)"/>` +
    (placed.label === "" ? "</g>" : `<rect class="elabel-bg" x="${n(placed.labelX - width / 2)}" y="${n(placed.labelY - 8)}" width="${n(width)}" height="15" rx="3"/>` +
    `<text class="elabel" x="${n(placed.labelX)}" y="${n(placed.labelY + 4)}" text-anchor="middle">${xml(placed.label)}</text></g>`);
}

/** Stable DOM ids for the nodes: `gen-node-0`, `gen-node-1`, … in the graph's order. */
export function domIds(graph: PipelineGraph): Map<string, string> {
  return new Map(graph.nodes.map((node, i) => [node.id, `gen-node-${i}`]));
}

interface Drawing {
  width: number;
  height: number;
  /** Everything inside the <svg> element. */
  content: string;
}

function drawing(graph: PipelineGraph, options: SvgOptions, laidOut: Layout): Drawing {
  const head = header(graph, options.caption);
  const ids = domIds(graph);
  const width = Math.ceil(Math.max(laidOut.width, head.width) + PAD * 2);
  const height = Math.ceil(head.height + laidOut.height + PAD * 2 + (laidOut.nodes.length === 0 ? 20 : 0));
  const body = tooMany(graph, options)
    ? `<text class="muted" x="0" y="14">${graph.nodes.length} stages and presets: too many to draw here; \`gen graph\` draws them all</text>`
    : graph.nodes.length === 0
    ? `<text class="muted" x="0" y="14">no stages yet</text>`
    : [...laidOut.edges.map((edge) => drawEdge(edge, ids)), ...laidOut.nodes.map((node) => drawNode(node, graph, ids.get(node.node.id)!, node.node.id === options.activeId))].join("\n");
  const content = [
    `<rect class="bg" width="${width}" height="${height}"/>`,
    `<g class="header" transform="translate(${PAD},${PAD})">${head.svg}</g>`,
    `<g class="stages" transform="translate(${PAD},${PAD + head.height})">`,
    body,
    `</g>`,
  ].join("\n");
  return { width, height, content };
}

const ARROW = `<defs><marker id="gen-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path class="arrowhead" d="M0,0 L10,5 L0,10 z"/></marker></defs>`;

/** The graph as one SVG document. */
export function graphSvg(graph: PipelineGraph, options: SvgOptions = {}, laidOut: Layout = tooMany(graph, options) ? notLaidOut : layoutGraph(graph)): string {
  const { width, height, content } = drawing(graph, options, laidOut);
  const style = options.embedStyle === false ? "" : `<style>${GRAPH_CSS}</style>`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="gen-graph" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="group" aria-label="${xml(`Stages of pipeline ${graph.name}`)}" data-pipeline="${xml(graph.name)}">`,
    style,
    ARROW,
    content,
    `</svg>`,
  ].join("\n");
}

/** Several pipelines in one SVG document, one under the other, each with its caption (its file). */
export function graphsSvg(graphs: { graph: PipelineGraph; caption?: string }[]): string {
  if (graphs.length === 1) return graphSvg(graphs[0].graph, { caption: graphs[0].caption });
  const drawings = graphs.map(({ graph, caption }) => ({ graph, ...drawing(graph, { caption }, layoutGraph(graph)) }));
  const width = Math.max(0, ...drawings.map((d) => d.width));
  let y = 0;
  const parts = drawings.map((d) => {
    const part = `<svg x="0" y="${y}" width="${d.width}" height="${d.height}" viewBox="0 0 ${d.width} ${d.height}" class="gen-graph" data-pipeline="${xml(d.graph.name)}">\n${d.content}\n</svg>`;
    y += d.height;
    return part;
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="gen-graph" width="${width}" height="${y}" viewBox="0 0 ${width} ${y}" role="group" aria-label="Pipeline graphs">`,
    `<style>${GRAPH_CSS}</style>`,
    ARROW,
    ...parts,
    `</svg>`,
  ].join("\n");
}

/** A standalone page: the drawing, a light or dark palette as the reader's system prefers, and no script. */
export function graphHtml(graphs: { graph: PipelineGraph; caption?: string }[], title: string): string {
  const drawings = graphs.map(({ graph, caption }) => `<section>${graphSvg(graph, { embedStyle: false, caption })}</section>`).join("\n");
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${xml(title)}</title>
<style>
body { margin: 0; padding: 16px; background: #ffffff; }
@media (prefers-color-scheme: dark) { body { background: #0d1117; } }
section { margin: 0 0 24px; overflow-x: auto; }
${GRAPH_CSS}
</style>
</head>
<body>
${drawings || '<p class="gen-graph">No pipelines.</p>'}
</body>
</html>
`;
}
