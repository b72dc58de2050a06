// The graph webview's zoom arithmetic (client/src/zoomMath.ts), as a table; and that the page's script can
// run it from its source alone. How the page behaves with it is checked in Chromium: test/render/graph.test.ts.
import * as assert from "assert";
import * as esbuild from "esbuild";
import * as path from "path";
import { repoRoot } from "../support/render";
import { clampZoom, fitZoom, initialZoom, isMax, isMin, percent, pointUnder, scrollKeeping, stepZoom, wheelFactor, zoomMath } from "../../client/src/zoomMath";

const close = (actual: number, expected: number, what: string) => assert.ok(Math.abs(actual - expected) < 1e-9, `${what}: ${actual}, not ${expected}`);

describe("zoom arithmetic of the graph webview", () => {
  const clamps: [number, number][] = [[1, 1], [0.05, 0.1], [0.1, 0.1], [4, 4], [12, 4], [0, 0.1], [-3, 0.1], [NaN, 1], [Infinity, 1]];
  for (const [zoom, expected] of clamps) it(`clampZoom(${zoom}) is ${expected}`, () => assert.strictEqual(clampZoom(zoom), expected));

  const steps: [number, 1 | -1, number][] = [
    [1, 1, 1.1], [1, -1, 0.9], [0.1, -1, 0.1], [4, 1, 4], [0.1, 1, 0.25], [3, 1, 4],
    // Between levels (after the wheel or a fit): to the next level that way, never the same one again.
    [0.42, 1, 0.5], [0.42, -1, 0.33], [1.003, 1, 1.1], [0.998, -1, 0.9], [3.9, 1, 4],
  ];
  for (const [zoom, direction, expected] of steps) it(`stepZoom(${zoom}, ${direction}) is ${expected}`, () => assert.strictEqual(stepZoom(zoom, direction), expected));

  it("a trackpad pinch follows the fingers; a mouse wheel's notch zooms about 1.28×, either way", () => {
    close(wheelFactor(-10, 0), Math.exp(0.1), "pinch out");
    close(wheelFactor(4, 0), Math.exp(-0.04), "pinch in");
    close(wheelFactor(-100, 0), Math.exp(0.25), "notch up");
    close(wheelFactor(100, 0), Math.exp(-0.25), "notch down");
    close(wheelFactor(-3, 1), Math.exp(0.25), "3 lines");
    close(wheelFactor(1, 2), Math.exp(-0.25), "a page");
    assert.strictEqual(wheelFactor(0, 0), 1);
    assert.strictEqual(wheelFactor(NaN, 0), 1);
    close(wheelFactor(-100, 0) * wheelFactor(100, 0), 1, "in and out again");
  });

  const fits: [string, { width: number; height: number }, { width: number; height: number }, number, number][] = [
    // what, content at 100%, view, fit, initial
    ["wider than the view", { width: 2000, height: 500 }, { width: 1008, height: 800 }, 0.5, 0.5],
    ["taller than the view", { width: 300, height: 1592 }, { width: 800, height: 404 }, 0.248, 0.248],
    ["small: fit fills the view, it opens at 100%", { width: 200, height: 100 }, { width: 808, height: 808 }, 4, 1],
    ["fits exactly: 100%", { width: 392, height: 292 }, { width: 400, height: 300 }, 1, 1],
    ["a storyboard of hundreds of stages: no smaller than 10%", { width: 60000, height: 9000 }, { width: 1000, height: 700 }, 0.1, 0.1],
    ["rounded down, never overflowing", { width: 3000, height: 100 }, { width: 1008, height: 800 }, 0.333, 0.333],
    ["nothing drawn", { width: 0, height: 0 }, { width: 800, height: 600 }, 1, 1],
    ["a view of no size", { width: 500, height: 500 }, { width: 0, height: 0 }, 0.1, 0.1],
  ];
  for (const [what, content, view, fit, initial] of fits) {
    it(`fit and initial zoom: ${what}`, () => {
      assert.strictEqual(fitZoom(content, view), fit);
      assert.strictEqual(initialZoom(content, view), initial);
      if (fit > 0.1 && fit < 4) assert.ok(content.width * fit <= view.width - 8 && content.height * fit <= view.height - 8, "the fitted drawing fits, margins spare");
    });
  }

  const anchors: [string, number, number, { x: number; y: number }, { x: number; y: number }, { x: number; y: number }][] = [
    // what, zoom before, after, pointer, scroll before, drawing's origin in the content (before = after)
    ["in around the top left", 1, 2, { x: 0, y: 0 }, { x: 0, y: 0 }, { x: 0, y: 0 }],
    ["in around a point", 1, 2, { x: 100, y: 50 }, { x: 0, y: 0 }, { x: 0, y: 0 }],
    ["out around a point, scrolled", 2, 0.5, { x: 300, y: 200 }, { x: 400, y: 120 }, { x: 0, y: 0 }],
    ["a centred drawing", 0.5, 1.25, { x: 250, y: 10 }, { x: 0, y: 0 }, { x: 40, y: 16 }],
  ];
  for (const [what, before, after, pointer, scroll, origin] of anchors) {
    it(`zooming keeps the point under the pointer: ${what}`, () => {
      const anchor = pointUnder(pointer, scroll, origin, before);
      const next = scrollKeeping(anchor, after, pointer, origin);
      const again = pointUnder(pointer, next, origin, after);
      close(again.x, anchor.x, "x");
      close(again.y, anchor.y, "y");
    });
  }
  it("in around (100, 50) at 2×: scrolled by (100, 50)", () => {
    assert.deepStrictEqual(scrollKeeping(pointUnder({ x: 100, y: 50 }, { x: 0, y: 0 }, { x: 0, y: 0 }, 1), 2, { x: 100, y: 50 }, { x: 0, y: 0 }), { x: 100, y: 50 });
  });

  it("the toolbar's figure and the ends of the range", () => {
    assert.deepStrictEqual([0.1, 0.333, 0.5, 1, 1.006, 4].map(percent), ["10%", "33%", "50%", "100%", "101%", "400%"]);
    assert.deepStrictEqual([isMin(0.1), isMin(0.104), isMin(0.11), isMax(4), isMax(3.996), isMax(3.9)], [true, true, false, true, true, false]);
  });

  it("runs from its source alone, as the page's script gets it", () => {
    const fromSource = new Function(`"use strict"; return (${zoomMath.toString()})();`)() as ReturnType<typeof zoomMath>;
    assert.strictEqual(fromSource.fitZoom({ width: 2000, height: 500 }, { width: 1008, height: 800 }), 0.5);
    assert.strictEqual(fromSource.stepZoom(1, 1), 1.1);
    assert.strictEqual(fromSource.percent(0.5), "50%");
  });

  it("reaches the page intact through the packaged build's minifying", async () => {
    const built = await esbuild.build({ entryPoints: [path.join(repoRoot, "client/src/graphPage.ts")], bundle: true, minify: true, write: false, format: "cjs", platform: "node", logLevel: "silent" });
    const module = { exports: {} as { webviewHtml?: (options: { nonce: string; cspSource: string; css: string }) => string } };
    new Function("module", "exports", built.outputFiles[0].text)(module, module.exports);
    const html = module.exports.webviewHtml!({ nonce: "n", cspSource: "x", css: "" });
    const script = /<script nonce="n">([\s\S]*?)<\/script>/.exec(html)![1];
    assert.doesNotThrow(() => new Function(script), "the page's script parses");
    const factory = /const math = \((function[\s\S]*?)\)\(\);\n/.exec(script)![1];
    const math = new Function(`"use strict"; return (${factory})();`)() as ReturnType<typeof zoomMath>;
    assert.deepStrictEqual([math.fitZoom({ width: 2000, height: 500 }, { width: 1008, height: 800 }), math.stepZoom(1, -1), math.clampZoom(9)], [0.5, 0.9, 4]);
  });
});
