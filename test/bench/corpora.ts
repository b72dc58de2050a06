// The documents the bench checks. Each corpus is built as data (stages with their settings) and written
// both as a `.gen` file and as a JSON document carrying the same data, so the whole check can be
// compared with `JSON.parse` of the same content.

/** A value as written in `.gen`: a bare word (`4k`, `ray-2`, `16:9`, `5s`) or a string (quoted). */
type Value = string | { string: string };

interface Stage {
  kind: string;
  name: string;
  settings: [key: string, value: Value][];
  /** Spaces after the block, so every group of stages has the same size whatever its numbers. */
  pad?: number;
}

interface Pipeline {
  name: string;
  brief: { goal: string };
  budget: string;
  mode: string;
  stages: Stage[];
}

export type CorpusName = "lean" | "wasteful";

export interface Corpus {
  name: CorpusName;
  stages: number;
  /** The `.gen` text. */
  text: string;
  /** The same pipeline as a JSON document: what `JSON.parse` is compared with. */
  json: string;
  /** Offsets in `text` where the protocol bench hovers, completes and types: on a video stage in the middle. */
  probes: Probes;
}

export interface Probes {
  /** On the `pipeline` keyword. */
  header: number;
  /** On the video stage's name. */
  stageName: number;
  /** On its `resolution:` value. */
  value: number;
  /** Just after its `model:` value, as if it had just been typed. */
  model: number;
  /** Inside its prompt, before the closing quote: the last setting on the line, so typing moves nothing else. */
  typing: number;
}

const s = (text: string): Value => ({ string: text });

/**
 * Lean: groups of image → keyframe → video → upscale, drafted small, about 110 bytes a stage (the bench's
 * original `generate()`). Its findings are few and cheap (a 16:9 still is drafted at its model's size).
 */
function leanStage(i: number): Stage {
  const g = Math.floor(i / 4);
  switch (i % 4) {
    case 0: return { kind: "image", name: `still_${g}`, settings: [["model", "photon-flash-1"], ["prompt", s(`white sneaker on a pastel pedestal, angle ${g}`)], ["aspect", "16:9"], ["count", "1"]] };
    case 1: return { kind: "keyframe", name: `key_${g}`, settings: [["from", `still_${g}`]], pad: 39 };
    case 2: return { kind: "video", name: `shot_${g}`, settings: [["model", "ray-2"], ["start", `key_${g}`], ["duration", "5s"], ["resolution", "540p"], ["audio", "off"], ["prompt", s("slow dolly in")]] };
    default: return { kind: "upscale", name: `hd_${g}`, settings: [["from", `shot_${g}`], ["resolution", "1080p"]], pad: 30 };
  }
}

/**
 * Wasteful: what the rules exist for, in groups of eight stages. A 4k still drafted with `count: 2`
 * (draft-low-res, single-variation); a 1080p draft video with native `audio: on` (draft-low-res,
 * no-replaced-audio) under a voiceover and a music bed that replace its sound, the bed longer than the
 * clip (audio-too-long), and a reframe to the aspect it already has (no-op-stage); a clip upscaled and
 * then reframed at the upscaled rate (reframe-before-upscale). Most stages also have a cheaper sibling
 * model (cheaper-model) or no start frame (stills-first).
 */
function wastefulStage(i: number): Stage {
  const g = Math.floor(i / 8);
  switch (i % 8) {
    case 0: return { kind: "image", name: `still_${g}`, settings: [["model", "nano-banana-pro"], ["prompt", s(`white sneaker on a pastel pedestal, angle ${g}`)], ["resolution", "4k"], ["aspect", "16:9"], ["count", "2"]] };
    case 1: return { kind: "video", name: `spot_${g}`, settings: [["model", "kling-v3"], ["duration", "5s"], ["resolution", "1080p"], ["audio", "on"], ["aspect", "16:9"], ["prompt", s(`slow dolly in on the sneaker, take ${g}`)]] };
    case 2: return { kind: "audio", name: `vo_${g}`, settings: [["kind", "voiceover"], ["model", "eleven-flash-v2.5"], ["text", s(`Spring is here: take ${g}.`)], ["over", `spot_${g}`]] };
    case 3: return { kind: "audio", name: `bed_${g}`, settings: [["kind", "music"], ["model", "eleven-music"], ["prompt", s("light acoustic guitar")], ["duration", "30s"], ["over", `spot_${g}`]] };
    case 4: return { kind: "reframe", name: `wide_${g}`, settings: [["from", `spot_${g}`], ["aspect", "16:9"], ["model", "ray-3.2-reframe"]] };
    case 5: return { kind: "video", name: `shot_${g}`, settings: [["model", "ray-2"], ["duration", "5s"], ["resolution", "720p"], ["aspect", "16:9"], ["prompt", s(`the sneaker turns on its pedestal, take ${g}`)]] };
    case 6: return { kind: "upscale", name: `hd_${g}`, settings: [["from", `shot_${g}`], ["resolution", "1080p"], ["model", "topaz-proteus"]] };
    default: return { kind: "reframe", name: `square_${g}`, settings: [["from", `hd_${g}`], ["aspect", "1:1"], ["model", "ray-3.2-reframe"]] };
  }
}

