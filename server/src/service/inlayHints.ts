// Inlay hints behind costly values: what `duration: 10s` or `count: 4` adds to
// the pipeline against the cheapest choice. Shown only when the user asks for them.
import { finish, Steps } from "../analysis/steps";
import { formatDelta } from "../cost/format";
import type { Span } from "../parser/ast";
import type { CheckedDocument } from "./check";
import { compareValue, costlyKeys } from "./whatIf";

export interface Hint {
  /** Offset the hint follows. */
  offset: number;
  label: string;
}

/** Stages priced between two yields: a view asks for a few dozen, a client may ask for a whole storyboard. */
const STAGES_PER_STEP = 500;

export function costHints(document: CheckedDocument, range: Span): Hint[] {
  return finish(costHintsSteps(document, range));
}

/** `costHints`, yielding every `STAGES_PER_STEP` stages in the range: each hint prices the pipeline once more. */
export function* costHintsSteps(document: CheckedDocument, range: Span): Steps<Hint[]> {
  const hints: Hint[] = [];
  let priced = 0;
  for (const cost of document.costs) {
    for (const stage of cost.pipeline.stageList) {
      if (stage.decl.span.end < range.start || stage.decl.span.start > range.end) continue;
      if (++priced % STAGES_PER_STEP === 0) yield;
      for (const key of costlyKeys) {
        const effective = stage.settings.get(key);
        // Values from a preset have no text in this stage to sit behind.
        if (!effective || effective.preset || !stage.decl.properties.includes(effective.property)) continue;
        const comparison = compareValue(cost, stage, key, effective.value, document.settings.creditsPerUsd);
        if (!comparison || comparison.extraUsd < 1e-9) continue;
        hints.push({ offset: effective.value.span.end, label: formatDelta(comparison.extraUsd, document.settings) });
      }
    }
  }
  return hints;
}
