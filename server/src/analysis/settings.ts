// Reads the properties of a block: unknown and repeated keys, missing values,
// value types, and for stages the presets they `use:`.
import type { PhaseBlock, Property, Value } from "../parser/ast";
import type { EffectiveProperty, PresetSymbol, SemanticModel, StageSymbol } from "./model";
import { Phase, phases, PropertySpec, referenceProperties, StageKind, stageProperties, stageSpecs } from "./schema";
import { didYouMean, listOf, withArticle } from "../parser/suggest";
import { checkValue, describeType, Report } from "./values";

/**
 * Checks each property of a block against `specs` and returns the usable ones
 * by key (the last of repeated keys wins). `where` names the block in messages.
 */
export function readProperties(
  properties: Property[],
  specs: Record<string, PropertySpec>,
  where: string,
  report: Report,
  otherwise?: (property: Property) => string | undefined,
): Map<string, EffectiveProperty> {
  const result = new Map<string, EffectiveProperty>();
  // Repeated keys are found by looking back in a block of a few properties, by a map in a long one.
  const seen = properties.length > 8 ? new Map<string, Property>() : undefined;
  for (let i = 0; i < properties.length; i++) {
    const property = properties[i];
    const key = property.key.text;
    const spec = Object.prototype.hasOwnProperty.call(specs, key) ? specs[key] : undefined;
    if (!spec) {
      const explanation = otherwise?.(property) ?? `\`${key}\` is not a property of ${where}${didYouMean(key, Object.keys(specs))}`;
      report({ code: "unknown-property", message: explanation, severity: "error", span: property.key.span });
      continue;
    }
    const earlier = seen ? seen.get(key) : lastWithKey(properties, i, key);
    if (earlier) {
      report({
        code: "duplicate-property",
        message: `\`${key}\` is set twice in ${where}; this one wins`,
        severity: "warning",
        span: property.key.span,
        related: [{ message: `first \`${key}\` here`, span: earlier.key.span }],
      });
    }
    seen?.set(key, property);
    if (!property.value) {
      report({ code: "missing-value", message: `\`${key}:\` needs a value: ${describeType(spec.value)}`, severity: "error", span: property.span });
      continue;
    }
    const value = checkValue(key, spec.value, property.value, report);
    if (value) result.set(key, { property, value });
  }
  return result;
}

/** The last property before `index` with `key`. */
function lastWithKey(properties: Property[], index: number, key: string): Property | undefined {
  for (let j = index - 1; j >= 0; j--) if (properties[j].key.text === key) return properties[j];
  return undefined;
}

/** Stage properties written in a preset: any stage property except references, which belong to one pipeline. */
export const presetProperties: Record<string, PropertySpec> = Object.fromEntries(
  Object.entries(stageProperties).filter(([key, spec]) => spec.value.type !== "reference" && key !== "use"),
);

/**
 * Checks the `draft { }` / `final { }` blocks of a stage or preset and returns each phase's settings.
 * `allowed` are the properties the owner takes; references and `use:` stay outside the blocks.
 */
export function readPhaseBlocks(
  blocks: PhaseBlock[], allowed: Record<string, PropertySpec>, where: string, report: Report,
): ReadonlyMap<Phase, Map<string, EffectiveProperty>> {
  if (blocks.length === 0) return noBlocks;
  const result = new Map<Phase, Map<string, EffectiveProperty>>();
  const inPhase = Object.fromEntries(Object.entries(allowed).filter(([key]) => key !== "use" && !referenceProperties.includes(key)));
  for (const block of blocks) {
    const name = block.keyword.text;
    if (!phases.includes(name as Phase)) {
      report({
        code: "unknown-property",
        message: `\`${name} { … }\` is not a block of ${where}; it may hold \`draft { … }\` and \`final { … }\`${didYouMean(name, phases)}`,
        severity: "error",
        span: block.keyword.span,
      });
      continue;
    }
    const phase = name as Phase;
    if (result.has(phase)) {
      report({ code: "duplicate-property", message: `${where} has two \`${phase}\` blocks; merge this one into the first`, severity: "warning", span: block.keyword.span });
    }
    const settings = readProperties(block.properties, inPhase, `the \`${phase}\` block`, report, (property) => {
      const key = property.key.text;
      if (key === "use") return "`use:` applies to both phases: put it outside the block (a preset may hold its own `draft { }` and `final { }`)";
      if (referenceProperties.includes(key)) return `\`${key}:\` belongs outside the block: a stage reads the same inputs in both phases`;
      return undefined;
    });
    result.set(phase, new Map([...(result.get(phase) ?? []), ...settings].map(([key, effective]) => [key, { ...effective, phase }])));
  }
  return result;
}

const noBlocks: ReadonlyMap<Phase, Map<string, EffectiveProperty>> = new Map();

