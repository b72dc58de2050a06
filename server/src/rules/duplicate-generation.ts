// Know what costs: two stages that make the same thing (same kind, model, prompt, inputs and every
// setting that decides the output) are billed twice for one result. Generate it once, read it twice.
import { PipelineSymbol, referencedWords, setting, StageSymbol, variationCount } from "../analysis/model";
import { Phase, phases, referenceProperties, StageKind, stageSpecs } from "../analysis/schema";
import { booleanOf } from "../analysis/values";
import type { CatalogModel } from "../catalog/catalog";
import { inputsFirst, nativeAudio } from "../cost/estimate";
import { formatAmount } from "../cost/format";
import type { Value } from "../parser/ast";
import { removeStage } from "./edits";
import type { Fix, Rule, TextEdit } from "./rule";

/** Kinds that are billed; keyframes and sequences are free, so they are compared (a video's frame) but never reported. */
const billed = new Set<StageKind>(["image", "video", "audio", "upscale", "reframe"]);
/** Settings that change the bill, not what is made (`use:` is compared through the settings it brings). */
const ignored = new Set(["use", "retries", "model"]);

/** One setting as it takes effect in `phase`, with the default filled in where the default is known. */
function effective(stage: StageSymbol, key: string, phase: Phase, model: CatalogModel | undefined): unknown {
  const value: Value | undefined = stage.phaseSettings[phase].get(key)?.value;
  if (key === "audio" && stage.kind === "video") {
    return nativeAudio(stage, ((s: StageSymbol, k: string, t: Value["type"]) => setting(s, k, t, phase)) as typeof setting, model);
  }
  if (key === "hdr") return value?.type === "word" ? booleanOf(value) : false;
  if (key === "count") return value?.type === "number" ? value.value : 1;
  if (key === "resolution" && !value) return model?.defaultResolution ?? null;
  if (key === "quality" && !value) return model?.defaultQuality ?? null;
  if (key === "fps" && !value) return model?.defaultFps ?? null;
  // `aspect` keeps no default: a written aspect against none is reframe-not-regenerate's question.
  if (!value) return null;
  switch (value.type) {
    case "string": return value.value;
    case "number": return value.value;
    case "duration": return value.seconds;
    case "word": return value.text;
    case "resolution": case "aspect": case "malformed": return value.text;
    default: return null;
  }
}

/**
 * What decides a stage's output, as a string: its kind, the groups of the stages it reads (so two
 * keyframes of one still count as one frame), and each phase's model and settings. Undefined when
 * it cannot be told: an unresolved or cyclic reference, a billed stage without a model.
 */
function signature(stage: StageSymbol, kind: StageKind, groupOf: Map<StageSymbol, number>): string | undefined {
  const parts: unknown[] = [kind];
  const edges = new Map(stage.inputs.map((edge) => [edge.ref, edge]));
  const properties = stageSpecs[kind].properties;
  for (const key of properties) {
    if (!referenceProperties.includes(key)) continue;
    const refs: string[] = [];
    for (const word of referencedWords(stage.settings.get(key)?.value)) {
      const edge = edges.get(word);
      const group = edge && edge.from !== stage ? groupOf.get(edge.from) : undefined;
      if (group === undefined) return undefined;
      refs.push(word.index === undefined ? `${group}` : `${group}[${word.index}]`);
    }
    parts.push(key, refs.join(","));
  }
  for (const phase of phases) {
    const model = stage.phaseModels[phase];
    if (billed.has(kind) && !model) return undefined;
    parts.push(phase, model?.id ?? null);
    for (const key of properties) {
      if (!ignored.has(key) && !referenceProperties.includes(key)) parts.push(effective(stage, key, phase, model));
    }
  }
  return JSON.stringify(parts);
}

/** Whether some reference names no stage: unused-stage then holds back, so every stage counts as used. */
function hasUnresolvedReference(pipeline: PipelineSymbol): boolean {
  const refs = [
    ...pipeline.stageList.flatMap((stage) => referenceProperties.flatMap((key) => referencedWords(stage.settings.get(key)?.value))),
    ...pipeline.decl.outputs.flatMap((output) => output.refs),
  ];
  return refs.some((ref) => !pipeline.stages.has(ref.text));
}

/** "the same clip", "the same 2 images", "the same voiceover". */
function made(stage: StageSymbol): string {
  const audio: Record<string, string> = { voiceover: "voiceover", music: "music track", sfx: "sound effect" };
  const nouns: Record<string, string> = { image: "image", video: "clip", upscale: "upscale", reframe: "reframe" };
  const noun = stage.kind === "audio" ? audio[setting(stage, "kind", "word")?.text ?? ""] ?? "audio track" : nouns[stage.kind!];
  const count = stage.kind === "image" || stage.kind === "video" || stage.kind === "audio" ? variationCount(stage) : 1;
  return count === 1 ? `the same ${noun}` : `the same ${count} ${noun}s`;
}

