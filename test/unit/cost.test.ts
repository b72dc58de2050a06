// Cost arithmetic, one billing shape or rule per case, against hand-computed
// prices. The test catalog below is small and fixed, so every number is checkable.
import * as assert from "assert";
import { CatalogModel, createCatalog, loadDefaultCatalog } from "../../server/src/catalog/catalog";
import { provenanceSummary } from "../../server/src/catalog/provenance";
import { applyConfig, parseConfig } from "../../server/src/config/config";
import { checkDocument } from "../../server/src/service/check";

const models: CatalogModel[] = [
  { id: "img-res", provider: "test", kind: "image", perImage: { "1k": 0.04, "2k": 0.08 }, defaultResolution: "1k", sources: [] },
  { id: "img-mp", provider: "test", kind: "image", firstMegapixel: 0.03, perMegapixel: 0.015, sources: [] },
  {
    id: "img-tiers", provider: "test", kind: "image", perImage: { "1k": 0.04 }, defaultQuality: "medium", sources: [],
    qualities: { low: { "1k": 0.01 }, medium: { "1k": 0.04 }, high: { "1k": 0.16 } },
  },
  { id: "vid-sec", provider: "test", kind: "video", perSecond: { "540p": 0.1, "1080p": 0.4 }, audioPerSecond: 0.05, nativeAudio: "optional", audioDefault: false, sources: [] },
  { id: "vid-audio-table", provider: "test", kind: "video", perSecond: { default: 0.2 }, withAudio: { perSecond: { default: 0.4 } }, nativeAudio: "optional", audioDefault: true, sources: [] },
  { id: "vid-clip", provider: "test", kind: "video", perClip: { "5s": { "540p": 0.15, "1080p": 1.2 }, "10s": { "540p": 0.45 } }, nativeAudio: "none", sources: [] },
  { id: "vid-step", provider: "test", kind: "video", perSecond: { default: 0.1 }, billedStep: 5, minimumSeconds: 5, sources: [] },
  { id: "vid-min", provider: "test", kind: "video", perSecond: { default: 0.01 }, minimumCharge: 0.25, hdrMultiplier: 2, sources: [] },
  { id: "up-vid", provider: "test", kind: "upscale", inputs: ["video"], perSecond: { "1080p": 0.05, "4k": 0.1 }, sources: [] },
  { id: "reframe-img", provider: "test", kind: "reframe", inputs: ["image"], perImage: { default: 0.02 }, sources: [] },
  { id: "voice", provider: "test", kind: "audio", audioKinds: ["voiceover"], perCharacter: 0.0001, sources: [] },
  { id: "song", provider: "test", kind: "audio", audioKinds: ["music"], perGeneration: 0.5, sources: [] },
];
const catalog = createCatalog(models);

/** Stage name → cost in USD, and the pipeline total, for a pipeline body. */
function costs(body: string, head = 'pipeline "p" {') {
  const checked = checkDocument(`${head}\n${body}\n}`, { catalog });
  const errors = checked.diagnostics.filter((d) => d.severity === "error" && d.code !== "over-budget");
  assert.deepStrictEqual(errors.map((d) => `${d.code}: ${d.message}`), [], "the case itself must be valid");
  const [pipeline] = checked.costs;
  const stages = Object.fromEntries([...pipeline.stages].map(([stage, cost]) => [stage.name, round(cost.usd)]));
  return { stages, total: round(pipeline.usd), checked };
}

const round = (usd: number) => Math.round(usd * 1e6) / 1e6;

