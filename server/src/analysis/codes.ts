// Every language diagnostic code, with what it means. Codes are stable: quick
// fixes, tests and users' suppressions key on them. docs/language.md lists them.
export const languageCodes = {
  "syntax": "The text does not follow the grammar: a missing `}`, `:` or value, an unexpected character.",
  "unterminated-string": "A string or triple-quoted string is never closed.",
  "unknown-stage-kind": "A stage kind that does not exist (did you mean `video`?).",
  "unknown-property": "A property the block does not take (did you mean `resolution`?).",
  "duplicate-property": "The same property twice in one block; the last one wins.",
  "missing-property": "A property the stage cannot do without, like `model` or `duration`.",
  "missing-value": "A property with nothing after its `:`.",
  "wrong-type": "A value of the wrong type, like `duration: 5` instead of `5s`.",
  "invalid-value": "A value of the right type that is not allowed, like `count: 0` or `mode: drafty`.",
  "unknown-model": "A model id that is not in the catalog (did you mean `ray-2`?).",
  "model-kind-mismatch": "A model of the wrong kind for the stage, like an image model in a video stage.",
  "unsupported-value": "A resolution, duration, aspect ratio or audio setting the model does not offer.",
  "deprecated-model": "A model that is deprecated or retired; the message names the replacement.",
  "undefined-reference": "A reference to a stage that does not exist in the pipeline.",
  "wrong-reference-kind": "A reference to the wrong kind of stage, like a video's `start:` naming a video.",
  "index-out-of-range": "`hero[3]` when `hero` makes fewer than 3 variations.",
  "duplicate-name": "Two stages, presets or pipelines with the same name.",
  "reference-cycle": "Stages that take each other as input, directly or through others.",
  "use-not-found": "A `use` file that does not exist or cannot be read.",
  "unknown-preset": "A `use:` naming a preset that is neither in this file nor in a `use`d file.",
  "file-too-large": "A file past the size the editor checks (5 MB unless `gen.maxFileSize` says otherwise): only this is reported.",
  "internal": "A bug in the tools; the rest of the file is still checked. Please report it.",
} as const;

export type LanguageCode = keyof typeof languageCodes;
