// The cost-diff engine (service/diff.ts): two versions of a file → what changed,
// per pipeline and per stage. A small fixed catalog keeps every amount checkable
// by hand: img $0.01 an image, vid $0.02 a second at 540p ($0.10 at 1080p),
// vid-twin the same prices as vid, voice $0.03 a line.
import * as assert from "assert";
import { CatalogModel, createCatalog } from "../../server/src/catalog/catalog";
import { checkDocument } from "../../server/src/service/check";
import { CostDiff, diffCosts, diffDocuments, formatPercent, percentChange, StageDiff } from "../../server/src/service/diff";

const models: CatalogModel[] = [
  { id: "img", provider: "test", kind: "image", perImage: { default: 0.01 }, sources: [] },
  { id: "vid", provider: "test", kind: "video", perSecond: { "540p": 0.02, "1080p": 0.1 }, nativeAudio: "none", sources: [] },
  { id: "vid-twin", provider: "test", kind: "video", perSecond: { "540p": 0.02, "1080p": 0.1 }, nativeAudio: "none", sources: [] },
  { id: "reframer", provider: "test", kind: "reframe", inputs: ["video"], perSecond: { "540p": 0.01 }, sources: [] },
  { id: "voice", provider: "test", kind: "audio", audioKinds: ["voiceover"], perGeneration: 0.03, sources: [] },
];
const catalog = createCatalog(models);

const check = (text: string) => {
  const checked = checkDocument(text, { catalog });
  const errors = checked.diagnostics.filter((d) => d.severity === "error" && d.code !== "over-budget");
  assert.deepStrictEqual(errors.map((d) => `${d.code}: ${d.message}`), [], "the case itself must be valid");
  return checked;
};

const diff = (before: string | undefined, after: string | undefined) => diffDocuments(before === undefined ? undefined : check(before), after === undefined ? undefined : check(after));

/** Amounts in cents (credits at 100 a dollar), rounded, so the expectations read like the editor. */
const cents = (usd: number) => Math.round(usd * 100 * 1e6) / 1e6;

/** A stage diff as `change name: before → after (delta)` in cents. */
function line(stage: StageDiff): string {
  const side = (s: StageDiff["before"]) => (s === undefined ? "-" : s.unpriced !== undefined ? "unpriced" : String(cents(s.usd)));
  return `${stage.change} ${stage.name}: ${side(stage.before)} → ${side(stage.after)} (${cents(stage.deltaUsd)})`;
}

function summary(result: CostDiff) {
  return {
    change: result.change,
    total: `${cents(result.beforeUsd)} → ${cents(result.afterUsd)} (${cents(result.deltaUsd)})`,
    pipelines: result.pipelines.map((p) => ({ name: p.name, change: p.change, total: `${cents(p.beforeUsd)} → ${cents(p.afterUsd)} (${cents(p.deltaUsd)})`, stages: p.stages.map(line) })),
  };
}

const teaser = `pipeline "teaser" {
  budget: 50 credits
  image still { model: img prompt: "a kite" }
  keyframe first { from: still }
  video shot { model: vid start: first prompt: "it climbs" duration: 5s resolution: 540p }
  image poster { model: img prompt: "a poster" }
  output shot, poster
}`;

