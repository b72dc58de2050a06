// Zoom and pan for the pipeline-graph webview: the toolbar's markup and style, and the script that
// drives them (graphPage.ts puts all three in its page). The drawing is zoomed by its size: the SVG's
// width and height are its own times the zoom (its viewBox stays), so the browser draws it sharp at any
// zoom, the view's scrollbars pan it, and scrolling a node into view still works. The arithmetic is in
// zoomMath.ts, as pure functions; the script gets their source.
import { zoomMath } from "./zoomMath";

const icon = (path: string) => `<svg viewBox="0 0 16 16" aria-hidden="true" focusable="false"><path d="${path}"/></svg>`;

/** The toolbar; its buttons say what they do and their key, to a screen reader (`aria-label`) and on hover (`title`). */
export const ZOOM_TOOLBAR_HTML = `<div id="zoom" role="group" aria-label="Zoom">
<button id="zoom-out" type="button" aria-label="Zoom out (-)" title="Zoom out (-)">${icon("M3 8h10")}</button>
<button id="zoom-level" type="button" aria-label="Actual size, 100% (1)" title="Actual size (1)">100%</button>
<button id="zoom-in" type="button" aria-label="Zoom in (+)" title="Zoom in (+)">${icon("M3 8h10M8 3v10")}</button>
<button id="zoom-fit" type="button" aria-label="Fit to window (0)" title="Fit to window (0)">${icon("M2 6V2h4M10 2h4v4M14 10v4h-4M6 14H2v-4")}</button>
</div>`;

export const ZOOM_CSS = `
#zoom { display: flex; align-items: center; gap: 2px; margin-left: auto; flex: none; }
#zoom button { display: inline-flex; align-items: center; justify-content: center; min-width: 24px; height: 22px; padding: 0 4px; border: none; border-radius: 5px; background: transparent; color: var(--vscode-icon-foreground, currentColor); font: inherit; cursor: pointer; }
#zoom button:hover { background: var(--vscode-toolbar-hoverBackground, rgba(90, 93, 94, 0.31)); outline: 1px dashed var(--vscode-contrastActiveBorder); outline-offset: -1px; }
#zoom button:active { background: var(--vscode-toolbar-activeBackground, rgba(99, 102, 103, 0.31)); }
#zoom button:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: -1px; }
#zoom button[aria-disabled="true"] { opacity: 0.4; cursor: default; }
#zoom-level { min-width: 44px; font-variant-numeric: tabular-nums; }
#zoom svg { width: 16px; height: 16px; fill: none; stroke: currentColor; stroke-width: 1.5; }
#view { cursor: grab; user-select: none; -webkit-user-select: none; }
#view.panning, #view.panning * { cursor: grabbing; }
`;

/**
 * `createPanZoom(view, saved, remember)`: zooms the drawing in `view` with Ctrl/Cmd + wheel (around the
 * pointer; a trackpad pinch arrives as that), the toolbar and the keys `+` `-` `0` (fit) `1` (100%);
 * pans by dragging. `replace(svg, key)` puts a drawing in: the same `key` as before keeps the zoom and
 * the scroll, another opens at 100%, or fitted when it is larger than the view. `saved` is `state()` of
 * the page before (a hidden webview loses its page); `remember` is called when the state changes.
 */
