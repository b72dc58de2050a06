// Draft low, finalize high. (Not written yet: this module is a placeholder until its check and fix land.)
import type { Rule } from "./rule";

export const nativeResImages: Rule = {
  id: "native-res-images",
  principle: "Draft low, finalize high",
  description: "An `upscale` stage takes an image: regenerating it natively at the target resolution comes out sharper.",
  defaultSeverity: "warning",
  check() {
    // TODO: the check and its fix.
  },
};
