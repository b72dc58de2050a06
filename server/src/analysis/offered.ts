// What a model makes in combination: values it offers one by one but not together (Luma's reframe to
// 9:16 at 1080p, Hailuo's 10 s clips at 1080p), and the resolutions a video reframe model takes in.
// A reframe works at its input's resolution, so this needs the graph: it runs once the models are known.
import { describeCombination, notOffered } from "../catalog/catalog";
import type { Span } from "../parser/ast";
import { resolutionOut } from "./flow";
import { inputsFirst } from "./graph";
import { mediaOf, PipelineSymbol, setting, StageSymbol } from "./model";
import { Phase, phases } from "./schema";
import { fromPreset, settingSpan } from "./settings";
import { listOf } from "../parser/suggest";
import type { Diagnostic } from "../parser/diagnostic";

/** Reports each stage's problems as `report(stage, …)`; with `only`, only those stages' (the others are still read for what flows). */
export function checkOffered(pipeline: PipelineSymbol, report: (stage: StageSymbol, diagnostic: Diagnostic) => void, only?: ReadonlySet<StageSymbol>): void {
  const problems = new Map<StageSymbol, Partial<Record<Phase, Problem>>>();
  // Without a phase block anywhere, the final phase is the draft again: checked once.
  const onePhase = pipeline.stageList.every((stage) => stage.phaseSettings.final === stage.phaseSettings.draft);
  // With `only`, what flows is worked out for those stages and what they read, not the whole pipeline.
  const needed = only && withInputs(only);
  for (const phase of onePhase ? draftOnly : phases) {
    const out = new Map<StageSymbol, string>();
    for (const stage of inputsFirst(pipeline)) {
      if (needed && !needed.has(stage)) continue;
      const model = stage.phaseModels[phase];
      const own = setting(stage, "resolution", "resolution", phase)?.text;
      const source = stage.kind === "sequence" ? undefined : fromOf(stage);
      const inputs = stage.kind === "sequence"
        ? stage.inputs.filter((e) => e.property === "clips" && e.from !== stage).map((e) => out.get(e.from))
        : [source && out.get(source)];
      // A resolution its own model does not offer is already an error: what flows on is unknown, not a second error.
      const unoffered = own !== undefined && model?.resolutions !== undefined && !model.resolutions.includes(own);
      out.set(stage, unoffered ? "default" : resolutionOut(stage, own, model, inputs));
      if (!model || !stage.kind || stage.kind === "sequence" || stage.kind === "keyframe" || stage.kind === "audio" || (only && !only.has(stage))) continue;
      const settings = stage.phaseSettings[phase];
      const problem = check(stage.settings === settings ? stage : { ...stage, settings }, phase, out.get(stage)!);
      if (problem) problems.set(stage, { ...problems.get(stage), [phase]: problem });
    }
  }
  // The same problem in both phases is reported once; one that only a phase has says which.
  for (const [stage, byPhase] of problems) {
    const { draft, final } = byPhase;
    if (onePhase || (draft && final && draft.message === final.message)) report(stage, draft!);
    else for (const phase of phases) if (byPhase[phase]) report(stage, { ...byPhase[phase]!, message: `${byPhase[phase]!.message} (in the ${phase} phase)` });
  }
}

const draftOnly: readonly Phase[] = ["draft"];

/** The stages and every stage they read, directly or not. */
function withInputs(stages: ReadonlySet<StageSymbol>): Set<StageSymbol> {
  const found = new Set(stages);
  const pending = [...stages];
  while (pending.length > 0) {
    for (const edge of pending.pop()!.inputs) {
      if (found.has(edge.from)) continue;
      found.add(edge.from);
      pending.push(edge.from);
    }
  }
  return found;
}

interface Problem {
  code: "unsupported-value";
  message: string;
  severity: "error";
  span: Span;
}

const fromOf = (stage: StageSymbol) => stage.inputs.find((e) => e.property === "from" && e.from !== stage)?.from;

/** `stage` is a view of one phase (its settings are that phase's); `flowing` is the resolution it passes on. */
function check(stage: StageSymbol, phase: Phase, flowing: string): Problem | undefined {
  const model = stage.phaseModels[phase]!;
  const source = fromOf(stage);
  // A reframe works at what flows in; every other stage at its own resolution, or its model's default.
  const reframed = stage.kind === "reframe";
  const resolution = reframed ? flowing : setting(stage, "resolution", "resolution")?.text ?? model.defaultResolution;
  const aspect = setting(stage, "aspect", "aspect")?.text;
  const seconds = stage.kind === "video" ? setting(stage, "duration", "duration")?.seconds : undefined;
  const at = reframed && source ? `, and \`${source.name}\` is ${resolution}` : "";
  if (reframed && source && mediaOf(source) === "video" && resolution && resolution !== "default" && model.resolutions && !model.resolutions.includes(resolution)) {
    return {
      code: "unsupported-value",
      message: `\`${model.id}\` does not reframe ${resolution} video (\`${source.name}\` is ${resolution}); it takes ${listOf(model.resolutions)}: reframe a lower-resolution take, then upscale the reframe`,
      severity: "error",
      span: settingSpan(stage, "from"),
    };
  }
  if (!resolution || resolution === "default") return undefined;
  const combo = notOffered(model, { resolution, aspect, seconds });
  if (!combo) return undefined;
  // Where the combination could be made instead: the same aspect and length at another resolution.
  const others = (model.resolutions ?? []).filter((r) => r !== resolution && !notOffered(model, { resolution: r, aspect, seconds }));
  const same = describeCombination({ ...combo, resolution: undefined });
  const instead = others.length ? `; it makes ${same} at ${listOf(others)}` : "";
  const advice = reframed ? ": reframe a lower-resolution take, then upscale the reframe" : "";
  // Put it on the value the stage wrote that makes the combination: its aspect, then its length, then its resolution.
  const key = combo.aspect && stage.settings.has("aspect") ? "aspect" : combo.durations && stage.settings.has("duration") ? "duration" : stage.settings.has("resolution") ? "resolution" : reframed ? "from" : "model";
  return {
    code: "unsupported-value",
    message: `\`${model.id}\` does not offer ${describeCombination(combo)}${at}${instead}${advice}${fromPreset(stage, key)}`,
    severity: "error",
    span: settingSpan(stage, key),
  };
}
