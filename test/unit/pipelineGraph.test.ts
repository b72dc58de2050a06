// The pipeline graph (service/pipelineGraph.ts): exact nodes, edges and figures for fan-out,
// presets, sequences, phases and unpriced stages, against a small fixed catalog.
import * as assert from "assert";
import { CatalogModel, createCatalog } from "../../server/src/catalog/catalog";
import { checkDocument } from "../../server/src/service/check";
import { PipelineGraph, pipelineGraph, pipelineGraphs, stageAt } from "../../server/src/service/pipelineGraph";
import * as path from "path";
import { analyzeFile, repoRoot } from "../support/render";

const models: CatalogModel[] = [
  { id: "img", provider: "test", kind: "image", perImage: { "1k": 0.04, "2k": 0.08 }, defaultResolution: "1k", sources: [] },
  { id: "img-nodefault", provider: "test", kind: "image", perImage: { "1k": 0.05, "2k": 0.1 }, sources: [] },
  { id: "vid", provider: "test", kind: "video", perSecond: { "540p": 0.1, "1080p": 0.4 }, audioPerSecond: 0.05, nativeAudio: "optional", audioDefault: false, sources: [] },
  { id: "up", provider: "test", kind: "upscale", inputs: ["video"], perSecond: { "1080p": 0.05 }, sources: [] },
  { id: "song", provider: "test", kind: "audio", audioKinds: ["music"], perGeneration: 0.5, sources: [] },
];
const catalog = createCatalog(models);

function graphOf(text: string, rules: "rules" | "no rules" = "no rules"): PipelineGraph {
  const off = rules === "rules" ? {} : { "brief-first": "off", "stills-first": "off", "single-variation": "off", "draft-low-res": "off", "unused-stage": "off", "cheaper-model": "off" } as const;
  const document = checkDocument(text, { catalog, rules: off });
  const graph = pipelineGraph(document);
  assert.ok(graph);
  return graph;
}

/** The figures of each node, in credits (100 a dollar), rounded to a hundredth. */
const c = (usd: number) => Math.round(usd * 100 * 100) / 100;
const nodeRows = (graph: PipelineGraph) =>
  graph.nodes.map((n) => ({
    id: n.id, kind: n.kind, model: n.model, quantity: n.quantity, runs: n.runs, count: n.count, generations: n.generations,
    draft: c(n.draftUsd), final: c(n.finalUsd), job: c(n.jobUsd), share: Math.round(n.share * 1000) / 1000,
    output: n.output, unpriced: n.unpriced, assumed: n.assumed,
  }));
const edgeRows = (graph: PipelineGraph) => graph.edges.map((e) => `${e.from} -${e.kind}${e.multiplicity > 1 ? `×${e.multiplicity}` : ""}${e.index ? `[${e.index}]` : ""}-> ${e.to}`);

