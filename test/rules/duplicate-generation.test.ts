import * as assert from "assert";
import { duplicateGeneration } from "../../server/src/rules/duplicate-generation";
import { rulesOff } from "../../server/src/service/bestFix";
import { checkDocument } from "../../server/src/service/check";
import { fixAll } from "../../server/src/service/fixes";
import { ruleTester } from "../support/ruleTester";

// Bundled catalog: imagen-4-fast $0.02 an image (2 credits); ray-2 makes a 5 s clip at 540p for $0.40
// (40 credits); topaz-proteus upscales video to 1080p for $0.024/s (5 s: 12 credits);
// eleven-flash-v2.5 speaks at $0.00005 a character ("Spring is here.", 15 characters: 0.075 credits).
const pipeline = (body: string) => `pipeline "p" {\n${body}}`;
const still = (name: string, extra = "") => `  image ${name} { model: imagen-4-fast prompt: "a red kite"${extra} }\n`;
const clip = (name: string, extra = "") => `  video ${name} { model: ray-2 prompt: "dolly in" duration: 5s resolution: 540p${extra} }\n`;

ruleTester(duplicateGeneration, {
  valid: [
    {
      name: "the same prompt with a different seed: a deliberate second take",
      code: pipeline(`${still("a", " seed: 1")}${still("b", " seed: 2")}  output a, b\n`),
    },
    {
      name: "the same prompt and settings with different models",
      code: pipeline(`${still("a")}  image b { model: photon-flash-1 prompt: "a red kite" }\n  output a, b\n`),
    },
    {
      name: "two videos that differ only in aspect: reframe-not-regenerate's case",
      code: pipeline(`${clip("wide", " aspect: 16:9")}${clip("tall", " aspect: 9:16")}  output wide, tall\n`),
    },
    {
      name: "the same in the draft, different in the final: the final would lose a take",
      code: pipeline(`${clip("a")}  video b { model: ray-2 prompt: "dolly in" duration: 5s resolution: 540p final { seed: 7 } }\n  output a, b\n`),
    },
    {
      name: "an earlier copy nothing uses is left to unused-stage",
      code: pipeline(`${still("a")}${still("b")}  keyframe k { from: b }\n  video v { model: ray-2 start: k duration: 5s resolution: 540p }\n  output v\n`),
    },
    {
      name: "two keyframes of one still are free; videos from different prompts differ",
      code: pipeline(
        `${still("hero")}  keyframe ka { from: hero }\n  keyframe kb { from: hero }\n` +
          "  video a { model: ray-2 start: ka prompt: \"dolly in\" duration: 5s resolution: 540p }\n" +
          "  video b { model: ray-2 start: kb prompt: \"orbit\" duration: 5s resolution: 540p }\n  output a, b\n",
      ),
    },
    {
      name: "two variations picked from one stage are different inputs",
      code: pipeline(
        `${still("hero", " count: 2")}  video a { model: ray-2 start: hero[1] duration: 5s resolution: 540p }\n` +
          "  video b { model: ray-2 start: hero[2] duration: 5s resolution: 540p }\n  output a, b\n",
      ),
    },
    {
      name: "the same voiceover laid over different clips",
      code: pipeline(
        `${clip("a")}  video b { model: ray-2 prompt: "orbit" duration: 5s resolution: 540p }\n` +
          '  audio vo1 { kind: voiceover model: eleven-flash-v2.5 text: "Spring is here." over: a }\n' +
          '  audio vo2 { kind: voiceover model: eleven-flash-v2.5 text: "Spring is here." over: b }\n  output vo1, vo2\n',
      ),
    },
  ],
  invalid: [
    {
      name: "two identical one-line stills: the copy goes, its reader takes the first",
      code: pipeline(`${still("a")}${still("b")}${clip("va", " start: a")}  video vb { model: ray-2 start: b prompt: "orbit" duration: 5s resolution: 540p }\n  output va, vb\n`),
      errors: [{ line: 3, column: 9, message: "`b` generates the same image as `a` (same model, prompt and settings): 2 credits for a copy; use `a` instead" }],
      output: pipeline(`${still("a")}${clip("va", " start: a")}  video vb { model: ray-2 start: a prompt: "orbit" duration: 5s resolution: 540p }\n  output va, vb\n`),
    },
    {
      name: "two identical multi-line stills, written in another order",
      code: pipeline(
        '  image a {\n    model: imagen-4-fast\n    prompt: "a red kite"\n    aspect: 16:9\n  }\n\n' +
          '  image b {\n    aspect: 16:9\n    prompt: "a red kite"\n    model: imagen-4-fast\n  }\n\n' +
          "  keyframe k { from: b }\n  video v { model: ray-2 start: k duration: 5s resolution: 540p }\n  output a, v\n",
      ),
      errors: [{ line: 8, column: 9, message: "`b` generates the same image as `a` (same model, prompt and settings): 2 credits for a copy; use `a` instead" }],
      output: pipeline(
        '  image a {\n    model: imagen-4-fast\n    prompt: "a red kite"\n    aspect: 16:9\n  }\n\n' +
          "  keyframe k { from: a }\n  video v { model: ray-2 start: k duration: 5s resolution: 540p }\n  output a, v\n",
      ),
    },
    {
      name: "identical videos from the same start frame, both in a sequence",
      code: pipeline(`${still("hero")}  keyframe k { from: hero }\n${clip("a", " start: k")}${clip("b", " start: k")}  sequence cut { clips: a, b }\n  output cut\n`),
      errors: [{ line: 5, column: 9, message: "`b` generates the same clip as `a` (same model, start frame, prompt and settings): 40 credits for a copy; use `a` instead" }],
      output: pipeline(`${still("hero")}  keyframe k { from: hero }\n${clip("a", " start: k")}  sequence cut { clips: a, a }\n  output cut\n`),
    },
    {
      name: "two keyframes of one still are one frame: the videos are copies",
      code: pipeline(`${still("hero")}  keyframe ka { from: hero }\n  keyframe kb { from: hero }\n${clip("a", " start: ka")}${clip("b", " start: kb")}  output a, cut\n  sequence cut { clips: b }\n`),
      errors: [{ line: 6, column: 9, message: /^`b` generates the same clip as `a` .*: 40 credits for a copy; use `a` instead$/ }],
      output: pipeline(`${still("hero")}  keyframe ka { from: hero }\n  keyframe kb { from: hero }\n${clip("a", " start: ka")}  output a, cut\n  sequence cut { clips: a }\n`),
    },
    {
      name: "the copy is an output: said, not fixed, so the name is kept",
      code: pipeline(`${clip("a")}${clip("b")}  output a, b\n`),
      errors: [{ line: 3, column: 9, message: "`b` generates the same clip as `a` (same model, prompt and settings): 40 credits for a copy; deliver `a` instead; no fix: `b` is an `output`" }],
      output: null,
    },
    {
      name: "a consumer and an indexed reference are pointed at the first",
      code: pipeline(
        `${clip("a", " count: 2")}${clip("b", " count: 2")}` +
          "  upscale hd { from: b[2] resolution: 1080p model: topaz-proteus }\n  sequence cut { clips: b }\n  output a, hd, cut\n",
      ),
      // 2 clips × 40 credits
      errors: [{ line: 3, column: 9, message: "`b` generates the same 2 clips as `a` (same model, prompt and settings): 80 credits for a copy; use `a` instead" }],
      output: pipeline(`${clip("a", " count: 2")}  upscale hd { from: a[2] resolution: 1080p model: topaz-proteus }\n  sequence cut { clips: a }\n  output a, hd, cut\n`),
    },
    {
      name: "settings from a preset against the same written in the stage; retries do not count",
      code:
        "preset look { model: ray-2 duration: 5s resolution: 540p }\n" +
        pipeline(`  video a { use: look prompt: "dolly in" }\n${clip("b", " retries: 1")}  sequence cut { clips: a, b }\n  output cut\n`),
      // 40 credits × 2 generations (one retry)
      errors: [{ line: 4, column: 9, message: "`b` generates the same clip as `a` (same model, prompt and settings): 80 credits for a copy; use `a` instead" }],
      output: "preset look { model: ray-2 duration: 5s resolution: 540p }\n" + pipeline('  video a { use: look prompt: "dolly in" }\n  sequence cut { clips: a, a }\n  output cut\n'),
    },
    {
      name: "a chain of copies: the still and the video are each reported; their keyframes, free, are not",
      code: pipeline(
        `${still("a")}${still("b")}  keyframe ka { from: a }\n  keyframe kb { from: b }\n` +
          `${clip("va", " start: ka")}${clip("vb", " start: kb")}  sequence cut { clips: va, vb }\n  output cut\n`,
      ),
      errors: [
        { line: 3, column: 9, message: "`b` generates the same image as `a` (same model, prompt and settings): 2 credits for a copy; use `a` instead" },
        { line: 7, column: 9, message: "`vb` generates the same clip as `va` (same model, start frame, prompt and settings): 40 credits for a copy; use `va` instead" },
      ],
      output: pipeline(
        `${still("a")}  keyframe ka { from: a }\n  keyframe kb { from: a }\n` +
          `${clip("va", " start: ka")}${clip("vb", " start: kb")}  sequence cut { clips: va, vb }\n  output cut\n`,
      ),
    },
    {
      name: "identical upscales of one video",
      code: pipeline(
        `${clip("shot")}  upscale h1 { from: shot resolution: 1080p model: topaz-proteus }\n  upscale h2 { from: shot resolution: 1080p model: topaz-proteus }\n` +
          "  sequence cut { clips: h1, h2 }\n  output cut\n",
      ),
      errors: [{ line: 4, column: 11, message: "`h2` generates the same upscale as `h1` (same input, model and settings): 12 credits for a copy; use `h1` instead" }],
      output: pipeline(`${clip("shot")}  upscale h1 { from: shot resolution: 1080p model: topaz-proteus }\n  sequence cut { clips: h1, h1 }\n  output cut\n`),
    },
    {
      name: "no output line: a copy nothing reads may be a deliverable, so no fix",
      code: pipeline(
        `${clip("shot")}  audio vo1 { kind: voiceover model: eleven-flash-v2.5 text: "Spring is here." over: shot }\n` +
          '  audio vo2 { kind: voiceover model: eleven-flash-v2.5 text: "Spring is here." over: shot }\n',
      ),
      errors: [
        {
          line: 4,
          column: 9,
          message: "`vo2` generates the same voiceover as `vo1` (same model, text and settings): 0.08 credits for a copy; deliver `vo1` instead; no fix: the pipeline has no `output` line, so `vo2` may be delivered",
        },
      ],
      output: null,
    },
  ],
});

describe("duplicate-generation in fix-all", () => {
  it("removes a dozen copies of one clip in one fix-all, which a second leaves as it is", () => {
    // Every copy's fix rewrites the kept stage's name as it is: the same edit, made once, holds no fix back.
    const copies = Array.from({ length: 12 }, (_, i) => i);
    const code = pipeline(
      copies.map((i) => `${clip(`v${i}`)}  upscale h${i} { from: v${i} resolution: 1080p model: topaz-proteus }\n`).join("") +
        `  sequence cut { clips: ${copies.map((i) => `h${i}`).join(", ")} }\n  output cut\n`,
    );
    const only = { ...rulesOff, "duplicate-generation": "warning" as const };
    const once = fixAll(checkDocument(code, { rules: only }));
    assert.ok(!/video v1 /.test(once.text) && !/video v11 /.test(once.text), once.text);
    assert.strictEqual(fixAll(checkDocument(once.text, { rules: only })).fixed, 0);
  });
});
