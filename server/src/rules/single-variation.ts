// Stay in control of iteration. (Not written yet: this module is a placeholder until its check and fix land.)
import type { Rule } from "./rule";

export const singleVariation: Rule = {
  id: "single-variation",
  principle: "Stay in control of iteration",
  description: "`count` above 1 or `retries` above 0 in draft mode.",
  defaultSeverity: "warning",
  check() {
    // TODO: the check and its fix.
  },
};