const cases: { name: string; body: string; stages: Record<string, number>; total?: number }[] = [
  { name: "image: per image by resolution × count × (1 + retries)", body: 'image a { model: img-res prompt: "x" resolution: 2k count: 2 retries: 1 }', stages: { a: 0.32 } },
  { name: "image: the model's default resolution when none is written", body: 'image a { model: img-res prompt: "x" }', stages: { a: 0.04 } },
  { name: "image: per megapixel, first one priced apart, rounded up (2k square = 4.19 MP → 5)", body: 'image a { model: img-mp prompt: "x" resolution: 2k aspect: 1:1 }', stages: { a: 0.09 } },
  { name: "image: per megapixel for an explicit size (1024x1024 = 1.05 MP → 2)", body: 'image a { model: img-mp prompt: "x" resolution: 1024x1024 }', stages: { a: 0.045 } },
  { name: "image: a quality tier has its own price; the default tier without `quality:`", body: 'image a { model: img-tiers prompt: "x" resolution: 1k quality: high }\n image b { model: img-tiers prompt: "x" resolution: 1k }\n image c { model: img-tiers prompt: "x" resolution: 1k quality: low count: 2 }', stages: { a: 0.16, b: 0.04, c: 0.02 } },
  { name: "image: `final { quality: high }` prices the final at that tier", body: 'mode: final\n image a { model: img-tiers prompt: "x" resolution: 1k quality: low final { quality: high } }', stages: { a: 0.16 } },
  { name: "video: per second by resolution", body: "video v { model: vid-sec duration: 5s resolution: 1080p audio: off }", stages: { v: 2 } },
  { name: "video: native audio as a per-second surcharge", body: "video v { model: vid-sec duration: 5s resolution: 540p audio: on }", stages: { v: 0.75 } },
  { name: "video: a with-audio price table replaces the silent one (audio on by default)", body: "video v { model: vid-audio-table duration: 8s }", stages: { v: 3.2 } },
  { name: "video: the silent table when audio is off", body: "video v { model: vid-audio-table duration: 8s audio: off }", stages: { v: 1.6 } },
  { name: "video: per clip, where 10s costs 3× 5s", body: "video a { model: vid-clip duration: 5s resolution: 540p }\n video b { model: vid-clip duration: 10s resolution: 540p }", stages: { a: 0.15, b: 0.45 } },
  { name: "video: a duration between clip lengths bills the next length", body: "video a { model: vid-clip duration: 7s resolution: 540p }", stages: { a: 0.45 } },
  { name: "video: durations round up to the billed step, with a minimum", body: "video a { model: vid-step duration: 3s }\n video b { model: vid-step duration: 6s }", stages: { a: 0.5, b: 1 } },
  { name: "video: a minimum charge, after the HDR multiplier", body: "video a { model: vid-min duration: 5s }\n video b { model: vid-min duration: 20s hdr: on }", stages: { a: 0.25, b: 0.4 } },
  {
    name: "fan-out: count 2 → 2 keyframes → 2 videos → 2 upscales, each billed",
    body: 'image hero { model: img-res prompt: "x" count: 2 }\n keyframe k { from: hero }\n video v { model: vid-sec start: k duration: 5s resolution: 540p }\n upscale hd { from: v resolution: 1080p model: up-vid }',
    stages: { hero: 0.08, k: 0, v: 1, hd: 0.5 },
    total: 1.58,
  },
  {
    name: "fan-out stops at an index: hero[2] runs the video once",
    body: 'image hero { model: img-res prompt: "x" count: 4 }\n video v { model: vid-sec start: hero[2] duration: 5s resolution: 540p }',
    stages: { hero: 0.16, v: 0.5 },
  },
  {
    name: "upscale bills the input video's seconds at the target resolution; reframe of an image per image",
    body: 'video v { model: vid-sec duration: 10s resolution: 540p }\n upscale u { from: v resolution: 4k model: up-vid retries: 1 }\n image i { model: img-res prompt: "x" count: 3 }\n reframe r { from: i aspect: 9:16 model: reframe-img }',
    stages: { v: 1, u: 2, i: 0.12, r: 0.06 },
  },
  {
    name: "audio: voiceover per character (15 characters), music per generation",
    body: 'audio vo { kind: voiceover model: voice text: "Spring is here." }\n audio m { kind: music model: song prompt: "calm piano" count: 2 }',
    stages: { vo: 0.0015, m: 1 },
  },
  { name: "a stage without a model is left out of the total", body: 'video v { model: vid-sec duration: 5s resolution: 540p }\n upscale u { from: v resolution: 1080p }', stages: { v: 0.5, u: 0 }, total: 0.5 },
];

describe("cost arithmetic", () => {
  for (const c of cases) {
    it(c.name, () => {
      const { stages, total } = costs(c.body);
      assert.deepStrictEqual(stages, c.stages);
      assert.strictEqual(total, c.total ?? round(Object.values(c.stages).reduce((a, b) => a + b, 0)));
    });
  }

  it("walks a chain of 10,000 stages without running out of stack", () => {
    const chain = Array.from({ length: 10_000 }, (_, i) => `reframe r${i + 1} { from: ${i === 0 ? "v" : `r${i}`} aspect: 9:16 model: reframe-img }`);
    const { checked } = costs(`image v { model: img-res prompt: "x" }\n${chain.join("\n")}`);
    assert.strictEqual(round(checked.costs[0].usd), round(0.04 + 10_000 * 0.02));
  });

  it("reports unpriced stages with the reason", () => {
    const { checked } = costs('video v { model: vid-sec duration: 5s resolution: 540p }\n upscale u { from: v resolution: 1080p }');
    const unit = checked.costs[0].stages.get(checked.costs[0].unpriced[0])!.unit;
    assert.deepStrictEqual(unit, { missing: "no model: add `model:` to price this upscale" });
  });
});

