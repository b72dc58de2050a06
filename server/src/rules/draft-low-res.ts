// Draft low, finalize high. (Not written yet: this module is a placeholder until its check and fix land.)
import type { Rule } from "./rule";

export const draftLowRes: Rule = {
  id: "draft-low-res",
  principle: "Draft low, finalize high",
  description: "In `mode: draft`, a video above 540p or an image above 1k (thresholds configurable).",
  defaultSeverity: "warning",
  check() {
    // TODO: the check and its fix.
  },
};
