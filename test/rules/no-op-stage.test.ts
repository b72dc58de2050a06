import { noOpStage } from "../../server/src/rules/no-op-stage";
import { ruleTester } from "../support/ruleTester";

const brief = '  brief { goal: "a teaser" }\n';
const p = (body: string) => `pipeline "p" {\n${brief}${body}}`;

// Prices (100 credits = $1): topaz-proteus $0.024/s at 1080p, so 12 credits for 5 s and 24 for 10 s;
// ray-3.2-reframe $0.06/s at 540p (30 credits for 5 s) and $0.36/s at 1080p (180 credits for 5 s);
// ideogram-upscale and ideogram-reframe $0.06 an image (6 credits).
ruleTester(noOpStage, {
  valid: [
    {
      name: "a proper upscale: 540p to 1080p",
      code: p(`  video shot { model: ray-2 duration: 5s resolution: 540p }\n  upscale hd { from: shot resolution: 1080p model: topaz-proteus }\n  output hd\n`),
    },
    {
      name: "a proper reframe: 16:9 to 9:16",
      code: p(`  video shot { model: ray-2 duration: 5s resolution: 540p aspect: 16:9 }\n  reframe tall { from: shot aspect: 9:16 model: ray-3.2-reframe }\n  output tall\n`),
    },
    {
      name: "a reframe of a video whose aspect is not written: it may differ",
      code: p(`  video shot { model: ray-2 duration: 5s resolution: 540p }\n  reframe wide { from: shot aspect: 16:9 model: ray-3.2-reframe }\n  output wide\n`),
    },
    {
      name: "an upscale of an image of unknown resolution",
      code: p(`  image still { model: photon-flash-1 prompt: "a kite" }\n  upscale big { from: still resolution: 2k model: ideogram-upscale }\n  output big\n`),
    },
    {
      name: "a 1080p image against 2k with no aspect to relate them: not compared",
      code: p(`  image still { model: gen4-image prompt: "a kite" resolution: 1080p }\n  upscale big { from: still resolution: 2k model: ideogram-upscale }\n  output big\n`),
    },
    {
      name: "a 16:9 1080p image upscaled to 2k: 1152 lines against 1080",
      code: p(`  image still { model: gen4-image prompt: "a kite" resolution: 1080p aspect: 16:9 }\n  upscale big { from: still resolution: 2k model: ideogram-upscale }\n  output big\n`),
    },
    {
      name: "an upscale that does nothing in the draft only: the final upscales to 4k",
      code: p(`  video shot { model: ray-2 duration: 5s resolution: 1080p }\n  upscale hd { from: shot resolution: 1080p model: topaz-proteus final { resolution: 4k } }\n  output hd\n`),
    },
    {
      name: "a sequence with a clip of unknown sharpness may be sharper than its known clips",
      code: p(`  video a { model: ray-2 duration: 5s resolution: 1080p }\n  video b { model: ray-2 duration: 5s }\n  sequence cut { clips: a, b }\n  upscale hd { from: cut resolution: 1080p model: topaz-proteus }\n  output hd\n`),
    },
  ],
  invalid: [
    {
      name: "an upscale to a lower resolution, on one line",
      code: p(`  video shot { model: ray-2 duration: 5s resolution: 4k }\n  upscale hd { from: shot resolution: 1080p model: topaz-proteus }\n  output shot\n`),
      errors: [{ line: 4, column: 39, message: "`hd` upscales `shot` to 1080p, but `shot` already is 4k: the upscale changes nothing and costs 12 credits" }],
      output: p(`  video shot { model: ray-2 duration: 5s resolution: 4k }\n  output shot\n`),
    },
    {
      name: "an upscale to the same resolution, over several lines: its reader reads the video",
      code: p(`  video shot {\n    model: ray-2\n    duration: 5s\n    resolution: 1080p\n  }\n\n  upscale shot_hd {\n    from: shot\n    resolution: 1080p\n    model: topaz-proteus\n  }\n\n  reframe tall { from: shot_hd aspect: 1:1 model: ray-3.2-reframe }\n  output tall\n`),
      errors: [{ line: 11, column: 17, message: "`shot_hd` upscales `shot` to 1080p, but `shot` already is 1080p: the upscale changes nothing and costs 12 credits" }],
      output: p(`  video shot {\n    model: ray-2\n    duration: 5s\n    resolution: 1080p\n  }\n\n  reframe tall { from: shot aspect: 1:1 model: ray-3.2-reframe }\n  output tall\n`),
    },
    {
      name: "an upscale to the resolution the model renders by default (ray-3.2: 720p)",
      code: p(`  video shot { model: ray-3.2 duration: 5s }\n  upscale hd { from: shot resolution: 720p }\n  output shot\n`),
      errors: [{ line: 4, column: 39, message: "`hd` upscales `shot` to 720p, but `shot` already is 720p (`ray-3.2`'s default): the upscale changes nothing" }],
      output: p(`  video shot { model: ray-3.2 duration: 5s }\n  output shot\n`),
    },
    {
      name: "an upscale of a 2k image to 1080p: 1920x1080 at 16:9 fits inside 2048x1152",
      code: p(`  image still { model: nano-banana-2 prompt: "a kite" resolution: 2k aspect: 16:9 }\n  upscale big { from: still resolution: 1080p model: ideogram-upscale }\n  output still\n`),
      errors: [{ line: 4, column: 41, message: "`big` upscales `still` to 1080p, but `still` already is 2k: the upscale changes nothing and costs 6 credits" }],
      output: p(`  image still { model: nano-banana-2 prompt: "a kite" resolution: 2k aspect: 16:9 }\n  output still\n`),
    },
    {
      name: "an upscale of a 1536x1024 image to 1k",
      code: p(`  image still { model: gpt-image-1 prompt: "a kite" resolution: 1536x1024 }\n  upscale big { from: still resolution: 1k model: ideogram-upscale }\n  keyframe k { from: big }\n  video shot { model: ray-2 duration: 5s resolution: 540p start: k }\n  output shot\n`),
      errors: [{ line: 4, column: 41, message: "`big` upscales `still` to 1k, but `still` already is 1536x1024: the upscale changes nothing and costs 6 credits" }],
      output: p(`  image still { model: gpt-image-1 prompt: "a kite" resolution: 1536x1024 }\n  keyframe k { from: still }\n  video shot { model: ray-2 duration: 5s resolution: 540p start: k }\n  output shot\n`),
    },
    {
      name: "a reframe to the aspect the video is written with",
      code: p(`  video shot { model: ray-2 duration: 5s resolution: 540p aspect: 16:9 }\n  reframe wide { from: shot aspect: 16:9 model: ray-3.2-reframe }\n  upscale hd { from: wide resolution: 1080p model: topaz-proteus }\n  output hd\n`),
      errors: [{ line: 4, column: 37, message: "`wide` reframes `shot` to 16:9, the aspect it already has: it changes nothing and costs 30 credits" }],
      output: p(`  video shot { model: ray-2 duration: 5s resolution: 540p aspect: 16:9 }\n  upscale hd { from: shot resolution: 1080p model: topaz-proteus }\n  output hd\n`),
    },
    {
      name: "a reframe to the aspect of a WxH image",
      code: p(`  image still { model: gpt-image-1 prompt: "a kite" resolution: 1536x1024 }\n  reframe wide { from: still aspect: 3:2 model: ideogram-reframe }\n  keyframe k { from: wide }\n  video shot { model: ray-2 duration: 5s resolution: 540p start: k }\n  output shot\n`),
      errors: [{ line: 4, column: 38, message: "`wide` reframes `still` to 3:2, the aspect it already has (1536x1024): it changes nothing and costs 6 credits" }],
      output: p(`  image still { model: gpt-image-1 prompt: "a kite" resolution: 1536x1024 }\n  keyframe k { from: still }\n  video shot { model: ray-2 duration: 5s resolution: 540p start: k }\n  output shot\n`),
    },
    {
      name: "a delivered reframe to the aspect it has through an upscale: no fix, deliver the input",
      code: p(`  video shot { model: ray-2 duration: 5s resolution: 540p aspect: 16:9 }\n  upscale hd { from: shot resolution: 1080p model: topaz-proteus }\n  reframe wide { from: hd aspect: 16:9 model: ray-3.2-reframe }\n  output wide\n`),
      errors: [{ line: 5, column: 35, message: "`wide` reframes `hd` to 16:9, the aspect it already has (from `shot`): it changes nothing and costs 180 credits; deliver `hd` instead" }],
      output: null,
    },
    {
      name: "a delivered upscale of a sequence as sharp as its sharpest clip: no fix",
      code: p(`  video a { model: ray-2 duration: 5s resolution: 1080p }\n  video b { model: ray-2 duration: 5s resolution: 540p }\n  sequence cut { clips: a, b }\n  upscale hd { from: cut resolution: 1080p model: topaz-proteus }\n  output hd\n`),
      errors: [{ line: 6, column: 38, message: "`hd` upscales `cut` to 1080p, but `cut` already is 1080p: the upscale changes nothing and costs 24 credits; deliver `cut` instead" }],
      output: null,
    },
    {
      name: "its readers are re-pointed: a reframe that is delivered and a music bed `over:` it",
      code: p(`  video shot { model: ray-2 duration: 5s resolution: 1080p aspect: 16:9 }\n  upscale hd { from: shot resolution: 1080p model: topaz-proteus }\n  reframe tall { from: hd aspect: 1:1 model: ray-3.2-reframe }\n  audio m { kind: music model: eleven-music prompt: "calm" duration: 5s over: hd }\n  output tall, m\n`),
      errors: [{ line: 4, column: 39, message: "`hd` upscales `shot` to 1080p, but `shot` already is 1080p: the upscale changes nothing and costs 12 credits" }],
      output: p(`  video shot { model: ray-2 duration: 5s resolution: 1080p aspect: 16:9 }\n  reframe tall { from: shot aspect: 1:1 model: ray-3.2-reframe }\n  audio m { kind: music model: eleven-music prompt: "calm" duration: 5s over: shot }\n  output tall, m\n`),
    },
    {
      name: "an upscale of one variation: its reader takes that variation",
      code: p(`  video shot { model: ray-2 duration: 5s resolution: 1080p count: 2 }\n  upscale hd { from: shot[2] resolution: 1080p model: topaz-proteus }\n  reframe tall { from: hd aspect: 1:1 model: ray-3.2-reframe }\n  output tall\n`),
      errors: [{ line: 4, column: 42, message: "`hd` upscales `shot[2]` to 1080p, but `shot[2]` already is 1080p: the upscale changes nothing and costs 12 credits" }],
      output: p(`  video shot { model: ray-2 duration: 5s resolution: 1080p count: 2 }\n  reframe tall { from: shot[2] aspect: 1:1 model: ray-3.2-reframe }\n  output tall\n`),
    },
    {
      name: "in the final phase, where the video renders at the upscale's target itself",
      code: p(`  mode: final\n  video shot { model: ray-flash-2 duration: 5s resolution: 540p final { model: ray-2 resolution: 1080p } }\n  upscale hd { from: shot resolution: 1080p model: topaz-proteus }\n  sequence cut { clips: hd }\n  output cut\n`),
      errors: [{ line: 5, column: 39, message: "`hd` upscales `shot` to 1080p, but `shot` already is 1080p: the upscale changes nothing and costs 12 credits" }],
      output: p(`  mode: final\n  video shot { model: ray-flash-2 duration: 5s resolution: 540p final { model: ray-2 resolution: 1080p } }\n  sequence cut { clips: shot }\n  output cut\n`),
    },
    {
      name: "a lower target that a reframe after it bills by: reading the video directly costs more, so no fix",
      code: p(`  video shot { model: ray-2 duration: 5s resolution: 1080p }\n  upscale hd { from: shot resolution: 720p }\n  reframe tall { from: hd aspect: 1:1 model: ray-3.2-reframe }\n  output tall\n`),
      errors: [{ line: 4, column: 39, message: "`hd` upscales `shot` to 720p, but `shot` already is 1080p: the upscale changes nothing; no fix: what reads `hd` would cost more reading `shot` directly" }],
      output: null,
    },
  ],
});
