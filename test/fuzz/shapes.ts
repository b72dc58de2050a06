// Hostile shapes for the linear-time check (`npm run fuzz`): each makes a document of about `n` stages
// (or `n` of what the shape repeats) in a form real files take to an extreme. Each once had a step that
// grew with the square of the size: a did-you-mean per stage over the catalog, a search of every finding
// per pipeline, a new name tried per repeated name, a hint repricing a whole chain for each of its stages.

const lines = (n: number, line: (i: number) => string) => Array.from({ length: n }, (_, i) => line(i)).join("\n");
const pipeline = (body: string) => `pipeline "x" {\n${body}\n}\n`;

export const hostileShapes: Record<string, (n: number) => string> = {
  "a preset per stage": (n) => lines(n, (i) => `preset p${i} { aspect: 16:9 }`) + "\n" + pipeline(lines(n, (i) => `  image s${i} { model: flux-2-pro prompt: "a${i}" use: p${i} }`)),
  "one preset used by every stage": (n) => `preset look { aspect: 16:9 model: flux-2-pro }\n` + pipeline(lines(n, (i) => `  image s${i} { prompt: "a${i}" use: look }`)),
  "the same unknown model everywhere": (n) => pipeline(lines(n, (i) => `  image s${i} { model: flux-schnel prompt: "a${i}" }`)),
  "a comment on every line": (n) => pipeline(lines(n, (i) => `  // shot ${i}\n  image s${i} { model: flux-2-pro prompt: "a${i}" } // after`)),
  "one still as the keyframe of every video": (n) =>
    pipeline(`  image hero { model: flux-2-pro prompt: "a" count: 4 }\n` + lines(n, (i) => `  video v${i} { model: ray-2 start: hero duration: 5s resolution: 540p }`)),
  "a cut of every shot": (n) =>
    pipeline(lines(n, (i) => `  video v${i} { model: ray-2 duration: 5s resolution: 540p }`) + `\n  sequence cut { clips: ${Array.from({ length: n }, (_, i) => `v${i}`).join(", ")} }\n  output cut`),
  "an output line naming every stage": (n) =>
    pipeline(lines(n, (i) => `  image s${i} { model: flux-2-pro prompt: "a${i}" }`) + `\n  output ${Array.from({ length: n }, (_, i) => `s${i}`).join(", ")}`),
  "a pipeline per shot": (n) =>
    lines(n, (i) => `pipeline "p${i}" { mode: draft image a { model: flux-2-pro prompt: "a" } video b { model: ray-2 start: a duration: 5s resolution: 720p } }`),
  "one name for every stage": (n) => pipeline(lines(n, () => `  image s { model: flux-2-pro prompt: "a" }`)),
  "references to stages that do not exist": (n) => pipeline(lines(n, (i) => `  upscale u${i} { from: missing${i} model: topaz-proteus resolution: 4k }`)),
  "draft and final blocks everywhere": (n) =>
    pipeline(`  mode: draft\n` + lines(n, (i) => `  video v${i} { model: ray-2 duration: 5s resolution: 720p draft { resolution: 540p } final { resolution: 1080p } }`)),
  "an upscale chain": (n) => pipeline(`  video u0 { model: ray-2 duration: 5s resolution: 540p }\n` + lines(n, (i) => `  upscale u${i + 1} { from: u${i} model: topaz-proteus resolution: 4k }`)),
  "a syntax error in every stage": (n) => pipeline(lines(n, (i) => `  image s${i} { model flux-2-pro prompt: "a }`)),
  "one long prompt": (n) => pipeline(`  image a { model: flux-2-pro prompt: "${"word ".repeat(n * 20)}" }`),
  "one long block comment": (n) => `/* ${"x".repeat(n * 100)} */\n` + pipeline(`  image a { model: flux-2-pro prompt: "a" }`),
};
