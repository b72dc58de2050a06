// Know what costs: two stages that make the same thing (same kind, model, prompt, inputs and every
// setting that decides the output) are billed twice for one result. Generate it once, read it twice.
import { PipelineSymbol, referencedWords, setting, StageSymbol, variationCount } from "../analysis/model";
import { Phase, referenceProperties, StageKind, stageKinds, stageSpecs } from "../analysis/schema";
import { booleanOf } from "../analysis/values";
import type { CatalogModel } from "../catalog/catalog";
import { forPipeline, inputsFirst, nativeAudio } from "../cost/estimate";
import { formatAmount } from "../cost/format";
import type { Value } from "../parser/ast";
import { removeStage } from "./edits";
import type { Fix, Rule, RuleContext, TextEdit } from "./rule";
import { hasUnresolvedReference, stagesNamedOnce } from "./support";

/** Kinds that are billed; keyframes and sequences are free, so they are compared (a video's frame) but never reported. */
const billed = new Set<StageKind>(["image", "video", "audio", "upscale", "reframe"]);
/** Settings that change the bill, not what is made (`use:` is compared through the settings it brings). */
const ignored = new Set(["use", "retries", "model"]);

/** Per phase, the setting reader `nativeAudio` takes: made once, not a closure per video and phase. */
const readIn: Record<Phase, typeof setting> = {
  draft: ((s: StageSymbol, k: string, t: Value["type"]) => setting(s, k, t, "draft")) as typeof setting,
  final: ((s: StageSymbol, k: string, t: Value["type"]) => setting(s, k, t, "final")) as typeof setting,
};

