// The page of the pipeline-graph webview: plain HTML and one script, no `vscode` import, so tests load
// it in a browser as it is. It draws the SVG the server sends (`gen/pipelineGraph`), keeps the zoom,
// the scroll position and the focused node across updates, marks the stage under the cursor, and posts
// `reveal` when a node is clicked or chosen with the keyboard (Enter or Space; arrows move between nodes).
// Zoom and pan are in graphPanZoom.ts.
import { PAN_ZOOM_SCRIPT, ZOOM_CSS, ZOOM_TOOLBAR_HTML } from "./graphPanZoom";

export interface PageOptions {
  /** A fresh random value per page: the only script and style allowed are the ones carrying it. */
  nonce: string;
  /** The webview's own origin (`webview.cspSource`). */
  cspSource: string;
  /** The drawing's style (`GRAPH_CSS`, as the server sends it); a `graph` message may bring it later. */
  css: string;
}

const PAGE_CSS = `
html, body { margin: 0; padding: 0; height: 100%; }
body { background: var(--vscode-editor-background); color: var(--vscode-editor-foreground); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size, 13px); display: flex; flex-direction: column; }
#bar { display: flex; gap: 8px; align-items: center; padding: 4px 8px; border-bottom: 1px solid var(--vscode-panel-border, transparent); min-height: 26px; }
#bar select { background: var(--vscode-dropdown-background); color: var(--vscode-dropdown-foreground); border: 1px solid var(--vscode-dropdown-border, transparent); font: inherit; }
#bar select:focus { outline: 1px solid var(--vscode-focusBorder); }
#status { color: var(--vscode-descriptionForeground); flex: 1 1 auto; min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
#view { flex: 1; overflow: auto; display: flex; }
#view:focus { outline: none; }
/* Centred while smaller than the view; auto margins never push a larger drawing out of reach. */
#view > svg { display: block; flex: none; margin: auto; }
.hidden { display: none; }
${ZOOM_CSS}`;

/** The script: runs once; everything after comes as messages. */
const SCRIPT = `(() => {
  const vscode = typeof acquireVsCodeApi === "function" ? acquireVsCodeApi() : { postMessage: (m) => (window.posted = window.posted || []).push(m), getState: () => window.state, setState: (state) => { window.state = state; } };
  const view = document.getElementById("view");
  const picker = document.getElementById("pipeline");
  const status = document.getElementById("status");
  let active;
  let pipeline = (vscode.getState() || {}).pipeline;
  let panZoom;
  const remember = () => panZoom && vscode.setState({ pipeline, view: panZoom.state() });
  panZoom = createPanZoom(view, (vscode.getState() || {}).view, remember);

  const nodes = () => [...view.querySelectorAll("g.node")];
  const byId = (id) => nodes().find((n) => n.dataset.id === id);

  function mark(id, follow) {
    for (const n of view.querySelectorAll("g.node.active")) n.classList.remove("active");
    active = id;
    const node = id && byId(id);
    if (!node) return;
    node.classList.add("active");
    // Scrolls only when the node is out of sight, so the view stays where the user put it.
    if (follow) {
      const r = node.getBoundingClientRect();
      const v = view.getBoundingClientRect();
      if (r.left < v.left || r.right > v.right || r.top < v.top || r.bottom > v.bottom) node.scrollIntoView({ block: "nearest", inline: "nearest" });
    }
  }

  function draw(message) {
    // The drawing's style comes with it when the page was made before the first drawing arrived.
    const style = document.getElementById("graph-css");
    if (message.css && style.textContent !== message.css) style.textContent = message.css;
    // Only while the page has the focus: a node focused again in a page that lost it (the stage revealed in
    // the editor, then an edit redraws) would take the focus from the editor, and the next keys typed.
    const focused = document.hasFocus() && document.activeElement && document.activeElement.closest && document.activeElement.closest("g.node");
    const focusedId = focused ? focused.dataset.id : undefined;
    pipeline = message.pipeline;
    // One drawing per file and pipeline: an edit's new drawing keeps its zoom and scroll.
    panZoom.replace(message.svg, (message.uri || "") + "\\n" + message.pipeline);
    if (focusedId && byId(focusedId)) byId(focusedId).focus({ preventScroll: true });
    picker.replaceChildren(...message.pipelines.map((name) => {
      const option = document.createElement("option");
      option.value = name;
      option.textContent = name;
      option.selected = name === message.pipeline;
      return option;
    }));
    picker.classList.toggle("hidden", message.pipelines.length < 2);
    status.textContent = message.status || "";
    document.body.dataset.version = String(message.version ?? "");
    mark(message.activeId, false);
  }

  window.addEventListener("message", (event) => {
    const message = event.data;
    if (message.type === "graph") draw(message);
    else if (message.type === "active") mark(message.activeId, true);
    else if (message.type === "empty") {
      view.innerHTML = "";
      status.textContent = message.status;
    }
  });

  const reveal = (node) => vscode.postMessage({ type: "reveal", id: node.dataset.id });
  view.addEventListener("click", (event) => {
    const node = event.target.closest && event.target.closest("g.node");
    if (node) {
      node.focus({ preventScroll: true });
      reveal(node);
    }
  });
  view.addEventListener("keydown", (event) => {
    const node = event.target.closest && event.target.closest("g.node");
    if (!node) return;
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      reveal(node);
      return;
    }
    const directions = { ArrowRight: [1, 0], ArrowLeft: [-1, 0], ArrowDown: [0, 1], ArrowUp: [0, -1] };
    const d = directions[event.key];
    if (!d) return;
    event.preventDefault();
    // The nearest node that way: distance along the direction, with sideways distance weighing double.
    const from = node.getBoundingClientRect();
    const cx = from.left + from.width / 2, cy = from.top + from.height / 2;
    let best, bestScore = Infinity;
    for (const other of nodes()) {
      if (other === node) continue;
      const r = other.getBoundingClientRect();
      const dx = r.left + r.width / 2 - cx, dy = r.top + r.height / 2 - cy;
      const along = dx * d[0] + dy * d[1];
      if (along <= 1) continue;
      const score = along + 2 * Math.abs(dx * d[1] + dy * d[0]);
      if (score < bestScore) [best, bestScore] = [other, score];
    }
    if (best) {
      best.focus({ preventScroll: true });
      best.scrollIntoView({ block: "nearest", inline: "nearest" });
    }
  });
  picker.addEventListener("change", () => vscode.postMessage({ type: "pipeline", name: picker.value }));
  vscode.postMessage({ type: "ready" });

  ${PAN_ZOOM_SCRIPT}
})();`;

export function webviewHtml({ nonce, cspSource, css }: PageOptions): string {
  // No remote content: nothing loads from anywhere; the only style and script are the nonce'd ones.
  const policy = `default-src 'none'; img-src ${cspSource} data:; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${policy}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Pipeline graph</title>
<style nonce="${nonce}">${PAGE_CSS}</style>
<style nonce="${nonce}" id="graph-css">${css.replace(/<\//g, "<\\/")}</style>
</head>
<body>
<div id="bar"><select id="pipeline" class="hidden" aria-label="Pipeline"></select><span id="status" role="status" aria-live="polite"></span>${ZOOM_TOOLBAR_HTML}</div>
<div id="view" tabindex="-1" aria-label="Pipeline graph: Tab to a stage, arrows to move, Enter to go to it in the editor; plus and minus zoom, 0 fits, drag to pan"></div>
<script nonce="${nonce}">${SCRIPT}</script>
</body>
</html>
`;
}
