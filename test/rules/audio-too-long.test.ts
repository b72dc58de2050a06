import * as assert from "assert";
import { createCatalog, loadDefaultCatalog } from "../../server/src/catalog/catalog";
import { audioTooLong } from "../../server/src/rules/audio-too-long";
import { applyEdits } from "../../server/src/rules/edits";
import { isRuleDiagnostic } from "../../server/src/rules/runner";
import { checkDocument } from "../../server/src/service/check";
import { ruleTester } from "../support/ruleTester";

// Bundled catalog: eleven-music bills $0.0025/s (0.25 credits a second), eleven-sound-effects $0.002/s,
// gpt-4o-mini-tts $0.00025/s; eleven-flash-v2.5 bills per character and lyria-3.5 per song ($0.08),
// whatever the duration. ray-flash-2 makes 5 s or 9 s clips; a credit is a cent.
const pipeline = (...lines: string[]) => `pipeline "p" {\n${lines.map((l) => l + "\n").join("")}}`;
const shot = (name = "shot", seconds = 5) => `  video ${name} { model: ray-flash-2 duration: ${seconds}s resolution: 540p }`;
const music = (seconds: string, over: string, extra = "") =>
  `  audio bed { kind: music model: eleven-music prompt: "calm piano" duration: ${seconds} over: ${over}${extra} }`;
// Where the audio's `duration` value starts on its line.
const durationColumn = music("", "").indexOf("duration: ") + "duration: ".length + 1;

