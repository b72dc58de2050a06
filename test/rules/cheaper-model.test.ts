import { cheaperModel } from "../../server/src/rules/cheaper-model";
import { ruleTester } from "../support/ruleTester";

// A draft pipeline around the given lines (`mode: draft` is line 2, stages start on line 3).
const draft = (...lines: string[]) => `pipeline "p" {\n  mode: draft\n${lines.map((l) => l + "\n").join("")}}`;

// Prices from the bundled catalog: ray-2 5 s at 540p $0.40, ray-flash-2 $0.14; ray-3.2 5 s at 720p $0.30,
// ray-flash-2 $0.24; kling-v3 720p $0.084/s silent, $0.126/s with audio, kling-v2-6 $0.07/s, $0.14/s with audio.
ruleTester(cheaperModel, {
  valid: [
    {
      name: "already the cheap model",
      code: draft("  video shot { model: ray-flash-2 duration: 5s resolution: 540p }"),
    },
    {
      name: "final mode picks the model for quality",
      code: 'pipeline "p" {\n  mode: final\n  video shot { model: ray-2 duration: 5s resolution: 540p }\n}',
    },
    {
      name: "the sibling does not make the duration (ray-flash-2 makes 5 s or 9 s)",
      code: draft("  video shot { model: ray-3.2 duration: 10s resolution: 540p }"),
    },
    {
      name: "the sibling does not offer the resolution (nano-banana is 1k only)",
      code: draft('  image still { model: nano-banana-2 prompt: "x" resolution: 2k }'),
    },
    {
      name: "native audio on: the sibling makes it, but costs more with it",
      code: draft("  video shot { model: kling-v3 duration: 5s resolution: 720p audio: on }"),
    },
    {
      name: "the sibling needs a start frame and the stage has none",
      code: draft("  video shot { model: gen4.5 duration: 5s }"),
    },
    {
      name: "HDR the sibling does not offer",
      code: draft("  video shot { model: ray-3.2 duration: 5s resolution: 540p hdr: on }"),
    },
    {
      name: "a deprecated sibling is not suggested",
      code: draft("  video shot { model: veo-3 duration: 8s }"),
    },
  ],
  invalid: [
    {
      // Topaz bills output frames: 5 s at the stage's 60 fps = 300 frames. Starlight at 4K ÷ 11.9179 frames a
      // credit = 25.2 → 26 credits × $0.12 = $3.12; Proteus ÷ 59.6026 = 5.03 → 6 credits = $0.72 (at the default
      // 30 fps it would be 3 credits, $0.36: the rate the stage asks for is the one compared).
      name: "an upscale billed per frame is compared at the stage's frame rate",
      code: draft("  video shot { model: ray-flash-2 duration: 5s resolution: 540p }", "  upscale big { from: shot model: topaz-starlight resolution: 4k fps: 60 }"),
      errors: [{
        line: 4, column: 35,
        message: "`big` drafts with `topaz-starlight` for 312 credits; `topaz-proteus`, further down its family (after `topaz-starlight-fast`), supports every setting used here and costs 72 credits",
      }],
      output: draft("  video shot { model: ray-flash-2 duration: 5s resolution: 540p }", "  upscale big { from: shot model: topaz-proteus resolution: 4k fps: 60 final { model: topaz-starlight } }"),
    },
    {
      name: "ray-2 to ray-flash-2, one-line stage",
      code: draft("  video shot { model: ray-2 duration: 5s resolution: 540p }"),
      errors: [{ line: 3, column: 23, message: "`shot` drafts with `ray-2` for 40 credits; its cheaper sibling `ray-flash-2` supports every setting used here and costs 14 credits" }],
      output: draft("  video shot { model: ray-flash-2 duration: 5s resolution: 540p final { model: ray-2 } }"),
    },
    {
      name: "a model's default resolution is written out so the draft keeps it",
      code: draft("  video shot {", "    model: ray-3.2", "    duration: 5s", "  }"),
      errors: [{
        line: 4, column: 12,
        message: "`shot` drafts with `ray-3.2` for 30 credits; its cheaper sibling `ray-flash-2` supports every setting used here and costs 24 credits (at 720p, `ray-3.2`'s default)",
      }],
      output: draft("  video shot {", "    model: ray-flash-2", "    duration: 5s", "    resolution: 720p", "    final { model: ray-3.2 }", "  }"),
    },
    {
      name: "a model from a preset: `model:` is set on the stage",
      code: `preset look { model: ray-3.2 duration: 5s resolution: 540p }\n${draft("  video shot {", "    use: look", '    prompt: "x"', "  }")}`,
      errors: [{
        line: 5, column: 10,
        message: "`shot` drafts with `ray-3.2` (from preset `look`) for 15 credits; its cheaper sibling `ray-flash-2` supports every setting used here and costs 14 credits",
      }],
      output: `preset look { model: ray-3.2 duration: 5s resolution: 540p }\n${draft("  video shot {", "    use: look", '    prompt: "x"', "    model: ray-flash-2", "    final { model: ray-3.2 }", "  }")}`,
    },
    {
      name: "a preset model at its default resolution: both lines go on the stage, in order",
      code: `preset look { model: ray-3.2 duration: 5s }\n${draft("  video shot { use: look }")}`,
      errors: [{ line: 4, column: 21, message: /^`shot` drafts with `ray-3\.2` \(from preset `look`\) for 30 credits; .* costs 24 credits \(at 720p, `ray-3\.2`'s default\)$/ }],
      output: `preset look { model: ray-3.2 duration: 5s }\n${draft("  video shot { use: look resolution: 720p model: ray-flash-2 final { model: ray-3.2 } }")}`,
    },
    {
      name: "silent kling-v3 to kling-v2-6",
      code: draft("  video shot { model: kling-v3 duration: 5s resolution: 720p audio: off }"),
      errors: [{ line: 3, column: 23, message: "`shot` drafts with `kling-v3` for 42 credits; its cheaper sibling `kling-v2-6` supports every setting used here and costs 35 credits" }],
      output: draft("  video shot { model: kling-v2-6 duration: 5s resolution: 720p audio: off final { model: kling-v3 } }"),
    },
    {
      name: "an image-to-video-only sibling when the stage has a start frame; the price counts every run",
      code: draft('  image a { model: photon-flash-1 prompt: "x" count: 2 }', "  keyframe k { from: a }", "  video shot { model: gen4.5 start: k duration: 5s }"),
      errors: [{ line: 5, column: 23, message: "`shot` drafts with `gen4.5` for 120 credits; its cheaper sibling `gen4-turbo` supports every setting used here and costs 50 credits" }],
      output: draft('  image a { model: photon-flash-1 prompt: "x" count: 2 }', "  keyframe k { from: a }", "  video shot { model: gen4-turbo start: k duration: 5s final { model: gen4.5 } }"),
    },
    {
      name: "an upscale model two steps down its family: one switch to the cheapest that fits",
      code: draft("  video shot { model: ray-flash-2 duration: 5s resolution: 540p }", "  upscale hd { from: shot model: topaz-starlight resolution: 1080p }"),
      errors: [{
        line: 4, column: 34,
        message: "`hd` drafts with `topaz-starlight` for 72 credits; `topaz-proteus`, further down its family (after `topaz-starlight-fast`), supports every setting used here and costs 12 credits",
      }],
      output: draft("  video shot { model: ray-flash-2 duration: 5s resolution: 540p }", "  upscale hd { from: shot model: topaz-proteus resolution: 1080p final { model: topaz-starlight } }"),
    },
    {
      name: "down the family only as far as the settings allow: nano-banana has no 2k, so nano-banana-2",
      code: draft('  image still { model: nano-banana-pro prompt: "x" resolution: 2k }'),
      errors: [{ line: 3, column: 24, message: "`still` drafts with `nano-banana-pro` for 13.4 credits; its cheaper sibling `nano-banana-2` supports every setting used here and costs 10.1 credits" }],
      output: draft('  image still { model: nano-banana-2 prompt: "x" resolution: 2k final { model: nano-banana-pro } }'),
    },
    {
      name: "an image model three times a draft's price",
      code: draft('  image still { model: imagen-4-ultra prompt: "x" aspect: 16:9 count: 2 }'),
      errors: [{ line: 3, column: 24, message: "`still` drafts with `imagen-4-ultra` for 12 credits; `imagen-4-fast`, further down its family (after `imagen-4`), supports every setting used here and costs 4 credits" }],
      output: draft('  image still { model: imagen-4-fast prompt: "x" aspect: 16:9 count: 2 final { model: imagen-4-ultra } }'),
    },
    {
      name: "a voiceover model",
      code: draft('  audio vo { kind: voiceover model: eleven-multilingual-v2 text: "Spring is here. Step into it." }'),
      errors: [{ line: 3, column: 37, message: /^`vo` drafts with `eleven-multilingual-v2` for 0\.29 credits; its cheaper sibling `eleven-flash-v2\.5` .* costs 0\.14 credits$/ }],
      output: draft('  audio vo { kind: voiceover model: eleven-flash-v2.5 text: "Spring is here. Step into it." final { model: eleven-multilingual-v2 } }'),
    },
  ],
});
