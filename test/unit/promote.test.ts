// The "Promote to final" refactoring, text in and text out.
import * as assert from "assert";
import { loadDefaultCatalog } from "../../server/src/catalog/catalog";
import { applyEdits } from "../../server/src/rules/edits";
import { checkDocument } from "../../server/src/service/check";
import { promoteAt } from "../../server/src/service/promote";

function promote(text: string) {
  const document = checkDocument(text);
  const action = promoteAt(document, text.indexOf("pipeline") + 2, loadDefaultCatalog());
  if (!action) return undefined;
  const output = applyEdits(text, action.edits);
  assert.deepStrictEqual(checkDocument(output).analysis.diagnostics.map((d) => d.message), [], "the promoted file has no problems");
  return { title: action.title, output };
}

describe("promote to final", () => {
  it("upscales draft videos, re-points what read them, and regenerates images at 2k", () => {
    const result = promote([
      'pipeline "teaser" {',
      '  brief { goal: "x" }',
      "  mode: draft",
      '  image hero { model: flux-2-pro prompt: "shoe" resolution: 1k }',
      "  keyframe k { from: hero }",
      "  video shot {",
      "    model: ray-2",
      "    start: k",
      "    duration: 5s",
      "    resolution: 540p",
      "  }",
      '  audio vo { kind: voiceover model: eleven-multilingual-v2 text: "Hi" over: shot }',
      "  output shot, vo",
      "}",
    ].join("\n"));
    // flux-2-pro: 1k (2 MP) $0.045 → 2k (5 MP) $0.09; topaz-proteus 5 s to 1080p $0.12: +16.5 credits.
    assert.strictEqual(result?.title, "Promote to final (+16.5 credits)");
    assert.strictEqual(result.output, [
      'pipeline "teaser" {',
      '  brief { goal: "x" }',
      "  mode: final",
      '  image hero { model: flux-2-pro prompt: "shoe" resolution: 2k }',
      "  keyframe k { from: hero }",
      "  video shot {",
      "    model: ray-2",
      "    start: k",
      "    duration: 5s",
      "    resolution: 540p",
      "  }",
      "  upscale shot_final { from: shot resolution: 1080p model: topaz-proteus }",
      '  audio vo { kind: voiceover model: eleven-multilingual-v2 text: "Hi" over: shot_final }',
      "  output shot_final, vo",
      "}",
    ].join("\n"));
  });

  it("writes `mode: final` where no mode is written, and leaves an already upscaled draft alone", () => {
    const result = promote([
      'pipeline "p" {',
      "  video shot { model: ray-2 duration: 5s resolution: 540p }",
      "  upscale hd { from: shot resolution: 1080p model: topaz-proteus }",
      "  output hd",
      "}",
    ].join("\n"));
    assert.strictEqual(result?.output, [
      'pipeline "p" {',
      "  mode: final",
      "  video shot { model: ray-2 duration: 5s resolution: 540p }",
      "  upscale hd { from: shot resolution: 1080p model: topaz-proteus }",
      "  output hd",
      "}",
    ].join("\n"));
  });

  it("is not offered for a pipeline that is already final", () => {
    assert.strictEqual(promote('pipeline "p" {\n  mode: final\n  video v { model: ray-2 duration: 5s resolution: 1080p }\n}'), undefined);
  });
});
