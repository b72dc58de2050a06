import * as assert from "assert";
import { createCatalog, loadDefaultCatalog } from "../../server/src/catalog/catalog";
import { stillsFirst } from "../../server/src/rules/stills-first";
import { isRuleDiagnostic } from "../../server/src/rules/runner";
import { checkDocument } from "../../server/src/service/check";
import { ruleTester } from "../support/ruleTester";

const brief = '  brief { goal: "a teaser" }\n';
const message = (name: string, clip: string, still = "0.4 credits with `photon-flash-1`") =>
  `\`${name}\` is text-to-video (no \`start:\`): every try at its look costs a whole clip (${clip}); settle the look in a still first (${still}) and start the video from it`;

ruleTester(stillsFirst, {
  valid: [
    {
      name: "a video that starts from a keyframe",
      code: `pipeline "p" {\n${brief}  image hero { model: photon-flash-1 prompt: "a red kite" }\n  keyframe first { from: hero }\n  video shot { model: ray-2 start: first duration: 5s resolution: 540p }\n}`,
    },
    {
      name: "a video that starts from an image directly",
      code: `pipeline "p" {\n${brief}  image hero { model: photon-flash-1 prompt: "a red kite" }\n  video shot { model: ray-2 start: hero duration: 5s resolution: 540p }\n}`,
    },
    {
      name: "a video anchored by its last frame only",
      code: `pipeline "p" {\n${brief}  image landing { model: photon-flash-1 prompt: "the kite in the oak" }\n  video shot { model: ray-2 end: landing duration: 5s resolution: 540p }\n}`,
    },
    {
      name: "no video at all",
      code: `pipeline "p" {\n${brief}  image hero { model: photon-flash-1 prompt: "a red kite" }\n}`,
    },
  ],
  invalid: [
    {
      name: "a spaced-out multi-line video: the still and the keyframe go above it and its comment, its prompt, style and aspect copied",
      code: `pipeline "p" {\n${brief}\n  // The hero shot.\n  video shot {\n    model: ray-2\n    prompt: "a red kite climbs over the hill"\n    style: "watercolour"\n    duration: 5s\n    resolution: 540p\n    aspect: 16:9\n  }\n\n  output shot\n}`,
      errors: [{ line: 5, column: 9, message: message("shot", "40 credits") }],
      output: `pipeline "p" {\n${brief}\n  image shot_still {\n    model: photon-flash-1\n    prompt: "a red kite climbs over the hill"\n    style: "watercolour"\n    aspect: 16:9\n  }\n\n  keyframe shot_start { from: shot_still }\n\n  // The hero shot.\n  video shot {\n    model: ray-2\n    prompt: "a red kite climbs over the hill"\n    style: "watercolour"\n    duration: 5s\n    resolution: 540p\n    aspect: 16:9\n    start: shot_start\n  }\n\n  output shot\n}`,
    },
    {
      name: "a one-line video without a prompt: one-line stages and a placeholder prompt",
      code: `pipeline "p" {\n${brief}  video b { model: kling-v3 duration: 5s resolution: 720p }\n}`,
      errors: [{ line: 3, column: 9, message: message("b", "42 credits") }],
      output: `pipeline "p" {\n${brief}  image b_still { model: photon-flash-1 prompt: "" }\n  keyframe b_start { from: b_still }\n  video b { model: kling-v3 duration: 5s resolution: 720p start: b_start }\n}`,
    },
    {
      name: "names already taken get a number",
      code: `pipeline "p" {\n${brief}  image shot_still { model: photon-flash-1 prompt: "x" }\n  keyframe shot_start { from: shot_still }\n  video shot { model: ray-2 prompt: "y" duration: 5s resolution: 540p }\n  output shot, shot_start\n}`,
      errors: [{ line: 5, column: 9, message: message("shot", "40 credits") }],
      output: `pipeline "p" {\n${brief}  image shot_still { model: photon-flash-1 prompt: "x" }\n  keyframe shot_start { from: shot_still }\n  image shot_still2 { model: photon-flash-1 prompt: "y" }\n  keyframe shot_start2 { from: shot_still2 }\n  video shot { model: ray-2 prompt: "y" duration: 5s resolution: 540p start: shot_start2 }\n  output shot, shot_start\n}`,
    },
    {
      name: "prompt and aspect from a preset: written out on the still; the preset's style is left to `use:`",
      code: `preset vertical { prompt: "a \\"red\\" kite" style: "ink" aspect: 9:16 }\npipeline "p" {\n${brief}  video shot {\n    use: vertical\n    model: ray-2\n    duration: 9s\n    resolution: 540p\n  }\n}`,
      errors: [{ line: 4, column: 9, message: message("shot", "72 credits") }],
      output: `preset vertical { prompt: "a \\"red\\" kite" style: "ink" aspect: 9:16 }\npipeline "p" {\n${brief}  image shot_still {\n    model: photon-flash-1\n    prompt: "a \\"red\\" kite"\n    aspect: 9:16\n  }\n  keyframe shot_start { from: shot_still }\n  video shot {\n    use: vertical\n    model: ray-2\n    duration: 9s\n    resolution: 540p\n    start: shot_start\n  }\n}`,
    },
    {
      name: "tab indentation and a triple-quoted prompt are kept as written",
      code: `pipeline "p" {\n\tvideo shot {\n\t\tmodel: ray-2\n\t\tprompt: """a kite,\n\t\t\tclimbing"""\n\t\tduration: 5s\n\t\tresolution: 540p\n\t}\n}`,
      errors: [{ line: 2, column: 8, message: message("shot", "40 credits") }],
      output: `pipeline "p" {\n\timage shot_still {\n\t\tmodel: photon-flash-1\n\t\tprompt: """a kite,\n\t\t\tclimbing"""\n\t}\n\tkeyframe shot_start { from: shot_still }\n\tvideo shot {\n\t\tmodel: ray-2\n\t\tprompt: """a kite,\n\t\t\tclimbing"""\n\t\tduration: 5s\n\t\tresolution: 540p\n\t\tstart: shot_start\n\t}\n}`,
    },
    {
      name: "a model whose audio is on by default, priced with it",
      code: `pipeline "p" {\n${brief}  video shot { model: veo-3.1-lite prompt: "rain on a window" duration: 8s resolution: 720p }\n}`,
      errors: [{ line: 3, column: 9, message: message("shot", "40 credits") }],
      output: `pipeline "p" {\n${brief}  image shot_still { model: photon-flash-1 prompt: "rain on a window" }\n  keyframe shot_start { from: shot_still }\n  video shot { model: veo-3.1-lite prompt: "rain on a window" duration: 8s resolution: 720p start: shot_start }\n}`,
    },
  ],
});