describe("budgets", () => {
  const body = "video v { model: vid-sec duration: 5s resolution: 1080p }"; // $2.00 = 200 credits
  const budget = (line: string) => checkDocument(`pipeline "p" {\n  ${line}\n${body}\n}`, { catalog }).diagnostics.filter((d) => d.code === "over-budget");

  it("is an error over the budget, in credits, naming the costliest stages", () => {
    const [d] = budget("budget: 150 credits");
    assert.strictEqual(d.severity, "error");
    assert.strictEqual(d.message, "estimated 200 credits, over the budget of 150 credits; the costliest stages: `v` 200 credits");
  });

  it("is a warning past 80 % of a budget in dollars", () => {
    const [d] = budget("budget: $2.40");
    assert.strictEqual(d.severity, "warning");
    assert.strictEqual(d.message, "estimated 200 credits, 83% of the budget of 240 credits; the costliest stages: `v` 200 credits");
  });

  it("says nothing at 80 % or below", () => {
    assert.deepStrictEqual(budget("budget: 250 credits"), []);
  });

  it("follows the workspace's credit rate and display", () => {
    const [d] = checkDocument(`pipeline "p" {\n budget: $1\n${body}\n}`, { catalog, cost: { creditsPerUsd: 50, display: "usd" } }).diagnostics.filter((x) => x.code === "over-budget");
    assert.strictEqual(d.message, "estimated $2.00, over the budget of $1.00; the costliest stages: `v` $2.00");
  });
});

describe("gen.config.json", () => {
  it("overrides a catalog model's prices and adds new models", () => {
    const { config, diagnostics } = parseConfig(JSON.stringify({
      creditsPerUsd: 100,
      models: {
        "ray-2": { perClip: { "5s": { "540p": 0.3 } } },
        "studio-video-1": { kind: "video", perSecond: { "540p": 0.1, "1080p": 0.4 }, audioPerSecond: 0.05, audio: "optional", durations: [5, 10] },
      },
    }), loadDefaultCatalog());
    assert.deepStrictEqual(diagnostics, []);
    const merged = applyConfig(loadDefaultCatalog(), config);
    const checked = checkDocument('pipeline "p" {\n video a { model: ray-2 duration: 5s resolution: 540p }\n video b { model: studio-video-1 duration: 10s resolution: 540p audio: on }\n}', { catalog: merged });
    assert.deepStrictEqual(checked.analysis.diagnostics, []);
    assert.deepStrictEqual([...checked.costs[0].stages.values()].map((s) => round(s.usd)), [0.3, 1.5]);
    assert.strictEqual(merged.get("ray-2")?.provider, loadDefaultCatalog().get("ray-2")?.provider, "an override keeps what it does not change");
    // A price written in the config is the team's own, and says so.
    assert.strictEqual(provenanceSummary(merged.get("ray-2")!), "price from a reseller, 2025-11-24; `perClip`: price from this workspace's gen.config.json");
    assert.strictEqual(provenanceSummary(merged.get("studio-video-1")!), "price from this workspace's gen.config.json");
  });

  it("reports problems at their place and keeps no broken config", () => {
    const text = '{\n  "display": "euros",\n  "models": { "my-model": { "perSecond": { "540p": 0.1 } } },\n  "colour": 1,\n  "creditsPerUSD": 100,\n  "format": { "ignor": [] }\n}';
    const { config, diagnostics } = parseConfig(text, loadDefaultCatalog());
    assert.strictEqual(config, undefined);
    const shown = diagnostics.map((d) => `${text.slice(d.span.start, d.span.end)}: ${d.message}`).sort();
    assert.deepStrictEqual(shown, [
      '"colour": the file has no setting `colour`',
      '"creditsPerUSD": the file has no setting `creditsPerUSD`; did you mean `creditsPerUsd`?',
      '"euros": `display` must be one of `credits`, `usd`',
      '"ignor": `format` has no setting `ignor`; did you mean `ignore`?',
      '"my-model": `my-model` is not in the catalog, so it needs `kind` (image, video, upscale, reframe or audio)',
    ]);
  });

  it("reports invalid JSON without throwing", () => {
    const { config, diagnostics } = parseConfig('{ "display": "usd", }}');
    assert.strictEqual(config, undefined);
    assert.match(diagnostics[0].message, /gen.config.json is not valid JSON: expected the end of the file/);
  });
});
