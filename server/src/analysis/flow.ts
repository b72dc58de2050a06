// What resolution flows out of a stage into the next: one rule for the estimate and the checks.
import type { CatalogModel } from "../catalog/catalog";
import type { StageSymbol } from "./model";
import { videoLines } from "./values";

/**
 * The resolution a stage passes on, `default` when it cannot be told. A reframe keeps its input's (its
 * model's default applies only when nothing flows in); another stage makes its own, else its model's
 * default, else passes on its input's. A sequence is as sharp as its sharpest clip.
 */
export function resolutionOut(stage: StageSymbol, own: string | undefined, model: CatalogModel | undefined, incoming: (string | undefined)[]): string {
  if (stage.kind === "sequence") {
    return incoming.map((r) => r ?? "default").sort((a, b) => (videoLines(b) ?? 0) - (videoLines(a) ?? 0))[0] ?? "default";
  }
  const flowing = incoming[0] === "default" ? undefined : incoming[0];
  return (stage.kind === "reframe" ? own ?? flowing ?? model?.defaultResolution : own ?? model?.defaultResolution ?? flowing) ?? "default";
}
