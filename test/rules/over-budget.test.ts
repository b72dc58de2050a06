import { overBudget } from "../../server/src/rules/over-budget";
import { ruleTester } from "../support/ruleTester";

// ray-2 at 540p: $0.40 for a 5 s clip, $0.72 for 9 s (the bundled catalog).
const shot = (seconds: number) => `  video shot { model: ray-2 duration: ${seconds}s resolution: 540p }\n`;

ruleTester(overBudget, {
  valid: [
    { name: "at 80 % of the budget", code: `pipeline "p" {\n  budget: 50 credits\n${shot(5)}}` },
    { name: "no budget", code: `pipeline "p" {\n${shot(9)}}` },
  ],
  invalid: [
    {
      name: "over the budget",
      code: `pipeline "p" {\n  budget: 60 credits\n${shot(9)}}`,
      errors: [{ line: 2, column: 11, message: "estimated 72 credits, over the budget of 60 credits; the costliest stages: `shot` 72 credits" }],
      output: null,
    },
    {
      name: "past 80 % of a budget in dollars",
      code: `pipeline "p" {\n  budget: $0.80\n${shot(9)}}`,
      errors: [{ line: 2, column: 11, message: "estimated 72 credits, 90% of the budget of 80 credits; the costliest stages: `shot` 72 credits" }],
      output: null,
    },
  ],
});
