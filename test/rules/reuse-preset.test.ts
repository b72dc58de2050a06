import * as assert from "assert";
import { allRules } from "../../server/src/rules";
import { applyEdits } from "../../server/src/rules/edits";
import { reusePreset } from "../../server/src/rules/reuse-preset";
import { isRuleDiagnostic } from "../../server/src/rules/runner";
import { checkDocument } from "../../server/src/service/check";
import { fixAll } from "../../server/src/service/fixes";
import { InvalidCase, ruleTester } from "../support/ruleTester";

const styled = (name: string, model: string, extra = "") => `  image ${name} { model: ${model} prompt: "${name}" style: "pastel, 35mm"${extra} }\n`;
const three = styled("a", "photon-flash-1") + styled("b", "flux-2-pro") + styled("c", "imagen-4");

const others = ["d", "e", "f"].map((n) => `  image ${n} { model: imagen-4 prompt: "${n}" negative: "text" aspect: 16:9 }\n`).join("");
const twoGroups = `pipeline "p" {\n${three}${others}}`;

const invalid: InvalidCase[] = [
  {
    name: "a style in three one-line stages: a one-line preset before the pipeline, `use:` where the style was",
    code: `pipeline "p" {\n${three}}`,
    errors: [{ line: 2, column: 47, message: '`a`, `b` and `c` repeat `style: "pastel, 35mm"`: write it once in a preset and `use:` it' }],
    output:
      'preset still_look { style: "pastel, 35mm" }\n\npipeline "p" {\n' +
      '  image a { model: photon-flash-1 prompt: "a" use: still_look }\n' +
      '  image b { model: flux-2-pro prompt: "b" use: still_look }\n' +
      '  image c { model: imagen-4 prompt: "c" use: still_look }\n}',
  },
  {
    name: "multi-line stages of two kinds, one with a `use:` whose preset sets the same keys: the new preset goes last so the stage's values still win",
    code:
      'preset brand { style: "pastel" negative: "text" }\n\n' +
      'pipeline "p" {\n' +
      "  image a {\n" +
      "    use: brand\n" +
      "    model: photon-flash-1\n" +
      '    prompt: "a"\n' +
      '    style: "watercolour"\n' +
      '    negative: "text, watermark"\n' +
      "  }\n" +
      "  image b {\n" +
      "    model: flux-2-pro\n" +
      '    negative: "text, watermark"\n' +
      '    prompt: "b"\n' +
      '    style: "watercolour"\n' +
      "  }\n" +
      "  video v {\n" +
      "    model: ray-2\n" +
      '    style: "watercolour"\n' +
      '    negative: "text, watermark"\n' +
      "    duration: 5s\n" +
      "  }\n" +
      "}",
    errors: [{ line: 8, column: 5, message: '`a`, `b` and `v` repeat the same 2 settings (`style: "watercolour"`, `negative: "text, watermark"`): write them once in a preset and `use:` it' }],
    output:
      'preset brand { style: "pastel" negative: "text" }\n\n' +
      "preset shared_look {\n" +
      '  style: "watercolour"\n' +
      '  negative: "text, watermark"\n' +
      "}\n\n" +
      'pipeline "p" {\n' +
      "  image a {\n" +
      "    use: brand, shared_look\n" +
      "    model: photon-flash-1\n" +
      '    prompt: "a"\n' +
      "  }\n" +
      "  image b {\n" +
      "    model: flux-2-pro\n" +
      "    use: shared_look\n" +
      '    prompt: "b"\n' +
      "  }\n" +
      "  video v {\n" +
      "    model: ray-2\n" +
      "    use: shared_look\n" +
      "    duration: 5s\n" +
      "  }\n" +
      "}",
  },
  {
    name: "settings across pipelines: the preset goes above the first pipeline and its comment, under a name no preset has",
    code:
      "preset video_settings { audio: off }\n\n" +
      "// The draft.\n" +
      'pipeline "d" {\n' +
      "  video a { model: ray-flash-2 duration: 5s resolution: 540p }\n" +
      "  video b { model: ray-flash-2 duration: 9s resolution: 540p }\n" +
      "}\n\n" +
      'pipeline "f" {\n' +
      "  video c { model: ray-flash-2 duration: 5s resolution: 540p use: video_settings }\n" +
      "}",
    errors: [{ line: 5, column: 13, message: "`a`, `b` and `c` repeat the same 2 settings (`model: ray-flash-2`, `resolution: 540p`): write them once in a preset and `use:` it" }],
    output:
      "preset video_settings { audio: off }\n\n" +
      "preset video_settings_2 { model: ray-flash-2 resolution: 540p }\n\n" +
      "// The draft.\n" +
      'pipeline "d" {\n' +
      "  video a { use: video_settings_2 duration: 5s }\n" +
      "  video b { use: video_settings_2 duration: 9s }\n" +
      "}\n\n" +
      'pipeline "f" {\n' +
      "  video c { duration: 5s use: video_settings, video_settings_2 }\n" +
      "}",
  },
  {
    name: "a triple-quoted prompt moves verbatim, line breaks and all",
    code:
      'pipeline "p" {\n' +
      "  image a {\n" +
      "    model: photon-flash-1\n" +
      '    prompt: """white sneaker,\n' +
      '             petals drifting"""\n' +
      "  }\n" +
      '  image b { model: flux-2-pro prompt: """white sneaker,\n             petals drifting""" }\n' +
      '  image c { model: imagen-4 prompt: """white sneaker,\n             petals drifting""" }\n' +
      "}",
    errors: [{ line: 4, column: 5, message: '`a`, `b` and `c` repeat `prompt: """…"""`: write it once in a preset and `use:` it' }],
    output:
      "preset still_look {\n" +
      '  prompt: """white sneaker,\n' +
      '             petals drifting"""\n' +
      "}\n\n" +
      'pipeline "p" {\n' +
      "  image a {\n" +
      "    model: photon-flash-1\n" +
      "    use: still_look\n" +
      "  }\n" +
      "  image b { model: flux-2-pro use: still_look }\n" +
      "  image c { model: imagen-4 use: still_look }\n" +
      "}",
  },
  {
    name: "one finding per set of stages: a style on four, a negative on three",
    code:
      'pipeline "p" {\n' +
      styled("a", "photon-flash-1", ' negative: "text"') +
      styled("b", "flux-2-pro", ' negative: "text"') +
      styled("c", "imagen-4", ' negative: "text"') +
      styled("d", "imagen-4") +
      "}",
    errors: [
      { line: 2, column: 47, message: '`a`, `b`, `c` and `d` repeat `style: "pastel, 35mm"`: write it once in a preset and `use:` it' },
      { line: 2, column: 69, message: '`a`, `b` and `c` repeat `negative: "text"`: write it once in a preset and `use:` it' },
    ],
    output:
      'preset still_look { style: "pastel, 35mm" }\n\n' +
      'pipeline "p" {\n' +
      '  image a { model: photon-flash-1 prompt: "a" use: still_look negative: "text" }\n' +
      '  image b { model: flux-2-pro prompt: "b" use: still_look negative: "text" }\n' +
      '  image c { model: imagen-4 prompt: "c" use: still_look negative: "text" }\n' +
      '  image d { model: imagen-4 prompt: "d" use: still_look }\n' +
      "}",
  },
  {
    name: "two groups in one file: each its own finding, each preset its own name",
    code: twoGroups,
    errors: [
      { line: 2, column: 47, message: /^`a`, `b` and `c` repeat `style: "pastel, 35mm"`/ },
      { line: 5, column: 41, message: '`d`, `e` and `f` repeat the same 2 settings (`negative: "text"`, `aspect: 16:9`): write them once in a preset and `use:` it' },
    ],
    output:
      'preset still_look { style: "pastel, 35mm" }\n\n' +
      'pipeline "p" {\n' +
      '  image a { model: photon-flash-1 prompt: "a" use: still_look }\n' +
      '  image b { model: flux-2-pro prompt: "b" use: still_look }\n' +
      '  image c { model: imagen-4 prompt: "c" use: still_look }\n' +
      twoGroups.split("\n").slice(4).join("\n"),
  },
];

