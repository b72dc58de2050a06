import * as assert from "assert";
import { applyEdits } from "../../server/src/rules/edits";
import { nativeResImages } from "../../server/src/rules/native-res-images";
import { isRuleDiagnostic } from "../../server/src/rules/runner";
import { checkDocument } from "../../server/src/service/check";
import { ruleTester } from "../support/ruleTester";

// nano-banana-2: 6.7 credits at 1k, 10.1 at 2k, 15.1 at 4k. Image upscalers: stability-upscale-fast 2,
// ideogram-upscale 6, stability-upscale-conservative 40 credits an image.
const brief = '  brief { goal: "a poster" }\n';
const sharper = (upscale: string, what: string, at: string, image = "hero") =>
  `\`${upscale}\` upscales ${what} to ${at}; generating \`${image}\` at ${at} is sharper than upscaling`;

ruleTester(nativeResImages, {
  valid: [
    {
      name: "an image generated at its final size",
      code: `pipeline "p" {\n${brief}  image hero { model: nano-banana-2 prompt: "x" resolution: 4k }\n  output hero\n}`,
    },
    {
      name: "an upscale of a video",
      code: `pipeline "p" {\n${brief}  video shot { model: ray-2 duration: 5s resolution: 540p }\n  upscale shot_hd { from: shot resolution: 1080p model: topaz-proteus }\n  output shot_hd\n}`,
    },
    {
      name: "an upscale of a frame of a video: there is no image to generate",
      code: `pipeline "p" {\n${brief}  video shot { model: ray-2 duration: 5s resolution: 540p }\n  keyframe last { from: shot }\n  upscale still_hd { from: last resolution: 2k model: stability-upscale-fast }\n  output still_hd\n}`,
    },
  ],
  invalid: [
    {
      name: "an upscale read by a reframe: the image is generated at 4k, the reframe takes it",
      code: `pipeline "p" {\n${brief}  image hero {\n    model: nano-banana-2\n    prompt: "x"\n    resolution: 1k\n  }\n  keyframe k { from: hero }\n  upscale hero_4k { from: hero resolution: 4k model: stability-upscale-conservative }\n  reframe tall { from: hero_4k aspect: 9:16 model: ideogram-reframe }\n  output tall\n}`,
      errors: [{ line: 9, column: 11, message: `${sharper("hero_4k", "the image `hero` from 1k", "4k")}, and costs 15.1 credits against 46.7 credits for the image and its upscale: drop \`hero_4k\`` }],
      output: `pipeline "p" {\n${brief}  image hero {\n    model: nano-banana-2\n    prompt: "x"\n    resolution: 4k\n  }\n  keyframe k { from: hero }\n  reframe tall { from: hero aspect: 9:16 model: ideogram-reframe }\n  output tall\n}`,
    },
    {
      name: "the upscale is an output: the image takes its name, and the variation it picked",
      code: `pipeline "p" {\n${brief}  image hero { model: nano-banana-2 prompt: "x" resolution: 1k count: 2 }\n  keyframe k { from: hero[1] }\n  video v { model: ray-2 start: k duration: 5s resolution: 540p }\n\n  upscale hero_4k {\n    from: hero[2]\n    resolution: 4k\n    model: stability-upscale-conservative\n  }\n\n  output v, hero_4k\n}`,
      errors: [{ line: 7, column: 11, message: `${sharper("hero_4k", "the image `hero` from 1k", "4k")}, and costs 30.2 credits against 53.4 credits for the image and its upscale: drop \`hero_4k\`` }],
      output: `pipeline "p" {\n${brief}  image hero_4k { model: nano-banana-2 prompt: "x" resolution: 4k count: 2 }\n  keyframe k { from: hero_4k[1] }\n  video v { model: ray-2 start: k duration: 5s resolution: 540p }\n\n  output v, hero_4k[2]\n}`,
    },
    {
      name: "a resolution from a preset is overridden on the stage, not in the preset",
      code: `preset web { resolution: 1k aspect: 16:9 }\npipeline "p" {\n${brief}  image hero { use: web model: nano-banana-pro prompt: "x" }\n  upscale hero_2k { from: hero resolution: 2k model: ideogram-upscale }\n  reframe wide { from: hero_2k aspect: 21:9 model: ideogram-reframe }\n  output wide\n}`,
      errors: [{ line: 5, column: 11, message: `${sharper("hero_2k", "the image `hero` from 1k", "2k")}, and costs 13.4 credits against 19.4 credits for the image and its upscale: drop \`hero_2k\`` }],
      output: `preset web { resolution: 1k aspect: 16:9 }\npipeline "p" {\n${brief}  image hero { use: web model: nano-banana-pro prompt: "x" resolution: 2k }\n  reframe wide { from: hero aspect: 21:9 model: ideogram-reframe }\n  output wide\n}`,
    },
    {
      name: "a model that does not offer the target: no fix, a model that does is named",
      code: `pipeline "p" {\n${brief}  image hero { model: imagen-4 prompt: "x" resolution: 2k }\n  upscale print { from: hero resolution: 4k model: stability-upscale-conservative }\n  output print\n}`,
      errors: [{ line: 4, column: 11, message: `${sharper("print", "the image `hero` from 2k", "4k")}, but \`imagen-4\` does not offer 4k: switch \`hero\` to a model that does, like \`nano-banana-2\` (15.1 credits an image)` }],
      output: null,
    },
    {
      name: "native costs more than a cheap upscale: no fix",
      code: `pipeline "p" {\n${brief}  image hero { model: nano-banana-2 prompt: "x" resolution: 1k }\n  upscale print { from: hero resolution: 4k model: stability-upscale-fast }\n  output print\n}`,
      errors: [{ line: 4, column: 11, message: `${sharper("print", "the image `hero` from 1k", "4k")}, but costs 15.1 credits against 8.7 credits for the image and its upscale` }],
      output: null,
    },
    {
      name: "through a keyframe: no fix, what to do instead",
      code: `pipeline "p" {\n${brief}  image hero { model: nano-banana-2 prompt: "x" resolution: 1k count: 2 }\n  keyframe pick { from: hero[2] }\n  upscale print { from: pick resolution: 4k model: stability-upscale-conservative }\n  output print\n}`,
      errors: [{ line: 5, column: 11, message: `${sharper("print", "`pick` (a keyframe of `hero`)", "4k")}: set its \`resolution: 4k\`, take \`pick\` from it and drop \`print\`` }],
      output: null,
    },
    {
      name: "through a reframe: no fix, what to do instead",
      code: `pipeline "p" {\n${brief}  image hero { model: nano-banana-2 prompt: "x" resolution: 1k }\n  reframe tall { from: hero aspect: 9:16 model: ideogram-reframe }\n  upscale print { from: tall resolution: 4k model: ideogram-upscale }\n  output print\n}`,
      errors: [{ line: 5, column: 11, message: `${sharper("print", "`tall` (a reframe of `hero`)", "4k")}: set its \`resolution: 4k\`, reframe it and drop \`print\`` }],
      output: null,
    },
    {
      name: "the image is delivered at its own size too: no fix",
      code: `pipeline "p" {\n${brief}  image hero { model: nano-banana-2 prompt: "x" resolution: 1k }\n  upscale print { from: hero resolution: 4k model: stability-upscale-conservative }\n  output hero, print\n}`,
      errors: [{ line: 4, column: 11, message: `${sharper("print", "the image `hero` from 1k", "4k")}, but \`hero\` is also an \`output\` at its own size: generate the 4k version in a stage of its own` }],
      output: null,
    },
    {
      name: "an upscale without a model cannot be priced against: no fix",
      code: `pipeline "p" {\n${brief}  image hero { model: nano-banana-2 prompt: "x" resolution: 1k }\n  upscale print { from: hero resolution: 4k }\n  output print\n}`,
      errors: [{ line: 4, column: 11, message: `${sharper("print", "the image `hero` from 1k", "4k")}; the two cannot be compared while \`print\` has no price (no model: add \`model:\` to price this upscale)` }],
      output: null,
    },
  ],
});