/** A preset's settings for one phase: its own, then its block for the phase on top, as values usable in `kind` stages. */
function presetSettings(preset: PresetSymbol, kind: StageKind, phase: Phase): Map<string, EffectiveProperty> {
  const spec = stageSpecs[kind];
  const settings = new Map<string, EffectiveProperty>();
  const read = (properties: Property[], from?: Phase) => {
    for (const property of properties) {
      const key = property.key.text;
      if (!spec.properties.includes(key) || key === "use" || !property.value || !Object.prototype.hasOwnProperty.call(presetProperties, key)) continue;
      // The preset's own file reports its type errors; here only what is usable counts.
      const value = checkValue(key, stageProperties[key].value, property.value, () => undefined);
      if (value) settings.set(key, { property, value, preset, ...(from ? { phase: from } : {}) });
    }
  };
  read(preset.decl.properties);
  for (const block of preset.decl.phases) if (block.keyword.text === phase) read(block.properties, phase);
  return settings;
}

/** The properties each stage kind takes, as specs by name: built once. */
const allowedByKind: Partial<Record<StageKind, Record<string, PropertySpec>>> = {};

/**
 * Resolves a stage's settings in each phase: its presets in order, then its own properties, each
 * source with its block for the phase on top. Preset settings the stage kind does not take are
 * skipped: one preset serves several kinds.
 */
export function readStageSettings(stage: StageSymbol, { presets, presetsComplete }: SemanticModel, report: Report): void {
  if (!stage.kind) return;
  const kind = stage.kind;
  const spec = stageSpecs[kind];
  const where = `${withArticle(kind)} stage`;
  const allowed = (allowedByKind[kind] ??= Object.fromEntries(spec.properties.map((key) => [key, stageProperties[key]])));
  const own = readProperties(stage.decl.properties, allowed, where, report, (property) => {
    const key = property.key.text;
    const takers = (Object.keys(stageSpecs) as (keyof typeof stageSpecs)[]).filter((k) => stageSpecs[k].properties.includes(key));
    if (takers.length === 0) return undefined;
    return `\`${key}\` is not a property of ${where} (${listOf(takers, "and")} stages take it); ${kind} stages take ${listOf(spec.properties, "and")}`;
  });
  const blocks = readPhaseBlocks(stage.decl.phases, allowed, where, report);

  const used: PresetSymbol[] = [];
  const use = own.get("use");
  if (use) {
    const names = use.value.type === "list" ? use.value.items : [use.value];
    for (const item of names) {
      if (item.type !== "word") continue;
      const preset = presets.get(item.text);
      if (preset) used.push(preset);
      else if (presetsComplete) {
        // (When a `use`d file could not be read, the preset may be in it: nothing to say.)
        report({
          code: "unknown-preset",
          message: `there is no preset \`${item.text}\` in this file or the files it \`use\`s${didYouMean(item.text, presets.keys())}`,
          severity: "error",
          span: item.span,
        });
      }
    }
  }
  // Without a phase block here or in its presets, both phases share one map: checked and priced once.
  const phased = blocks.size > 0 || used.some((preset) => preset.decl.phases.length > 0);
  if (!phased && used.length === 0) {
    // Only its own settings: the map just read is the stage's (most stages of a storyboard).
    stage.phaseSettings.draft = stage.phaseSettings.final = stage.settings = own;
    return;
  }
  if (phased) stage.phaseSettings.final = new Map();
  for (const phase of phased ? phases : (["draft"] as const)) {
    const settings = stage.phaseSettings[phase];
    for (const preset of used) {
      for (const [key, effective] of presetSettings(preset, kind, phase)) if (!own.has(key)) settings.set(key, effective);
    }
    for (const [key, effective] of own) settings.set(key, effective);
    for (const [key, effective] of blocks.get(phase) ?? []) settings.set(key, effective);
  }
  stage.settings = stage.phaseSettings[stage.pipeline.mode];
}

/** Where a setting is best reported: its own text in this file, or the `use:` that brought it from another. */
export function settingSpan(stage: StageSymbol, key: string): Value["span"] {
  const effective = stage.settings.get(key);
  if (!effective) return stage.decl.name?.span ?? stage.decl.kind.span;
  if (effective.preset?.path) {
    // The preset lives in another file: point at its name in this stage's `use:` list.
    const use = stage.settings.get("use")?.value;
    const items = use?.type === "list" ? use.items : use ? [use] : [];
    const named = items.find((item) => item.type === "word" && item.text === effective.preset!.name);
    return named?.span ?? use?.span ?? effective.value.span;
  }
  return effective.value.span;
}

/** " (from preset `brand`)" when a setting came from a preset. */
export function fromPreset(stage: StageSymbol, key: string): string {
  const preset = stage.settings.get(key)?.preset;
  return preset ? ` (from preset \`${preset.name}\`)` : "";
}
