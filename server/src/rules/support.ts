// Helpers the rules share. Rules never import each other; what two need lives here.
import type { StageSymbol } from "../analysis/model";
import type { Span } from "../parser/ast";

export { fromPreset } from "../analysis/settings";

/**
 * Where a finding about a stage setting is best shown: the value written in the stage,
 * or, for a value a preset brings, the preset's name in the stage's `use:`; else the stage name.
 */
export function stageSettingSpan(stage: StageSymbol, key: string): Span {
  const effective = stage.settings.get(key);
  const name = stage.decl.name?.span ?? stage.decl.kind.span;
  if (!effective) return name;
  if (!effective.preset) return effective.value.span;
  const use = stage.settings.get("use")?.value;
  const items = use?.type === "list" ? use.items : use ? [use] : [];
  const named = items.find((item) => item.type === "word" && item.text === effective.preset!.name);
  return named?.span ?? name;
}
