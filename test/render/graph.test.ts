// The graph drawing as a browser shows it: the SVG of `gen graph` and the webview's page, rendered in
// headless Chromium (Debian's, driven by playwright-core as in test/e2e). Every stage is a node with its
// cost text, no two nodes overlap, every edge runs from its input's node to its reader's; a screenshot
// of each drawing goes to out/screenshots/. Without Chromium the tests are skipped, unless
// GEN_E2E_REQUIRED=1. CHROMIUM names another binary.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import type { Browser, Page } from "playwright-core";
import { costLine } from "../../server/src/render/labels";
import { graphHtml, graphSvg, GRAPH_CSS } from "../../server/src/render/svg";
import { PipelineGraph, pipelineGraphs } from "../../server/src/service/pipelineGraph";
import { launchChromium } from "../support/chromium";
import { analyzeFile, repoRoot } from "../support/render";
import { webviewHtml } from "../../client/src/graphPage";

// The callbacks below run in the page; this project's types do not include the DOM.
declare const document: any, window: any, DOMPoint: any, getComputedStyle: any;
type HTMLElement = any;

const shots = path.join(repoRoot, "out/screenshots");

/** Samples with fan-out, presets, sequences, reframes and phases, and a fixture with an unpriced stage. */
const samples = ["samples/spring-edit.gen", "samples/spring-teaser.gen", "samples/vertical-ad-set.gen", "samples/music-video.gen", "samples/draft-then-final.gen", "test/fixtures-cli/cost/teaser.gen"];

interface Drawn {
  nodes: { id: string; role: string; cost: string; box: { x: number; y: number; width: number; height: number } }[];
  edges: { from: string; to: string; start: { x: number; y: number }; end: { x: number; y: number } }[];
}

/** What the page shows: each node's id, cost text and box, and each edge's ends, in page pixels. */
async function measure(page: Page, root: string): Promise<Drawn> {
  return page.evaluate((selector) => {
    const svg = document.querySelector(selector)!;
    const nodes = [...svg.querySelectorAll("g.node")].map((g) => {
      const r = g.querySelector(".box")!.getBoundingClientRect();
      return { id: g.dataset.id!, role: g.classList.contains("preset") ? "preset" : "stage", cost: g.querySelector(".cost")?.textContent ?? "", box: { x: r.x, y: r.y, width: r.width, height: r.height } };
    });
    const edges = [...svg.querySelectorAll("g.edge")].map((g) => {
      const p = g.querySelector("path")!;
      const matrix = p.getScreenCTM()!;
      const at = (length: number) => {
        const point = p.getPointAtLength(length);
        const screen = new DOMPoint(point.x, point.y).matrixTransform(matrix);
        return { x: screen.x, y: screen.y };
      };
      return { from: g.dataset.from!, to: g.dataset.to!, start: at(0), end: at(p.getTotalLength()) };
    });
    return { nodes, edges };
  }, root);
}

/** The webview's zoom, as its page says on the view. */
const zoomOf = (page: Page) => page.evaluate(() => Number(document.getElementById("view")!.dataset.zoom));

type Box = Drawn["nodes"][number]["box"];
const overlap = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
/** Distance from a point to a box (0 inside it). */
const distance = (p: { x: number; y: number }, b: Box) => Math.hypot(Math.max(b.x - p.x, 0, p.x - (b.x + b.width)), Math.max(b.y - p.y, 0, p.y - (b.y + b.height)));

