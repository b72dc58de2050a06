// Reuse your thinking: settings written the same way in three or more stages belong in one preset,
// written once and `use`d, so a change to the look is made in one place.
import type { StageSymbol } from "../analysis/model";
import { presetProperties } from "../analysis/settings";
import type { Property } from "../parser/ast";
import { firstFrom } from "../parser/spans";
import { indentAt, insertLinesBefore, insideComment, lineStart, openBraceOf, removeProperty } from "./edits";
import { isFirstOfName } from "./support";
import { lazyFix, type Rule, type RuleContext, type TextEdit } from "./rule";

export const DEFAULT_MIN_STAGES = 3;

/** Settings that carry the thinking of a stage: one of them repeated is worth a preset on its own. */
const thinkingKeys = new Set(["prompt", "negative", "style", "text", "voice"]);
/** Settings that make a preset a look rather than technical settings, for its name. */
const lookKeys = new Set(["prompt", "negative", "style"]);

interface Written {
  stage: StageSymbol;
  /** The stage's place among the file's stages: groups of stages are told apart by their places. */
  place: number;
  property: Property;
  key: string;
  /** The value as written. */
  value: string;
}

/** `key: value` with the value as written. */
const writtenText = (written: Written) => `${written.key}: ${written.value}`;

interface Group {
  stages: StageSymbol[];
  /** The shared settings, in the order the first stage writes them. */
  shared: Written[];
}

/** How many of the properties have `key`: a scan, as a stage writes a handful (a Set per stage would cost more). */
function countKey(properties: Property[], key: string): number {
  let count = 0;
  for (const property of properties) if (property.key.text === key) count++;
  return count;
}

/** Whether two of the properties have the same key. */
function repeatsAKey(properties: Property[]): boolean {
  for (let i = 1; i < properties.length; i++) {
    for (let j = 0; j < i; j++) if (properties[i].key.text === properties[j].key.text) return true;
  }
  return false;
}

/**
 * Adds to `found` the properties of a stage that could move to a preset unchanged: written once, in
 * effect (not overridden, not rejected), and allowed in a preset. Stages whose `use:` is not usable are left out.
 */
function addMovable(text: string, stage: StageSymbol, place: number, found: (written: Written) => void): void {
  // A stage with a duplicate name is an error of its own, not a candidate.
  if (!stage.kind || !isFirstOfName(stage)) return;
  const properties = stage.decl.properties;
  const uses = countKey(properties, "use");
  if (uses > 1 || (uses === 1 && !stage.settings.has("use"))) return;
  // Keys are counted one by one only in a stage that repeats one (an error already): most repeat none.
  const repeats = repeatsAKey(properties);
  for (const property of properties) {
    const key = property.key.text;
    if (!property.value || !Object.prototype.hasOwnProperty.call(presetProperties, key)) continue;
    const effective = stage.settings.get(key);
    if (effective?.property !== property || effective.preset || (repeats && countKey(properties, key) !== 1)) continue;
    found({ stage, place, property, key, value: text.slice(property.value.span.start, property.value.span.end) });
  }
}

/**
 * The settings that could move to a preset, by key, then by the value as written, in source order. Kept
 * between checks: after an edit inside one stage only that stage's settings can have changed, so only its
 * entries are taken out and put back (a storyboard has thousands of stages, typed into one at a time).
 */
interface Index {
  byKey: Map<string, Map<string, Written[]>>;
  /** Each stage's entries, to take them out again. */
  ofStage: Map<StageSymbol, Written[]>;
  /** The lists written in `minStages` or more stages: the only ones that can make a group. */
  crowded: Set<Written[]>;
  minStages: number;
}

/** Where `place` goes in a list in source order. */
const placeIn = (list: Written[], place: number) => firstFrom(list, place, (written) => written.place);

function addStage(index: Index, text: string, stage: StageSymbol, place: number, last: boolean): void {
  const entries: Written[] = [];
  addMovable(text, stage, place, (written) => entries.push(written));
  if (entries.length === 0) return;
  index.ofStage.set(stage, entries);
  for (const written of entries) {
    // Keyed by property, then by the value as written: the value's slice is looked up as it is, where
    // a `key: value` string would be built and hashed for every property of every stage.
    let byValue = index.byKey.get(written.key);
    if (!byValue) index.byKey.set(written.key, (byValue = new Map()));
    const same = byValue.get(written.value);
    if (!same) byValue.set(written.value, [written]);
    else {
      // Stages come in source order when the index is built; an edited stage goes back where it was.
      if (last) same.push(written);
      else same.splice(placeIn(same, place), 0, written);
      if (same.length >= index.minStages) index.crowded.add(same);
    }
  }
}

