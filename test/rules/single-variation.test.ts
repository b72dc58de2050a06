import { singleVariation } from "../../server/src/rules/single-variation";
import { ruleTester } from "../support/ruleTester";

// A draft pipeline around the given lines (`mode: draft` is line 2, stages start on line 3).
const draft = (...lines: string[]) => `pipeline "p" {\n  mode: draft\n${lines.map((l) => l + "\n").join("")}}`;

// photon-flash-1: 0.4 credits an image; ray-flash-2 at 540p: 14 credits a 5 s clip; ideogram-upscale: 6 credits an image.
ruleTester(singleVariation, {
  valid: [
    {
      name: "one version, no retries",
      code: draft('  image hero { model: photon-flash-1 prompt: "x" count: 1 retries: 0 }'),
    },
    {
      name: "final mode may ask for alternatives",
      code: 'pipeline "p" {\n  mode: final\n  image hero { model: photon-flash-1 prompt: "x" count: 3 retries: 1 }\n}',
    },
    {
      name: "final mode makes the versions asked for",
      code: 'pipeline "p" {\n  mode: final\n  image hero { model: photon-flash-1 prompt: "x" count: 3 }\n}',
    },
    {
      name: "a preset's retries overridden on the stage",
      code: `preset draft_motion { model: ray-flash-2 resolution: 540p duration: 5s retries: 1 }\n${draft("  video shot { use: draft_motion retries: 0 }")}`,
    },
  ],
  invalid: [
    {
      name: "count fans out downstream: the saving counts the videos too",
      code: draft('  image hero { model: photon-flash-1 prompt: "x" count: 3 }', "  keyframe k { from: hero }", "  video shot { model: ray-flash-2 start: k duration: 5s resolution: 540p }"),
      errors: [{
        line: 3, column: 57,
        message: "`hero` generates 3 versions in draft mode: the 2 extra cost 28.8 credits, downstream included; generate one, review it, then iterate",
      }],
      output: draft('  image hero { model: photon-flash-1 prompt: "x" count: 1 }', "  keyframe k { from: hero }", "  video shot { model: ray-flash-2 start: k duration: 5s resolution: 540p }"),
    },
    {
      name: "`hero[2]` picks the second version: no fix, since `count: 1` would break it",
      code: draft('  image hero { model: photon-flash-1 prompt: "x" count: 2 }', "  keyframe k { from: hero[2] }", "  video shot { model: ray-flash-2 start: k duration: 5s resolution: 540p }"),
      errors: [{
        line: 3, column: 57,
        message: "`hero` generates 2 versions in draft mode: the extra one costs 0.4 credits; generate one, review it, then iterate; no quick fix: `k` picks `hero[2]`, which `count: 1` would break",
      }],
      output: null,
    },
    {
      name: "an `output` naming `hero[3]`: no fix",
      code: draft('  image hero { model: photon-flash-1 prompt: "x" count: 3 }', "  output hero[3]"),
      errors: [{
        line: 3, column: 57,
        message: "`hero` generates 3 versions in draft mode: the 2 extra cost 0.8 credits; generate one, review it, then iterate; no quick fix: `output` names `hero[3]`, which `count: 1` would break",
      }],
      output: null,
    },
    {
      name: "an index already past `count` is an error of its own: one version breaks nothing more, so fixed",
      code: draft('  image hero { model: photon-flash-1 prompt: "x" count: 2 }', "  keyframe k { from: hero[3] }", "  output k"),
      errors: [{ line: 3, column: 57, message: "`hero` generates 2 versions in draft mode: the extra one costs 0.4 credits; generate one, review it, then iterate" }],
      output: draft('  image hero { model: photon-flash-1 prompt: "x" count: 1 }', "  keyframe k { from: hero[3] }", "  output k"),
    },
    {
      name: "`hero[1]` stays valid with one version: fixed; count from a preset is overridden on its own line",
      code: `preset four { count: 4 }\n${draft("  image hero {", "    model: photon-flash-1", '    prompt: "x"', "    use: four", "  }", "  keyframe k { from: hero[1] }", "  output k")}`,
      errors: [{ line: 7, column: 10, message: "`hero` generates 4 versions (from preset `four`) in draft mode: the 3 extra cost 1.2 credits; generate one, review it, then iterate" }],
      output: `preset four { count: 4 }\n${draft("  image hero {", "    model: photon-flash-1", '    prompt: "x"', "    use: four", "    count: 1", "  }", "  keyframe k { from: hero[1] }", "  output k")}`,
    },
    {
      name: "retries from a preset: a separate finding, fixed on the stage",
      code: `preset draft_motion { model: ray-flash-2 resolution: 540p duration: 5s retries: 1 }\n${draft("  video shot {", "    use: draft_motion", '    prompt: "x"', "  }")}`,
      errors: [{
        line: 5, column: 10,
        message: "`shot` budgets 1 retry (from preset `draft_motion`) in draft mode (14 credits): rejected outputs are billed, failed generations are not; review each draft before paying for another",
      }],
      output: `preset draft_motion { model: ray-flash-2 resolution: 540p duration: 5s retries: 1 }\n${draft("  video shot {", "    use: draft_motion", '    prompt: "x"', "    retries: 0", "  }")}`,
    },
    {
      name: "count and retries on one stage: two findings, the count first",
      code: draft("  video shot { model: ray-flash-2 duration: 5s resolution: 540p count: 2 retries: 2 }"),
      errors: [
        { line: 3, column: 72, message: "`shot` generates 2 versions in draft mode: the extra one costs 42 credits; generate one, review it, then iterate" },
        { line: 3, column: 83, message: /^`shot` budgets 2 retries in draft mode \(56 credits\): rejected outputs are billed, failed generations are not/ },
      ],
      output: draft("  video shot { model: ray-flash-2 duration: 5s resolution: 540p count: 1 retries: 2 }"),
    },
    {
      name: "retries on an upscale",
      code: draft("  video shot { model: ray-flash-2 duration: 5s resolution: 540p }", "  upscale hd { from: shot model: topaz-proteus resolution: 1080p retries: 1 }"),
      errors: [{ line: 4, column: 75, message: /^`hd` budgets 1 retry in draft mode \(12 credits\): / }],
      output: draft("  video shot { model: ray-flash-2 duration: 5s resolution: 540p }", "  upscale hd { from: shot model: topaz-proteus resolution: 1080p retries: 0 }"),
    },
  ],
});