export const PAN_ZOOM_SCRIPT = `function createPanZoom(view, saved, remember) {
  const math = (${zoomMath.toString()})();
  const level = document.getElementById("zoom-level");
  const zoomIn = document.getElementById("zoom-in");
  const zoomOut = document.getElementById("zoom-out");
  let zoom = 1;
  /** Fitted, and not zoomed since: a resized view fits the drawing again. */
  let fitted = false;
  let key;
  let restore = saved;

  const svgOf = () => view.querySelector(":scope > svg");
  const natural = (svg) => ({ width: Number(svg.dataset.width), height: Number(svg.dataset.height) });
  const viewSize = () => ({ width: view.clientWidth, height: view.clientHeight });
  const scrolled = () => ({ x: view.scrollLeft, y: view.scrollTop });
  const centre = () => ({ x: view.clientWidth / 2, y: view.clientHeight / 2 });
  const scrollTo = (point) => { view.scrollLeft = point.x; view.scrollTop = point.y; };
  /** Where the drawing's top left is in the scrolled content (it is centred while smaller than the view). */
  function origin(svg) {
    const s = svg.getBoundingClientRect(), v = view.getBoundingClientRect();
    return { x: s.left - v.left - view.clientLeft + view.scrollLeft, y: s.top - v.top - view.clientTop + view.scrollTop };
  }
  function size(svg) {
    const n = natural(svg);
    svg.setAttribute("width", String(Math.max(1, Math.floor(n.width * zoom))));
    svg.setAttribute("height", String(Math.max(1, Math.floor(n.height * zoom))));
  }
  function changed() {
    const shown = math.percent(zoom);
    level.textContent = shown;
    level.setAttribute("aria-label", "Actual size, " + shown + " now (1)");
    zoomIn.setAttribute("aria-disabled", String(math.isMax(zoom)));
    zoomOut.setAttribute("aria-disabled", String(math.isMin(zoom)));
    view.dataset.zoom = String(zoom);
    remember();
  }
  /** Zooms to \`next\` keeping the point under \`pointer\` (px from the view's top left; its centre if none) where it is. */
  function zoomTo(next, pointer) {
    const svg = svgOf();
    next = math.clampZoom(next);
    fitted = false;
    if (!svg || next === zoom) return changed();
    const at = pointer || centre();
    const anchor = math.pointUnder(at, scrolled(), origin(svg), zoom);
    zoom = next;
    size(svg);
    scrollTo(math.scrollKeeping(anchor, zoom, at, origin(svg)));
    changed();
  }
  function fit() {
    const svg = svgOf();
    if (!svg) return;
    zoom = math.fitZoom(natural(svg), viewSize());
    size(svg);
    scrollTo({ x: 0, y: 0 });
    fitted = true;
    changed();
  }
  function replace(svgText, drawingKey) {
    const before = scrolled();
    view.innerHTML = svgText;
    const svg = svgOf();
    if (!svg) return;
    svg.dataset.width = svg.getAttribute("width");
    svg.dataset.height = svg.getAttribute("height");
    if (drawingKey === key) {
      size(svg);
      scrollTo(before);
    } else if (restore && restore.key === drawingKey) {
      zoom = math.clampZoom(restore.zoom);
      fitted = Boolean(restore.fitted);
      size(svg);
      scrollTo(restore.scroll || { x: 0, y: 0 });
    } else {
      zoom = math.initialZoom(natural(svg), viewSize());
      fitted = zoom < 1;
      size(svg);
      scrollTo({ x: 0, y: 0 });
    }
    restore = undefined;
    key = drawingKey;
    changed();
  }

  const actions = {
    "+": () => zoomTo(math.stepZoom(zoom, 1)),
    "=": () => zoomTo(math.stepZoom(zoom, 1)),
    "-": () => zoomTo(math.stepZoom(zoom, -1)),
    "0": fit,
    "1": () => zoomTo(1),
  };
  zoomIn.addEventListener("click", actions["+"]);
  zoomOut.addEventListener("click", actions["-"]);
  level.addEventListener("click", actions["1"]);
  document.getElementById("zoom-fit").addEventListener("click", fit);
  window.addEventListener("keydown", (event) => {
    const action = actions[event.key];
    if (!action || event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest && event.target.closest("select, input, textarea")) return;
    event.preventDefault();
    action();
  });

  // Ctrl/Cmd + wheel, and a pinch (Chromium sends it as a wheel event with ctrlKey): batched per frame.
  let pending, frame = 0;
  view.addEventListener("wheel", (event) => {
    if (!event.ctrlKey && !event.metaKey) return; // the wheel alone scrolls
    event.preventDefault();
    const v = view.getBoundingClientRect();
    const pointer = { x: event.clientX - v.left - view.clientLeft, y: event.clientY - v.top - view.clientTop };
    pending = { factor: (pending ? pending.factor : 1) * math.wheelFactor(event.deltaY, event.deltaMode), pointer };
    if (!frame) frame = requestAnimationFrame(() => {
      frame = 0;
      const { factor, pointer: at } = pending;
      pending = undefined;
      zoomTo(zoom * factor, at);
    });
  }, { passive: false });

  // Dragging pans, from anywhere: past a few pixels it is a drag, and the click that ends it is not a click on a node.
  let drag, swallowClick = false;
  view.addEventListener("pointerdown", (event) => {
    if (event.pointerType === "touch" || (event.button !== 0 && event.button !== 1)) return;
    if (event.button === 1) event.preventDefault(); // no autoscroll
    drag = { id: event.pointerId, x: event.clientX, y: event.clientY, from: scrolled(), moving: false };
  });
  view.addEventListener("pointermove", (event) => {
    if (!drag || event.pointerId !== drag.id) return;
    const dx = event.clientX - drag.x, dy = event.clientY - drag.y;
    if (!drag.moving) {
      if (Math.hypot(dx, dy) < 4) return;
      drag.moving = true;
      view.setPointerCapture(event.pointerId);
      view.classList.add("panning");
    }
    scrollTo({ x: drag.from.x - dx, y: drag.from.y - dy });
  });
  const endDrag = (event) => {
    if (!drag || event.pointerId !== drag.id) return;
    if (drag.moving) {
      swallowClick = true;
      setTimeout(() => { swallowClick = false; }, 0);
    }
    view.classList.remove("panning");
    drag = undefined;
  };
  view.addEventListener("pointerup", endDrag);
  view.addEventListener("pointercancel", endDrag);
  view.addEventListener("click", (event) => {
    if (!swallowClick) return;
    swallowClick = false;
    event.stopImmediatePropagation();
    event.preventDefault();
  }, true);

  let saving = 0;
  view.addEventListener("scroll", () => {
    if (!saving) saving = requestAnimationFrame(() => { saving = 0; remember(); });
  });
  new ResizeObserver(() => { if (fitted) fit(); }).observe(view);

  return { replace, fit, zoomTo, state: () => ({ key, zoom, fitted, scroll: scrolled() }) };
}`;