/** "same model, start frame, prompt and settings": what the reader checks first. */
function same(stage: StageSymbol): string {
  if (stage.kind === "upscale" || stage.kind === "reframe") return "same input, model and settings";
  const has = (key: string) => stage.settings.has(key);
  const parts = ["model"];
  if (has("start") || has("end")) parts.push(has("start") && has("end") ? "frames" : has("start") ? "start frame" : "end frame");
  if (has("prompt")) parts.push("prompt");
  if (has("text")) parts.push("text");
  return `same ${parts.join(", ")} and settings`;
}

/** Removes `copy` and points every stage that read it at `first`, index kept (`b[2]` → `a[2]`). */
function reuse(text: string, first: StageSymbol, copy: StageSymbol): Fix | undefined {
  const removal = removeStage(text, copy.decl);
  if (!removal) return undefined;
  // The first's name, rewritten as it is: the references moved to it rely on that name, and fix-all
  // holds back another fix that would rename or remove the first in the same round.
  const edits: TextEdit[] = [removal, { span: first.decl.name!.span, newText: first.name }];
  for (const edge of copy.consumers) {
    const { start } = edge.ref.span;
    const end = start + edge.ref.text.length;
    if (edge.to === copy || text.slice(start, end) !== edge.ref.text) return undefined;
    edits.push({ span: { start, end }, newText: first.name });
  }
  const title = copy.consumers.length > 0 ? `Remove \`${copy.name}\` and use \`${first.name}\` in its place` : `Remove \`${copy.name}\``;
  return { title, edits };
}

export const duplicateGeneration: Rule = {
  id: "duplicate-generation",
  principle: "Know what costs",
  description: "Two stages generate the same thing (same kind, model, prompt, inputs and settings): generate once and reference it twice.",
  defaultSeverity: "warning",
  check({ text, analysis, costs, settings, report }) {
    for (const pipeline of analysis.model.pipelines) {
      const cost = costs.find((c) => c.pipeline === pipeline);
      const names = new Map<string, number>();
      for (const stage of pipeline.stageList) names.set(stage.name, (names.get(stage.name) ?? 0) + 1);
      const delivered = new Set(pipeline.decl.outputs.flatMap((o) => o.refs.map((ref) => ref.text)));
      const outputs = new Set(pipeline.outputs);
      // A stage unused-stage removes is left to it: pointing a copy at it would leave a dangling reference.
      const unusedApplies = pipeline.decl.outputs.length > 0 && !hasUnresolvedReference(pipeline);
      const used = (stage: StageSymbol) => !unusedApplies || outputs.has(stage) || stage.consumers.some((edge) => edge.to !== stage);

      // One pass, inputs first: each stage's group is its signature's number, so signatures stay
      // short however long the chain, and stages that make the same thing share a group.
      const groupOf = new Map<StageSymbol, number>();
      const numbers = new Map<string, number>();
      const members = new Map<number, StageSymbol[]>();
      let next = 0;
      for (const stage of inputsFirst(pipeline)) {
        const comparable = stage.kind && stage.decl.name && names.get(stage.name) === 1;
        const key = comparable ? signature(stage, stage.kind!, groupOf) : undefined;
        if (key === undefined) {
          groupOf.set(stage, next++);
          continue;
        }
        let group = numbers.get(key);
        if (group === undefined) numbers.set(key, (group = next++));
        groupOf.set(stage, group);
        if (!billed.has(stage.kind!) || !used(stage)) continue;
        const list = members.get(group);
        if (list) list.push(stage);
        else members.set(group, [stage]);
      }

      const order = new Map(pipeline.stageList.map((stage, i) => [stage, i]));
      const found: { copy: StageSymbol; first: StageSymbol }[] = [];
      for (const group of members.values()) {
        if (group.length < 2) continue;
        group.sort((a, b) => order.get(a)! - order.get(b)!);
        for (const copy of group.slice(1)) found.push({ copy, first: group[0] });
      }
      found.sort((a, b) => order.get(a.copy)! - order.get(b.copy)!);

      for (const { copy, first } of found) {
        const usd = cost?.stages.get(copy)?.usd ?? 0;
        const spent = usd > 0 ? `: ${formatAmount(usd, settings)} for a copy` : "";
        // Without an `output` line, a stage nothing reads is there to be delivered.
        const why = delivered.has(copy.name) ? `\`${copy.name}\` is an \`output\``
          : pipeline.decl.outputs.length === 0 && copy.consumers.length === 0 ? `the pipeline has no \`output\` line, so \`${copy.name}\` may be delivered`
          : undefined;
        const fix = why ? undefined : reuse(text, first, copy);
        const advice = why ? `deliver \`${first.name}\` instead; no fix: ${why}` : `use \`${first.name}\` instead`;
        report({
          message: `\`${copy.name}\` generates ${made(copy)} as \`${first.name}\` (${same(copy)})${spent}; ${advice}`,
          span: copy.decl.name!.span,
          fixes: fix ? [fix] : [],
        });
      }
    }
  },
};
