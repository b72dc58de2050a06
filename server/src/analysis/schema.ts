// What each block of a `.gen` file may hold: property names, value types,
// required properties. One table, read by analysis, completion and the docs.

export type StageKind = "image" | "keyframe" | "video" | "upscale" | "reframe" | "audio" | "sequence";
export const stageKinds: StageKind[] = ["image", "keyframe", "video", "upscale", "reframe", "audio", "sequence"];

/** The phases of a pipeline: `draft` while iterating, `final` for the deliverables. */
export type Phase = "draft" | "final";
export const phases: Phase[] = ["draft", "final"];

/**
 * Every number a file can hold is bounded, so every estimate stays a finite number: a
 * count, retries, a seed, a duration, a budget, a pixel size, an aspect ratio. docs/language.md
 * lists these bounds; a value past one is `invalid-value`.
 */
export const bounds = {
  /** Variations of one stage (`count`), and rejected outputs expected per variation (`retries`). */
  count: 100,
  retries: 100,
  /** Seeds are 32-bit unsigned, as providers take them. */
  seed: 4_294_967_295,
  /** The longest clip a stage may ask for, in seconds: an hour. */
  durationSeconds: 3600,
  /** The largest budget, in credits or in dollars. */
  budget: 1_000_000_000,
  /** The longest side of a `WxH` size, and of an aspect ratio `W:H`: 16K. */
  side: 16_384,
  /** Generations of one stage, fan-out included (runs × count × (1 + retries)). */
  generations: 100_000,
  /** The highest frame rate a stage may ask for (`fps`). */
  fps: 240,
  /** The longest `sequence`, in seconds: a day. */
  sequenceSeconds: 86_400,
} as const;

export type ValueType =
  | { type: "string" }
  | { type: "model" }
  | { type: "resolution" }
  | { type: "aspect" }
  | { type: "duration"; max: number }
  | { type: "integer"; min: number; max: number }
  | { type: "boolean" }
  | { type: "enum"; values: string[] }
  | { type: "reference"; kinds: StageKind[]; list?: boolean }
  | { type: "presets" }
  | { type: "budget"; max: number };

export interface PropertySpec {
  value: ValueType;
  description: string;
}

const text = (description: string): PropertySpec => ({ value: { type: "string" }, description });
const visualSources: StageKind[] = ["image", "keyframe", "video", "upscale", "reframe", "sequence"];
const clipKinds: StageKind[] = ["video", "upscale", "reframe", "sequence"];

/** Every stage property, by name. A name means the same thing in every stage kind that allows it. */
export const stageProperties: Record<string, PropertySpec> = {
  model: { value: { type: "model" }, description: "The model that generates this stage, from the catalog (`ray-2`)." },
  prompt: text("What to generate."),
  negative: text("What to keep out of the output."),
  style: text("Style words added to the prompt."),
  text: text("The words a voiceover speaks."),
  voice: text("The voice a voiceover uses."),
  use: { value: { type: "presets" }, description: "Presets whose settings this stage takes (`use: brand` or `use: brand, night`)." },
  resolution: { value: { type: "resolution" }, description: "Output resolution: `360p` `540p` `720p` `1080p` `1440p` `4k`; images also `1k` `2k` and `WxH`." },
  aspect: { value: { type: "aspect" }, description: "Aspect ratio, like `16:9`." },
  duration: { value: { type: "duration", max: bounds.durationSeconds }, description: "Clip length, like `5s` (at most 3600s)." },
  count: { value: { type: "integer", min: 1, max: bounds.count }, description: "How many variations to generate (1 to 100)." },
  retries: { value: { type: "integer", min: 0, max: bounds.retries }, description: "Rejected outputs you expect to regenerate; they are billed (0 to 100)." },
  seed: { value: { type: "integer", min: 0, max: bounds.seed }, description: "Random seed, for repeatable outputs (0 to 4294967295)." },
  audio: { value: { type: "boolean" }, description: "Whether the video model generates native audio (`on` or `off`)." },
  hdr: { value: { type: "boolean" }, description: "Generate in HDR, where the model offers it (costs more)." },
  quality: {
    value: { type: "enum", values: ["low", "medium", "high", "flash", "turbo", "default", "quality"] },
    description: "The quality tier, where the model prices several: `low`, `medium`, `high` (GPT Image); `flash`, `turbo`, `default`, `quality` (Ideogram's rendering speeds).",
  },
  fps: {
    value: { type: "integer", min: 1, max: bounds.fps },
    description: "The output frame rate, in frames a second, for an upscale billed per output frame (Topaz). When absent, its input upscale's `fps:`, else the model's default (30 for Topaz).",
  },
  kind: { value: { type: "enum", values: ["voiceover", "music", "sfx"] }, description: "What the audio stage makes." },
  from: { value: { type: "reference", kinds: visualSources }, description: "The stage this one takes as input (`hero`, or `hero[2]` for its 2nd variation)." },
  start: { value: { type: "reference", kinds: ["image", "keyframe"] }, description: "The first frame of the video: an image or keyframe stage." },
  end: { value: { type: "reference", kinds: ["image", "keyframe"] }, description: "The last frame of the video: an image or keyframe stage." },
  over: { value: { type: "reference", kinds: clipKinds, list: true }, description: "The video, or videos (`over: s1, s2`), whose soundtrack this audio replaces; a `sequence` for the whole cut." },
  clips: { value: { type: "reference", kinds: clipKinds, list: true }, description: "The clips a sequence joins, in order (`clips: s1, s2, s3`)." },
};

