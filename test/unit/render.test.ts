// The drawings of the pipeline graph as text: Mermaid and DOT exactly, and what the SVG holds.
// How the SVG looks (no overlaps, edges joining the right nodes) is checked in Chromium: test/render/.
import * as assert from "assert";
import { CatalogModel, createCatalog } from "../../server/src/catalog/catalog";
import { graphDot } from "../../server/src/render/dot";
import { layoutGraph } from "../../server/src/render/layout";
import { graphMermaid } from "../../server/src/render/mermaid";
import { graphHtml, graphSvg } from "../../server/src/render/svg";
import { checkDocument } from "../../server/src/service/check";
import { pipelineGraph, PipelineGraph } from "../../server/src/service/pipelineGraph";

const models: CatalogModel[] = [
  { id: "img", provider: "test", kind: "image", perImage: { "1k": 0.04 }, defaultResolution: "1k", sources: [] },
  { id: "vid", provider: "test", kind: "video", perSecond: { "540p": 0.1 }, nativeAudio: "none", sources: [] },
];
const catalog = createCatalog(models);
const off = { "brief-first": "off", "stills-first": "off", "single-variation": "off" } as const;

const graphOf = (text: string): PipelineGraph => pipelineGraph(checkDocument(text, { catalog, rules: off }))!;

const fan = graphOf(`pipeline "fan" {
  budget: 100 credits
  mode: draft
  image hero { model: img prompt: "shoe" count: 2 }
  keyframe k { from: hero }
  video shot { model: vid start: k duration: 5s resolution: 540p }
  output shot
}`);
// hero 2 × 4 = 8; shot 2 × 5 s × 10 = 100; job 108 of 100: over.

describe("graph drawings", () => {
  it("Mermaid: a flowchart with safe ids, the cost lines, fan-out on the edges", () => {
    assert.strictEqual(graphMermaid(fan), [
      "flowchart LR",
      "  %% pipeline #34;fan#34;: ≈ 108 credits of 100 credits budget (108%, over) · draft mode",
      '  n0["hero<br/>image · img<br/>≈ 8 credits · 7%"]',
      '  n1["k<br/>keyframe<br/>free"]',
      '  n2["shot<br/>video · vid · output<br/>≈ 100 credits · 93%"]',
      '  n0 -->|"from × 2"| n1',
      '  n1 -->|"start × 2"| n2',
      "  classDef output stroke-width:3px",
      "  classDef error stroke:#d1242f,stroke-width:2px",
      "  classDef warning stroke:#9a6700,stroke-width:2px",
      "  classDef preset stroke-dasharray:4 3",
      "  class n2 output",
      "",
    ].join("\n"));
  });

  it("DOT: a left-to-right digraph with the same lines", () => {
    assert.strictEqual(graphDot(fan), [
      'digraph "fan" {',
      "  rankdir=LR;",
      '  label="pipeline \\"fan\\": ≈ 108 credits of 100 credits budget (108%, over) · draft mode";',
      "  labelloc=t;",
      '  node [shape=box, style=rounded, fontname="Helvetica", fontsize=11];',
      '  edge [fontname="Helvetica", fontsize=10];',
      '  n0 [label="hero\\nimage · img\\n≈ 8 credits · 7%", tooltip="hero"];',
      '  n1 [label="k\\nkeyframe\\nfree", tooltip="k"];',
      '  n2 [label="shot\\nvideo · vid · output\\n≈ 100 credits · 93%", tooltip="shot", penwidth=2.5];',
      '  n0 -> n1 [label="from × 2", penwidth=2];',
      '  n1 -> n2 [label="start × 2", penwidth=2];',
      "}",
      "",
    ].join("\n"));
  });

  it("names from the file cannot break out of any format", () => {
    const hostile = graphOf(`pipeline "a\\"]<b>&\\\\n{x} |y| #1" {
  image hero { model: img prompt: "shoe" }
  output hero
}`);
    assert.strictEqual(hostile.name, 'a"]<b>&\\n{x} |y| #1');
    const mermaid = graphMermaid(hostile);
    assert.ok(mermaid.includes("%% pipeline #34;a#34;#93;#60;b#62;#38;\\n#123;x#125; #124;y#124; #35;1#34;"), mermaid);
    const dot = graphDot(hostile);
    assert.ok(dot.startsWith('digraph "a\\"]<b>&\\\\n{x} |y| #1" {\n'), dot);
    const svg = graphSvg(hostile);
    assert.ok(svg.includes("pipeline &quot;a&quot;]&lt;b&gt;&amp;\\n{x} |y| #1&quot;"), svg);
    assert.ok(!svg.includes("<b>"));
  });

  it("lays out stages named like Object.prototype's keys (found by the fuzz suite: the layout threw)", () => {
    const graph = graphOf(`pipeline "p" {
  image constructor { model: img prompt: "shoe" }
  keyframe __proto__ { from: constructor }
  keyframe toString { from: __proto__ }
  output toString
}`);
    const svg = graphSvg(graph);
    assert.deepStrictEqual([...svg.matchAll(/data-from="([^"]+)" data-to="([^"]+)"/g)].map((m) => `${m[1]}→${m[2]}`), ["constructor→__proto__", "__proto__→toString"]);
  });

  it("SVG: one focusable node per stage with its cost, one edge per reference, the header figures", () => {
    const svg = graphSvg(fan);
    assert.deepStrictEqual([...svg.matchAll(/<g class="node [^"]*" id="([^"]+)" data-id="([^"]+)"/g)].map((m) => [m[1], m[2]]), [["gen-node-0", "hero"], ["gen-node-1", "k"], ["gen-node-2", "shot"]]);
    assert.deepStrictEqual([...svg.matchAll(/<text class="cost"[^>]*>([^<]*)</g)].map((m) => m[1]), ["≈ 8 credits", "free", "≈ 100 credits"]);
    assert.deepStrictEqual([...svg.matchAll(/data-from="([^"]+)" data-to="([^"]+)"/g)].map((m) => `${m[1]}→${m[2]}`), ["hero→k", "k→shot"]);
    assert.ok(svg.includes(">≈ 108 of 100 credits (108%) · draft mode · over budget<"));
    assert.ok(svg.includes('tabindex="0" role="button"'));
    assert.ok(!graphSvg(fan, { embedStyle: false }).includes("<style>"));
    assert.ok(graphSvg(fan, { activeId: "shot" }).includes('class="node stage k-video output active"'));
  });

  it("past maxNodes the stages are not laid out, and the drawing says where to see them", () => {
    const svg = graphSvg(fan, { maxNodes: 2 });
    assert.ok(svg.includes(">3 stages and presets: too many to draw here; `gen graph` draws them all<"), svg);
    assert.ok(!svg.includes('class="node '));
  });

  it("lays out left to right: each edge goes from a lower rank to a higher one", () => {
    const layout = layoutGraph(fan);
    const x = new Map(layout.nodes.map((n) => [n.node.id, n.x]));
    for (const edge of fan.edges) assert.ok(x.get(edge.from)! < x.get(edge.to)!, `${edge.from} → ${edge.to}`);
  });

  it("HTML: a standalone page with no script and a strict policy", () => {
    const html = graphHtml([{ graph: fan }], "fan.gen");
    assert.ok(html.includes(`content="default-src 'none'; style-src 'unsafe-inline'"`));
    assert.ok(!/<script/i.test(html));
    assert.strictEqual((html.match(/<svg /g) ?? []).length, 1);
  });
});
