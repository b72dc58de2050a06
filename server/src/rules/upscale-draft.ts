// Draft low, finalize high. (Not written yet: this module is a placeholder until its check and fix land.)
import type { Rule } from "./rule";

export const upscaleDraft: Rule = {
  id: "upscale-draft",
  principle: "Draft low, finalize high",
  description: "In `mode: final`, a high-resolution video repeats a draft video's prompt and keyframe.",
  defaultSeverity: "warning",
  check() {
    // TODO: the check and its fix.
  },
};