describe("pipeline graph", () => {
  it("fan-out: count 4 multiplies the stages downstream, and the edges say × 4", () => {
    const graph = graphOf(`pipeline "fan" {
  budget: 200 credits
  mode: draft
  image hero { model: img prompt: "shoe" count: 4 }
  keyframe k { from: hero }
  video shot { model: vid start: k duration: 5s resolution: 540p audio: off }
  upscale hd { from: shot resolution: 1080p model: up }
  output hd
}`);
    // hero 4 × 4 = 16; shot 4 × 5 s × 10 = 200; hd 4 × 5 s × 5 = 100; job 316.
    assert.deepStrictEqual(nodeRows(graph), [
      { id: "hero", kind: "image", model: "img", quantity: "1 image at 1k", runs: 1, count: 4, generations: 4, draft: 16, final: 16, job: 16, share: 0.051, output: false, unpriced: undefined, assumed: undefined },
      { id: "k", kind: "keyframe", model: undefined, quantity: undefined, runs: 4, count: 1, generations: 4, draft: 0, final: 0, job: 0, share: 0, output: false, unpriced: undefined, assumed: undefined },
      { id: "shot", kind: "video", model: "vid", quantity: "5s at 540p", runs: 4, count: 1, generations: 4, draft: 200, final: 200, job: 200, share: 0.633, output: false, unpriced: undefined, assumed: undefined },
      { id: "hd", kind: "upscale", model: "up", quantity: "5s at 1080p", runs: 4, count: 1, generations: 4, draft: 100, final: 100, job: 100, share: 0.316, output: true, unpriced: undefined, assumed: undefined },
    ]);
    assert.deepStrictEqual(edgeRows(graph), ["hero -from×4-> k", "k -start×4-> shot", "shot -from×4-> hd"]);
    assert.deepStrictEqual([c(graph.draftUsd), c(graph.finalUsd), c(graph.jobUsd), c(graph.budgetUsd!), graph.over, graph.phased], [316, 316, 316, 200, true, false]);
    assert.strictEqual(Math.round(graph.budgetShare! * 1000) / 1000, 1.58);
    assert.deepStrictEqual(graph.byKind.map((k) => [k.kind, c(k.draftUsd), c(k.finalUsd), c(k.jobUsd)]), [["image", 16, 16, 16], ["video", 200, 200, 200], ["upscale", 100, 100, 100]]);
  });

  it("an indexed input takes one variation: no fan-out, and the index is kept", () => {
    const graph = graphOf(`pipeline "pick" {
  mode: draft
  image hero { model: img prompt: "shoe" count: 3 }
  keyframe k { from: hero[2] }
  video shot { model: vid start: k duration: 5s resolution: 540p }
  output shot
}`);
    assert.deepStrictEqual(edgeRows(graph), ["hero -from[2]-> k", "k -start-> shot"]);
    assert.deepStrictEqual(graph.nodes.map((n) => [n.id, n.runs, c(n.jobUsd)]), [["hero", 1, 12], ["k", 1, 0], ["shot", 1, 50]]);
  });

  it("presets: nodes of their own, with `use` edges to the stages; phases from a preset's final block", () => {
    const graph = graphOf(`preset look { model: vid duration: 5s resolution: 540p audio: off final { resolution: 1080p } }
pipeline "phased" {
  mode: draft
  image hero { model: img prompt: "shoe" }
  keyframe k { from: hero }
  video shot { use: look start: k }
  output shot
}`);
    // draft: hero 4 + shot 5 s × 10 = 50 → 54; final: hero 4 + shot 5 s × 40 = 200 → 204; job: 54 + 200 (only shot again).
    assert.deepStrictEqual(nodeRows(graph).map((n) => [n.id, n.kind, n.draft, n.final, n.job, n.share]), [
      ["preset:look", "preset", 0, 0, 0, 0],
      ["hero", "image", 4, 4, 4, 0.016],
      ["k", "keyframe", 0, 0, 0, 0],
      ["shot", "video", 50, 200, 250, 0.984],
    ]);
    assert.deepStrictEqual(edgeRows(graph), ["hero -from-> k", "k -start-> shot", "preset:look -use-> shot"]);
    assert.deepStrictEqual([graph.phased, c(graph.draftUsd), c(graph.finalUsd), c(graph.jobUsd)], [true, 54, 204, 254]);
    assert.deepStrictEqual(graph.nodes.filter((n) => n.regenerated).map((n) => n.id), ["shot"]);
    assert.deepStrictEqual(graph.byKind.map((k) => [k.kind, c(k.draftUsd), c(k.finalUsd), c(k.jobUsd)]), [["image", 4, 4, 4], ["video", 50, 200, 250]]);
  });

  it("sequences: clips edges into a free node, `over` from the music bed, and a reframe of the cut", () => {
    const graph = graphOf(`pipeline "edit" {
  mode: final
  video a { model: vid duration: 5s resolution: 540p audio: off }
  video b { model: vid duration: 5s resolution: 540p audio: off }
  sequence cut { clips: a, b }
  audio bed { kind: music model: song prompt: "guitar" over: cut }
  upscale hd { from: cut resolution: 1080p model: up }
  output hd, bed
}`);
    // a, b 50 each; cut free; bed 50; hd 10 s × 5 = 50.
    assert.deepStrictEqual(nodeRows(graph).map((n) => [n.id, n.kind, n.quantity, n.job, n.output]), [
      ["a", "video", "5s at 540p", 50, false], ["b", "video", "5s at 540p", 50, false], ["cut", "sequence", undefined, 0, false],
      ["bed", "audio", "1 generation", 50, true], ["hd", "upscale", "10s at 1080p", 50, true],
    ]);
    assert.ok(graph.nodes.find((n) => n.id === "cut")!.free);
    assert.deepStrictEqual(edgeRows(graph), ["a -clips-> cut", "b -clips-> cut", "cut -over-> bed", "cut -from-> hd"]);
    assert.deepStrictEqual([graph.mode, graph.modeWritten, c(graph.jobUsd)], ["final", true, 200]);
  });

  it("unpriced and assumed: a stage without a model is named and left out; a resolution not given is priced at the cheapest", () => {
    const graph = graphOf(`pipeline "gaps" {
  image hero { model: img-nodefault prompt: "shoe" }
  keyframe k { from: hero }
  video shot { start: k duration: 5s }
  output shot
}`);
    assert.deepStrictEqual(nodeRows(graph).map((n) => [n.id, n.quantity, n.job, n.share, n.unpriced, n.assumed]), [
      ["hero", "1 image at 1k", 5, 1, undefined, "no resolution given: priced at the cheapest, 1k"],
      ["k", undefined, 0, 0, undefined, undefined],
      ["shot", undefined, 0, 0, "no model: add `model:` to price this video", undefined],
    ]);
    assert.deepStrictEqual(graph.unpriced, ["shot"]);
    assert.deepStrictEqual([graph.mode, graph.modeWritten, graph.budgetUsd, graph.over], ["draft", false, undefined, false]);
  });

  it("findings: each stage carries the problems inside it and its worst severity", () => {
    const graph = graphOf(`pipeline "noisy" {
  budget: 10 credits
  mode: draft
  image hero { model: img prompt: "shoe" count: 2 }
  image spare { model: img prompt: "spare" }
  keyframe k { from: hero }
  video shot { model: vid start: k duration: 5s resolution: 1080p audio: off }
  output shot
}`, "rules");
    const rows = graph.nodes.map((n) => [n.id, n.severity, n.findings.map((f) => `${f.severity} ${f.code}`)]);
    assert.deepStrictEqual(rows, [
      ["hero", "warning", ["warning single-variation"]],
      ["spare", "warning", ["warning unused-stage"]],
      ["k", undefined, []],
      ["shot", "warning", ["warning draft-low-res"]],
    ]);
  });

  it("samples/spring-edit.gen with the bundled catalog: presets from a used file, a sequence, both phases", () => {
    const [graph] = pipelineGraphs(analyzeFile(path.join(repoRoot, "samples/spring-edit.gen")));
    // imagen-4-fast 2 credits a still; ray-flash-2 5 s at 540p 14, at 720p 24 (the preset's final block);
    // eleven-music 3.75; topaz-proteus upscales the 15 s cut to 1080p per output frame at its default 30 fps:
    // 450 frames ÷ 236.84 frames per credit = 1.9 → 2 credits × $0.12 = 24; the 9:16 reframe of
    // the cut: 90 at 540p ($0.06/s), 180 at 720p ($0.12/s). Draft 6 + 42 + 3.75 + 24 + 90 + 24 = 189.75, final
    // 6 + 72 + 3.75 + 24 + 180 + 24 = 309.75; job 189.75 + the final's shots, both upscales and the reframe
    // again (the music lies over the cut: not made again) = 189.75 + 72 + 24 + 180 + 24 = 489.75 of 700.
    assert.deepStrictEqual(nodeRows(graph).map((n) => [n.id, n.kind, n.model, n.draft, n.final, n.job, n.output]), [
      ["preset:brand", "preset", undefined, 0, 0, 0, false], ["preset:still_look", "preset", undefined, 0, 0, 0, false], ["preset:shot_look", "preset", undefined, 0, 0, 0, false],
      ["preset:deliver_hd", "preset", undefined, 0, 0, 0, false],
      ["still_a", "image", "imagen-4-fast", 2, 2, 2, false], ["still_b", "image", "imagen-4-fast", 2, 2, 2, false], ["still_c", "image", "imagen-4-fast", 2, 2, 2, false],
      ["a", "keyframe", undefined, 0, 0, 0, false], ["b", "keyframe", undefined, 0, 0, 0, false], ["c", "keyframe", undefined, 0, 0, 0, false],
      ["shot_a", "video", "ray-flash-2", 14, 24, 38, false], ["shot_b", "video", "ray-flash-2", 14, 24, 38, false], ["shot_c", "video", "ray-flash-2", 14, 24, 38, false],
      ["cut", "sequence", undefined, 0, 0, 0, false], ["bed", "audio", "eleven-music", 3.75, 3.75, 3.75, true],
      ["cut_hd", "upscale", "topaz-proteus", 24, 24, 48, true], ["cut_vertical_draft", "reframe", "ray-3.2-reframe", 90, 180, 270, false],
      ["cut_vertical", "upscale", "topaz-proteus", 24, 24, 48, true],
    ]);
    assert.deepStrictEqual(edgeRows(graph), [
      "preset:brand -use-> still_a", "preset:still_look -use-> still_a", "preset:brand -use-> still_b", "preset:still_look -use-> still_b",
      "preset:brand -use-> still_c", "preset:still_look -use-> still_c", "still_a -from-> a", "still_b -from-> b", "still_c -from-> c",
      "a -start-> shot_a", "preset:shot_look -use-> shot_a", "b -start-> shot_b", "preset:shot_look -use-> shot_b", "c -start-> shot_c", "preset:shot_look -use-> shot_c",
      "shot_a -clips-> cut", "shot_b -clips-> cut", "shot_c -clips-> cut", "cut -over-> bed", "cut -from-> cut_hd", "preset:deliver_hd -use-> cut_hd",
      "cut -from-> cut_vertical_draft", "cut_vertical_draft -from-> cut_vertical", "preset:deliver_hd -use-> cut_vertical",
    ]);
    assert.deepStrictEqual([c(graph.draftUsd), c(graph.finalUsd), c(graph.jobUsd), c(graph.budgetUsd!), graph.phased], [189.75, 309.75, 489.75, 700, true]);
    assert.deepStrictEqual(graph.byKind.map((k) => [k.kind, c(k.draftUsd), c(k.finalUsd), c(k.jobUsd)]), [["image", 6, 6, 6], ["video", 42, 72, 114], ["audio", 3.75, 3.75, 3.75], ["upscale", 48, 48, 96], ["reframe", 90, 180, 270]]);
  });

  it("repeated names get distinct ids; the pipeline is chosen by name, by cursor, or the first", () => {
    const text = `pipeline "one" {
  image a { model: img prompt: "x" }
  image a { model: img prompt: "y" }
  output a
}
pipeline "two" {
  image b { model: img prompt: "z" }
  output b
}`;
    const document = checkDocument(text, { catalog });
    assert.deepStrictEqual(pipelineGraphs(document).map((g) => [g.name, g.nodes.map((n) => n.id)]), [["one", ["a", "a#2"]], ["two", ["b"]]]);
    assert.strictEqual(pipelineGraph(document, { name: "two" })?.name, "two");
    assert.strictEqual(pipelineGraph(document, { name: "three" }), undefined);
    const inTwo = text.indexOf('"z"');
    const two = pipelineGraph(document, { offset: inTwo })!;
    assert.strictEqual(two.name, "two");
    assert.strictEqual(stageAt(two, inTwo), "b");
    assert.strictEqual(pipelineGraph(document, { offset: 0 })?.name, "one");
    assert.strictEqual(pipelineGraph(checkDocument("// nothing here", { catalog })), undefined);
  });
});
