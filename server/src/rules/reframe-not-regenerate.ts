// Reframe instead of regenerate. (Not written yet: this module is a placeholder until its check and fix land.)
import type { Rule } from "./rule";

export const reframeNotRegenerate: Rule = {
  id: "reframe-not-regenerate",
  principle: "Reframe instead of regenerate",
  description: "Two video stages differ only in `aspect`.",
  defaultSeverity: "warning",
  check() {
    // TODO: the check and its fix.
  },
};
