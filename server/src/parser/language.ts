/** The stage kinds of the language. The parser uses them only to recover better when a `{` is missing. */
export const STAGE_KINDS: ReadonlySet<string> = new Set(["image", "keyframe", "video", "upscale", "reframe", "audio"]);
