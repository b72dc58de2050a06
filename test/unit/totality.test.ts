// The whole check (parse, analysis, cost, every rule, every fix) on pseudo-random
// text made of real syntax: nothing may throw, and no check may fail internally.
import * as assert from "assert";
import { allRules } from "../../server/src/rules";
import { applyEdits } from "../../server/src/rules/edits";
import { isRuleDiagnostic } from "../../server/src/rules/runner";
import { checkDocument } from "../../server/src/service/check";
import { fixAll } from "../../server/src/service/fixes";
import { loadDefaultCatalog } from "../../server/src/catalog/catalog";
import { completionsAt } from "../../server/src/service/completion";
import { hoverAt } from "../../server/src/service/hover";

const catalog = loadDefaultCatalog();
import { codeLenses } from "../../server/src/service/lenses";

const fragments = [
  'pipeline "p" {', "}", "{", "\n", "mode: draft", "mode: final", "budget: 5 credits", "output v, a", 'brief { goal: "x" }',
  "image a {", "video v {", "keyframe k {", "upscale u {", "reframe r {", "audio s {", 'preset look { style: "x" }', "use: look",
  "model: ray-2", "model: photon-flash-1", "model: kling-v3", "model: topaz-proteus", "model: ray-3.2-reframe", "model: eleven-multilingual-v2",
  'prompt: "x"', "from: a", "from: v", "start: k", "start: a[2]", "over: v", "count: 3", "retries: 2", "duration: 5s", "duration: 9s",
  "resolution: 1080p", "resolution: 540p", "resolution: 2k", "aspect: 9:16", "aspect: 16:9", "audio: on", "kind: voiceover", 'text: "hi"',
  "kind: music", '"', "[", ":", "🌸",
];

/** A pipeline built from real stages with random settings: valid enough for every rule to have its say. */
function randomPipeline(random: () => number): string {
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)];
  const names = ["a", "b", "k", "v", "w", "u", "r", "s"];
  const stageKinds: Record<string, string[]> = {
    image: ["model: photon-flash-1", "model: flux-2-pro", "model: imagen-4", 'prompt: "x"', "resolution: 2k", "resolution: 1080p", "aspect: 16:9", "count: 2", "retries: 1", "use: look", 'style: "pastel"', "final { model: nano-banana-pro resolution: 2k }"],
    keyframe: ["from: a", "from: b", "from: a[2]"],
    video: ["model: ray-2", "model: kling-v3", "model: veo-3.1", "model: ray-flash-2", 'prompt: "x"', "start: k", "duration: 5s", "duration: 8s", "resolution: 540p", "resolution: 1080p", "aspect: 9:16", "aspect: 16:9", "audio: on", "audio: off", "count: 2", 'style: "pastel"', "final { resolution: 1080p count: 2 }", "draft { model: ray-flash-2 }"],
    upscale: ["from: v", "from: a", "from: w", "resolution: 4k", "resolution: 1080p", "model: topaz-proteus", "model: stability-upscale-fast"],
    reframe: ["from: v", "from: a", "from: u", "aspect: 9:16", "aspect: 1:1", "model: ray-3.2-reframe"],
    sequence: ["clips: v, w", "clips: u, r"],
    audio: ["kind: voiceover", "kind: music", "model: eleven-multilingual-v2", "model: eleven-music", 'text: "hi"', 'prompt: "calm"', "over: v", "over: u", "duration: 5s", "duration: 30s"],
  };
  const lines = [random() < 0.5 ? 'preset look { style: "pastel" negative: "text" }' : "", `pipeline "p" {`];
  if (random() < 0.5) lines.push('  brief { goal: "x" }');
  lines.push(`  mode: ${pick(["draft", "final"])}`);
  if (random() < 0.5) lines.push(`  budget: ${pick(["50 credits", "$3"])}`);
  for (let i = 0; i < 3 + Math.floor(random() * 6); i++) {
    const kind = pick(Object.keys(stageKinds));
    const props = stageKinds[kind].filter(() => random() < 0.5);
    lines.push(`  ${kind} ${pick(names)} { ${props.join(" ")} }`);
  }
  if (random() < 0.7) lines.push(`  output ${pick(names)}, ${pick(names)}`);
  lines.push("}");
  return lines.join("\n");
}

const seldom = [
  // reframe-not-regenerate, duplicate-generation
  'pipeline "p" {\n  mode: draft\n  video a { model: ray-2 prompt: "x" duration: 5s resolution: 540p aspect: 16:9 }\n  video b { model: ray-2 prompt: "x" duration: 5s resolution: 540p aspect: 9:16 }\n  video c { model: ray-2 prompt: "x" duration: 5s resolution: 540p aspect: 16:9 }\n  output a, b, c\n}',
  // upscale-draft
  'pipeline "p" {\n  mode: final\n  image h { model: photon-flash-1 prompt: "x" }\n  keyframe k { from: h }\n  video d { model: ray-2 start: k prompt: "x" duration: 5s resolution: 540p }\n  video f { model: ray-2 start: k prompt: "x" duration: 5s resolution: 1080p }\n  output d, f\n}',
  // reframe-before-upscale, no-op-stage, audio-too-long, no-replaced-audio through a sequence
  'pipeline "p" {\n  video v { model: kling-v3 duration: 5s resolution: 720p audio: on }\n  upscale u { from: v resolution: 1080p model: topaz-proteus }\n  upscale same { from: u resolution: 720p model: topaz-proteus }\n' +
    '  reframe r { from: u aspect: 1:1 model: ray-3.2-reframe }\n  sequence cut { clips: r }\n  audio m { kind: music model: eleven-music prompt: "x" duration: 60s over: cut }\n  output r, m, same\n}',
];

describe("totality of the whole check", () => {
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;

  const fired = new Set<string>();
  const check = (text: string) => {
    const failures: string[] = [];
    const document = checkDocument(text, { onRuleError: (rule, error) => failures.push(`${rule.id}: ${String(error)}`) });
    assert.deepStrictEqual(failures, [], `a rule threw on ${JSON.stringify(text)}`);
    assert.deepStrictEqual(document.diagnostics.filter((d) => d.code === "internal").map((d) => d.message), [], JSON.stringify(text));
    for (const d of document.diagnostics.filter(isRuleDiagnostic)) {
      fired.add(d.rule);
      for (const fix of d.fixes) applyEdits(text, fix.edits);
    }
    fixAll(document);
    codeLenses(document);
    for (let offset = 0; offset <= text.length; offset += 7) {
      hoverAt(document, offset);
      completionsAt(document, offset, catalog);
    }
  };

  it("never throws on shuffled fragments of real syntax", () => {
    for (let i = 0; i < 300; i++) {
      let text = "";
      const length = 5 + Math.floor(random() * 40);
      for (let j = 0; j < length; j++) text += fragments[Math.floor(random() * fragments.length)] + (random() < 0.3 ? "\n" : " ");
      check(text);
    }
  });

  it("never throws on random pipelines of real stages, where the rules fire", () => {
    fired.clear();
    for (let i = 0; i < 300; i++) check(randomPipeline(random));
    // Shapes the generator seldom draws (pairs of near-identical stages, chains), through the same checks.
    for (const text of seldom) check(text);
    assert.deepStrictEqual(allRules.map((r) => r.id).filter((id) => !fired.has(id)), [], "rules the generator never exercised");
  });
});