export interface StageSpec {
  description: string;
  properties: string[];
  required: string[];
}

export const stageSpecs: Record<StageKind, StageSpec> = {
  image: {
    description: "Generates still images.",
    properties: ["model", "prompt", "negative", "style", "use", "resolution", "aspect", "quality", "count", "retries", "seed"],
    required: ["model", "prompt"],
  },
  keyframe: {
    description: "Picks a still to anchor a video; free.",
    properties: ["from"],
    required: ["from"],
  },
  video: {
    description: "Generates a video clip, from text or from start/end frames.",
    properties: ["model", "prompt", "negative", "style", "use", "start", "end", "duration", "resolution", "aspect", "audio", "hdr", "count", "retries", "seed"],
    required: ["model", "duration"],
  },
  upscale: {
    description: "Raises the resolution of a video or image.",
    properties: ["from", "resolution", "fps", "model", "use", "retries"],
    required: ["from", "resolution"],
  },
  reframe: {
    description: "Changes the aspect ratio of a video or image without regenerating it.",
    properties: ["from", "aspect", "model", "prompt", "use", "retries"],
    required: ["from", "aspect"],
  },
  audio: {
    description: "Generates a voiceover, music or sound effects.",
    properties: ["kind", "model", "text", "voice", "prompt", "duration", "over", "use", "count", "retries"],
    required: ["kind", "model"],
  },
  sequence: {
    description: "Joins clips in order, like an edit; done locally, free. Its length is the sum of its clips'.",
    properties: ["clips"],
    required: ["clips"],
  },
};

/** Properties that name other stages; they belong outside `draft { }` and `final { }`: a stage reads the same inputs in both phases. */
export const referenceProperties = Object.keys(stageProperties).filter((key) => stageProperties[key].value.type === "reference");

/** Audio stages need the words to speak or the sound to make, by kind. */
export const audioRequired: Record<string, string> = { voiceover: "text", music: "prompt", sfx: "prompt" };

export const pipelineProperties: Record<string, PropertySpec> = {
  budget: { value: { type: "budget", max: bounds.budget }, description: "The most this pipeline may cost: `150 credits` or `$4.50` (above 0, at most 1,000,000,000)." },
  mode: { value: { type: "enum", values: ["draft", "final"] }, description: "Which phase the editor shows and `gen` prices as the current one: `draft` (the default) while iterating at low cost, `final` for the deliverables. Stages' `draft { }` and `final { }` blocks hold the settings of each phase." },
};

export const briefProperties: Record<string, PropertySpec> = {
  goal: text("What the pipeline must achieve."),
  audience: text("Who it is for."),
  tone: text("The mood and voice."),
  constraints: text("What must or must not appear."),
  notes: text("Anything else to keep in mind."),
};

export const videoResolutions = ["360p", "540p", "720p", "1080p", "1440p", "4k"];
export const imageResolutions = ["1k", "2k", "4k"];

/**
 * `record[key]` among the record's own keys only: with a key the user wrote, `constructor`
 * or `__proto__` would otherwise find what every object inherits.
 */
export function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}
