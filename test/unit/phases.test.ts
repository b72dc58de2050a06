// Draft and final: phase blocks resolve per phase, both phases are priced, and the job
// is the draft plus what the final generates again. Savings never cost the deliverable.
import * as assert from "assert";
import { setting, StageSymbol } from "../../server/src/analysis/model";
import { checkDocument, CheckedDocument } from "../../server/src/service/check";
import { fixAll } from "../../server/src/service/fixes";
import { hoverAt } from "../../server/src/service/hover";
import { codeLenses } from "../../server/src/service/lenses";

const credits = (usd: number) => Math.round(usd * 100 * 100) / 100;
const stageOf = (document: CheckedDocument, name: string): StageSymbol =>
  document.analysis.model.pipelines.flatMap((p) => p.stageList).find((s) => s.name === name)!;
const figures = (document: CheckedDocument, i = 0) => {
  const cost = document.phases[i];
  return { draft: credits(cost.draft.usd), final: credits(cost.final.usd), job: credits(cost.jobUsd), current: credits(document.costs[i].usd) };
};

// The issue's poster: nano-banana-pro at 4k, $0.24; nano-banana renders 1k only, $0.039.
const poster = [
  'pipeline "poster" {',
  '  brief { goal: "a 4k poster for the spring drop"  audience: "sneaker fans" }',
  "  budget: 300 credits",
  "  mode: draft",
  '  image poster { model: nano-banana-pro  prompt: "white sneaker on a pastel pedestal"  resolution: 4k  aspect: 2:3 }',
  "  output poster",
  "}",
].join("\n");