function removeStage(index: Index, stage: StageSymbol): void {
  for (const written of index.ofStage.get(stage) ?? []) {
    const byValue = index.byKey.get(written.key)!;
    const same = byValue.get(written.value)!;
    same.splice(placeIn(same, written.place), 1);
    if (same.length < index.minStages) index.crowded.delete(same);
    if (same.length === 0) byValue.delete(written.value);
  }
  index.ofStage.delete(stage);
}

/** The index of every stage's movable settings, in source order (linear in the stages). */
function indexAll(context: RuleContext, minStages: number): Index {
  const index: Index = { byKey: new Map(), ofStage: new Map(), crowded: new Set(), minStages };
  let place = 0;
  for (const pipeline of context.analysis.model.pipelines) {
    for (const stage of pipeline.stageList) addStage(index, context.text, stage, place++, true);
  }
  return index;
}

/** The previous check's index with the edited stage's entries taken out and put back. */
function reindexed(context: RuleContext, index: Index): Index {
  const { stage } = context.edited!;
  let place = 0;
  for (const pipeline of context.analysis.model.pipelines) {
    if (pipeline === stage.pipeline) break;
    place += pipeline.stageList.length;
  }
  removeStage(index, stage);
  addStage(index, context.text, stage, place + stage.pipeline.stageList.indexOf(stage), false);
  return index;
}

/** Groups the repeated settings by the exact set of stages that share them, in source order. */
function repeatedGroups(index: Index): Group[] {
  // Groups are told apart by their stages' count, first and last place, then stage by stage: a string
  // of every place would be built for each repeated value, thousands of numbers long in a storyboard.
  const groups = new Map<string, Group[]>();
  for (const all of index.crowded) {
    const id = `${all.length} ${all[0].place} ${all[all.length - 1].place}`;
    let alike = groups.get(id);
    if (!alike) groups.set(id, (alike = []));
    let group = alike.find((g) => g.stages.every((stage, i) => stage === all[i].stage));
    if (!group) alike.push((group = { stages: all.map((w) => w.stage), shared: [] }));
    group.shared.push(all[0]);
  }
  // The order groups were found in does not matter: each is placed by its first shared setting, which no other group holds.
  return [...groups.values()].flat()
    .map((g) => ({ ...g, shared: g.shared.sort((a, b) => a.property.span.start - b.property.span.start) }))
    // One setting alone is worth a preset when it is thinking (a style, a negative), not a coincidence of format.
    .filter((g) => g.shared.length >= 2 || thinkingKeys.has(g.shared[0].key))
    .sort((a, b) => a.shared[0].property.span.start - b.shared[0].property.span.start);
}

function presetName(group: Group, taken: Set<string>): string {
  const kinds = new Set(group.stages.map((s) => s.kind));
  const kind = kinds.size === 1 ? [...kinds][0] : undefined;
  const base = kind === "image" ? "still" : kind === "video" || kind === "audio" || kind === "reframe" || kind === "upscale" ? kind : "shared";
  const stem = `${base}_${group.shared.some((w) => lookKeys.has(w.key)) ? "look" : "settings"}`;
  let name = stem;
  for (let n = 2; taken.has(name); n++) name = `${stem}_${n}`;
  taken.add(name);
  return name;
}

