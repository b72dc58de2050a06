// What-if estimates: the pipeline priced with one setting changed, to say what
// a value costs against the alternatives the model offers.
import type { StageSymbol } from "../analysis/model";
import type { PipelineCost } from "../cost/estimate";
import { totalWith } from "../cost/whatIf";
import type { Value } from "../parser/ast";

/** The settings whose value changes a stage's price, and that hovers and inlay hints explain. */
export const costlyKeys = ["duration", "resolution", "count", "audio", "retries", "hdr", "quality", "fps"];

/** Candidate values to compare a setting with, cheapest first after pricing. */
export function alternatives(stage: StageSymbol, key: string, current: Value): Value[] {
  const span = current.span;
  const model = stage.model;
  switch (key) {
    case "duration": {
      const list = model?.durations;
      const options = Array.isArray(list) ? list : list ? [list.min, Math.round((list.min + list.max) / 2), list.max] : [5, 10];
      return options.map((seconds) => ({ type: "duration", seconds, span }));
    }
    case "resolution":
      return (model?.resolutions ?? (stage.kind === "image" ? ["1k", "2k", "4k"] : ["540p", "720p", "1080p", "4k"])).map((text) => ({ type: "resolution", text, span }));
    case "audio":
    case "hdr":
      return ["off", "on"].map((text) => ({ type: "word", text, span }));
    case "quality":
      return Object.keys(model?.qualities ?? {}).map((text) => ({ type: "word", text, span }));
    case "fps":
      // The common frame rates, for a model billed per frame; the written one is compared among them.
      return model?.perFrame ? [24, 30, 60].map((value) => ({ type: "number", value, span })) : [];
    case "count":
      return [{ type: "number", value: 1, span }];
    case "retries":
      return [{ type: "number", value: 0, span }];
  }
  return [];
}

export function show(value: Value): string {
  switch (value.type) {
    case "duration": return `${value.seconds}s`;
    case "number": return String(value.value);
    case "resolution":
    case "word": return value.text;
    default: return "";
  }
}

export interface Comparison {
  /** Each alternative the model can price, with the pipeline total it gives. */
  options: { candidate: Value; usd: number }[];
  cheapest: Value;
  /** What the written value costs the pipeline beyond the cheapest alternative. */
  extraUsd: number;
}

/** The written value against the alternatives; undefined when none can be priced. */
export function compareValue(cost: PipelineCost, stage: StageSymbol, key: string, value: Value, creditsPerUsd: number): Comparison | undefined {
  const candidates = key === "count" || key === "retries" ? [...alternatives(stage, key, value), value] : alternatives(stage, key, value);
  const options = candidates
    .map((candidate) => ({ candidate, estimate: totalWith(cost, stage, key, candidate, creditsPerUsd) }))
    // Only alternatives the model can price compare fairly.
    .filter((o) => { const unit = o.estimate.stage?.unit; return unit !== undefined && "usd" in unit; })
    .map((o) => ({ candidate: o.candidate, usd: o.estimate.usd }));
  if (options.length === 0) return undefined;
  const cheapest = options.reduce((a, b) => (b.usd < a.usd ? b : a));
  return { options, cheapest: cheapest.candidate, extraUsd: Math.max(0, cost.usd - cheapest.usd) };
}
