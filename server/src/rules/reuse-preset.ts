// Reuse your thinking: settings written the same way in three or more stages belong in one preset,
// written once and `use`d, so a change to the look is made in one place.
import type { StageSymbol } from "../analysis/model";
import { presetProperties } from "../analysis/settings";
import type { Property } from "../parser/ast";
import { indentAt, insertLinesBefore, openBraceOf, removeProperty } from "./edits";
import type { Fix, Rule, RuleContext, TextEdit } from "./rule";

export const DEFAULT_MIN_STAGES = 3;

/** Settings that carry the thinking of a stage: one of them repeated is worth a preset on its own. */
const thinkingKeys = new Set(["prompt", "negative", "style", "text", "voice"]);
/** Settings that make a preset a look rather than technical settings, for its name. */
const lookKeys = new Set(["prompt", "negative", "style"]);

interface Written {
  stage: StageSymbol;
  property: Property;
  key: string;
  /** `key: value` with the value as written. */
  text: string;
}

interface Group {
  stages: StageSymbol[];
  /** The shared settings, in the order the first stage writes them. */
  shared: Written[];
}

/**
 * The properties of a stage that could move to a preset unchanged: written once, in effect (not
 * overridden, not rejected), and allowed in a preset. Stages whose `use:` is not usable are left out.
 */
function movable(text: string, stage: StageSymbol): Written[] {
  // A stage with a duplicate name is an error of its own, not a candidate.
  if (!stage.kind || stage.pipeline.stages.get(stage.name) !== stage) return [];
  const count = (key: string) => stage.decl.properties.filter((p) => p.key.text === key).length;
  const uses = count("use");
  if (uses > 1 || (uses === 1 && !stage.settings.has("use"))) return [];
  return stage.decl.properties.flatMap((property) => {
    const key = property.key.text;
    const effective = stage.settings.get(key);
    if (!property.value || !Object.prototype.hasOwnProperty.call(presetProperties, key) || count(key) !== 1) return [];
    if (effective?.property !== property || effective.preset) return [];
    return [{ stage, property, key, text: `${key}: ${text.slice(property.value.span.start, property.value.span.end)}` }];
  });
}

/** Groups the repeated settings by the exact set of stages that share them, in source order. */
function repeatedGroups(context: RuleContext, minStages: number): Group[] {
  // Linear in the stages: a studio's storyboard has thousands (no array copies, no indexOf per member).
  const stages = context.analysis.model.pipelines.flatMap((p) => p.stageList);
  const place = new Map(stages.map((stage, i) => [stage, i]));
  const byValue = new Map<string, Written[]>();
  for (const stage of stages) {
    for (const written of movable(context.text, stage)) {
      const same = byValue.get(written.text);
      if (same) same.push(written);
      else byValue.set(written.text, [written]);
    }
  }
  const groups = new Map<string, Group>();
  for (const all of byValue.values()) {
    if (all.length < minStages) continue;
    const members = all.map((w) => w.stage);
    const id = members.map((s) => place.get(s)).join(",");
    const group = groups.get(id) ?? { stages: members, shared: [] };
    group.shared.push(all[0]);
    groups.set(id, group);
  }
  return [...groups.values()]
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
  let offset = text.lastIndexOf("\n", pipelineStart - 1) + 1;
  while (offset > 0) {
    const previous = text.lastIndexOf("\n", offset - 2) + 1;
    if (!/^[ \t]*\/\//.test(text.slice(previous, offset - 1))) break;
    offset = previous;
  }
  return offset;
}

function extract(text: string, group: Group, name: string): Fix | undefined {
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
  edits.push(insertLinesBefore(text, at, lines));

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
  return { title: `Extract preset \`${name}\``, edits };
}

function shown(written: Written): string {
  const value = written.property.value!;
  if (value.type === "string") {
    if (value.triple) return `${written.key}: """…"""`;
    return `${written.key}: ${JSON.stringify(value.value.length > 30 ? value.value.slice(0, 30) + "…" : value.value)}`;
  }
  return written.text;
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
    for (const group of repeatedGroups(context, minStages)) {
      const settings = group.shared.map((w) => `\`${shown(w)}\``);
      const what = settings.length === 1 ? settings[0] : `the same ${settings.length} settings (${settings.join(", ")})`;
      const fix = extract(context.text, group, presetName(group, taken));
      context.report({
        message: `${stageList(group.stages)} repeat ${what}: write ${settings.length === 1 ? "it" : "them"} once in a preset and \`use:\` it`,
        span: group.shared[0].property.span,
        fixes: fix ? [fix] : [],
      });
    }
  },
};
