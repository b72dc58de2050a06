// Zoom and pan in the graph webview's page, in headless Chromium (test/support/chromium.ts): the toolbar
// and its labels, the first zoom (100%, or fitted when larger than the view), the keys, Ctrl + wheel
// around the pointer, dragging to pan without revealing a stage, and an edit's drawing keeping it all.
import * as assert from "assert";
import * as path from "path";
import type { Browser, Page } from "playwright-core";
import { graphSvg, GRAPH_CSS } from "../../server/src/render/svg";
import { pipelineGraphs } from "../../server/src/service/pipelineGraph";
import { launchChromium } from "../support/chromium";
import { analyzeFile, repoRoot } from "../support/render";
import { webviewHtml } from "../../client/src/graphPage";

// The callbacks below run in the page; this project's types do not include the DOM.
declare const document: any, window: any;

const [large] = pipelineGraphs(analyzeFile(path.join(repoRoot, "samples/spring-edit.gen")));
const [small] = pipelineGraphs(analyzeFile(path.join(repoRoot, "test/e2e/fixtures/wasteful.gen")));
const message = (graph: typeof large, uri: string, version: number) =>
  ({ type: "graph", uri, svg: graphSvg(graph, { embedStyle: false }), css: GRAPH_CSS, pipeline: graph.name, pipelines: [graph.name], version });

interface ViewState {
  zoom: number;
  left: number;
  top: number;
  /** The drawing's size on the page, and the view's. */
  width: number;
  height: number;
  viewWidth: number;
  viewHeight: number;
}

