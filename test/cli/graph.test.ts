// `gen graph` run as a process on the fixtures in test/fixtures-cli/cost, in every format,
// and `gen cost --format markdown --graph`.
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as path from "path";
import { repoRoot } from "../support/render";

const fixtures = path.join(repoRoot, "test/fixtures-cli/cost");

function gen(args: string[], cwd = fixtures) {
  const result = spawnSync(process.execPath, [path.join(repoRoot, "dist/cli.js"), ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const lines = (...text: string[]) => text.join("\n") + "\n";

// teaser.gen: hero 2 × 0.4 = 0.8 credits; start free, runs 2; shot 4 × 14 = 56 credits (2 per start × 2);
// shot_hd has no model: unpriced. Draft only (no phase blocks): draft = final = job = 56.8 of 150.
const teaserMermaid = lines(
  "flowchart LR",
  "  %% pipeline #34;teaser#34;: ≈ 56.8 credits of 150 credits budget (38%) · draft mode",
  '  n0["hero<br/>image · photon-flash-1<br/>≈ 0.8 credits · 1%<br/>1 finding: single-variation"]',
  '  n1["start<br/>keyframe<br/>free"]',
  '  n2["shot<br/>video · ray-flash-2<br/>≈ 56 credits · 99%<br/>1 finding: single-variation"]',
  '  n3["shot_hd<br/>upscale · output<br/>no price"]',
  '  n0 -->|"from × 2"| n1',
  '  n1 -->|"start × 2"| n2',
  '  n2 -->|"from × 4"| n3',
  "  classDef output stroke-width:3px",
  "  classDef error stroke:#d1242f,stroke-width:2px",
  "  classDef warning stroke:#9a6700,stroke-width:2px",
  "  classDef preset stroke-dasharray:4 3",
  "  class n3 output",
  "  class n0,n2 warning",
);

describe("gen graph", () => {
  it("mermaid: one flowchart for one pipeline, fan-out on the edges", () => {
    const { code, stdout, stderr } = gen(["graph", "--format", "mermaid", "teaser.gen"]);
    assert.strictEqual(stdout, teaserMermaid);
    assert.strictEqual(stderr, "");
    assert.strictEqual(code, 0);
  });

  it("dot: a digraph for Graphviz", () => {
    const { code, stdout } = gen(["graph", "--format", "dot", "teaser.gen"]);
    assert.strictEqual(code, 0);
    assert.ok(stdout.startsWith(lines('digraph "teaser" {', "  rankdir=LR;")), stdout);
    assert.ok(stdout.includes('  n2 -> n3 [label="from × 4", penwidth=2];\n'), stdout);
    assert.ok(stdout.includes('  n3 [label="shot_hd\\nupscale · output\\nno price", tooltip="shot_hd", penwidth=2.5];\n'), stdout);
    assert.ok(stdout.endsWith("}\n"));
  });

  it("svg (the default): one document with a node per stage and its cost", () => {
    const { code, stdout } = gen(["graph", "teaser.gen"]);
    assert.strictEqual(code, 0);
    assert.ok(stdout.startsWith('<svg xmlns="http://www.w3.org/2000/svg" class="gen-graph"'), stdout.slice(0, 100));
    assert.deepStrictEqual([...stdout.matchAll(/data-id="([^"]+)"/g)].map((m) => m[1]), ["hero", "start", "shot", "shot_hd"]);
    assert.deepStrictEqual([...stdout.matchAll(/<text class="cost"[^>]*>([^<]*)</g)].map((m) => m[1]), ["≈ 0.8 credits", "free", "≈ 56 credits", "no price"]);
    assert.strictEqual(stdout.trimEnd().endsWith("</svg>"), true);
  });

  it("html: a standalone page without script", () => {
    const { code, stdout } = gen(["graph", "--format", "html", "teaser.gen"]);
    assert.strictEqual(code, 0);
    assert.ok(stdout.startsWith("<!DOCTYPE html>"));
    assert.ok(stdout.includes("<title>teaser.gen: pipeline graph</title>"));
    assert.ok(!/<script/i.test(stdout));
  });

  it("json: nodes, edges and figures in credits and dollars, with ranges", () => {
    const { code, stdout } = gen(["graph", "--format", "json", "teaser.gen"]);
    assert.strictEqual(code, 0);
    const [file] = JSON.parse(stdout).files;
    assert.strictEqual(file.path, "teaser.gen");
    const [pipeline] = file.pipelines;
    assert.deepStrictEqual([pipeline.name, pipeline.job, pipeline.budget, pipeline.unpriced], ["teaser", { credits: 56.8, usd: 0.568 }, { credits: 150, usd: 1.5, share: 0.3787, over: false }, ["shot_hd"]]);
    assert.deepStrictEqual(pipeline.nodes.map((n: any) => [n.id, n.kind, n.runs, n.generations, n.job.credits, n.share, n.output, n.range.start.line]), [
      ["hero", "image", 1, 2, 0.8, 0.0141, false, 7], ["start", "keyframe", 2, 2, 0, 0, false, 14], ["shot", "video", 2, 4, 56, 0.9859, false, 16], ["shot_hd", "upscale", 4, 4, 0, 0, true, 25],
    ]);
    assert.deepStrictEqual(pipeline.edges, [
      { from: "hero", to: "start", kind: "from", multiplicity: 2 }, { from: "start", to: "shot", kind: "start", multiplicity: 2 }, { from: "shot", to: "shot_hd", kind: "from", multiplicity: 4 },
    ]);
  });

  it("--pipeline picks one pipeline among the files of a folder", () => {
    const { code, stdout } = gen(["graph", "--format", "mermaid", "--pipeline", "teaser", "."]);
    assert.strictEqual(stdout, teaserMermaid);
    assert.strictEqual(code, 0);
  });

  it("several pipelines make one drawing: a subgraph each, titled with its file", () => {
    const { code, stdout } = gen(["graph", "--format", "mermaid", "."]);
    assert.strictEqual(code, 0);
    assert.deepStrictEqual([...stdout.matchAll(/^ {2}subgraph (p\d+)\["([^·]+) · pipeline #34;([^#]+)#34;/gm)].map((m) => [m[1], m[2], m[3]]), [
      ["p0", "over.gen", "too-dear"], ["p1", "phases.gen", "phases"], ["p2", "teaser.gen", "teaser"], ["p3", path.join("usd", "stills.gen"), "stills"],
    ]);
    const svg = gen(["graph", "."]).stdout;
    assert.strictEqual((svg.match(/<svg /g) ?? []).length, 5); // the document and one per pipeline
  });

  it("an unknown pipeline is a usage error that names the close one and the others", () => {
    const { code, stdout, stderr } = gen(["graph", "--pipeline", "teasr", "."]);
    assert.strictEqual(stdout, "");
    assert.strictEqual(stderr, "gen graph: no pipeline `teasr` in .; did you mean `teaser`? (pipelines: `too-dear`, `phases`, `teaser`, `stills`)\n");
    assert.strictEqual(code, 2);
  });

  it("bad usage exits 2; a file that cannot be read exits 1 and the rest is drawn", () => {
    assert.deepStrictEqual(gen(["graph", "--format", "png", "teaser.gen"]), { code: 2, stdout: "", stderr: "gen graph: unknown format `png`: use svg, html, mermaid, dot or json\n" });
    const missing = gen(["graph", "--format", "mermaid", "teaser.gen", "missing.gen"]);
    assert.strictEqual(missing.code, 1);
    assert.strictEqual(missing.stdout, teaserMermaid);
    assert.match(missing.stderr, /^error .*missing\.gen/);
  });
});

describe("gen cost --format markdown --graph", () => {
  it("puts each pipeline's Mermaid graph under its table", () => {
    const { code, stdout } = gen(["cost", "--format", "markdown", "--graph", "teaser.gen"]);
    assert.strictEqual(code, 0);
    assert.ok(stdout.includes("Budget: 56.8 of 150 credits, 38%.  \nBy kind: image 0.8 credits · video 56 credits.\n\n```mermaid\n" + teaserMermaid + "```\n\nFindings (2):"), stdout);
  });

  it("is a usage error with another format, and leaves markdown alone without it", () => {
    const { code, stderr } = gen(["cost", "--graph", "teaser.gen"]);
    assert.strictEqual(code, 2);
    assert.match(stderr, /--graph draws the graphs in Markdown: use it with --format markdown/);
    assert.ok(!gen(["cost", "--format", "markdown", "teaser.gen"]).stdout.includes("```mermaid"));
  });
});
