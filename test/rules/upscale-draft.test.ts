import { upscaleDraft } from "../../server/src/rules/upscale-draft";
import { ruleTester } from "../support/ruleTester";

// Bundled catalog: ray-2 makes a 5 s clip for $0.40 at 540p, $0.71 at 720p, $1.59 at 1080p, $6.37 at 4k.
// The video upscalers (topaz-*) make 1080p and 4k only; the cheapest, topaz-proteus, bills $0.024/s at
// 1080p and $0.072/s at 4k. kling-v2-6 bills $0.07/s at any resolution.
const still = '  image hero { model: photon-flash-1 prompt: "sneaker" }\n  keyframe k { from: hero }\n';
const final = (body: string) => `pipeline "p" {\n  mode: final\n${still}${body}}`;
const shot = (name: string, resolution: string, extra = "") =>
  `  video ${name} { model: ray-2 start: k prompt: "dolly in" duration: 5s resolution: ${resolution}${extra} }\n`;

ruleTester(upscaleDraft, {
  valid: [
    {
      name: "the final is an upscale of the draft",
      code: final(`${shot("draft", "540p")}  upscale hd { from: draft resolution: 1080p model: topaz-proteus }\n  output hd\n`),
    },
    {
      name: "draft mode: iterating at two resolutions is another rule's business",
      code: `pipeline "p" {\n  mode: draft\n${still}${shot("draft", "540p")}${shot("hd", "1080p")}}`,
    },
    {
      name: "another prompt",
      code: final(`${shot("draft", "540p")}  video hd { model: ray-2 start: k prompt: "orbit" duration: 5s resolution: 1080p }\n`),
    },
    {
      name: "another keyframe",
      code: final(`${shot("draft", "540p")}  image alt { model: photon-flash-1 prompt: "boot" }\n  keyframe k2 { from: alt }\n  video hd { model: ray-2 start: k2 prompt: "dolly in" duration: 5s resolution: 1080p }\n`),
    },
    {
      name: "another model",
      code: final(`${shot("draft", "540p")}  video hd { model: ray-flash-2 start: k prompt: "dolly in" duration: 5s resolution: 1080p }\n`),
    },
    {
      name: "the draft is in another pipeline",
      code: `pipeline "d" {\n  mode: draft\n${still}${shot("draft", "540p")}}\n${final(shot("hd", "1080p"))}`,
    },
  ],
  invalid: [
    {
      name: "one-line stage: becomes a one-line upscale of the draft, with the cheapest upscaler that makes 1080p",
      code: final(`${shot("draft", "540p")}${shot("hd", "1080p")}  output hd\n`),
      errors: [{ line: 6, column: 80, message: "`hd` generates at 1080p the clip the 540p draft `draft` already makes (same model, prompt and keyframe): upscale the draft instead" }],
      output: final(`${shot("draft", "540p")}  upscale hd { from: draft resolution: 1080p model: topaz-proteus }\n  output hd\n`),
    },
    {
      name: "multi-line stage, settings from a preset, a consumer kept by name",
      code:
        'preset motion { model: ray-2 duration: 5s }\n' +
        `pipeline "p" {\n  mode: final\n${still}` +
        '  video draft { use: motion start: k prompt: "dolly in" resolution: 540p }\n' +
        "  video master {\n" +
        "    use: motion\n" +
        "    start: k\n" +
        '    prompt: "dolly in"\n' +
        "    resolution: 4k\n" +
        "  }\n" +
        "  reframe vertical { from: master aspect: 9:16 model: ray-3.2-reframe }\n" +
        "  output master, vertical\n" +
        "}",
      errors: [{ line: 11, column: 17, message: "`master` generates at 4k the clip the 540p draft `draft` already makes (same model, prompt and keyframe): upscale the draft instead" }],
      output:
        'preset motion { model: ray-2 duration: 5s }\n' +
        `pipeline "p" {\n  mode: final\n${still}` +
        '  video draft { use: motion start: k prompt: "dolly in" resolution: 540p }\n' +
        "  upscale master {\n" +
        "    from: draft\n" +
        "    resolution: 4k\n" +
        "    model: topaz-proteus\n" +
        "  }\n" +
        "  reframe vertical { from: master aspect: 9:16 model: ray-3.2-reframe }\n" +
        "  output master, vertical\n" +
        "}",
    },
    {
      name: "no upscaler makes 720p video: said, not fixed",
      code: final(`${shot("draft", "540p")}${shot("hd", "720p")}`),
      errors: [{ line: 6, column: 80, message: "`hd` generates at 720p the clip the 540p draft `draft` already makes (same model, prompt and keyframe): upscale the draft instead; no fix: no upscale model in the catalog makes 720p video" }],
      output: null,
    },
    {
      name: "upscaling would cost more than generating: said, not fixed",
      code: final(
        '  video draft { model: kling-v2-6 start: k prompt: "dolly in" duration: 5s resolution: 540p }\n' +
          '  video hd { model: kling-v2-6 start: k prompt: "dolly in" duration: 5s resolution: 4k }\n',
      ),
      errors: [{ line: 6, column: 85, message: "`hd` generates at 4k the clip the 540p draft `draft` already makes (same model, prompt and keyframe): upscale the draft instead; no fix: upscaling with `topaz-proteus` would cost 36 credits, more than generating it (35 credits)" }],
      output: null,
    },
    {
      name: "a longer final is not the same clip: said, not fixed",
      code: final(`${shot("draft", "540p")}  video hd { model: ray-2 start: k prompt: "dolly in" duration: 9s resolution: 1080p aspect: 21:9 }\n`),
      errors: [{ line: 6, column: 80, message: /; no fix: it differs from `draft` in `duration` and `aspect`, so an upscale of the draft would not be the same clip$/ }],
      output: null,
    },
    {
      name: "a reference to one variation (`hd[2]`) an upscale would not number: said, not fixed",
      code: final(`${shot("draft", "540p", " count: 2")}${shot("hd", "1080p", " count: 2")}  output hd[2]\n`),
      errors: [{ line: 6, column: 80, message: /; no fix: `hd\[2\]` picks one of its variations, which an upscale does not number$/ }],
      output: null,
    },
    {
      name: "two finals from one draft: both reported, the closest draft chosen",
      code: final(`${shot("rough", "540p", " aspect: 1:1")}${shot("draft", "540p")}${shot("hd", "1080p")}${shot("uhd", "4k")}`),
      errors: [
        { line: 7, column: 80, message: /^`hd` generates at 1080p the clip the 540p draft `draft` already makes/ },
        { line: 8, column: 81, message: /^`uhd` generates at 4k the clip the 540p draft `draft` already makes/ },
      ],
      output: final(`${shot("rough", "540p", " aspect: 1:1")}${shot("draft", "540p")}  upscale hd { from: draft resolution: 1080p model: topaz-proteus }\n${shot("uhd", "4k")}`),
    },
  ],
});