ruleTester(reusePreset, {
  valid: [
    { name: "a style in two stages", code: `pipeline "p" {\n${styled("a", "photon-flash-1")}${styled("b", "flux-2-pro")}}` },
    {
      name: "one format setting in three stages is a coincidence, not thinking",
      code: 'pipeline "p" {\n  image a { model: photon-flash-1 prompt: "a" aspect: 16:9 }\n  image b { model: flux-2-pro prompt: "b" aspect: 16:9 }\n  image c { model: imagen-4 prompt: "c" aspect: 16:9 }\n}',
    },
    {
      name: "three stages that already share a preset",
      code: 'preset look { style: "pastel, 35mm" }\npipeline "p" {\n  image a { model: photon-flash-1 prompt: "a" use: look }\n  image b { model: flux-2-pro prompt: "b" use: look }\n  image c { model: imagen-4 prompt: "c" use: look }\n}',
    },
    {
      name: "a style set twice in one stage is not moved (its earlier copy would win over the preset)",
      code: `pipeline "p" {\n${styled("a", "photon-flash-1")}${styled("b", "flux-2-pro")}  image c { model: imagen-4 style: "flat" prompt: "c" style: "pastel, 35mm" }\n}`,
    },
    {
      name: "references are not settings a preset can hold",
      code: 'pipeline "p" {\n  image hero { model: photon-flash-1 prompt: "x" }\n  keyframe a { from: hero }\n  keyframe b { from: hero }\n  keyframe c { from: hero }\n}',
    },
  ],
  invalid,
});

