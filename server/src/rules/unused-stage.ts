// Don't generate what you'll replace. (Not written yet: this module is a placeholder until its check and fix land.)
import type { Rule } from "./rule";

export const unusedStage: Rule = {
  id: "unused-stage",
  principle: "Don't generate what you'll replace",
  description: "A stage's output is used by no other stage and is not an `output`.",
  defaultSeverity: "warning",
  check() {
    // TODO: the check and its fix.
  },
};
