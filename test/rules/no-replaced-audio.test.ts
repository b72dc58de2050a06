import { noReplacedAudio } from "../../server/src/rules/no-replaced-audio";
import { ruleTester } from "../support/ruleTester";

const brief = '  brief { goal: "a teaser" }\n';

ruleTester(noReplacedAudio, {
  valid: [
    {
      name: "native audio off under a voiceover",
      code: `pipeline "p" {\n${brief}  video shot { model: kling-v3 duration: 5s resolution: 720p audio: off }\n  audio vo { kind: voiceover model: eleven-multilingual-v2 text: "Hi" over: shot }\n}`,
    },
    {
      name: "native audio kept where nothing replaces it",
      code: `pipeline "p" {\n${brief}  video shot { model: kling-v3 duration: 5s resolution: 720p audio: on }\n}`,
    },
    {
      name: "a model without native audio",
      code: `pipeline "p" {\n${brief}  video shot { model: ray-2 duration: 5s resolution: 540p }\n  audio m { kind: music model: eleven-music prompt: "calm" duration: 5s over: shot }\n}`,
    },
  ],
  invalid: [
    {
      name: "audio: on under music, through an upscale",
      code: `pipeline "p" {\n${brief}  video shot { model: kling-v3 duration: 5s resolution: 720p audio: on }\n  upscale hd { from: shot resolution: 4k model: topaz-proteus }\n  audio m { kind: music model: eleven-music prompt: "calm" duration: 5s over: hd }\n}`,
      errors: [{ line: 3, column: 69, message: "`shot` generates native audio (`audio: on`), but `m` replaces its soundtrack" }],
      output: `pipeline "p" {\n${brief}  video shot { model: kling-v3 duration: 5s resolution: 720p audio: off }\n  upscale hd { from: shot resolution: 4k model: topaz-proteus }\n  audio m { kind: music model: eleven-music prompt: "calm" duration: 5s over: hd }\n}`,
    },
    {
      name: "audio on by the model's default: the fix writes `audio: off` on its own line",
      code: `pipeline "p" {\n${brief}  video shot {\n    model: veo-3\n    duration: 8s\n  }\n  audio vo { kind: voiceover model: eleven-multilingual-v2 text: "Spring is here." over: shot }\n}`,
      errors: [{ line: 3, column: 9, message: "`shot` generates native audio (`veo-3` makes audio by default), but `vo` replaces its soundtrack" }],
      output: `pipeline "p" {\n${brief}  video shot {\n    model: veo-3\n    duration: 8s\n    audio: off\n  }\n  audio vo { kind: voiceover model: eleven-multilingual-v2 text: "Spring is here." over: shot }\n}`,
    },
    {
      name: "one music bed over a sequence covers every clip of the cut",
      code: `pipeline "p" {\n${brief}  video a { model: kling-v3 duration: 5s resolution: 720p audio: on }\n  video b { model: ray-2 duration: 5s resolution: 540p }\n  sequence cut { clips: a, b }\n  reframe tall { from: cut aspect: 9:16 model: ray-3.2-reframe }\n  audio m { kind: music model: eleven-music prompt: "calm" duration: 10s over: tall }\n}`,
      errors: [{ line: 3, column: 66, message: "`a` generates native audio (`audio: on`), but `m` replaces its soundtrack" }],
      output: `pipeline "p" {\n${brief}  video a { model: kling-v3 duration: 5s resolution: 720p audio: off }\n  video b { model: ray-2 duration: 5s resolution: 540p }\n  sequence cut { clips: a, b }\n  reframe tall { from: cut aspect: 9:16 model: ray-3.2-reframe }\n  audio m { kind: music model: eleven-music prompt: "calm" duration: 10s over: tall }\n}`,
    },
    {
      name: "a voiceover over a list of clips: each one found",
      code: `pipeline "p" {\n${brief}  video a { model: kling-v3 duration: 5s resolution: 720p audio: on }\n  video b { model: kling-v3 duration: 5s resolution: 720p audio: on }\n  audio vo { kind: voiceover model: eleven-flash-v2.5 text: "Hi" over: a, b }\n}`,
      errors: [
        { line: 3, column: 66, message: "`a` generates native audio (`audio: on`), but `vo` replaces its soundtrack" },
        { line: 4, column: 66, message: "`b` generates native audio (`audio: on`), but `vo` replaces its soundtrack" },
      ],
      output: `pipeline "p" {\n${brief}  video a { model: kling-v3 duration: 5s resolution: 720p audio: off }\n  video b { model: kling-v3 duration: 5s resolution: 720p audio: on }\n  audio vo { kind: voiceover model: eleven-flash-v2.5 text: "Hi" over: a, b }\n}`,
    },
    {
      name: "a model that always makes audio: no fix, a hint to switch",
      code: `pipeline "p" {\n${brief}  video shot { model: kling-3.0-turbo duration: 8s resolution: 720p }\n  audio vo { kind: voiceover model: eleven-multilingual-v2 text: "Hi" over: shot }\n}`,
      errors: [{ line: 3, column: 9, message: /`kling-3\.0-turbo` cannot turn it off: pick a model that can$/ }],
      output: null,
    },
    {
      name: "Veo 3.1 makes audio by default and can turn it off: the silent price",
      code: `pipeline "p" {\n${brief}  video shot { model: veo-3.1 duration: 8s resolution: 720p }\n  audio vo { kind: voiceover model: eleven-multilingual-v2 text: "Hi" over: shot }\n}`,
      errors: [{ line: 3, column: 9, message: "`shot` generates native audio (`veo-3.1` makes audio by default), but `vo` replaces its soundtrack" }],
      output: `pipeline "p" {\n${brief}  video shot { model: veo-3.1 duration: 8s resolution: 720p audio: off }\n  audio vo { kind: voiceover model: eleven-multilingual-v2 text: "Hi" over: shot }\n}`,
    },
  ],
});
