// Reuse your thinking. (Not written yet: this module is a placeholder until its check and fix land.)
import type { Rule } from "./rule";

export const reusePreset: Rule = {
  id: "reuse-preset",
  principle: "Reuse your thinking",
  description: "The same properties repeat across three or more stages.",
  defaultSeverity: "info",
  check() {
    // TODO: the check and its fix.
  },
};
