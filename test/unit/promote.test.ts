// The "Promote to final" refactoring, text in and text out.
import * as assert from "assert";
import { createCatalog, loadDefaultCatalog } from "../../server/src/catalog/catalog";
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
  it("upscales draft videos and re-points what read them; a still that only fed the draft is not regenerated", () => {
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
    // The approved clip is upscaled (topaz-proteus, 5 s to 1080p: 12 credits), not rendered again, so its still stays.
    assert.strictEqual(result?.title, "Promote to final (final phase +12 credits)");
    assert.strictEqual(result.output, [
      'pipeline "teaser" {',
      '  brief { goal: "x" }',
      "  mode: final",
      '  image hero { model: flux-2-pro prompt: "shoe" resolution: 1k }',
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

  it("regenerates a delivered still natively at the resolution the brief names, in a final block, and never lowers one", () => {
    const poster = (resolution: string) => [
      'pipeline "poster" {',
      '  brief { goal: "a 4k poster for the spring drop" }',
      "  mode: draft",
      `  image poster { model: nano-banana-pro prompt: "sneaker" resolution: ${resolution} aspect: 2:3 }`,
      "  output poster",
      "}",
    ].join("\n");
    const result = promote(poster("1k"));
    // nano-banana-pro: 13.4 credits at 1k, 24 at 4k.
    assert.strictEqual(result?.title, "Promote to final (final phase +10.6 credits)");
    assert.strictEqual(result.output, poster("1k").replace("mode: draft", "mode: final").replace("aspect: 2:3 }", "aspect: 2:3 final { resolution: 4k } }"));
    // Already at 4k: only the mode changes (it used to lower 4k to 2k).
    assert.strictEqual(promote(poster("4k"))?.output, poster("4k").replace("mode: draft", "mode: final"));
  });

  it("renders a draft again at the delivered resolution when no upscaler fits, and leaves stages with a final block alone", () => {
    const text = [
      'pipeline "p" {',
      "  mode: draft",
      '  image still { model: nano-banana-2 prompt: "x" resolution: 1k }',
      "  keyframe k { from: still }",
      "  video long { model: kling-v3 start: k duration: 15s resolution: 720p audio: off }",
      "  video kept { model: ray-flash-2 duration: 5s resolution: 540p final { resolution: 720p } }",
      "  output long, kept",
      "}",
    ].join("\n");
    const document = checkDocument(text);
    const catalog = createCatalog(loadDefaultCatalog().models.filter((m) => m.kind !== "upscale"));
    const action = promoteAt(document, text.indexOf("pipeline") + 2, catalog)!;
    const output = applyEdits(text, action.edits);
    assert.strictEqual(output, text
      .replace("mode: draft", "mode: final")
      .replace('resolution: 1k }', "resolution: 1k final { resolution: 2k } }")
      .replace("audio: off }", "audio: off final { resolution: 1080p } }"));
  });

  it("is not offered for a pipeline that is already final", () => {
    assert.strictEqual(promote('pipeline "p" {\n  mode: final\n  video v { model: ray-2 duration: 5s resolution: 1080p }\n}'), undefined);
  });
});
