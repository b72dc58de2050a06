// Every billing shape, priced through `gen cost`'s core (checkDocument) like a user's file, against the
// bundled catalog: each expected figure is worked out by hand beside it from models.json's prices (which
// come from /work/shared/pricing; see docs/pricing.md). 100 credits = $1.
import * as assert from "assert";
import { loadDefaultCatalog, type Catalog } from "../../server/src/catalog/catalog";
import { applyConfig, parseConfig } from "../../server/src/config/config";
import { checkDocument } from "../../server/src/service/check";

const round = (usd: number) => Math.round(usd * 1e6) / 1e6;

/** The stage's price in USD, with no error in the file. */
function price(stages: string, name: string, catalog: Catalog = loadDefaultCatalog()): number {
  const checked = checkDocument(`pipeline "p" {\n${stages}\n}`, { catalog });
  const errors = checked.diagnostics.filter((d) => d.severity === "error" && d.code !== "over-budget");
  assert.deepStrictEqual(errors.map((d) => `${d.code}: ${d.message}`), [], "the case itself must be valid");
  const [stage, cost] = [...checked.costs[0].stages].find(([s]) => s.name === name)!;
  assert.ok(stage, name);
  return round(cost.usd);
}

const clip = 'video clip { model: ray-3.2 prompt: "x" duration: 10s resolution: 1080p }';

