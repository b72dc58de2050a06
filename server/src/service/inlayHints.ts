// Inlay hints behind costly values: what `duration: 10s` or `count: 4` adds to
// the pipeline against the cheapest choice. Shown only when the user asks for them.
import { finish, Steps } from "../analysis/steps";
import { formatDelta } from "../cost/format";
import { repricedBy } from "../cost/whatIf";
import type { Span } from "../parser/ast";
import type { CheckedDocument } from "./check";
import { compareValue, costlyKeys } from "./whatIf";

export interface Hint {
  /** Offset the hint follows. */
  offset: number;
  label: string;
}

/** Stages priced between two yields: a view asks for a few dozen, a client may ask for a whole storyboard. */
const PRICED_PER_STEP = 5_000;

/**
 * The most stages the hints of one request price. Each hint prices its stage again with every other
 * choice, with what is downstream and their inputs: a stage that feeds thousands (the head of an upscale
 * chain, a clip of a cut of every shot) prices thousands. Past this, the rest of the range gets no hints,
 * rather than minutes of work (the hover still explains each value).
 */
export const MAX_PRICED_STAGES = 100_000;

export function costHints(document: CheckedDocument, range: Span): Hint[] {
  return finish(costHintsSteps(document, range));
}

/** `costHints`, yielding every `PRICED_PER_STEP` stages priced. */
export function* costHintsSteps(document: CheckedDocument, range: Span): Steps<Hint[]> {
  const hints: Hint[] = [];
  let priced = 0;
  let sinceYield = 0;
  for (const cost of document.costs) {
    for (const stage of cost.pipeline.stageList) {
      if (stage.decl.span.end < range.start || stage.decl.span.start > range.end) continue;
      // Values from a preset have no text in this stage to sit behind.
      const written = costlyKeys.flatMap((key) => {
        const effective = stage.settings.get(key);
        return effective && !effective.preset && stage.decl.properties.includes(effective.property) ? [{ key, effective }] : [];
      });
      if (written.length === 0) continue;
      const size = repricedBy(stage);
      if ((priced += size) > MAX_PRICED_STAGES) return hints;
      if ((sinceYield += size) >= PRICED_PER_STEP) {
        sinceYield = 0;
        yield;
      }
      for (const { key, effective } of written) {
        const comparison = compareValue(cost, stage, key, effective.value, document.settings.creditsPerUsd);
        if (!comparison || comparison.extraUsd < 1e-9) continue;
        hints.push({ offset: effective.value.span.end, label: formatDelta(comparison.extraUsd, document.settings) });
      }
    }
  }
  return hints;
}
