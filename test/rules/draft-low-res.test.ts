import * as assert from "assert";
import { allRules } from "../../server/src/rules";
import { draftLowRes } from "../../server/src/rules/draft-low-res";
import { applyEdits } from "../../server/src/rules/edits";
import { isRuleDiagnostic } from "../../server/src/rules/runner";
import { checkDocument } from "../../server/src/service/check";
import { ruleTester } from "../support/ruleTester";

// A draft pipeline around the given lines (`mode: draft` is line 2, stages start on line 3).
const draft = (...lines: string[]) => `pipeline "p" {\n  mode: draft\n${lines.map((l) => l + "\n").join("")}}`;

ruleTester(draftLowRes, {
  valid: [
    {
      name: "a video at 540p and an image at 1k",
      code: draft('  image hero { model: photon-flash-1 prompt: "x" resolution: 1k }', "  video shot { model: ray-2 duration: 5s resolution: 540p }"),
    },
    {
      name: "final mode renders high on purpose",
      code: 'pipeline "p" {\n  mode: final\n  video shot { model: ray-2 duration: 5s resolution: 1080p }\n}',
    },
    {
      name: "a final phase renders high on purpose",
      code: draft("  video shot { model: ray-2 duration: 5s resolution: 540p final { resolution: 1080p } }"),
    },
    {
      name: "an upscale finalizes a draft: it is not a draft",
      code: draft("  video shot { model: ray-2 duration: 5s resolution: 540p }", "  upscale hd { from: shot model: topaz-proteus resolution: 4k }"),
    },
    {
      name: "no resolution and no model default: nothing to compare",
      code: draft("  video shot { model: kling-v3 duration: 5s }"),
    },
    {
      name: "a 1024x1024 image is 1k",
      code: draft('  image still { model: gpt-image-1 prompt: "x" resolution: 1024x1024 }'),
    },
    {
      name: "a square 720p image is below 1k (720 × 720 px)",
      code: draft('  image still { model: photon-flash-1 prompt: "x" resolution: 720p aspect: 1:1 }'),
    },
  ],
  invalid: [
    {
      name: "a 1080p video, one-line stage",
      code: draft("  video shot { model: ray-2 duration: 5s resolution: 1080p }"),
      errors: [{ line: 3, column: 54, message: "`shot` renders at 1080p in draft mode; draft at 540p" }],
      output: draft("  video shot { model: ray-2 duration: 5s resolution: 540p final { resolution: 1080p } }"),
    },
    {
      name: "4k video counts as 2160p",
      code: draft("  video shot { model: ray-2 duration: 5s resolution: 4k }"),
      errors: [{ line: 3, column: 54, message: "`shot` renders at 4k in draft mode; draft at 540p" }],
      output: draft("  video shot { model: ray-2 duration: 5s resolution: 540p final { resolution: 4k } }"),
    },
    {
      name: "the model's default resolution: the fix writes `resolution:` on its own line",
      code: draft("  video shot {", "    model: ray-3.2", "    duration: 5s", "  }"),
      errors: [{ line: 3, column: 9, message: "`shot` renders at 720p (`ray-3.2`'s default) in draft mode; draft at 540p" }],
      output: draft("  video shot {", "    model: ray-3.2", "    duration: 5s", "    resolution: 540p", "    final { resolution: 720p }", "  }"),
    },
    {
      name: "a resolution from a preset: reported at the preset's name, overridden on the stage",
      code: `preset hd { resolution: 1080p }\n${draft("  video shot { use: hd model: ray-2 duration: 5s }")}`,
      errors: [{ line: 4, column: 21, message: "`shot` renders at 1080p (from preset `hd`) in draft mode; draft at 540p" }],
      output: `preset hd { resolution: 540p final { resolution: 1080p } }\n${draft("  video shot { use: hd model: ray-2 duration: 5s }")}`,
    },
    {
      name: "an image at 1080p is above 1k",
      code: draft('  image hero { model: photon-flash-1 prompt: "x" resolution: 1080p }'),
      errors: [{ line: 3, column: 62, message: "`hero` renders at 1080p in draft mode; draft at 1k" }],
      output: draft('  image hero { model: photon-flash-1 prompt: "x" resolution: 1k final { resolution: 1080p } }'),
    },
    {
      name: "a 16:9 image at 720p is above 1k (1280 px wide against 1024)",
      code: draft('  image hero { model: photon-flash-1 prompt: "x" resolution: 720p aspect: 16:9 }'),
      errors: [{ line: 3, column: 62, message: "`hero` renders at 720p in draft mode; draft at 1k" }],
      output: draft('  image hero { model: photon-flash-1 prompt: "x" resolution: 1k aspect: 16:9 final { resolution: 720p } }'),
    },
    {
      name: "the model does not offer 540p: the closest size at or below it",
      code: draft("  video shot { model: hailuo-02 duration: 6s resolution: 1080p }"),
      errors: [{ line: 3, column: 58, message: "`shot` renders at 1080p in draft mode; draft at 512p, the closest to 540p that `hailuo-02` offers" }],
      output: draft("  video shot { model: hailuo-02 duration: 6s resolution: 512p final { resolution: 1080p } }"),
    },
    {
      name: "the model renders nothing at or below 540p: said, not fixed (720p would still be a high draft)",
      code: draft("  video shot { model: kling-v3 duration: 5s resolution: 1080p }"),
      errors: [{ line: 3, column: 57, message: "`shot` renders at 1080p in draft mode; draft at 540p with a model that offers it: `kling-v3` renders no lower than 720p" }],
      output: null,
    },
    {
      name: "already at the model's lowest: no fix",
      code: draft("  video shot { model: kling-v3 duration: 5s resolution: 720p }"),
      errors: [{ line: 3, column: 57, message: "`shot` renders at 720p in draft mode; draft at 540p with a model that offers it: `kling-v3` offers nothing lower" }],
      output: null,
    },
    {
      name: "smaller sizes only in another shape: no fix",
      code: draft('  image banner { model: gpt-image-1 prompt: "x" resolution: 1536x1024 }'),
      errors: [{
        line: 3, column: 61,
        message: "`banner` renders at 1536x1024 in draft mode; draft at 1k with a model that offers it: `gpt-image-1` offers nothing lower in this shape (1024x1024 would change the framing)",
      }],
      output: null,
    },
    {
      name: "no published price at the threshold: no fix, since the estimate could not show it is cheaper",
      code: draft('  image still { model: gen4-image prompt: "x" resolution: 1080p }'),
      errors: [{ line: 3, column: 59, message: "`still` renders at 1080p in draft mode; draft at 1k; no quick fix: `gen4-image` has no published price at 1k" }],
      output: null,
    },
  ],
});