const cases: { shape: string; stages: string; stage?: string; usd: number }[] = [
  // Per image by resolution: gen4-image 1080p = 8 Runway credits × $0.01 = $0.08.
  { shape: "per image, by resolution (gen4-image 1080p)", stages: 'image i { model: gen4-image prompt: "x" resolution: 1080p }', usd: 0.08 },
  // Per image, one price: ideogram-v3 (Default speed) = $0.06 × 2 images = $0.12.
  { shape: "per image, one price × count (ideogram-v3, 2 images)", stages: 'image i { model: ideogram-v3 prompt: "x" count: 2 }', usd: 0.12 },
  // FLUX.2 per megapixel, catalog rule "output pixels ÷ 1,000,000, rounded up": 1024×1024 = 1,048,576 px
  // = 1.05 MP → 2 MP; $0.03 first MP + 1 × $0.015 = $0.045.
  { shape: "per megapixel, FLUX.2 at 1024×1024 (1.05 MP → 2 MP)", stages: 'image i { model: flux-2-pro prompt: "x" resolution: 1024x1024 }', usd: 0.045 },
  // 2048×2048 = 4,194,304 px = 4.19 MP → 5 MP; $0.03 + 4 × $0.015 = $0.09.
  { shape: "per megapixel, FLUX.2 at 2048×2048 (4.19 MP → 5 MP)", stages: 'image i { model: flux-2-pro prompt: "x" resolution: 2048x2048 }', usd: 0.09 },
  // klein 4B: $0.014 first MP + 4 × $0.001 = $0.018 at 2048×2048.
  { shape: "per megapixel, FLUX.2 [klein 4B] at 2048×2048", stages: 'image i { model: flux-2-klein-4b prompt: "x" resolution: 2048x2048 }', usd: 0.018 },
  // Per image, one price (Recraft's price page): recraft-v4.1 $0.035 × 2 images = $0.07; recraft-v4.1-pro $0.21.
  { shape: "per image, one price × count (recraft-v4.1, 2 images)", stages: 'image i { model: recraft-v4.1 prompt: "x" count: 2 }', usd: 0.07 },
  { shape: "per image, one price (recraft-v4.1-pro)", stages: 'image i { model: recraft-v4.1-pro prompt: "x" }', usd: 0.21 },
  // Quality tiers. Ideogram v2a at its Default speed (no `quality:`) = $0.04 (Ideogram's API pricing page).
  { shape: "quality tier: Ideogram v2a Default (the default tier)", stages: 'image i { model: ideogram-v2a prompt: "x" }', usd: 0.04 },
  { shape: "quality tier: Ideogram v2a `quality: default` written out", stages: 'image i { model: ideogram-v2a prompt: "x" quality: default }', usd: 0.04 },
  // Ideogram v2a Turbo = $0.025.
  { shape: "quality tier: Ideogram v2a Turbo", stages: 'image i { model: ideogram-v2a prompt: "x" quality: turbo }', usd: 0.025 },
  // GPT Image 1 at 1024×1024: low $0.011, medium (default) $0.042, high $0.167.
  { shape: "quality tier: GPT Image 1 low at 1024×1024", stages: 'image i { model: gpt-image-1 prompt: "x" resolution: 1024x1024 quality: low }', usd: 0.011 },
  { shape: "quality tier: GPT Image 1 medium (default) at 1024×1024", stages: 'image i { model: gpt-image-1 prompt: "x" resolution: 1024x1024 }', usd: 0.042 },
  { shape: "quality tier: GPT Image 1 high at 1024×1536", stages: 'image i { model: gpt-image-1 prompt: "x" resolution: 1024x1536 quality: high }', usd: 0.25 },
  // Per clip: ray-3.2 10 s at 720p = $0.90 (3× the 5 s $0.30).
  { shape: "per clip (ray-3.2 10 s 720p)", stages: 'video v { model: ray-3.2 prompt: "x" duration: 10s resolution: 720p }', usd: 0.9 },
  // Per clip, no resolution key: kling-v2-5-turbo 5 s = $0.35.
  { shape: "per clip, one price per length (kling-v2-5-turbo 5 s)", stages: 'video v { model: kling-v2-5-turbo prompt: "x" duration: 5s }', usd: 0.35 },
  // HDR multiplier: ray-3.2 5 s 720p $0.30 × 2 = $0.60.
  { shape: "HDR multiplier (ray-3.2 5 s 720p, hdr: on)", stages: 'video v { model: ray-3.2 prompt: "x" duration: 5s resolution: 720p hdr: on }', usd: 0.6 },
  // Per second: gen4-turbo (image-to-video, so from a still) 5 credits/s × $0.01 = $0.05/s × 10 s = $0.50.
  { shape: "per second (gen4-turbo 10 s)", stages: 'image f { model: photon-flash-1 prompt: "x" }\n video v { model: gen4-turbo prompt: "x" start: f duration: 10s }', stage: "v", usd: 0.5 },
  // Per second with an audio switch: Veo 3.1 Fast 8 s 1080p, silent 8 × $0.10 = $0.80 (80 credits), voiced 8 × $0.12 = $0.96.
  { shape: "per second, audio off (veo-3.1-fast 8 s 1080p)", stages: 'video v { model: veo-3.1-fast prompt: "x" duration: 8s resolution: 1080p audio: off }', usd: 0.8 },
  { shape: "per second, audio on by default (veo-3.1-fast 8 s 1080p)", stages: 'video v { model: veo-3.1-fast prompt: "x" duration: 8s resolution: 1080p }', usd: 0.96 },
  // kling-v3 5 s 1080p: silent 5 × $0.112 = $0.56; with audio 5 × $0.168 = $0.84.
  { shape: "per second, audio off by default (kling-v3 5 s 1080p)", stages: 'video v { model: kling-v3 prompt: "x" duration: 5s resolution: 1080p }', usd: 0.56 },
  { shape: "per second, audio on (kling-v3 5 s 1080p)", stages: 'video v { model: kling-v3 prompt: "x" duration: 5s resolution: 1080p audio: on }', usd: 0.84 },
  // Upscale per output frame (Topaz: credits = ceil(output frames ÷ frames per credit), × $0.12 a credit).
  // Starlight at 4k, 11.9179 frames per credit (Topaz's Generative rate). A 10 s clip:
  //   at 24 fps: 240 frames ÷ 11.9179 = 20.14 → 21 credits × $0.12 = $2.52;
  { shape: "upscale per output frame (topaz-starlight, a 10 s clip to 4k at 24 fps)", stages: `${clip}\n upscale u { from: clip model: topaz-starlight resolution: 4k fps: 24 }`, stage: "u", usd: 2.52 },
  //   at 60 fps: 600 frames ÷ 11.9179 = 50.34 → 51 credits × $0.12 = $6.12;
  { shape: "upscale per output frame (topaz-starlight, a 10 s clip to 4k at 60 fps)", stages: `${clip}\n upscale u { from: clip model: topaz-starlight resolution: 4k fps: 60 }`, stage: "u", usd: 6.12 },
  //   no `fps:`: the model's default, 30 fps: 300 frames ÷ 11.9179 = 25.17 → 26 credits (Topaz's own example) × $0.12 = $3.12.
  { shape: "upscale per output frame (topaz-starlight, a 10 s clip to 4k, default 30 fps)", stages: `${clip}\n upscale u { from: clip model: topaz-starlight resolution: 4k }`, stage: "u", usd: 3.12 },
  // Starlight at 1080p, 26.0417 frames per credit, 10 s at 24 fps: 240 ÷ 26.0417 = 9.22 → 10 credits = $1.20.
  { shape: "upscale per output frame (topaz-starlight, a 10 s clip to 1080p at 24 fps)", stages: `${clip}\n upscale u { from: clip model: topaz-starlight resolution: 1080p fps: 24 }`, stage: "u", usd: 1.2 },
  // Proteus at 4k, 59.6026 frames per credit (18,000 frames ÷ 302 credits in Topaz's 30 fps table), 10 s at
  // the default 30 fps: 300 ÷ 59.6026 = 5.03 → 6 credits (the table's 10 s figure) × $0.12 = $0.72.
  { shape: "upscale per output frame (topaz-proteus, a 10 s clip to 4k)", stages: `${clip}\n upscale u { from: clip model: topaz-proteus resolution: 4k }`, stage: "u", usd: 0.72 },
  // An upscale of an upscale keeps the frame rate its input states: Starlight Fast at 4k, 24 frames per
  // credit, 10 s at the input's 60 fps: 600 ÷ 24 = 25 credits × $0.12 = $3.00.
  { shape: "upscale per output frame, the frame rate of its input upscale (topaz-starlight-fast after a 60 fps Proteus pass)", stages: `${clip}\n upscale a { from: clip model: topaz-proteus resolution: 1080p fps: 60 }\n upscale u { from: a model: topaz-starlight-fast resolution: 4k }`, stage: "u", usd: 3 },
  // Reframe per source second: ray-3.2-reframe at 720p, $0.12/s × 5 s = $0.60.
  { shape: "reframe per source second (ray-3.2-reframe, 5 s at 720p)", stages: 'video v { model: ray-3.2 prompt: "x" duration: 5s resolution: 720p }\n reframe r { from: v model: ray-3.2-reframe aspect: 1:1 }', stage: "r", usd: 0.6 },
  // Upscale per input image: Stability Fast = 2 credits × $0.01 = $0.02.
  { shape: "upscale per input image (stability-upscale-fast)", stages: 'image i { model: photon-flash-1 prompt: "x" }\n upscale u { from: i model: stability-upscale-fast resolution: 4k }', stage: "u", usd: 0.02 },
  // Per character: eleven-multilingual-v2 $0.10 per 1,000 characters × 1,000 characters = $0.10.
  { shape: "per character (eleven-multilingual-v2, 1,000 characters)", stages: `audio vo { kind: voiceover model: eleven-multilingual-v2 text: "${"a".repeat(1000)}" }`, usd: 0.1 },
  // Flash v2.5: $0.05 per 1,000 characters × 200 = $0.01.
  { shape: "per character (eleven-flash-v2.5, 200 characters)", stages: `audio vo { kind: voiceover model: eleven-flash-v2.5 text: "${"a".repeat(200)}" }`, usd: 0.01 },
  // Per generation: lyria-3.5 $0.08 per song × 2 = $0.16.
  { shape: "per generation (lyria-3.5, 2 songs)", stages: 'audio m { kind: music model: lyria-3.5 prompt: "x" count: 2 }', usd: 0.16 },
  // Music per second: eleven-music $0.15/min = $0.0025/s × 60 s = $0.15.
  { shape: "audio per second (eleven-music, 60 s)", stages: 'audio m { kind: music model: eleven-music prompt: "x" duration: 60s }', usd: 0.15 },
];