describe("cost diff", () => {
  it("finds nothing between a version and itself, and still lists every stage", () => {
    assert.deepStrictEqual(summary(diff(teaser, teaser)), {
      change: "unchanged",
      total: "12 → 12 (0)",
      pipelines: [{ name: "teaser", change: "unchanged", total: "12 → 12 (0)", stages: ["unchanged still: 1 → 1 (0)", "unchanged first: 0 → 0 (0)", "unchanged shot: 10 → 10 (0)", "unchanged poster: 1 → 1 (0)"] }],
    });
  });

  it("prices a changed stage before and after: 5s → 10s at 2 credits a second is +10", () => {
    const result = diff(teaser, teaser.replace("duration: 5s", "duration: 10s"));
    assert.deepStrictEqual(summary(result).pipelines[0].stages, ["unchanged still: 1 → 1 (0)", "unchanged first: 0 → 0 (0)", "changed shot: 10 → 20 (10)", "unchanged poster: 1 → 1 (0)"]);
    assert.strictEqual(summary(result).total, "12 → 22 (10)");
    const shot = result.pipelines[0].stages[2];
    assert.deepStrictEqual(shot.before, { kind: "video", model: "vid", usd: 0.1, generations: 1 });
    assert.deepStrictEqual(shot.after, { kind: "video", model: "vid", usd: 0.2, generations: 1 });
  });

  it("counts generations: count 3 and retries 1 bill 6 images", () => {
    const result = diff(teaser, teaser.replace('prompt: "a poster"', 'prompt: "a poster" count: 3 retries: 1'));
    const poster = result.pipelines[0].stages[3];
    assert.strictEqual(line(poster), "changed poster: 1 → 6 (5)");
    assert.strictEqual(poster.after?.generations, 6);
  });

  it("matches stages by name: added ones, and removed ones where they stood", () => {
    const after = teaser
      .replace('  image poster { model: img prompt: "a poster" }\n', "")
      .replace("output shot, poster", 'audio voice { kind: voiceover model: voice text: "Up." over: shot }\n  output shot, voice')
      .replace('  image still', '  image sky { model: img prompt: "the sky" count: 2 }\n  image still');
    assert.deepStrictEqual(summary(diff(teaser, after)).pipelines[0].stages, [
      "added sky: - → 2 (2)",
      "unchanged still: 1 → 1 (0)",
      "unchanged first: 0 → 0 (0)",
      "unchanged shot: 10 → 10 (0)",
      "removed poster: 1 → - (-1)",
      "added voice: - → 3 (3)",
    ]);
  });

  it("keeps a removed stage where it stood, before what was added in its place", () => {
    const after = teaser.replace('  image still { model: img prompt: "a kite" }\n  keyframe first { from: still }\n', '  image other { model: img prompt: "x" }\n  keyframe first { from: other }\n');
    assert.deepStrictEqual(summary(diff(teaser, after)).pipelines[0].stages, [
      "removed still: 1 → - (-1)",
      "added other: - → 1 (1)",
      "unchanged first: 0 → 0 (0)",
      "unchanged shot: 10 → 10 (0)",
      "unchanged poster: 1 → 1 (0)",
    ]);
  });

  it("matches pipelines by name: added and removed ones, with their totals", () => {
    const before = `${teaser}\npipeline "stills" { image set { model: img prompt: "kites" count: 3 } output set }`;
    const after = `${teaser}\npipeline "pairs" { image pair { model: img prompt: "two kites" count: 2 } output pair }`;
    assert.deepStrictEqual(summary(diff(before, after)), {
      change: "changed",
      total: "15 → 14 (-1)",
      pipelines: [
        { name: "teaser", change: "unchanged", total: "12 → 12 (0)", stages: ["unchanged still: 1 → 1 (0)", "unchanged first: 0 → 0 (0)", "unchanged shot: 10 → 10 (0)", "unchanged poster: 1 → 1 (0)"] },
        { name: "stills", change: "removed", total: "3 → 0 (-3)", stages: ["removed set: 3 → - (-3)"] },
        { name: "pairs", change: "added", total: "0 → 2 (2)", stages: ["added pair: - → 2 (2)"] },
      ],
    });
  });

  it("treats a missing side as a file added or deleted", () => {
    const added = diff(undefined, teaser);
    assert.strictEqual(added.change, "added");
    assert.deepStrictEqual(summary(added).pipelines.map((p) => `${p.change} ${p.total}`), ["added 0 → 12 (12)"]);
    const removed = diff(teaser, undefined);
    assert.strictEqual(removed.change, "removed");
    assert.deepStrictEqual(summary(removed).pipelines[0].stages, ["removed still: 1 → - (-1)", "removed first: 0 → - (0)", "removed shot: 10 → - (-10)", "removed poster: 1 → - (-1)"]);
  });

  it("calls a stage changed when its model or kind changes, even at the same price", () => {
    const twin = diff(teaser, teaser.replace("model: vid start", "model: vid-twin start"));
    assert.strictEqual(line(twin.pipelines[0].stages[2]), "changed shot: 10 → 10 (0)");
    assert.strictEqual(twin.pipelines[0].stages[2].after?.model, "vid-twin");
    assert.strictEqual(twin.pipelines[0].change, "changed");

    // Reframing a 5s 540p clip at 1 credit a second (5) instead of generating it again (10).
    const base = `pipeline "p" {\n video a { model: vid prompt: "x" duration: 5s resolution: 540p }\n video b { model: vid prompt: "x" duration: 5s resolution: 540p aspect: 9:16 }\n output a, b\n}`;
    const reframed = base.replace('video b { model: vid prompt: "x" duration: 5s resolution: 540p aspect: 9:16 }', "reframe b { from: a model: reframer aspect: 9:16 }");
    const result = diff(base, reframed);
    assert.strictEqual(line(result.pipelines[0].stages[1]), "changed b: 10 → 5 (-5)");
    assert.deepStrictEqual([result.pipelines[0].stages[1].before?.kind, result.pipelines[0].stages[1].after?.kind], ["video", "reframe"]);
  });

  it("marks a stage that lost its price, and counts the unpriced stages the total leaves out", () => {
    // Without a model the new version has an error too; the diff still shows what it can.
    const result = diffDocuments(check(teaser), checkDocument(teaser.replace("model: vid start: first", "start: first"), { catalog }));
    const shot = result.pipelines[0].stages[2];
    assert.strictEqual(line(shot), "changed shot: 10 → unpriced (-10)");
    assert.strictEqual(shot.after?.unpriced, "no model: add `model:` to price this video");
    assert.strictEqual(result.pipelines[0].unpriced, 1);
    assert.strictEqual(result.pipelines[0].stages[2].after?.model, undefined);
  });

  it("keeps an unknown model's id as written", () => {
    const checked = checkDocument(teaser.replace("model: vid start", "model: vdi start"), { catalog });
    const result = diffDocuments(check(teaser), checked);
    assert.strictEqual(result.pipelines[0].stages[2].after?.model, "vdi");
    assert.strictEqual(result.pipelines[0].stages[2].after?.unpriced, "unknown model");
  });

  it("reports the budgets of both versions; a budget change alone changes the pipeline", () => {
    const result = diff(teaser, teaser.replace("budget: 50 credits", "budget: $1"));
    assert.strictEqual(result.pipelines[0].change, "changed");
    assert.strictEqual(result.change, "changed");
    assert.deepStrictEqual([result.pipelines[0].budgetBeforeUsd, result.pipelines[0].budgetAfterUsd], [0.5, 1]);
    assert.ok(result.pipelines[0].stages.every((s) => s.change === "unchanged"));
  });

  it("pairs repeated names in order: the second with the second", () => {
    const twice = (first: string, second: string) =>
      `pipeline "p" {\n image a { model: img prompt: "x" count: ${first} }\n image a { model: img prompt: "y" count: ${second} }\n output a\n}`;
    const before = checkDocument(twice("1", "2"), { catalog });
    const after = checkDocument(twice("1", "4"), { catalog });
    assert.deepStrictEqual(diffCosts(before.costs, after.costs).pipelines[0].stages.map(line), ["unchanged a: 1 → 1 (0)", "changed a: 2 → 4 (2)"]);
  });

  it("says how much in percent, and nothing when there was nothing before", () => {
    assert.strictEqual(Math.round(percentChange(0.15, 0.26)! * 1000) / 1000, 73.333);
    assert.strictEqual(percentChange(0.5, 0.25), -50);
    assert.strictEqual(percentChange(0, 0.26), undefined);
    assert.deepStrictEqual(
      [73.333, 8, -12.5, 0, 0.4, -0.04, 0.6, 100].map(formatPercent),
      ["+73%", "+8%", "-13%", "0%", "+0.4%", "-<0.1%", "+1%", "+100%"],
    );
  });
});
