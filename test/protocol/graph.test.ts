// `gen/pipelineGraph` through the spawned server: the graph at the cursor, by name, after an edit.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { pathToFileURL } from "url";
import { LspClient } from "./lspClient";

const config = {
  creditsPerUsd: 100,
  models: {
    "studio-image": { kind: "image", perImage: { "1k": 0.04 } },
    "studio-video": { kind: "video", perSecond: { "540p": 0.1 }, durations: [5, 10] },
  },
};

const text = [
  'pipeline "teaser" {', //                                                        line 0
  "  budget: 300 credits", //                                                       line 1
  "  mode: draft", //                                                               line 2
  '  image hero { model: studio-image prompt: "shoe" resolution: 1k count: 2 }', // line 3
  "  keyframe k { from: hero }", //                                                 line 4
  "  video shot { model: studio-video start: k duration: 5s resolution: 540p }", // line 5
  "  output shot", //                                                               line 6
  "}", //                                                                           line 7
  'pipeline "poster" {', //                                                         line 8
  '  image p { model: studio-image prompt: "poster" resolution: 1k }', //           line 9
  "  output p", //                                                                  line 10
  "}",
].join("\n");
// teaser: hero 2 × 4 = 8 credits; shot 2 × 5 s × 10 = 100 credits; job 108.

describe("pipeline graph over the protocol", function () {
  let client: LspClient;
  let dir: string;
  let uri: string;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "gen-graph-"));
    fs.writeFileSync(path.join(dir, "gen.config.json"), JSON.stringify(config));
    uri = pathToFileURL(path.join(dir, "teaser.gen")).toString();
    client = new LspClient();
    await client.initialize(pathToFileURL(dir).toString());
    client.notify("textDocument/didOpen", { textDocument: { uri, languageId: "gen", version: 1, text } });
  });

  afterEach(async () => {
    await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("answers the pipeline and the stage at the cursor, with ranges, figures and the drawing", async () => {
    const result = await client.request("gen/pipelineGraph", { uri, position: { line: 5, character: 10 } });
    assert.deepStrictEqual(result.pipelines, ["teaser", "poster"]);
    assert.strictEqual(result.version, 1);
    assert.strictEqual(result.activeId, "shot");
    const { graph } = result;
    assert.deepStrictEqual([graph.name, Math.round(graph.jobUsd * 100), Math.round(graph.budgetUsd * 100)], ["teaser", 108, 300]);
    assert.deepStrictEqual(graph.nodes.map((n: any) => [n.id, n.kind, n.runs, Math.round(n.jobUsd * 100), n.nameRange.start]), [
      ["hero", "image", 1, 8, { line: 3, character: 8 }],
      ["k", "keyframe", 2, 0, { line: 4, character: 11 }],
      ["shot", "video", 2, 100, { line: 5, character: 8 }],
    ]);
    assert.deepStrictEqual(graph.edges, [{ from: "hero", to: "k", kind: "from", multiplicity: 2 }, { from: "k", to: "shot", kind: "start", multiplicity: 2 }]);
    assert.deepStrictEqual(graph.range, { start: { line: 0, character: 0 }, end: { line: 7, character: 1 } });
    assert.ok(result.svg.startsWith("<svg ") && !result.svg.includes("<style>"));
    assert.ok(result.css.includes(".gen-graph"));
  });

  it("picks a pipeline by name, or the one around the cursor", async () => {
    assert.strictEqual((await client.request("gen/pipelineGraph", { uri, pipeline: "poster" })).graph.name, "poster");
    const below = await client.request("gen/pipelineGraph", { uri, position: { line: 9, character: 4 } });
    assert.deepStrictEqual([below.graph.name, below.activeId], ["poster", "p"]);
    assert.strictEqual((await client.request("gen/pipelineGraph", { uri })).graph.name, "teaser");
  });

  it("follows edits: the node's cost changes with the file", async () => {
    client.notify("textDocument/didChange", {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 5, character: 54 }, end: { line: 5, character: 56 } }, text: "10s" }],
    });
    const result = await client.request("gen/pipelineGraph", { uri, position: { line: 5, character: 10 } });
    assert.strictEqual(result.version, 2);
    assert.strictEqual(Math.round(result.graph.nodes.find((n: any) => n.id === "shot").jobUsd * 100), 200);
  });

  it("answers null for a document that is not open", async () => {
    assert.strictEqual(await client.request("gen/pipelineGraph", { uri: uri.replace("teaser", "other") }), null);
  });
});