describe("billing shapes, hand-computed against the bundled catalog", () => {
  for (const c of cases) {
    it(`${c.shape}: $${c.usd}`, () => assert.strictEqual(price(c.stages, c.stage ?? /^\s*\w+ (\w+)/.exec(c.stages)![1]), c.usd));
  }

  // No catalog model bills in steps or with a minimum (none of the researched APIs does); a team's own
  // price in gen.config.json can. The figures below are that config's, not a provider's.
  it("billed step and minimum seconds, from a workspace's own price", () => {
    const { config, diagnostics } = parseConfig(JSON.stringify({
      models: { "studio-video": { kind: "video", perSecond: { default: 0.1 }, billedStep: 5, minimumSeconds: 5, durations: { min: 1, max: 20 } } },
    }), loadDefaultCatalog());
    assert.deepStrictEqual(diagnostics, []);
    const catalog = applyConfig(loadDefaultCatalog(), config!);
    // 3 s: at least 5 s billed → 5 × $0.10 = $0.50.
    assert.strictEqual(price('video v { model: studio-video prompt: "x" duration: 3s }', "v", catalog), 0.5);
    // 6 s: rounded up to the 5 s step → 10 s × $0.10 = $1.00.
    assert.strictEqual(price('video v { model: studio-video prompt: "x" duration: 6s }', "v", catalog), 1);
  });
});