/** Where a preset goes: before the pipeline, above the comment lines directly on top of it. */
function presetOffset(text: string, pipelineStart: number): number {
  let offset = lineStart(text, pipelineStart);
  while (offset > 0) {
    const previous = lineStart(text, offset - 1);
    if (!/^[ \t]*\/\//.test(text.slice(previous, offset - 1))) break;
    offset = previous;
  }
  return offset;
}

function extract(text: string, group: Group, name: string): TextEdit[] {
  const first = group.stages[0];
  const edits: TextEdit[] = [];
  const properties = group.shared.map((w) => text.slice(w.property.span.start, w.property.span.end));
  const pipeline = first.pipeline.decl;
  const multiline = text.slice(first.decl.span.start, first.decl.span.end).includes("\n");
  const at = presetOffset(text, pipeline.span.start);
  const outer = indentAt(text, pipeline.span.start);
  const stageIndent = indentAt(text, first.decl.span.start);
  const unit = stageIndent.startsWith(outer) && stageIndent.length > outer.length ? stageIndent.slice(outer.length) : "  ";
  const lines = multiline ? [`preset ${name} {`, ...properties.map((p) => unit + p), "}", ""] : [`preset ${name} { ${properties.join(" ")} }`, ""];
  // Offered only where the preset's lines are not inside a comment (checked when the finding is made).
  edits.push(insertLinesBefore(text, at, lines, [])!);

  const keys = new Set(group.shared.map((w) => w.key));
  for (const stage of group.stages) {
    // Claims the stage: fix-all leaves for a later round any other fix that claims it too, so two
    // presets extracted from one stage never both write a `use:` there.
    const brace = openBraceOf(text, stage.decl);
    if (brace !== undefined) edits.push({ span: { start: brace + 1, end: brace + 1 }, newText: "" });
    const moved = stage.decl.properties.filter((p) => keys.has(p.key.text));
    const use = stage.decl.properties.find((p) => p.key.text === "use");
    if (use?.value) {
      // Last in `use:`, so the moved settings still win over the stage's other presets, as they did.
      edits.push({ span: { start: use.value.span.end, end: use.value.span.end }, newText: `, ${name}` });
      for (const p of moved) edits.push(removeProperty(text, p));
    } else if (moved.length > 0) {
      edits.push({ span: moved[0].span, newText: `use: ${name}` });
      for (const p of moved.slice(1)) edits.push(removeProperty(text, p));
    }
  }
  return edits;
}

function shown(written: Written): string {
  const value = written.property.value!;
  if (value.type === "string") {
    if (value.triple) return `${written.key}: """…"""`;
    return `${written.key}: ${JSON.stringify(value.value.length > 30 ? value.value.slice(0, 30) + "…" : value.value)}`;
  }
  return writtenText(written);
}

function stageList(stages: StageSymbol[]): string {
  const names = stages.map((s) => `\`${s.name}\``);
  if (names.length > 5) return `${names.slice(0, 4).join(", ")} and ${names.length - 4} more stages`;
  return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

export const reusePreset: Rule = {
  id: "reuse-preset",
  principle: "Reuse your thinking",
  description: "The same properties repeat across three or more stages: write them once in a `preset` and `use:` it.",
  defaultSeverity: "info",
  inFixAll: false, // it saves nothing and invents a preset name: offered, never applied unasked
  check(context) {
    const option = context.options.minStages;
    const minStages = typeof option === "number" && Number.isInteger(option) && option >= 2 ? option : DEFAULT_MIN_STAGES;
    const taken = new Set<string>([...context.analysis.model.presets.keys(), ...context.analysis.parse.file.presets.flatMap((p) => (p.name ? [p.name.text] : []))]);
    const kept = context.edited?.kept as Index | undefined;
    const index = kept?.minStages === minStages ? reindexed(context, kept) : indexAll(context, minStages);
    context.keep?.(index);
    for (const group of repeatedGroups(index)) {
      const settings = group.shared.map((w) => `\`${shown(w)}\``);
      const what = settings.length === 1 ? settings[0] : `the same ${settings.length} settings (${settings.join(", ")})`;
      const name = presetName(group, taken);
      // Its edits touch every stage of the group (thousands in a storyboard) and it is seldom applied:
      // they are written when first read.
      const fix = lazyFix(`Extract preset \`${name}\``, () => extract(context.text, group, name));
      // Where `extract` writes the preset: not offered when that line begins inside a comment.
      const presetAt = presetOffset(context.text, group.stages[0].pipeline.decl.span.start);
      context.report({
        message: `${stageList(group.stages)} repeat ${what}: write ${settings.length === 1 ? "it" : "them"} once in a preset and \`use:\` it`,
        span: group.shared[0].property.span,
        fixes: insideComment(context.analysis.parse.file.comments, presetAt) ? [] : [fix],
      });
    }
  },
};
