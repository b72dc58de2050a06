import { reframeNotRegenerate } from "../../server/src/rules/reframe-not-regenerate";
import { ruleTester } from "../support/ruleTester";

// Bundled catalog: ray-2 makes a 5 s clip for $0.40 at 540p, $0.71 at 720p, $1.59 at 1080p, $6.37 at 4k;
// ray-3.2-reframe, the one video reframer, bills $0.06/s at 540p, $0.12/s at 720p, $0.36/s at 1080p,
// up to 1080p, in 16:9, 9:16, 4:3, 3:4, 1:1 and 21:9 (not 9:21, which ray-2 makes).
const video = (name: string, aspect: string, resolution = "540p") =>
  `  video ${name} { model: ray-2 prompt: "dolly in" duration: 5s resolution: ${resolution} aspect: ${aspect} }\n`;
const pipeline = (body: string) => `pipeline "p" {\n${body}}`;

ruleTester(reframeNotRegenerate, {
  valid: [
    {
      // ray-2 at 1080p makes 5 s for 159 credits; ray-3.2-reframe would bill 180 to reframe it.
      name: "generating again is cheaper than reframing (1080p): nothing to say",
      code: pipeline(`${video("wide", "16:9", "1080p")}${video("square", "1:1", "1080p")}`),
    },
    {
      name: "a video and a reframe of it",
      code: pipeline(`${video("wide", "16:9")}  reframe vertical { from: wide aspect: 9:16 model: ray-3.2-reframe }\n  output wide, vertical\n`),
    },
    {
      name: "two videos with different prompts",
      code: pipeline(`${video("wide", "16:9")}  video vertical { model: ray-2 prompt: "orbit" duration: 5s resolution: 540p aspect: 9:16 }\n`),
    },
    {
      name: "two videos that differ in resolution too",
      code: pipeline(`${video("wide", "16:9")}${video("vertical", "9:16", "720p")}`),
    },
    {
      name: "two videos that differ in duration too",
      code: pipeline(`${video("wide", "16:9")}  video vertical { model: ray-2 prompt: "dolly in" duration: 9s resolution: 540p aspect: 9:16 }\n`),
    },
    {
      name: "two videos from different keyframes",
      code: pipeline(
        '  image a { model: photon-flash-1 prompt: "x" }\n  image b { model: photon-flash-1 prompt: "y" }\n  keyframe ka { from: a }\n  keyframe kb { from: b }\n' +
          '  video wide { model: ray-2 start: ka duration: 5s resolution: 540p aspect: 16:9 }\n  video vertical { model: ray-2 start: kb duration: 5s resolution: 540p aspect: 9:16 }\n',
      ),
    },
    {
      name: "the same clip twice in the same aspect is not a reframe",
      code: pipeline(`${video("a", "16:9")}${video("b", "16:9")}`),
    },
  ],
  invalid: [
    {
      // Luma does not offer a 9:16 reframe at 1080p: reframing is named, with why there is no fix.
      name: "no reframe model takes 1080p to 9:16",
      code: pipeline(`${video("wide", "16:9", "1080p")}${video("vertical", "9:16", "1080p")}`),
      errors: [{ line: 3, column: 91, message: "`vertical` differs from `wide` only in `aspect` (9:16 against 16:9): reframe `wide` instead of generating the clip again; no fix: no reframe model in the catalog takes 1080p video to 9:16" }],
      output: null,
    },
    {
      name: "one-line stages: the second becomes a one-line reframe of the first",
      code: pipeline(`${video("wide", "16:9")}${video("vertical", "9:16")}  output wide, vertical\n`),
      errors: [{ line: 3, column: 90, message: "`vertical` differs from `wide` only in `aspect` (9:16 against 16:9): reframe `wide` instead of generating the clip again" }],
      output: pipeline(`${video("wide", "16:9")}  reframe vertical { from: wide aspect: 9:16 model: ray-3.2-reframe }\n  output wide, vertical\n`),
    },
    {
      name: "effective settings compared, presets included; a multi-line stage stays multi-line and keeps its name for `over:`",
      code:
        'preset look { style: "pastel" duration: 5s resolution: 720p }\n' +
        'pipeline "p" {\n' +
        '  image hero { model: photon-flash-1 prompt: "sneaker" }\n' +
        "  keyframe k { from: hero }\n" +
        "  video wide { use: look model: ray-2 start: k aspect: 16:9 }\n" +
        "  video square {\n" +
        "    model: ray-2\n" +
        "    start: k\n" +
        '    style: "pastel"\n' +
        "    duration: 5s\n" +
        "    resolution: 720p\n" +
        "    aspect: 1:1\n" +
        "  }\n" +
        '  audio vo { kind: voiceover model: eleven-multilingual-v2 text: "Hi" over: square }\n' +
        "  output wide, square, vo\n" +
        "}",
      errors: [{ line: 12, column: 13, message: "`square` differs from `wide` only in `aspect` (1:1 against 16:9): reframe `wide` instead of generating the clip again" }],
      output:
        'preset look { style: "pastel" duration: 5s resolution: 720p }\n' +
        'pipeline "p" {\n' +
        '  image hero { model: photon-flash-1 prompt: "sneaker" }\n' +
        "  keyframe k { from: hero }\n" +
        "  video wide { use: look model: ray-2 start: k aspect: 16:9 }\n" +
        "  reframe square {\n" +
        "    from: wide\n" +
        "    aspect: 1:1\n" +
        "    model: ray-3.2-reframe\n" +
        "  }\n" +
        '  audio vo { kind: voiceover model: eleven-multilingual-v2 text: "Hi" over: square }\n' +
        "  output wide, square, vo\n" +
        "}",
    },
    {
      name: "an aspect from a preset: reported at the stage's name, fixed on the stage",
      code: `preset story { aspect: 9:16 }\n${pipeline(`${video("wide", "16:9")}  video story_cut { use: story model: ray-2 prompt: "dolly in" duration: 5s resolution: 540p }\n`)}`,
      errors: [{ line: 4, column: 9, message: "`story_cut` differs from `wide` only in `aspect` (9:16 against 16:9): reframe `wide` instead of generating the clip again" }],
      output: `preset story { aspect: 9:16 }\n${pipeline(`${video("wide", "16:9")}  reframe story_cut { from: wide aspect: 9:16 model: ray-3.2-reframe }\n`)}`,
    },
    {
      name: "three aspects of one clip: each later one is a reframe of the first",
      code: pipeline(`${video("wide", "16:9")}${video("vertical", "9:16")}${video("square", "1:1")}`),
      errors: [
        { line: 3, column: 90, message: /^`vertical` differs from `wide` only in `aspect`/ },
        { line: 4, column: 88, message: "`square` differs from `wide` only in `aspect` (1:1 against 16:9): reframe `wide` instead of generating the clip again" },
      ],
      output: pipeline(`${video("wide", "16:9")}  reframe vertical { from: wide aspect: 9:16 model: ray-3.2-reframe }\n${video("square", "1:1")}`),
    },
    {
      name: "no reframe model makes the aspect: said, not fixed",
      code: pipeline(`${video("wide", "16:9")}${video("tall", "9:21")}`),
      errors: [{ line: 3, column: 86, message: "`tall` differs from `wide` only in `aspect` (9:21 against 16:9): reframe `wide` instead of generating the clip again; no fix: no reframe model in the catalog makes 9:21 video" }],
      output: null,
    },
    {
      name: "the reframer does not take the input's resolution: said, not fixed",
      code: pipeline(`${video("wide", "16:9", "4k")}${video("vertical", "9:16", "4k")}`),
      errors: [{ line: 3, column: 88, message: /; no fix: no reframe model in the catalog takes 4k video to 9:16$/ }],
      output: null,
    },
    {
      name: "a reference to one variation (`vertical[2]`) a reframe would not number: said, not fixed",
      code: pipeline(
        '  video wide { model: ray-2 prompt: "dolly in" duration: 5s resolution: 540p aspect: 16:9 count: 2 }\n' +
          '  video vertical { model: ray-2 prompt: "dolly in" duration: 5s resolution: 540p aspect: 9:16 count: 2 }\n  output wide, vertical[2]\n',
      ),
      errors: [{ line: 3, column: 90, message: /; no fix: `vertical\[2\]` picks one of its variations, which a reframe does not number$/ }],
      output: null,
    },
    {
      name: "variations without an index: the reframe takes every variation of the first",
      code: pipeline(
        '  video wide { model: ray-2 prompt: "dolly in" duration: 5s resolution: 540p aspect: 16:9 count: 2 }\n' +
          '  video vertical { model: ray-2 prompt: "dolly in" duration: 5s resolution: 540p aspect: 9:16 count: 2 retries: 1 }\n  output wide, vertical\n',
      ),
      errors: [{ line: 3, column: 90, message: /^`vertical` differs from `wide` only in `aspect`/ }],
      output: pipeline(
        '  video wide { model: ray-2 prompt: "dolly in" duration: 5s resolution: 540p aspect: 16:9 count: 2 }\n' +
          "  reframe vertical { from: wide aspect: 9:16 model: ray-3.2-reframe }\n  output wide, vertical\n",
      ),
    },
  ],
});