/** Every stage's effective settings, as written text, with where they come from left out. */
function effective(text: string): string[] {
  const rules = Object.fromEntries(allRules.map((r) => [r.id, "off" as const]));
  const document = checkDocument(text, { rules });
  return document.analysis.model.pipelines.flatMap((p) =>
    p.stageList.map((s) => `${p.name}/${s.name}: ${[...s.settings].filter(([key]) => key !== "use").map(([key, e]) => `${key}=${document.text.slice(e.value.span.start, e.value.span.end)}`).sort().join(" ")}`),
  );
}

describe("rule reuse-preset (more)", () => {
  for (const c of invalid) {
    it(`keeps every stage's effective settings: ${c.name}`, () => {
      assert.ok(c.output);
      assert.deepStrictEqual(effective(c.output), effective(c.code));
    });
  }

  it("names each extracted preset apart, within one check too", () => {
    const fixes = checkDocument(twoGroups, { rules: { ...Object.fromEntries(allRules.map((r) => [r.id, "off" as const])), "reuse-preset": "info" } })
      .diagnostics.filter(isRuleDiagnostic).map((d) => d.fixes.map((f) => f.title));
    assert.deepStrictEqual(fixes, [["Extract preset `still_look`"], ["Extract preset `still_look_2`"]]);
  });

  it("extracts two presets from a shared stage in turn, never two `use:` in one stage; fix-all leaves it to the user", () => {
    const code =
      'pipeline "one" {\n  image x1 { model: imagen-4 prompt: "x" style: "pastel" }\n}\n\n' +
      'pipeline "two" {\n' +
      '  image y1 { model: imagen-4 prompt: "1" style: "pastel" negative: "text" }\n' +
      '  image y2 { model: imagen-4 prompt: "2" style: "pastel" negative: "text" }\n' +
      '  image y3 { model: imagen-4 prompt: "3" negative: "text" }\n}';
    const only = { ...Object.fromEntries(allRules.map((r) => [r.id, "off" as const])), "reuse-preset": "info" as const };
    // It saves nothing and names a preset, so fix-all (and fix on save) does not apply it.
    assert.strictEqual(fixAll(checkDocument(code, { rules: only })).fixed, 0);
    // Applied by hand, one finding after the other:
    let text = code;
    for (let round = 0; round < 2; round++) {
      const [finding] = checkDocument(text, { rules: only }).diagnostics.filter(isRuleDiagnostic);
      text = applyEdits(text, finding.fixes[0].edits);
    }
    assert.strictEqual(
      text,
      'preset still_look { style: "pastel" }\n\n' +
        'pipeline "one" {\n  image x1 { model: imagen-4 prompt: "x" use: still_look }\n}\n\n' +
        'preset still_look_2 { negative: "text" }\n\n' +
        'pipeline "two" {\n' +
        '  image y1 { model: imagen-4 prompt: "1" use: still_look, still_look_2 }\n' +
        '  image y2 { model: imagen-4 prompt: "2" use: still_look, still_look_2 }\n' +
        '  image y3 { model: imagen-4 prompt: "3" use: still_look_2 }\n}',
    );
    assert.deepStrictEqual(checkDocument(text, { rules: only }).diagnostics.filter(isRuleDiagnostic), []);
    assert.deepStrictEqual(effective(text), effective(code));
  });

  it("takes `minStages` from the rule's options", () => {
    const code = `pipeline "p" {\n${three}}`;
    const found = (setting: unknown) =>
      checkDocument(code, { rules: { ...Object.fromEntries(allRules.map((r) => [r.id, "off" as const])), "reuse-preset": setting as never } })
        .diagnostics.filter(isRuleDiagnostic).map((d) => d.message);
    assert.strictEqual(found("info").length, 1);
    assert.deepStrictEqual(found(["info", { minStages: 4 }]), []);
    assert.strictEqual(found(["info", { minStages: 2 }]).length, 1);
    assert.strictEqual(found(["info", { minStages: "many" }]).length, 1, "a bad option falls back to 3");
    const two = `pipeline "p" {\n${styled("a", "photon-flash-1")}${styled("b", "flux-2-pro")}}`;
    const fixes = checkDocument(two, { rules: { ...Object.fromEntries(allRules.map((r) => [r.id, "off" as const])), "reuse-preset": ["info", { minStages: 2 }] } })
      .diagnostics.filter(isRuleDiagnostic).flatMap((d) => d.fixes);
    assert.strictEqual(
      applyEdits(two, fixes[0].edits),
      'preset still_look { style: "pastel, 35mm" }\n\npipeline "p" {\n  image a { model: photon-flash-1 prompt: "a" use: still_look }\n  image b { model: flux-2-pro prompt: "b" use: still_look }\n}',
    );
  });
});
