// The arithmetic of the graph webview's zoom, as pure functions. The page's script gets them as source
// (`(${zoomMath})()` in graphPanZoom.ts), so the factory must refer to nothing outside itself: no
// imports, no module constants, nothing but its own parameters and the language's globals.

export interface Size {
  width: number;
  height: number;
}

export interface Point {
  x: number;
  y: number;
}

export function zoomMath() {
  const MIN_ZOOM = 0.1;
  const MAX_ZOOM = 4;
  /** The levels the buttons and the `+`/`-` keys step through, as a browser's zoom does. */
  const LEVELS = [0.1, 0.25, 0.33, 0.5, 0.67, 0.8, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2, 2.5, 3, 4];
  /** Zooms this close count as the same (a level reached by the wheel, a fit that rounds). */
  const SAME = 0.005;

  /** The zoom within 10%–400%; anything not a number is 100%. */
  function clampZoom(zoom: number): number {
    return Number.isFinite(zoom) ? Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoom)) : 1;
  }

  /** The next level above (`1`) or below (`-1`) `zoom`, which may lie between levels. */
  function stepZoom(zoom: number, direction: 1 | -1): number {
    const next = direction > 0 ? LEVELS.find((level) => level > zoom + SAME) : [...LEVELS].reverse().find((level) => level < zoom - SAME);
    return next ?? (direction > 0 ? MAX_ZOOM : MIN_ZOOM);
  }

  /**
   * What one Ctrl+wheel event multiplies the zoom by. A trackpad pinch sends small deltas, and Chromium
   * makes them `-100 × ln(scale)`: the drawing follows the fingers. A mouse wheel's notch (100 px, or 3
   * lines) is bounded to about 1.28× a step.
   */
  function wheelFactor(deltaY: number, deltaMode: number): number {
    const pixels = deltaY * (deltaMode === 1 ? 33 : deltaMode === 2 ? 800 : 1);
    if (!Number.isFinite(pixels)) return 1;
    return Math.exp(-Math.max(-25, Math.min(25, pixels)) / 100);
  }

  /** The zoom at which all of `content` (at 100%) shows in `view`, `margin` px spare on each side; within the limits. */
  function fitZoom(content: Size, view: Size, margin = 4): number {
    if (!(content.width > 0 && content.height > 0)) return 1;
    const width = Math.max(1, view.width - 2 * margin);
    const height = Math.max(1, view.height - 2 * margin);
    // Rounded down, so the fitted drawing never overflows by a rounding and brings up scrollbars.
    return clampZoom(Math.floor(Math.min(width / content.width, height / content.height) * 1000) / 1000);
  }

  /** The zoom a drawing opens at: 100% when it fits, else fitted to the view. */
  function initialZoom(content: Size, view: Size): number {
    return Math.min(1, fitZoom(content, view));
  }

  /**
   * The point of the drawing (in its own units) under `pointer` (px from the view's top left), when the
   * view is scrolled to `scroll` and the drawing's top left lies at `origin` in the scrolled content.
   */
  function pointUnder(pointer: Point, scroll: Point, origin: Point, zoom: number): Point {
    return { x: (scroll.x + pointer.x - origin.x) / zoom, y: (scroll.y + pointer.y - origin.y) / zoom };
  }

  /** The scroll that puts `anchor` (a point of the drawing) back under `pointer` at `zoom`: zooming around a point. */
  function scrollKeeping(anchor: Point, zoom: number, pointer: Point, origin: Point): Point {
    return { x: origin.x + anchor.x * zoom - pointer.x, y: origin.y + anchor.y * zoom - pointer.y };
  }

  /** The zoom as the toolbar shows it. */
  function percent(zoom: number): string {
    return `${Math.round(zoom * 100)}%`;
  }

  const isMin = (zoom: number) => zoom <= MIN_ZOOM + SAME;
  const isMax = (zoom: number) => zoom >= MAX_ZOOM - SAME;

  return { MIN_ZOOM, MAX_ZOOM, clampZoom, stepZoom, wheelFactor, fitZoom, initialZoom, pointUnder, scrollKeeping, percent, isMin, isMax };
}

export const { MIN_ZOOM, MAX_ZOOM, clampZoom, stepZoom, wheelFactor, fitZoom, initialZoom, pointUnder, scrollKeeping, percent, isMin, isMax } = zoomMath();
