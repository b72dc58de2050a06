// Match the model to the job. (Not written yet: this module is a placeholder until its check and fix land.)
import type { Rule } from "./rule";

export const cheaperModel: Rule = {
  id: "cheaper-model",
  principle: "Match the model to the job",
  description: "In draft mode, a model has a cheaper sibling that supports every setting the stage uses.",
  defaultSeverity: "info",
  check() {
    // TODO: the check and its fix.
  },
};