function pipelineOf(name: CorpusName, stages: number): Pipeline {
  const stage = name === "lean" ? leanStage : wastefulStage;
  return {
    name: "bench",
    brief: { goal: "benchmark" },
    budget: "$500",
    mode: "draft",
    stages: Array.from({ length: stages }, (_, i) => stage(i)),
  };
}

const genValue = (value: Value) => (typeof value === "string" ? value : JSON.stringify(value.string));

function toGen(p: Pipeline): string {
  const lines = [`pipeline ${JSON.stringify(p.name)} {`, `  brief { goal: ${JSON.stringify(p.brief.goal)} }`, `  budget: ${p.budget}`, `  mode: ${p.mode}`];
  for (const stage of p.stages) {
    const settings = stage.settings.map(([key, value]) => `${key}: ${genValue(value)}`).join(" ");
    lines.push(`  ${stage.kind} ${stage.name} { ${settings} }${" ".repeat(stage.pad ?? 0)}`);
  }
  lines.push("}");
  return lines.join("\n");
}

/** One line a stage, as the `.gen` file has, so the two documents differ in syntax only. */
function toJson(p: Pipeline): string {
  const stages = p.stages.map((stage) => `    ${JSON.stringify({ kind: stage.kind, name: stage.name, ...Object.fromEntries(stage.settings.map(([k, v]) => [k, typeof v === "string" ? v : v.string])) })}`);
  return `{\n  "pipeline": ${JSON.stringify(p.name)},\n  "brief": ${JSON.stringify(p.brief)},\n  "budget": ${JSON.stringify(p.budget)},\n  "mode": ${JSON.stringify(p.mode)},\n  "stages": [\n${stages.join(",\n")}\n  ]\n}`;
}

/** Finds the probes on the video stage of the middle group (`shot_G` in lean, `spot_G` in wasteful). */
function probesOf(name: CorpusName, stages: number, text: string): Probes {
  const [size, video, prefix] = name === "lean" ? [4, 2, "shot"] : [8, 1, "spot"];
  let group = Math.floor(stages / size / 2);
  while (group > 0 && group * size + video >= stages) group--;
  const start = text.indexOf(`  video ${prefix}_${group} {`);
  if (start < 0) throw new Error(`the ${name} corpus of ${stages} stages has no video stage to probe`);
  const line = text.slice(start, text.indexOf("\n", start));
  const after = (what: string) => start + line.indexOf(what) + what.length;
  const model = after("model: ");
  return {
    header: text.indexOf("pipeline") + 2,
    stageName: after(`video ${prefix}`),
    value: after("resolution: ") + 1,
    model: model + line.slice(model - start).indexOf(" "),
    typing: start + line.lastIndexOf('"'),
  };
}

export function corpus(name: CorpusName, stages: number): Corpus {
  const pipeline = pipelineOf(name, stages);
  const text = toGen(pipeline);
  return { name, stages, text, json: toJson(pipeline), probes: probesOf(name, stages, text) };
}

/** The lean corpus's text (kept under its old name: other tools import it). */
export function generate(stages: number): string {
  return corpus("lean", stages).text;
}

/** A chain of `stages` upscales of one clip: the deepest graph a file can hold, about 75 bytes a stage. */
export function chain(stages: number): string {
  const lines = ['pipeline "chain" {', '  brief { goal: "benchmark" }', "  video v0 { model: ray-2 duration: 5s resolution: 540p }"];
  for (let i = 1; i < stages; i++) lines.push(`  upscale v${i} { from: v${i - 1} resolution: 1080p model: topaz-proteus }`);
  lines.push(`  output v${stages - 1}`, "}");
  return lines.join("\n");
}