ruleTester(audioTooLong, {
  valid: [
    { name: "audio exactly as long as the video", code: pipeline(shot(), music("5s", "shot")) },
    { name: "audio shorter than the video", code: pipeline(shot(), music("3s", "shot")) },
    {
      name: "a bed as long as the whole cut of a sequence",
      code: pipeline(shot("a"), shot("b"), shot("c"), "  sequence cut { clips: a, b, c }", music("15s", "cut")),
    },
    {
      name: "a bed over a reframe of two clips, exactly as long as both",
      code: pipeline(shot("a"), shot("b", 9), "  sequence cut { clips: a, b }", "  reframe tall { from: cut aspect: 9:16 model: ray-3.2-reframe }", music("14s", "tall")),
    },
    {
      // 60 s written, but eleven-flash-v2.5 bills the 2 characters of "Hi" at any length: nothing to save.
      name: "a voiceover priced per character: its duration costs nothing",
      code: pipeline(shot(), '  audio vo { kind: voiceover model: eleven-flash-v2.5 text: "Hi" duration: 60s over: shot }'),
    },
    {
      name: "music priced per song: the extra seconds cost nothing",
      code: pipeline(shot(), '  audio bed { kind: music model: lyria-3.5 prompt: "calm piano" duration: 180s over: shot }'),
    },
    {
      name: "a long track over nothing: it is not laid over a clip",
      code: pipeline(shot(), '  audio bed { kind: music model: eleven-music prompt: "calm piano" duration: 180s }'),
    },
  ],
  invalid: [
    {
      // 180 s × $0.0025 = $0.45 (45 credits); 5 s = $0.0125 (1.25 credits); saving 43.75 credits.
      name: "a 3-minute music bed over a 5-second clip",
      code: pipeline(shot(), music("180s", "shot")),
      errors: [{ line: 3, column: durationColumn, message: "`bed` is 180s of music over 5s of video (`shot`): 175s are generated for nothing (43.75 credits); make it 5s" }],
      output: pipeline(shot(), music("5s", "shot")),
    },
    {
      // Over a (5 s) and b (9 s): 14 s. 30 s is 7.5 credits, 14 s 3.5: saving 4 credits.
      name: "over a list of two clips: their lengths add up",
      code: pipeline(shot("a"), shot("b", 9), music("30s", "a, b")),
      errors: [{ line: 4, column: durationColumn, message: "`bed` is 30s of music over 14s of video (`a`, `b`): 16s are generated for nothing (4 credits); make it 14s" }],
      output: pipeline(shot("a"), shot("b", 9), music("14s", "a, b")),
    },
    {
      // Three 5 s clips: 15 s. 60 s is 15 credits, 15 s 3.75: saving 11.25 credits.
      name: "over a sequence: its clips add up; a multi-line stage keeps its layout",
      code: pipeline(
        shot("a"), shot("b"), shot("c"), "  sequence cut { clips: a, b, c }",
        "  audio bed {\n    kind: music\n    model: eleven-music\n    prompt: \"calm piano\"\n    duration: 60s\n    over: cut\n  }",
      ),
      errors: [{ line: 10, column: 15, message: "`bed` is 60s of music over 15s of video (`cut`): 45s are generated for nothing (11.25 credits); make it 15s" }],
      output: pipeline(
        shot("a"), shot("b"), shot("c"), "  sequence cut { clips: a, b, c }",
        "  audio bed {\n    kind: music\n    model: eleven-music\n    prompt: \"calm piano\"\n    duration: 15s\n    over: cut\n  }",
      ),
    },
    {
      // The upscale lasts as long as the clip, 5 s. eleven-sound-effects: 10 s is 2 credits, 5 s 1: saving 1 credit.
      name: "over an upscale of a clip: it keeps the clip's length",
      code: pipeline(shot(), "  upscale hd { from: shot resolution: 1080p model: topaz-proteus }", '  audio fx { kind: sfx model: eleven-sound-effects prompt: "surf" duration: 10s over: hd }'),
      errors: [{ line: 4, column: 77, message: "`fx` is 10s of sound effects over 5s of video (`hd`): 5s are generated for nothing (1 credit); make it 5s" }],
      output: pipeline(shot(), "  upscale hd { from: shot resolution: 1080p model: topaz-proteus }", '  audio fx { kind: sfx model: eleven-sound-effects prompt: "surf" duration: 5s over: hd }'),
    },
    {
      // gpt-4o-mini-tts bills by the second: 45 s is $0.01125, 5 s $0.00125: saving $0.01, 1 credit.
      name: "a voiceover billed by the second does save",
      code: pipeline(shot(), '  audio vo { kind: voiceover model: gpt-4o-mini-tts text: "Hi" duration: 45s over: shot }'),
      errors: [{ line: 3, column: 74, message: "`vo` is 45s of voiceover over 5s of video (`shot`): 40s are generated for nothing (1 credit); make it 5s" }],
      output: pipeline(shot(), '  audio vo { kind: voiceover model: gpt-4o-mini-tts text: "Hi" duration: 5s over: shot }'),
    },
    {
      // Two generations of 43.75 credits each: 87.5 credits.
      name: "count: 2 on the audio doubles the saving",
      code: pipeline(shot(), music("180s", "shot", " count: 2")),
      errors: [{ line: 3, column: durationColumn, message: "`bed` is 180s of music over 5s of video (`shot`): 175s are generated for nothing in each of 2 generations (87.5 credits); make it 5s" }],
      output: pipeline(shot(), music("5s", "shot", " count: 2")),
    },
    {
      // count 2 × (1 + retries 1) = 4 generations of 43.75 credits: 175 credits.
      name: "retries are billed generations too",
      code: pipeline(shot(), music("180s", "shot", " count: 2 retries: 1")),
      errors: [{ line: 3, column: durationColumn, message: /in each of 4 generations \(175 credits\); make it 5s$/ }],
      output: pipeline(shot(), music("5s", "shot", " count: 2 retries: 1")),
    },
    {
      name: "a length from a preset is overridden on the stage, not changed in the preset others may use",
      code: 'preset long_bed { model: eleven-music duration: 180s }\n' + pipeline(shot(), '  audio bed { kind: music use: long_bed prompt: "calm piano" over: shot }'),
      errors: [{ line: 4, column: 32, message: /^`bed` is 180s of music over 5s of video \(`shot`\)/ }],
      output: 'preset long_bed { model: eleven-music duration: 180s }\n' + pipeline(shot(), '  audio bed { kind: music use: long_bed prompt: "calm piano" over: shot duration: 5s }'),
    },
    {
      name: "a length written in the `draft { }` block is changed there",
      code: pipeline(shot(), '  audio bed { kind: music model: eleven-music prompt: "calm piano" over: shot draft { duration: 30s } final { duration: 5s } }'),
      errors: [{ line: 3, column: 97, message: /^`bed` is 30s of music over 5s of video/ }],
      output: pipeline(shot(), '  audio bed { kind: music model: eleven-music prompt: "calm piano" over: shot draft { duration: 5s } final { duration: 5s } }'),
    },
    {
      // Both blocks say 30 s: the final reuses the draft's take, so both are cut (25 s × 0.25 = 6.25 credits).
      name: "a length written in both phase blocks is changed in both, so the final still reuses the draft's take",
      code: pipeline(shot(), '  audio bed { kind: music model: eleven-music prompt: "calm piano" over: shot draft { duration: 30s } final { duration: 30s } }'),
      errors: [{ line: 3, column: 97, message: /^`bed` is 30s of music over 5s of video \(`shot`\): 25s are generated for nothing \(6\.25 credits\)/ }],
      output: pipeline(shot(), '  audio bed { kind: music model: eleven-music prompt: "calm piano" over: shot draft { duration: 5s } final { duration: 5s } }'),
    },
    {
      // The draft clip is 5 s, the final 9 s, and the final reuses the draft's bed (its settings are the
      // same): the one take must cover 9 s. 21 s × 0.25 = 5.25 credits.
      name: "a take the final reuses is cut to the longer phase's clip",
      code: pipeline("  video shot { model: ray-flash-2 duration: 5s resolution: 540p final { duration: 9s } }", music("30s", "shot")),
      errors: [{ line: 3, column: durationColumn, message: "`bed` is 30s of music over 5s of video (`shot`) in the draft and 9s in the final, one take for both: 21s are generated for nothing (5.25 credits); make it 9s" }],
      output: pipeline("  video shot { model: ray-flash-2 duration: 5s resolution: 540p final { duration: 9s } }", music("9s", "shot")),
    },
    {
      // The final generates its own bed (another prompt) over 9 s: a shared `duration: 5s` would cut it short
      // of its clip, so the draft's length goes in a `draft { }` block. 25 s × 0.25 = 6.25 credits.
      name: "a take the final generates again: only the draft's length is cut",
      code: pipeline("  video shot { model: ray-flash-2 duration: 5s resolution: 540p final { duration: 9s } }", music("30s", "shot", ' final { prompt: "calm piano, strings" }')),
      errors: [{ line: 3, column: durationColumn, message: "`bed` is 30s of music over 5s of video (`shot`): 25s are generated for nothing (6.25 credits); make it 5s" }],
      output: pipeline("  video shot { model: ray-flash-2 duration: 5s resolution: 540p final { duration: 9s } }", music("30s", "shot", ' final { prompt: "calm piano, strings" } draft { duration: 5s }')),
    },
    {
      // In final mode the final's own take covers 9 s: 21 s × 0.25 = 5.25 credits; the draft keeps its block.
      name: "final mode cuts to the final's length and leaves the draft's block alone",
      code: pipeline("  mode: final", "  video shot { model: ray-flash-2 duration: 5s resolution: 540p final { duration: 9s } }", music("30s", "shot", " draft { duration: 5s }")),
      errors: [{ line: 4, column: durationColumn, message: "`bed` is 30s of music over 9s of video (`shot`): 21s are generated for nothing (5.25 credits); make it 9s" }],
      output: pipeline("  mode: final", "  video shot { model: ray-flash-2 duration: 5s resolution: 540p final { duration: 9s } }", music("9s", "shot", " draft { duration: 5s }")),
    },
  ],
});

