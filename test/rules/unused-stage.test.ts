import * as assert from "assert";
import { unusedStage } from "../../server/src/rules/unused-stage";
import { applyEdits } from "../../server/src/rules/edits";
import { isRuleDiagnostic } from "../../server/src/rules/runner";
import { checkDocument } from "../../server/src/service/check";
import { ruleTester } from "../support/ruleTester";

const brief = '  brief { goal: "a teaser" }\n';
const still = '  image hero { model: photon-flash-1 prompt: "a red kite" aspect: 16:9 }\n  keyframe first { from: hero }\n';
const shot = "  video shot { model: ray-2 start: first duration: 5s resolution: 540p }\n";

ruleTester(unusedStage, {
  valid: [
    {
      name: "every stage leads to the output",
      code: `pipeline "p" {\n${brief}${still}${shot}  upscale shot_hd { from: shot resolution: 1080p model: topaz-proteus }\n  output shot_hd\n}`,
    },
    {
      name: "no `output` line: the deliverables are unknown",
      code: `pipeline "p" {\n${brief}  image a { model: photon-flash-1 prompt: "x" }\n  image b { model: photon-flash-1 prompt: "y" }\n}`,
    },
    {
      name: "an audio stage delivered as an output, and the video it is laid over",
      code: `pipeline "p" {\n${brief}${still}${shot}  audio vo { kind: voiceover model: eleven-flash-v2.5 text: "Hi" over: shot }\n  output shot, vo\n}`,
    },
    {
      name: "a variation delivered by index",
      code: `pipeline "p" {\n${brief}  image hero { model: photon-flash-1 prompt: "x" count: 2 }\n  output hero[2]\n}`,
    },
    {
      name: "stages read only by `end:` and `over:` are used",
      code: `pipeline "p" {\n${brief}${still}  image last { model: photon-flash-1 prompt: "y" }\n  video shot { model: ray-2 start: first end: last duration: 5s resolution: 540p }\n  audio m { kind: music model: eleven-music prompt: "calm" duration: 5s over: shot }\n  output m\n}`,
    },
  ],
  invalid: [
    {
      name: "an image nobody reads: its lines go, and no double blank line is left",
      code: `pipeline "p" {\n${brief}${still}${shot}\n  image alt {\n    model: imagen-4\n    prompt: "the kite at night"\n  }\n\n  output shot\n}`,
      errors: [{ line: 7, column: 9, message: "`alt` is unused: no stage takes it as input and it is not an `output`; it costs 4 credits for nothing you keep" }],
      output: `pipeline "p" {\n${brief}${still}${shot}\n  output shot\n}`,
    },
    {
      name: "the second fix delivers the stage instead",
      code: `pipeline "p" {\n${brief}${still}${shot}  image alt { model: imagen-4 prompt: "the kite at night" }\n  output shot\n}`,
      errors: [{ line: 6, column: 9, message: /^`alt` is unused/ }],
      fix: 1,
      output: `pipeline "p" {\n${brief}${still}${shot}  image alt { model: imagen-4 prompt: "the kite at night" }\n  output shot, alt\n}`,
    },
    {
      name: "a keyframe no video starts from: free, so no amount",
      code: `pipeline "p" {\n${brief}${still}  keyframe spare { from: hero }\n${shot}  output shot\n}`,
      errors: [{ line: 5, column: 12, message: "`spare` is unused: no stage takes it as input and it is not an `output`" }],
      output: `pipeline "p" {\n${brief}${still}${shot}  output shot\n}`,
    },
    {
      name: "a voiceover laid over a video but not delivered",
      code: `pipeline "p" {\n${brief}${still}${shot}  audio vo { kind: voiceover model: eleven-multilingual-v2 text: "Spring is here." over: shot }\n  output shot\n}`,
      errors: [{ line: 6, column: 9, message: "`vo` is unused: it replaces the soundtrack of `shot`, but it is not an `output`; it costs 0.15 credits for nothing you keep" }],
      output: `pipeline "p" {\n${brief}${still}${shot}  output shot\n}`,
    },
    {
      name: "a stage sharing its line: only the stage goes",
      code: `pipeline "p" {\n${brief}  image a { model: photon-flash-1 prompt: "x" }  image b { model: photon-flash-1 prompt: "y" }\n  output a\n}`,
      errors: [{ line: 3, column: 56, message: /^`b` is unused/ }],
      output: `pipeline "p" {\n${brief}  image a { model: photon-flash-1 prompt: "x" }\n  output a\n}`,
    },
    {
      name: "a stage whose model comes from a preset, last in the pipeline",
      code: `preset night { model: imagen-4 style: "blue hour" }\npipeline "p" {\n${brief}${still}${shot}  output shot\n\n  image alt {\n    use: night\n    prompt: "the kite at night"\n  }\n}`,
      errors: [{ line: 9, column: 9, message: /it costs 4 credits for nothing you keep$/ }],
      output: `preset night { model: imagen-4 style: "blue hour" }\npipeline "p" {\n${brief}${still}${shot}  output shot\n}`,
    },
    {
      name: "several unused stages: one finding each",
      code: `pipeline "p" {\n${brief}${still}${shot}  video alt { model: ray-2 start: first duration: 5s resolution: 540p }\n  output hero\n}`,
      errors: [
        { line: 5, column: 9, message: "`shot` is unused: no stage takes it as input and it is not an `output`; it costs 40 credits for nothing you keep" },
        { line: 6, column: 9, message: "`alt` is unused: no stage takes it as input and it is not an `output`; it costs 40 credits for nothing you keep" },
      ],
      output: `pipeline "p" {\n${brief}${still}  video alt { model: ray-2 start: first duration: 5s resolution: 540p }\n  output hero\n}`,
    },
  ],
});

describe("rule unused-stage, beyond the table", () => {
  const findings = (code: string) =>
    checkDocument(code, { rules: { "unused-stage": "warning" } }).diagnostics.filter(isRuleDiagnostic).filter((d) => d.rule === "unused-stage");

  it("says nothing while a reference names no stage: the stage it meant would look unused", () => {
    const code = `pipeline "p" {\n${brief}  image hero { model: photon-flash-1 prompt: "x" }\n  keyframe k { from: heor }\n  output k\n}`;
    assert.deepStrictEqual(findings(code).map((d) => d.message), []);
  });

  it("reports a chain one stage at a time: removing the last stage leaves the one before it unused", () => {
    const code = `pipeline "p" {\n${brief}${still}${shot}  image alt { model: imagen-4 prompt: "y" }\n  keyframe alt_frame { from: alt }\n  output shot\n}`;
    const first = findings(code);
    assert.deepStrictEqual(first.map((d) => d.message), ["`alt_frame` is unused: no stage takes it as input and it is not an `output`"]);
    const second = findings(applyEdits(code, first[0].fixes[0].edits));
    assert.deepStrictEqual(second.map((d) => d.message), ["`alt` is unused: no stage takes it as input and it is not an `output`; it costs 4 credits for nothing you keep"]);
  });

  it("fades the stage name", () => {
    const code = `pipeline "p" {\n${brief}${still}${shot}  image alt { model: imagen-4 prompt: "y" }\n  output shot\n}`;
    assert.deepStrictEqual(findings(code).map((d) => d.tags), [["unnecessary"]]);
  });
});