// Thresholds from the options, `"rules": { "draft-low-res": ["warning", { "video": "720p", "image": "2k" }] }`.
// The rule tester runs rules with their default settings, so these cases check the findings and fixes directly.
describe("rule draft-low-res with options", () => {
  const others = Object.fromEntries(allRules.filter((r) => r.id !== draftLowRes.id).map((r) => [r.id, "off" as const]));
  const run = (code: string, options: Record<string, unknown>) => {
    const document = checkDocument(code, { rules: { ...others, [draftLowRes.id]: ["warning", options] }, onRuleError: (_, error) => { throw error; } });
    assert.deepStrictEqual(document.analysis.diagnostics.filter((d) => d.severity === "error").map((d) => d.message), [], "the case must be valid .gen");
    return document.diagnostics.filter(isRuleDiagnostic);
  };
  const thresholds = { video: "720p", image: "2k" };

  const valid: [string, string][] = [
    ["a 720p video passes a 720p threshold (the model's default)", draft("  video shot { model: ray-3.2 duration: 5s }")],
    ["a 2k image passes a 2k threshold", draft('  image hero { model: nano-banana-2 prompt: "x" resolution: 2k }')],
    ["kling-v3 at 720p is within a 720p threshold", draft("  video shot { model: kling-v3 duration: 5s resolution: 720p }")],
  ];
  for (const [name, code] of valid) it(`valid: ${name}`, () => assert.deepStrictEqual(run(code, thresholds).map((d) => d.message), []));

  const invalid: [string, string, string, string][] = [
    ["a 4k image drafts at 2k", draft('  image hero { model: nano-banana-2 prompt: "x" resolution: 4k }'), "`hero` renders at 4k in draft mode; draft at 2k",
      draft('  image hero { model: nano-banana-2 prompt: "x" resolution: 2k final { resolution: 4k } }')],
    ["a 1080p kling-v3 video drafts at 720p, which it offers", draft("  video shot { model: kling-v3 duration: 5s resolution: 1080p }"), "`shot` renders at 1080p in draft mode; draft at 720p",
      draft("  video shot { model: kling-v3 duration: 5s resolution: 720p final { resolution: 1080p } }")],
    ["a 4k video drafts at 720p", draft("  video shot { model: ray-2 duration: 5s resolution: 4k }"), "`shot` renders at 4k in draft mode; draft at 720p",
      draft("  video shot { model: ray-2 duration: 5s resolution: 720p final { resolution: 4k } }")],
  ];
  for (const [name, code, message, output] of invalid) {
    it(`invalid: ${name}`, () => {
      const found = run(code, thresholds);
      assert.deepStrictEqual(found.map((d) => d.message), [message]);
      assert.deepStrictEqual(found[0].fixes.map((f) => f.title), [`Draft at ${/ (\S+)$/.exec(message)![1]}, keep ${/at (\S+) in draft/.exec(message)![1]} for the final`]);
      const fixed = applyEdits(code, found[0].fixes[0].edits);
      assert.strictEqual(fixed, output);
      assert.deepStrictEqual(run(fixed, thresholds), [], "the fix clears the finding");
    });
  }

  it("ignores a threshold that is not a resolution of the media, and keeps the default", () => {
    const code = draft("  video shot { model: ray-2 duration: 5s resolution: 1080p }");
    assert.deepStrictEqual(run(code, { video: "2k" }).map((d) => d.message), ["`shot` renders at 1080p in draft mode; draft at 540p"]);
    assert.deepStrictEqual(run(code, { video: 720 }).map((d) => d.message), ["`shot` renders at 1080p in draft mode; draft at 540p"]);
  });
});