function checkDrawing(drawn: Drawn, graph: PipelineGraph, label: string): void {
  assert.deepStrictEqual(drawn.nodes.map((n) => [n.id, n.role]), graph.nodes.map((n) => [n.id, n.role]), `${label}: one node per stage and preset`);
  assert.deepStrictEqual(drawn.nodes.filter((n) => n.role === "stage").map((n) => [n.id, n.cost]), graph.nodes.filter((n) => n.role === "stage").map((n) => [n.id, costLine(n, graph.settings)]), `${label}: cost texts`);
  for (let i = 0; i < drawn.nodes.length; i++) {
    for (let j = i + 1; j < drawn.nodes.length; j++) {
      assert.ok(!overlap(drawn.nodes[i].box, drawn.nodes[j].box), `${label}: ${drawn.nodes[i].id} and ${drawn.nodes[j].id} overlap`);
    }
  }
  assert.deepStrictEqual(drawn.edges.map((e) => `${e.from}→${e.to}`), graph.edges.filter((e) => e.from !== e.to).map((e) => `${e.from}→${e.to}`), `${label}: one edge per reference`);
  const boxes = new Map(drawn.nodes.map((n) => [n.id, n.box]));
  for (const edge of drawn.edges) {
    // Each end touches its own node (dagre ends edges on the node's border), and is nearer it than any other.
    const ends: [string, { x: number; y: number }][] = [[edge.from, edge.start], [edge.to, edge.end]];
    for (const [id, point] of ends) {
      const own = distance(point, boxes.get(id)!);
      assert.ok(own < 3, `${label}: edge ${edge.from}→${edge.to} ends ${own.toFixed(1)} px from ${id}`);
      for (const other of drawn.nodes) if (other.id !== id) assert.ok(distance(point, other.box) > own, `${label}: edge ${edge.from}→${edge.to} ends at ${other.id}, not ${id}`);
    }
  }
}