describe("graph webview: zoom and pan, in Chromium", function () {
  this.timeout(60_000);
  let browser: Browser | undefined;
  let page: Page;

  const post = (m: object) => page.evaluate((m) => window.postMessage(m, "*"), m);
  const drawn = (version: number) => page.waitForFunction((v) => document.body.dataset.version === String(v), version);
  const state = (): Promise<ViewState> => page.evaluate(() => {
    const view = document.getElementById("view");
    const svg = view.querySelector("svg");
    return { zoom: Number(view.dataset.zoom), left: view.scrollLeft, top: view.scrollTop, width: Number(svg.getAttribute("width")), height: Number(svg.getAttribute("height")), viewWidth: view.clientWidth, viewHeight: view.clientHeight };
  });
  const centreOf = async (id: string) => {
    const box = (await page.locator(`g.node[data-id="${id}"] .box`).boundingBox())!;
    return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  };
  /** A node well inside the view, with the view scrolled to its top left: room to zoom around it and to pan. */
  const nodeInView = async () => {
    await page.evaluate(() => document.getElementById("view").scrollTo(0, 0));
    return page.evaluate(() => {
      const v = document.getElementById("view").getBoundingClientRect();
      const inside = [...document.querySelectorAll("g.node")].find((n: any) => {
        const r = n.getBoundingClientRect();
        return r.left > v.left + 20 && r.right < v.right - 150 && r.top > v.top + 20 && r.bottom < v.bottom - 80;
      }) as any;
      return inside.dataset.id as string;
    });
  };
  const reveals = () => page.evaluate(() => (window.posted as { type: string }[]).filter((m) => m.type === "reveal").length);

  /** Content-security-policy violations and script errors: there must be none. */
  const problems: string[] = [];

  before(async function () {
    browser = await launchChromium(this);
    page = await browser.newPage({ viewport: { width: 900, height: 600 } });
    page.on("console", (m) => void (/Content Security Policy/i.test(m.text()) && problems.push(m.text())));
    page.on("pageerror", (error) => void problems.push(String(error)));
    await page.setContent(webviewHtml({ nonce: "dGVzdG5vbmNlMTIzNDU2Nzg5", cspSource: "https://webview.example", css: "" }));
  });

  after(async () => {
    await browser?.close();
  });

  it("has a toolbar whose buttons say what they do and their key", async () => {
    const buttons = await page.locator("#zoom button").evaluateAll((all) => all.map((b) => [b.id, b.getAttribute("aria-label"), b.getAttribute("title")]));
    assert.deepStrictEqual(buttons, [
      ["zoom-out", "Zoom out (-)", "Zoom out (-)"],
      ["zoom-level", "Actual size, 100% (1)", "Actual size (1)"],
      ["zoom-in", "Zoom in (+)", "Zoom in (+)"],
      ["zoom-fit", "Fit to window (0)", "Fit to window (0)"],
    ]);
  });

  it("opens a small drawing at 100% and a large one fitted to the view", async () => {
    await post(message(small, "file:///small.gen", 1));
    await drawn(1);
    assert.strictEqual((await state()).zoom, 1);
    assert.strictEqual(await page.locator("#zoom-level").textContent(), "100%");
    await post(message(large, "file:///large.gen", 2));
    await drawn(2);
    const fitted = await state();
    assert.ok(fitted.zoom < 1, `fitted at ${fitted.zoom}`);
    assert.ok(fitted.width <= fitted.viewWidth && fitted.height <= fitted.viewHeight, "all of it in view");
  });

  it("zooms with + - 1 0 and the buttons, within 10%–400%", async () => {
    const fit = (await state()).zoom;
    await page.focus("#view");
    await page.keyboard.press("1");
    assert.strictEqual((await state()).zoom, 1);
    await page.keyboard.press("+");
    assert.strictEqual((await state()).zoom, 1.1);
    await page.keyboard.press("-");
    await page.keyboard.press("-");
    assert.strictEqual((await state()).zoom, 0.9);
    await page.keyboard.press("0");
    assert.strictEqual((await state()).zoom, fit);
    await page.locator("#zoom-level").click();
    assert.strictEqual((await state()).zoom, 1);
    // 1.1, 1.25, 1.5, 1.75, 2, 2.5, 3, 4: then the button says it can go no further.
    for (let i = 0; i < 8; i++) await page.locator("#zoom-in").click();
    assert.strictEqual((await state()).zoom, 4);
    assert.strictEqual(await page.locator("#zoom-in").getAttribute("aria-disabled"), "true");
    await page.locator("#zoom-out").click();
    assert.strictEqual((await state()).zoom, 3);
    await page.locator("#zoom-fit").click();
    assert.strictEqual((await state()).zoom, fit);
    assert.strictEqual(await page.locator("#zoom-in").getAttribute("aria-disabled"), "false");
  });

  it("zooms with Ctrl + wheel around the pointer: the node under it stays there", async () => {
    await page.keyboard.press("1");
    const id = await nodeInView();
    const at = await centreOf(id);
    await page.mouse.move(at.x, at.y);
    await page.keyboard.down("Control");
    await page.mouse.wheel(0, -100);
    await page.keyboard.up("Control");
    await page.waitForFunction(() => document.getElementById("view").dataset.zoom !== "1");
    assert.ok(Math.abs((await state()).zoom - Math.exp(0.25)) < 1e-9, "one notch: about 1.28×");
    const after = await centreOf(id);
    assert.ok(Math.hypot(after.x - at.x, after.y - at.y) < 2, `moved from ${JSON.stringify(at)} to ${JSON.stringify(after)}`);
  });

  it("pans by dragging, from a node too, without revealing it; a click still reveals", async () => {
    await page.keyboard.press("+");
    const id = await nodeInView();
    const before = await state();
    const count = await reveals();
    const from = await centreOf(id);
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(from.x - 60, from.y - 30, { steps: 4 });
    await page.mouse.move(from.x - 120, from.y - 50, { steps: 4 });
    await page.mouse.up();
    const after = await state();
    assert.deepStrictEqual([after.left - before.left, after.top - before.top, after.zoom], [120, 50, before.zoom]);
    assert.strictEqual(await reveals(), count, "a drag is not a click");
    const node = await centreOf(id);
    await page.mouse.click(node.x, node.y);
    assert.strictEqual(await reveals(), count + 1);
  });

  it("keeps the zoom and the scroll when an edit redraws the pipeline; another file opens as new", async () => {
    const before = await state();
    await post(message(large, "file:///large.gen", 3));
    await drawn(3);
    assert.deepStrictEqual(await state(), before);
    assert.deepStrictEqual(await page.evaluate(() => ({ zoom: window.state.view.zoom, key: window.state.view.key })), { zoom: before.zoom, key: `file:///large.gen\n${large.name}` }, "kept for a webview shown again");
    await post(message(large, "file:///other.gen", 4));
    await drawn(4);
    const other = await state();
    assert.ok(other.zoom < 1 && other.left === 0 && other.top === 0, `fitted again: ${JSON.stringify(other)}`);
  });

  it("a fitted drawing fits again when the view is resized", async () => {
    const before = await state();
    await page.setViewportSize({ width: 600, height: 500 });
    await page.waitForFunction((zoom) => Number(document.getElementById("view").dataset.zoom) < zoom, before.zoom);
    const fitted = await state();
    assert.ok(fitted.width <= fitted.viewWidth && fitted.height <= fitted.viewHeight, `all of it in view: ${JSON.stringify(fitted)}`);
    await page.screenshot({ path: path.join(repoRoot, "out/screenshots/graph-webview-zoom.png") });
  });

  it("broke no rule of the page's content security policy, and threw nothing", () => {
    assert.deepStrictEqual(problems, []);
  });
});
