// Every credit-conservation rule. One rule, one module, one docs page, one table of tests.
import { briefFirst } from "./brief-first";
import { draftLowRes } from "./draft-low-res";
import { singleVariation } from "./single-variation";
import { cheaperModel } from "./cheaper-model";
import { unusedStage } from "./unused-stage";
import { stillsFirst } from "./stills-first";
import { nativeResImages } from "./native-res-images";
import { reframeNotRegenerate } from "./reframe-not-regenerate";
import { upscaleDraft } from "./upscale-draft";
import { reusePreset } from "./reuse-preset";
import { noReplacedAudio } from "./no-replaced-audio";
import { overBudget } from "./over-budget";
import { reframeBeforeUpscale } from "./reframe-before-upscale";
import { noOpStage } from "./no-op-stage";
import { audioTooLong } from "./audio-too-long";
import { duplicateGeneration } from "./duplicate-generation";
import { oneFinalTake } from "./one-final-take";
import type { Rule } from "./rule";

export const allRules: Rule[] = [
  briefFirst, draftLowRes, singleVariation, noReplacedAudio, stillsFirst, reframeNotRegenerate,
  upscaleDraft, nativeResImages, cheaperModel, unusedStage, overBudget, reusePreset,
  reframeBeforeUpscale, noOpStage, audioTooLong, duplicateGeneration, oneFinalTake,
];

export const DOCS_BASE = "https://github.com/gen-tools/gen-lang/blob/main/docs";

export function ruleDocsUrl(id: string): string {
  return `${DOCS_BASE}/rules/${id}.md`;
}