describe("draft and final phases", () => {
  it("fixes the poster's draft and keeps nano-banana-pro at 4k in its final phase", () => {
    const before = checkDocument(poster);
    assert.deepStrictEqual(figures(before), { draft: 24, final: 24, job: 24, current: 24 });
    const fixed = checkDocument(fixAll(before).text);
    const stage = stageOf(fixed, "poster");
    assert.strictEqual(stage.phaseModels.final?.id, "nano-banana-pro");
    assert.strictEqual(setting(stage, "resolution", "resolution", "final")?.text, "4k");
    assert.strictEqual(stage.phaseModels.draft?.id, "nano-banana");
    assert.strictEqual(setting(stage, "resolution", "resolution", "draft")?.text, "1k");
    // Each draft costs 3.9 credits instead of 24; the job is one draft, then the final poster.
    assert.deepStrictEqual(figures(fixed), { draft: 3.9, final: 24, job: 27.9, current: 3.9 });
    // Switching the file to final mode reports nothing: the 4k poster is still there.
    const final = checkDocument(fixed.text.replace("mode: draft", "mode: final"));
    assert.deepStrictEqual(final.diagnostics.map((d) => d.message), []);
    assert.strictEqual(credits(final.costs[0].usd), 24);
  });

  it("resolves settings: presets, then the stage, each with its phase block on top", () => {
    const document = checkDocument([
      "preset look { resolution: 540p duration: 5s final { resolution: 720p duration: 9s } }",
      'pipeline "p" {',
      "  video a { model: ray-2 use: look }",
      "  video b { model: ray-2 use: look resolution: 1080p }",
      "  video c { model: ray-2 use: look draft { duration: 9s } final { resolution: 4k } }",
      "  output a, b, c",
      "}",
    ].join("\n"));
    const read = (name: string) => (["draft", "final"] as const).map((phase) => {
      const stage = stageOf(document, name);
      return `${setting(stage, "resolution", "resolution", phase)?.text} ${setting(stage, "duration", "duration", phase)?.seconds}s`;
    });
    assert.deepStrictEqual(read("a"), ["540p 5s", "720p 9s"]);
    assert.deepStrictEqual(read("b"), ["1080p 5s", "1080p 9s"], "the stage's own setting beats the preset's final block");
    assert.deepStrictEqual(read("c"), ["540p 9s", "4k 9s"]);
  });

  it("defaults to draft mode and says so on the pipeline lens", () => {
    const document = checkDocument('pipeline "p" {\n  video v { model: ray-2 duration: 5s resolution: 540p final { resolution: 1080p } }\n  output v\n}');
    assert.strictEqual(document.analysis.model.pipelines[0].mode, "draft");
    // ray-2 5 s: 40 credits at 540p, 159 at 1080p; the final regenerates the clip.
    assert.deepStrictEqual(codeLenses(document).map((lens) => lens.title), [
      "draft ≈ 40 · final ≈ 159 · job ≈ 199 credits · draft mode (default)",
      "≈ 40 credits · final ≈ 159 credits",
    ]);
  });

  it("does not generate again what is the same in both phases: an upscale of an approved draft costs only the upscale", () => {
    const document = checkDocument([
      'pipeline "p" {',
      "  budget: 100 credits",
      "  mode: final",
      '  image still { model: imagen-4-fast prompt: "x" resolution: 1k }',
      "  keyframe k { from: still }",
      "  video shot { model: ray-flash-2 start: k duration: 5s resolution: 540p }",
      "  upscale hd { from: shot resolution: 1080p model: topaz-proteus }",
      "  output hd",
      "}",
    ].join("\n"));
    const cost = document.phases[0];
    assert.deepStrictEqual([...cost.regenerated].map((s) => s.name), []);
    assert.strictEqual(cost.jobUsd, cost.draft.usd);
    assert.strictEqual(codeLenses(document)[0].title, "≈ 28 of 100 credits");
  });

  it("generates again what reads a stage the final changes: the video started from a still regenerated at 2k", () => {
    const document = checkDocument([
      'pipeline "p" {',
      "  mode: draft",
      '  image still { model: nano-banana-2 prompt: "x" resolution: 1k final { resolution: 2k } }',
      "  keyframe k { from: still }",
      "  video shot { model: ray-flash-2 start: k duration: 5s resolution: 540p audio: off }",
      '  audio vo { kind: voiceover model: eleven-flash-v2.5 text: "Hello." over: shot }',
      "  output shot, vo",
      "}",
    ].join("\n"));
    assert.deepStrictEqual([...document.phases[0].regenerated].map((s) => s.name), ["still", "k", "shot"], "the voiceover is the same take");
    const { draft, final, job } = figures(document);
    assert.strictEqual(job, Math.round((draft + final - credits(document.phases[0].final.stages.get(stageOf(document, "vo"))!.usd)) * 100) / 100);
  });

  it("prices a sequence as free and passes on the sum of its clips' seconds", () => {
    const document = checkDocument([
      'pipeline "edit" {',
      "  video a { model: ray-flash-2 duration: 5s resolution: 540p }",
      "  video b { model: ray-flash-2 duration: 9s resolution: 540p }",
      "  sequence cut { clips: a, b }",
      "  reframe tall { from: cut aspect: 9:16 model: ray-3.2-reframe }",
      '  audio bed { kind: music model: eleven-music prompt: "x" duration: 14s over: cut }',
      "  output tall, bed",
      "}",
    ].join("\n"));
    const cost = document.costs[0];
    assert.strictEqual(cost.stages.get(stageOf(document, "cut"))!.usd, 0);
    const reframe = cost.stages.get(stageOf(document, "tall"))!.unit;
    assert.ok(reframe && "quantity" in reframe);
    assert.strictEqual(reframe.quantity, "14s at 540p");
    assert.deepStrictEqual(stageOf(document, "bed").inputs.map((e) => `${e.property} ${e.from.name}`), ["over cut"]);
  });

  it("shows draft, final and job in the pipeline hover, and the budget bounds the job", () => {
    const document = checkDocument('pipeline "p" {\n  budget: 150 credits\n  mode: draft\n  video v { model: ray-2 duration: 5s resolution: 540p final { resolution: 1080p } }\n  output v\n}');
    const hover = hoverAt(document, 2)!.markdown;
    assert.match(hover, /\| draft \(current\) \| 40 credits \|/);
    assert.match(hover, /\| final \| 159 credits \|/);
    assert.match(hover, /\| \*\*job\*\*: the draft, then `v` again for the final \| \*\*199 credits\*\* \|/);
    assert.match(hover, /Budget 150 credits: 133% used by the job — \*\*over budget\*\*/);
    assert.deepStrictEqual(document.diagnostics.filter((d) => d.code === "over-budget").map((d) => [d.code, d.message]), [
      ["over-budget", "the job is estimated at 199 credits (draft 40 credits, then 159 credits for the final), over the budget of 150 credits; the costliest stages: `v` 199 credits; the fix that saves most: \"Draft with `ray-flash-2`, keep `ray-2` for the final\" on `v`, 26 credits"],
    ]);
  });

  it("names the fix that lowers the job most in the over-budget message", () => {
    const document = checkDocument([
      'pipeline "p" {',
      '  brief { goal: "x" }',
      "  budget: 60 credits",
      "  mode: draft",
      "  video shot { model: kling-v3 duration: 5s resolution: 720p audio: on count: 2 }",
      '  audio vo { kind: voiceover model: eleven-flash-v2.5 text: "Hi" over: shot }',
      "  output shot, vo",
      "}",
    ].join("\n"));
    // kling-v3 720p 5 s: 63 credits with audio, 42 without; two versions. One version saves 63, silence 42.
    const message = document.diagnostics.find((d) => d.code === "over-budget")!.message;
    assert.match(message, /; the fix that saves most: "Generate one version" on `shot`, 63 credits$/);
  });

  it("names best fixes while re-pricing stays within 6,000 stages over the whole file", () => {
    // Each candidate re-prices the whole file: in a file of many over-budget pipelines, the first get
    // their best fix and the rest are left without one, so one keystroke never re-prices the file hundreds of times.
    const pipeline = (n: number, stages: number) => [
      `pipeline "p${n}" {`, '  brief { goal: "x" }', "  budget: 10 credits",
      ...Array.from({ length: stages }, (_, i) => `  video s${i} { model: kling-v3 duration: 5s resolution: 720p audio: on count: 2 }`),
      "}",
    ].join("\n");
    const named = (text: string) => checkDocument(text).diagnostics.filter((d) => d.code === "over-budget").map((d) => /saves most/.test(d.message));
    // 4 pipelines of 100 stages: 400 stages a candidate, 15 candidates within the bound (12 for the first, 3 for the second).
    assert.deepStrictEqual(named([0, 1, 2, 3].map((n) => pipeline(n, 100)).join("\n")), [true, true, false, false]);
    assert.deepStrictEqual(named(pipeline(0, 2)), [true]);
  });

  it("groups like stages in the over-budget message", () => {
    const reframes = Array.from({ length: 12 }, (_, i) => `  video s${i} { model: ray-flash-2 prompt: "shot ${i}" duration: 5s resolution: 540p }\n  reframe r${i} { from: s${i} aspect: 9:16 model: ray-3.2-reframe }`);
    const document = checkDocument(`pipeline "p" {\n  budget: 500 credits\n  brief { goal: "x" }\n${reframes.join("\n")}\n  output ${reframes.map((_, i) => `r${i}`).join(", ")}\n}`);
    const message = document.diagnostics.find((d) => d.code === "over-budget")!.message;
    assert.match(message, /the costliest stages: 12 reframes at 30 credits: 360 credits, 68%; 12 videos at 14 credits: 168 credits, 32%$/);
  });
});