// A catalog where the cheapest still model, photon-flash-1, takes 16:9 only: a 9:16 video gets the next cheapest.
const wideOnly = createCatalog(loadDefaultCatalog().models.map((m) => (m.id === "photon-flash-1" ? { ...m, aspects: ["16:9"] } : m)));

ruleTester(stillsFirst, {
  catalog: wideOnly,
  valid: [
    {
      name: "(16:9-only photon) a video from a keyframe",
      code: `pipeline "p" {\n${brief}  image hero { model: photon-flash-1 prompt: "x" aspect: 16:9 }\n  video shot { model: ray-2 start: hero duration: 5s resolution: 540p }\n}`,
    },
  ],
  invalid: [
    {
      name: "(16:9-only photon) a 16:9 video still gets photon-flash-1",
      code: `pipeline "p" {\n${brief}  video shot { model: ray-2 prompt: "x" duration: 5s resolution: 540p aspect: 16:9 }\n}`,
      errors: [{ line: 3, column: 9, message: message("shot", "40 credits") }],
      output: `pipeline "p" {\n${brief}  image shot_still { model: photon-flash-1 prompt: "x" aspect: 16:9 }\n  keyframe shot_start { from: shot_still }\n  video shot { model: ray-2 prompt: "x" duration: 5s resolution: 540p aspect: 16:9 start: shot_start }\n}`,
    },
    {
      name: "(16:9-only photon) a 9:16 video gets the cheapest model that takes 9:16",
      code: `pipeline "p" {\n${brief}  video shot { model: ray-2 prompt: "x" duration: 5s resolution: 540p aspect: 9:16 }\n}`,
      errors: [{ line: 3, column: 9, message: message("shot", "40 credits", "1.1 credits with `gpt-image-1-mini`") }],
      output: `pipeline "p" {\n${brief}  image shot_still { model: gpt-image-1-mini prompt: "x" aspect: 9:16 }\n  keyframe shot_start { from: shot_still }\n  video shot { model: ray-2 prompt: "x" duration: 5s resolution: 540p aspect: 9:16 start: shot_start }\n}`,
    },
  ],
});

describe("rule stills-first, beyond the table", () => {
  const findings = (code: string, catalog = loadDefaultCatalog()) =>
    checkDocument(code, { catalog, rules: { "stills-first": "info" } }).diagnostics.filter(isRuleDiagnostic).filter((d) => d.rule === "stills-first");

  it("leaves a model that needs a start frame to the language error", () => {
    const document = checkDocument(`pipeline "p" {\n${brief}  video shot { model: gen4-turbo prompt: "x" duration: 5s }\n}`);
    assert.ok(document.diagnostics.some((d) => d.code === "missing-property"));
    assert.deepStrictEqual(document.diagnostics.filter((d) => d.code === "stills-first"), []);
  });

  it("waits for a model it knows: an unknown model is a language error already", () => {
    const document = checkDocument(`pipeline "p" {\n${brief}  video shot { model: rya-2 prompt: "x" duration: 5s }\n}`);
    assert.ok(document.diagnostics.some((d) => d.code === "unknown-model"));
    assert.deepStrictEqual(document.diagnostics.filter((d) => d.code === "stills-first"), []);
  });

  it("says what to do, without a fix, when the catalog has no image model to price a still", () => {
    const videosOnly = createCatalog(loadDefaultCatalog().models.filter((m) => m.kind !== "image"));
    const found = findings(`pipeline "p" {\n${brief}  video shot { model: ray-2 prompt: "x" duration: 5s resolution: 540p }\n}`, videosOnly);
    assert.deepStrictEqual(found.map((d) => d.message), ["`shot` is text-to-video (no `start:`): every try at its look costs a whole clip (40 credits); settle the look in a still first and start the video from it"]);
    assert.deepStrictEqual(found[0].fixes, []);
  });

  it("is left out of fix-all: its fix adds a still", () => {
    assert.strictEqual(stillsFirst.inFixAll, false);
  });
});