// A catalog where eleven-music takes 10 s to 300 s in steps of 10 s: the fix writes a length it accepts.
const stepped = createCatalog(loadDefaultCatalog().models.map((m) => (m.id === "eleven-music" ? { ...m, durations: { min: 10, max: 300, step: 10 } } : m)));

ruleTester(audioTooLong, {
  catalog: stepped,
  valid: [{ name: "stepped: the shortest accepted length that covers the clip", code: pipeline(shot(), music("10s", "shot")) }],
  invalid: [
    {
      // 180 s is 45 credits, 10 s 2.5: saving 42.5 credits.
      name: "stepped: a length the model accepts, not the clip's own",
      code: pipeline(shot(), music("180s", "shot")),
      errors: [{ line: 3, column: durationColumn, message: "`bed` is 180s of music over 5s of video (`shot`): 175s are generated for nothing (42.5 credits); make it 10s, the shortest `eleven-music` length that covers it" }],
      output: pipeline(shot(), music("10s", "shot")),
    },
  ],
});

describe("rule audio-too-long on broken or odd input", () => {
  const found = (code: string) => checkDocument(code).diagnostics.filter((d) => d.code === audioTooLong.id).map((d) => d.message);

  it("is silent when a clip's length is unknown (no `duration`)", () => {
    assert.deepStrictEqual(found(pipeline("  video shot { model: ray-flash-2 resolution: 540p }", music("180s", "shot"))), []);
  });

  it("is silent when a name in `over:` does not resolve: its length is unknown", () => {
    assert.deepStrictEqual(found(pipeline(shot(), music("180s", "shot, missing"))), []);
  });

  // The tester holds fixes to the current phase's estimate; the whole job (the draft, then what the final
  // generates again) must not rise either: a draft cut to 5 s that the final no longer reuses would add a take.
  for (const [name, code] of [
    ["a take the final reuses", pipeline("  video shot { model: ray-flash-2 duration: 5s resolution: 540p final { duration: 9s } }", music("30s", "shot"))],
    ["a take the final generates again", pipeline("  video shot { model: ray-flash-2 duration: 5s resolution: 540p final { duration: 9s } }", music("30s", "shot", ' final { prompt: "calm piano, strings" }'))],
  ]) {
    it(`lowers the whole job's estimate: ${name}`, () => {
      const before = checkDocument(code);
      const finding = before.diagnostics.filter(isRuleDiagnostic).find((d) => d.code === audioTooLong.id)!;
      const after = checkDocument(applyEdits(code, finding.fixes[0].edits));
      assert.ok(after.phases[0].jobUsd < before.phases[0].jobUsd, `${before.phases[0].jobUsd} -> ${after.phases[0].jobUsd}`);
      assert.ok(after.phases[0].final.usd <= before.phases[0].final.usd);
    });
  }

  it("does not throw on a cycle of sequences", () => {
    assert.deepStrictEqual(found(pipeline("  sequence a { clips: b }", "  sequence b { clips: a }", music("180s", "a"))), []);
  });

  it("follows a long chain of sequences without recursion", () => {
    const chain = Array.from({ length: 3000 }, (_, i) => `  sequence s${i + 1} { clips: ${i === 0 ? "shot" : `s${i}`} }`);
    assert.deepStrictEqual(found(pipeline(shot(), ...chain, music("180s", "s3000"))), [
      "`bed` is 180s of music over 5s of video (`s3000`): 175s are generated for nothing (43.75 credits); make it 5s",
    ]);
  });
});
