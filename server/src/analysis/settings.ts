// Reads the properties of a block: unknown and repeated keys, missing values,
// value types, and for stages the presets they `use:`.
import type { Property, Value } from "../parser/ast";
import type { EffectiveProperty, SemanticModel, StageSymbol } from "./model";
import { PropertySpec, stageProperties, stageSpecs } from "./schema";
import { didYouMean, listOf, withArticle } from "./suggest";
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
  const seen = new Map<string, Property>();
  for (const property of properties) {
    const key = property.key.text;
    const spec = Object.prototype.hasOwnProperty.call(specs, key) ? specs[key] : undefined;
    if (!spec) {
      const explanation = otherwise?.(property) ?? `\`${key}\` is not a property of ${where}${didYouMean(key, Object.keys(specs))}`;
      report({ code: "unknown-property", message: explanation, severity: "error", span: property.key.span });
      continue;
    }
    const earlier = seen.get(key);
    if (earlier) {
      report({
        code: "duplicate-property",
        message: `\`${key}\` is set twice in ${where}; this one wins`,
        severity: "warning",
        span: property.key.span,
        related: [{ message: `first \`${key}\` here`, span: earlier.key.span }],
      });
    }
    seen.set(key, property);
    if (!property.value) {
      report({ code: "missing-value", message: `\`${key}:\` needs a value: ${describeType(spec.value)}`, severity: "error", span: property.span });
      continue;
    }
    const value = checkValue(key, spec.value, property.value, report);
    if (value) result.set(key, { property, value });
  }
  return result;
}

/** Stage properties written in a preset: any stage property except references, which belong to one pipeline. */
export const presetProperties: Record<string, PropertySpec> = Object.fromEntries(
  Object.entries(stageProperties).filter(([key, spec]) => spec.value.type !== "reference" && key !== "use"),
);

/**
 * Resolves a stage's settings: its presets in order, then its own properties on top.
 * Preset settings the stage kind does not take are skipped: one preset serves several kinds.
 */
export function readStageSettings(stage: StageSymbol, { presets, presetsComplete }: SemanticModel, report: Report): void {
  if (!stage.kind) return;
  const kind = stage.kind;
  const spec = stageSpecs[kind];
  const allowed = Object.fromEntries(spec.properties.map((key) => [key, stageProperties[key]]));
  const own = readProperties(stage.decl.properties, allowed, `${withArticle(kind)} stage`, report, (property) => {
    const key = property.key.text;
    const takers = (Object.keys(stageSpecs) as (keyof typeof stageSpecs)[]).filter((k) => stageSpecs[k].properties.includes(key));
    if (takers.length === 0) return undefined;
    return `\`${key}\` is not a property of ${withArticle(kind)} stage (${listOf(takers, "and")} stages take it); ${kind} stages take ${listOf(spec.properties, "and")}`;
  });

  const use = own.get("use");
  if (use) {
    const names = use.value.type === "list" ? use.value.items : [use.value];
    for (const item of names) {
      if (item.type !== "word") continue;
      const preset = presets.get(item.text);
      if (!preset) {
        if (!presetsComplete) continue; // it may be in the file that could not be read
        report({
          code: "unknown-preset",
          message: `there is no preset \`${item.text}\` in this file or the files it \`use\`s${didYouMean(item.text, presets.keys())}`,
          severity: "error",
          span: item.span,
        });
        continue;
      }
      for (const property of preset.decl.properties) {
        const key = property.key.text;
        if (!spec.properties.includes(key) || !property.value || own.has(key)) continue;
        // The preset's own file reports its type errors; here only what is usable counts.
        const value = checkValue(key, stageProperties[key].value, property.value, () => undefined);
        if (value) stage.settings.set(key, { property, value, preset });
      }
    }
  }
  for (const [key, effective] of own) stage.settings.set(key, effective);
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