/** One setting as it takes effect in `phase`, with the default filled in where the default is known. */
function effective(stage: StageSymbol, key: string, phase: Phase, model: CatalogModel | undefined): unknown {
  const value: Value | undefined = stage.phaseSettings[phase].get(key)?.value;
  if (key === "audio" && stage.kind === "video") return nativeAudio(stage, readIn[phase], model);
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

/** Per kind, what is compared: the references (by the groups they read) and the settings that decide the output. */
const comparedKeys = Object.fromEntries(stageKinds.map((kind) => {
  const properties = stageSpecs[kind].properties;
  const settings = properties.filter((key) => !ignored.has(key) && !referenceProperties.includes(key));
  return [kind, { references: properties.filter((key) => referenceProperties.includes(key)), settings, prompt: settings.includes("prompt") }];
})) as Record<StageKind, { references: string[]; settings: string[]; prompt: boolean }>;

/**
 * The first part of what decides a stage's output, quick to tell: its kind, the groups of the stages it
 * reads (so two keyframes of one still count as one frame), its draft model and prompt. Undefined when
 * the output cannot be told: an unresolved or cyclic reference, a billed stage without a model.
 */
function outline(stage: StageSymbol, kind: StageKind, groupOf: Map<StageSymbol, number>): string | undefined {
  let refs: string = kind;
  for (const key of comparedKeys[kind].references) {
    refs += ` ${key}:`;
    for (const word of referencedWords(stage.settings.get(key)?.value)) {
      const edge = stage.inputs.find((e) => e.ref === word);
      const group = edge && edge.from !== stage ? groupOf.get(edge.from) : undefined;
      if (group === undefined) return undefined;
      refs += word.index === undefined ? `${group},` : `${group}[${word.index}],`;
    }
  }
  const { draft, final } = stage.phaseModels;
  if (billed.has(kind) && (!draft || !final)) return undefined;
  // The references hold no `|`, so two outlines that agree agree on the kind and the references; the
  // model and prompt only narrow the field (the settings part compares them again).
  const prompt = comparedKeys[kind].prompt ? effective(stage, "prompt", "draft", draft) : "";
  return `${refs}|${draft?.id ?? ""}|${String(prompt)}`;
}

/** One phase's model and settings, as a JSON array. */
function phasePart(stage: StageSymbol, kind: StageKind, phase: Phase, model: CatalogModel | undefined): string {
  const parts: unknown[] = [model?.id ?? null];
  for (const key of comparedKeys[kind].settings) parts.push(effective(stage, key, phase, model));
  return JSON.stringify(parts);
}

/** The rest of what decides a stage's output: each phase's model and settings. */
function settingsPart(stage: StageSymbol, kind: StageKind): string {
  const { draft, final } = stage.phaseModels;
  const draftPart = phasePart(stage, kind, "draft", draft);
  // Without phase blocks both phases read one map and one model: the final's part is the draft's.
  const samePhases = stage.phaseSettings.final === stage.phaseSettings.draft && final === draft;
  // JSON arrays close their brackets, so the two parts joined still tell every pair apart.
  return draftPart + (samePhases ? draftPart : phasePart(stage, kind, "final", final));
}

/** The stages of one outline: the first, its group, and once another comes, the group of each settings part. */
interface Outlined {
  first: StageSymbol;
  group: number;
  bySettings?: Map<string, number>;
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

/**
 * One pipeline's stages by what they make: stages that make the same thing (same outline, same settings
 * part) share a group, and outlines name inputs by group, so they stay short however long the chain.
 * Kept between checks: a group's number means one outline and settings part for good, so after an edit
 * only the edited stage and what is downstream of it are placed again; the rest keep their groups.
 */
interface Grouping {
  groupOf: Map<StageSymbol, number>;
  /** Each stage's outline, where it has one. */
  outlineOf: Map<StageSymbol, string>;
  byOutline: Map<string, Outlined>;
  /** Each group's billed stages that something uses. */
  members: Map<number, StageSymbol[]>;
  /** The groups with two members or more: the duplicates. */
  crowded: Set<number>;
}

interface Groupings {
  pipelines: Map<PipelineSymbol, Grouping>;
  /** The next group's number. */
  next: number;
}

/** Places stages in their groups, each after its inputs; an input not placed yet (a cycle) leaves a stage's output untold. */
function place(groupings: Groupings, grouping: Grouping, pipeline: PipelineSymbol, stages: Iterable<StageSymbol>): void {
  const { groupOf, outlineOf, byOutline, members, crowded } = grouping;
  const namedOnce = stagesNamedOnce(pipeline);
  const outputs = new Set(pipeline.outputs);
  // A stage unused-stage removes is left to it: pointing a copy at it would leave a dangling reference.
  const unusedApplies = pipeline.decl.outputs.length > 0 && !hasUnresolvedReference(pipeline);
  const used = (stage: StageSymbol) => !unusedApplies || outputs.has(stage) || stage.consumers.some((edge) => edge.to !== stage);
  for (const stage of stages) {
    // Most outlines are one stage's: the settings part is worked out only when a second stage has the outline.
    const comparable = stage.kind && namedOnce(stage);
    const key = comparable ? outline(stage, stage.kind!, groupOf) : undefined;
    if (key === undefined) {
      groupOf.set(stage, groupings.next++);
      continue;
    }
    outlineOf.set(stage, key);
    let group: number;
    const outlined = byOutline.get(key);
    if (!outlined) byOutline.set(key, { first: stage, group: (group = groupings.next++) });
    else {
      const { first } = outlined;
      const bySettings = (outlined.bySettings ??= new Map([[settingsPart(first, first.kind!), outlined.group]]));
      const part = settingsPart(stage, stage.kind!);
      const known = bySettings.get(part);
      if (known === undefined) bySettings.set(part, (group = groupings.next++));
      else group = known;
    }
    groupOf.set(stage, group);
    if (!billed.has(stage.kind!) || !used(stage)) continue;
    const list = members.get(group);
    if (!list) members.set(group, [stage]);
    else {
      list.push(stage);
      crowded.add(group);
    }
  }
}

/** Takes a stage out of its group, to be placed again. */
function unplace(grouping: Grouping, stage: StageSymbol): void {
  const { groupOf, outlineOf, byOutline, members, crowded } = grouping;
  const group = groupOf.get(stage)!;
  groupOf.delete(stage);
  const key = outlineOf.get(stage);
  outlineOf.delete(stage);
  // An outline only this stage had goes with it (else each keystroke in a prompt would leave one behind).
  const outlined = key === undefined ? undefined : byOutline.get(key);
  if (outlined?.first === stage && !outlined.bySettings) byOutline.delete(key!);
  const list = members.get(group);
  const at = list ? list.indexOf(stage) : -1;
  if (at < 0) return;
  list!.splice(at, 1);
  if (list!.length < 2) crowded.delete(group);
  if (list!.length === 0) members.delete(group);
}

/** Every pipeline's grouping, or the previous check's with the edited stage and what is downstream of it placed again. */
function grouped(context: RuleContext): Groupings {
  const { edited } = context;
  const kept = edited?.kept as Groupings | undefined;
  const grouping = edited && kept?.pipelines.get(edited.stage.pipeline);
  if (kept && grouping) {
    const { stage, checked } = edited!;
    const again = inputsFirst(stage.pipeline).filter((s) => checked.has(s));
    for (const s of again) unplace(grouping, s);
    place(kept, grouping, stage.pipeline, again);
    return kept;
  }
  const groupings: Groupings = { pipelines: new Map(), next: 0 };
  for (const pipeline of context.analysis.model.pipelines) {
    const grouping: Grouping = { groupOf: new Map(), outlineOf: new Map(), byOutline: new Map(), members: new Map(), crowded: new Set() };
    groupings.pipelines.set(pipeline, grouping);
    place(groupings, grouping, pipeline, inputsFirst(pipeline));
  }
  return groupings;
}

export const duplicateGeneration: Rule = {
  id: "duplicate-generation",
  principle: "Know what costs",
  description: "Two stages generate the same thing (same kind, model, prompt, inputs and settings): generate once and reference it twice.",
  defaultSeverity: "warning",
  check(context) {
    const { text, analysis, costs, settings, report } = context;
    const groupings = grouped(context);
    context.keep?.(groupings);
    for (const pipeline of analysis.model.pipelines) {
      const cost = forPipeline(costs, pipeline);
      const delivered = new Set(pipeline.decl.outputs.flatMap((o) => o.refs.map((ref) => ref.text)));
      const { members, crowded } = groupings.pipelines.get(pipeline)!;
      let order: Map<StageSymbol, number> | undefined;
      const found: { copy: StageSymbol; first: StageSymbol }[] = [];
      for (const number of crowded) {
        const group = members.get(number)!;
        order ??= new Map(pipeline.stageList.map((stage, i) => [stage, i]));
        group.sort((a, b) => order!.get(a)! - order!.get(b)!);
        for (const copy of group.slice(1)) found.push({ copy, first: group[0] });
      }
      found.sort((a, b) => order!.get(a.copy)! - order!.get(b.copy)!);

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