describe("rule native-res-images, beyond the table", () => {
  const findings = (code: string) =>
    checkDocument(code, { rules: { "native-res-images": "warning" } }).diagnostics.filter(isRuleDiagnostic).filter((d) => d.rule === "native-res-images");

  it("reports an upscale of an upscale once, and its fix brings the next one back to the image", () => {
    const code = `pipeline "p" {\n${brief}  image hero { model: nano-banana-2 prompt: "x" resolution: 1k }\n  upscale hero_2k { from: hero resolution: 2k model: stability-upscale-conservative }\n  upscale hero_4k { from: hero_2k resolution: 4k model: stability-upscale-conservative }\n  output hero_4k\n}`;
    const first = findings(code);
    assert.deepStrictEqual(first.map((d) => d.message.split(";")[0]), ["`hero_2k` upscales the image `hero` from 1k to 2k"]);
    const fixed = applyEdits(code, first[0].fixes[0].edits);
    assert.strictEqual(fixed, `pipeline "p" {\n${brief}  image hero { model: nano-banana-2 prompt: "x" resolution: 2k }\n  upscale hero_4k { from: hero resolution: 4k model: stability-upscale-conservative }\n  output hero_4k\n}`);
    const second = findings(fixed);
    assert.deepStrictEqual(second.map((d) => d.fixes.map((f) => f.title)), [["Generate `hero` at 4k as `hero_4k`"]]);
  });

  it("titles the fix with the image and the target", () => {
    const code = `pipeline "p" {\n${brief}  image hero { model: nano-banana-2 prompt: "x" resolution: 1k }\n  upscale hero_2k { from: hero resolution: 2k model: stability-upscale-conservative }\n  keyframe k { from: hero_2k }\n  video v { model: ray-2 start: k duration: 5s resolution: 540p }\n  output v\n}`;
    assert.deepStrictEqual(findings(code).map((d) => d.fixes.map((f) => f.title)), [["Generate `hero` at 2k"]]);
  });
});
