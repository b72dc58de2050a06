import { reframeBeforeUpscale } from "../../server/src/rules/reframe-before-upscale";
import { ruleTester } from "../support/ruleTester";

// Prices (100 credits to the dollar): ray-flash-2 5s at 540p $0.14; Topaz per output frame at its default
// 30 fps, $0.12 a credit: 5 s = 150 frames, to 1080p with topaz-proteus ÷ 236.84 frames per credit → 1
// credit ($0.12), with topaz-astra ÷ 7.7 → 19.5 → 20 credits ($2.40); ray-3.2-reframe $0.06/s at 540p,
// $0.36/s at 1080p (no 768p). So for 5 s: reframe at 1080p 180 credits, at 540p 30; proteus to 1080p 12, astra 240.
const brief = '  brief { goal: "a teaser" }\n';
const pipeline = (body: string) => `pipeline "p" {\n${brief}${body}}`;
const shot = "  video shot { model: ray-flash-2 duration: 5s resolution: 540p }\n";
const upscale = "  upscale shot_hd { from: shot resolution: 1080p model: topaz-proteus }\n";
const reframe = "  reframe shot_v { from: shot_hd aspect: 1:1 model: ray-3.2-reframe }\n";

ruleTester(reframeBeforeUpscale, {
  valid: [
    {
      name: "the reframe already reads the draft, and the reframe is upscaled",
      code: pipeline(`${shot}  reframe shot_v { from: shot aspect: 1:1 model: ray-3.2-reframe }\n  upscale shot_v_hd { from: shot_v resolution: 1080p model: topaz-proteus }\n  output shot_v_hd\n`),
    },
    {
      // The upscale is delivered, so it stays: 30 + 240 = 270 credits against the 180 paid now.
      name: "not cheaper: the upscale is delivered too and an astra upscale of the reframe costs more than the saving",
      code: pipeline(`${shot}  upscale shot_hd { from: shot resolution: 1080p model: topaz-astra }\n${reframe}  output shot_v, shot_hd\n`),
    },
    {
      name: "the reframe model does not take the upscale's 768p input",
      code: pipeline(`  video shot { model: hailuo-2.3 duration: 6s resolution: 768p }\n${upscale}${reframe}  output shot_v\n`),
    },
    {
      // An image reframe bills per image whatever its size: reframing first saves nothing.
      name: "a reframe of an upscaled image is left alone",
      code: pipeline(`  image still { model: imagen-4-fast prompt: "a sneaker" }\n  upscale still_hd { from: still resolution: 2k model: stability-upscale-fast }\n  reframe still_v { from: still_hd aspect: 1:1 model: ideogram-reframe }\n  output still_v\n`),
    },
    {
      name: "no price to compare: the reframe names no model",
      code: pipeline(`${shot}${upscale}  reframe shot_v { from: shot_hd aspect: 1:1 }\n  output shot_v\n`),
    },
  ],
  invalid: [
    {
      // Now: 14 + 12 + 180 = 206. After: 14 + 30 + 12 = 56, and `shot_hd`, read by nothing else, moves after the reframe.
      name: "the creator's pipeline: the upscale moves after the reframe",
      code: pipeline(`${shot}${upscale}${reframe}  output shot_v\n`),
      errors: [{
        line: 5, column: 26,
        message: "`shot_v` reframes `shot_hd`, upscaled to 1080p, and pays the 1080p rate: 180 credits (192 credits with `shot_hd`, which nothing else reads); reframe `shot` at 540p (30 credits) and upscale the reframe to 1080p (12 credits): the same 1:1 clip for 42 credits",
      }],
      output: pipeline(`${shot}  reframe shot_v_draft { from: shot aspect: 1:1 model: ray-3.2-reframe }\n  upscale shot_v { from: shot_v_draft resolution: 1080p model: topaz-proteus }\n  output shot_v\n`),
    },
    {
      // The astra upscale at its own `fps: 15`: 5 s = 75 frames ÷ 7.7 = 9.7 → 10 credits ($1.20): 30 + 120 = 150
      // against the 180 paid now. At the default 30 fps (240 credits) the same pipeline is left alone, above.
      name: "the upscale's own frame rate prices the upscale of the reframe",
      code: pipeline(`${shot}  upscale shot_hd { from: shot resolution: 1080p model: topaz-astra fps: 15 }\n${reframe}  output shot_v, shot_hd\n`),
      errors: [{
        line: 5, column: 26,
        message: "`shot_v` reframes `shot_hd`, upscaled to 1080p, and pays the 1080p rate: 180 credits; reframe `shot` at 540p (30 credits) and upscale the reframe to 1080p (120 credits): the same 1:1 clip for 150 credits",
      }],
      output: pipeline(`${shot}  upscale shot_hd { from: shot resolution: 1080p model: topaz-astra fps: 15 }\n  reframe shot_v_draft { from: shot aspect: 1:1 model: ray-3.2-reframe }\n  upscale shot_v { from: shot_v_draft resolution: 1080p model: topaz-astra fps: 15 }\n  output shot_v, shot_hd\n`),
    },
    {
      // Now: 14 + 12 + 180 = 206. After: 14 + 12 + 30 + 12 = 68.
      name: "the upscale is delivered too: it stays, and the reframe gets an upscale of its own",
      code: pipeline(`${shot}${upscale}${reframe}  output shot_v, shot_hd\n`),
      errors: [{
        line: 5, column: 26,
        message: "`shot_v` reframes `shot_hd`, upscaled to 1080p, and pays the 1080p rate: 180 credits; reframe `shot` at 540p (30 credits) and upscale the reframe to 1080p (12 credits): the same 1:1 clip for 42 credits",
      }],
      output: pipeline(`${shot}${upscale}  reframe shot_v_draft { from: shot aspect: 1:1 model: ray-3.2-reframe }\n  upscale shot_v { from: shot_v_draft resolution: 1080p model: topaz-proteus }\n  output shot_v, shot_hd\n`),
    },
    {
      // Two videos fan out: 2 upscales (24), 2 reframes at 1080p (360); reframing first: 2 × 30 + 2 × 12 = 84.
      name: "count: 2 on the video: every amount counts both takes",
      code: pipeline(`  video shot { model: ray-flash-2 duration: 5s resolution: 540p count: 2 }\n${upscale}${reframe}  output shot_v\n`),
      errors: [{
        line: 5, column: 26,
        message: "`shot_v` reframes `shot_hd`, upscaled to 1080p, and pays the 1080p rate: 360 credits for 2 reframes (384 credits with `shot_hd`, which nothing else reads); reframe `shot` at 540p (60 credits) and upscale the reframes to 1080p (24 credits): the same 1:1 clips for 84 credits",
      }],
      output: pipeline(`  video shot { model: ray-flash-2 duration: 5s resolution: 540p count: 2 }\n  reframe shot_v_draft { from: shot aspect: 1:1 model: ray-3.2-reframe }\n  upscale shot_v { from: shot_v_draft resolution: 1080p model: topaz-proteus }\n  output shot_v\n`),
    },
    {
      // Moving the dear astra upscale still pays: 240 + 180 = 420 now, 30 + 240 = 270 after.
      name: "multi-line stages: the moved upscale keeps its layout and its comment; other references keep the name",
      code: pipeline(`${shot}  // Upscale the take we keep.
  upscale shot_hd {
    from: shot
    resolution: 1080p
    model: topaz-astra
  }

  reframe shot_v {
    from: shot_hd
    aspect: 1:1
    model: ray-3.2-reframe
  } // for Reels

  audio vo { kind: voiceover model: eleven-flash-v2.5 text: "Hi" over: shot_v }
  output shot_v, vo
`),
      errors: [{
        line: 12, column: 11,
        message: "`shot_v` reframes `shot_hd`, upscaled to 1080p, and pays the 1080p rate: 180 credits (420 credits with `shot_hd`, which nothing else reads); reframe `shot` at 540p (30 credits) and upscale the reframe to 1080p (240 credits): the same 1:1 clip for 270 credits",
      }],
      output: pipeline(`${shot}
  reframe shot_v_draft {
    from: shot
    aspect: 1:1
    model: ray-3.2-reframe
  } // for Reels

  // Upscale the take we keep.
  upscale shot_v {
    from: shot_v_draft
    resolution: 1080p
    model: topaz-astra
  }

  audio vo { kind: voiceover model: eleven-flash-v2.5 text: "Hi" over: shot_v }
  output shot_v, vo
`),
    },
    {
      // Two 5 s clips: the cut is 10 s at 540p. Reframe at 1080p: 360; at 540p 60, then proteus 24.
      name: "a sequence upscaled, then reframed",
      code: pipeline(`  video a { model: ray-flash-2 duration: 5s resolution: 540p }\n  video b { model: ray-flash-2 duration: 5s resolution: 540p }\n  sequence cut { clips: a, b }\n  upscale cut_hd { from: cut resolution: 1080p model: topaz-proteus }\n  reframe cut_v { from: cut_hd aspect: 1:1 model: ray-3.2-reframe }\n  output cut_hd, cut_v\n`),
      errors: [{
        line: 7, column: 25,
        message: "`cut_v` reframes `cut_hd`, upscaled to 1080p, and pays the 1080p rate: 360 credits; reframe `cut` at 540p (60 credits) and upscale the reframe to 1080p (24 credits): the same 1:1 clip for 84 credits",
      }],
      output: pipeline(`  video a { model: ray-flash-2 duration: 5s resolution: 540p }\n  video b { model: ray-flash-2 duration: 5s resolution: 540p }\n  sequence cut { clips: a, b }\n  upscale cut_hd { from: cut resolution: 1080p model: topaz-proteus }\n  reframe cut_v_draft { from: cut aspect: 1:1 model: ray-3.2-reframe }\n  upscale cut_v { from: cut_v_draft resolution: 1080p model: topaz-proteus }\n  output cut_hd, cut_v\n`),
    },
    {
      // `shot_hd[1]` is the upscale of `shot[1]`: the reframe runs once. Now 180 (+ 24 for both upscales); after 30 + 12.
      name: "a picked variation carries over, and a taken name is not reused",
      code: pipeline(`  video shot { model: ray-flash-2 duration: 5s resolution: 540p count: 2 }\n  video shot_v_draft { model: ray-flash-2 duration: 5s resolution: 540p }\n${upscale}  reframe shot_v { from: shot_hd[1] aspect: 1:1 model: ray-3.2-reframe }\n  output shot_v, shot_v_draft\n`),
      errors: [{
        line: 6, column: 26,
        message: "`shot_v` reframes `shot_hd`, upscaled to 1080p, and pays the 1080p rate: 180 credits (204 credits with `shot_hd`, which nothing else reads); reframe `shot[1]` at 540p (30 credits) and upscale the reframe to 1080p (12 credits): the same 1:1 clip for 42 credits",
      }],
      output: pipeline(`  video shot { model: ray-flash-2 duration: 5s resolution: 540p count: 2 }\n  video shot_v_draft { model: ray-flash-2 duration: 5s resolution: 540p }\n  reframe shot_v_draft2 { from: shot[1] aspect: 1:1 model: ray-3.2-reframe }\n  upscale shot_v { from: shot_v_draft2 resolution: 1080p model: topaz-proteus }\n  output shot_v, shot_v_draft\n`),
    },
    {
      // Draft: 180 against 30 + 12. Final (astra): 180 against 30 + 240 = 270, so no fix.
      name: "no fix when the final phase would pay more for it",
      code: pipeline(`  mode: draft\n${shot}  upscale shot_hd { from: shot resolution: 1080p model: topaz-proteus final { model: topaz-astra } }\n${reframe}  output shot_v, shot_hd\n`),
      errors: [{
        line: 6, column: 26,
        message: "`shot_v` reframes `shot_hd`, upscaled to 1080p, and pays the 1080p rate: 180 credits; reframe `shot` at 540p (30 credits) and upscale the reframe to 1080p (12 credits): the same 1:1 clip for 42 credits; no fix: in the final phase it would cost 270 credits against 180 credits",
      }],
      output: null,
    },
  ],
});