describe("graph drawing in Chromium", function () {
  this.timeout(60_000);
  let browser: Browser | undefined;
  let page: Page;

  before(async function () {
    browser = await launchChromium(this);
    page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    fs.mkdirSync(shots, { recursive: true });
  });

  after(async () => {
    await browser?.close();
  });

  for (const sample of samples) {
    it(`SVG of ${sample}: every stage a node with its cost, no overlaps, edges join the right nodes`, async () => {
      const [graph] = pipelineGraphs(analyzeFile(path.join(repoRoot, sample)));
      await page.setContent(`<!DOCTYPE html><html><body style="margin:0">${graphSvg(graph)}</body></html>`);
      checkDrawing(await measure(page, "svg.gen-graph"), graph, sample);
      const png = path.join(shots, `graph-${path.basename(sample, ".gen")}.png`);
      await page.locator("svg.gen-graph").screenshot({ path: png });
      // The README shows this one (vsce refuses SVG images in a README); UPDATE_IMAGES=1 refreshes it.
      const readme = path.join(repoRoot, "docs/images/spring-edit-graph.png");
      if (sample === "samples/spring-edit.gen" && (process.env.UPDATE_IMAGES === "1" || !fs.existsSync(readme))) fs.copyFileSync(png, readme);
    });
  }

  it("the standalone HTML page draws the same, light and dark", async () => {
    const graphs = pipelineGraphs(analyzeFile(path.join(repoRoot, "samples/spring-edit.gen")));
    await page.setContent(graphHtml(graphs.map((graph) => ({ graph })), "spring-edit.gen"));
    checkDrawing(await measure(page, "svg.gen-graph"), graphs[0], "html");
    const background = async () => page.evaluate(() => getComputedStyle(document.querySelector(".gen-graph .bg")!).fill);
    await page.emulateMedia({ colorScheme: "light" });
    assert.strictEqual(await background(), "rgb(255, 255, 255)");
    await page.emulateMedia({ colorScheme: "dark" });
    assert.strictEqual(await background(), "rgb(13, 17, 23)");
    await page.screenshot({ path: path.join(shots, "graph-html-dark.png"), fullPage: true });
    await page.emulateMedia({ colorScheme: "light" });
  });

  it("the webview's page: theme colours, a strict policy that still runs its script, click and keyboard post messages", async () => {
    const [graph] = pipelineGraphs(analyzeFile(path.join(repoRoot, "samples/spring-teaser.gen")));
    const violations: string[] = [];
    const listener = (message: { text(): string }) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    };
    page.on("console", listener);
    // A new document: setContent reuses the page's, and with it the policy of the page before.
    await page.goto("about:blank");
    // Made before any drawing: the style comes with the first one.
    await page.setContent(webviewHtml({ nonce: "dGVzdG5vbmNlMTIzNDU2Nzg5", cspSource: "https://webview.example", css: "" }));
    // As VS Code does: the theme's colours as CSS variables on the page (a dark theme here).
    await page.evaluate(() => {
      const style = document.documentElement.style;
      style.setProperty("--vscode-editor-background", "#1e1e1e");
      style.setProperty("--vscode-editor-foreground", "#d4d4d4");
      style.setProperty("--vscode-focusBorder", "#007fd4");
      style.setProperty("--vscode-editorWidget-background", "#252526");
      style.setProperty("--vscode-editorWidget-border", "#454545");
      style.setProperty("--vscode-descriptionForeground", "#ccccccb3");
      style.setProperty("--vscode-dropdown-background", "#3c3c3c");
      style.setProperty("--vscode-dropdown-foreground", "#f0f0f0");
    });
    assert.deepStrictEqual(await page.evaluate(() => (window as any).posted), [{ type: "ready" }], "the script ran under the policy");
    const post = (message: object) => page.evaluate((m) => window.postMessage(m, "*"), message);
    await post({ type: "graph", svg: graphSvg(graph, { embedStyle: false }), css: GRAPH_CSS, pipeline: graph.name, pipelines: [graph.name, "other"], activeId: "shot", version: 3 });
    await page.locator("svg.gen-graph g.node").first().waitFor();
    checkDrawing(await measure(page, "svg.gen-graph"), graph, "webview");
    assert.strictEqual(await page.evaluate(() => getComputedStyle(document.querySelector(".gen-graph .bg")!).fill), "rgb(30, 30, 30)");
    assert.strictEqual(await page.locator("g.node.active").getAttribute("data-id"), "shot");
    await page.screenshot({ path: path.join(shots, "graph-webview.png"), fullPage: true });
    // A high-contrast theme sets contrastBorder: every node is outlined in it.
    const stroke = () => page.evaluate(() => getComputedStyle(document.querySelector('g.node[data-id="hero"] .box')).stroke);
    assert.strictEqual(await stroke(), "rgb(69, 69, 69)");
    await page.evaluate(() => document.documentElement.style.setProperty("--vscode-contrastBorder", "#6fc3df"));
    assert.strictEqual(await stroke(), "rgb(111, 195, 223)");
    await page.evaluate(() => document.documentElement.style.removeProperty("--vscode-contrastBorder"));

    // A click reveals the stage; the keyboard moves between nodes and reveals with Enter.
    await page.locator('g.node[data-id="hero"]').click();
    await page.keyboard.press("ArrowRight");
    assert.strictEqual(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.id), "start");
    await page.keyboard.press("Enter");
    assert.deepStrictEqual(await page.evaluate(() => (window as any).posted.slice(1)), [{ type: "reveal", id: "hero" }, { type: "reveal", id: "start" }]);

    // An update keeps the zoom, the scroll position and the focused node; the picker offers the other pipeline.
    await page.keyboard.press("1");
    assert.strictEqual(await zoomOf(page), 1, "1: 100%");
    await page.setViewportSize({ width: 500, height: 400 });
    await page.evaluate(() => document.getElementById("view")!.scrollTo(200, 0));
    const cheaper = graphSvg({ ...graph, nodes: graph.nodes.map((n) => (n.id === "shot" ? { ...n, jobUsd: n.jobUsd * 2 } : n)) }, { embedStyle: false });
    await post({ type: "graph", svg: cheaper, pipeline: graph.name, pipelines: [graph.name, "other"], activeId: "shot", version: 4 });
    await page.waitForFunction(() => document.body.dataset.version === "4");
    assert.strictEqual(await page.evaluate(() => document.getElementById("view")!.scrollLeft), 200);
    assert.strictEqual(await zoomOf(page), 1, "the zoom kept");
    assert.strictEqual(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.id), "start");
    await page.selectOption("#pipeline", "other");
    assert.deepStrictEqual(await page.evaluate(() => (window as any).posted.at(-1)), { type: "pipeline", name: "other" });
    await page.setViewportSize({ width: 1600, height: 1000 });
    page.off("console", listener);
    assert.deepStrictEqual(violations, []);
  });
});
