// Solve visuals in images first. (Not written yet: this module is a placeholder until its check and fix land.)
import type { Rule } from "./rule";

export const stillsFirst: Rule = {
  id: "stills-first",
  principle: "Solve visuals in images first",
  description: "A video has no `start` keyframe (text-to-video).",
  defaultSeverity: "info",
  inFixAll: false, // its fix adds a still: cheaper than video retries, but not cheaper than nothing
  check() {
    // TODO: the check and its fix.
  },
};
