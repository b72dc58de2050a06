/** The stage kinds of the language. The parser uses them only to recover better when a `{` is missing. */
export const STAGE_KINDS: ReadonlySet<string> = new Set(["image", "keyframe", "video", "upscale", "reframe", "audio", "sequence"]);

/** The phases a stage or preset may hold a block for: `final { resolution: 4k }`. */
export const PHASE_NAMES: ReadonlySet<string> = new Set(["draft", "final"]);
