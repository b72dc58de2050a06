import { oneFinalTake } from "../../server/src/rules/one-final-take";
import { ruleTester } from "../support/ruleTester";

// ray-2 5 s at 540p: 40 credits a clip (the bundled catalog).
const pipeline = (mode: string, ...lines: string[]) => `pipeline "p" {\n  mode: ${mode}\n${lines.map((l) => l + "\n").join("")}}`;

ruleTester(oneFinalTake, {
  valid: [
    { name: "one take in the final", code: pipeline("final", "  video shot { model: ray-2 duration: 5s resolution: 540p }") },
    {
      name: "while drafting, versions written for both phases are single-variation's to report",
      code: pipeline("draft", "  video shot { model: ray-2 duration: 5s resolution: 540p count: 3 }"),
    },
    {
      name: "versions in the draft only, one take in the final",
      code: pipeline("draft", "  video shot { model: ray-2 duration: 5s resolution: 540p draft { count: 3 } }"),
    },
    {
      name: "the brief asks for alternatives: the versions are deliverables",
      code: `pipeline "p" {\n  brief { goal: "three options for the client" }\n  mode: final\n  video shot { model: ray-2 duration: 5s resolution: 540p count: 3 }\n}`,
    },
    {
      name: "the output picks one of the versions: they are used",
      code: pipeline("final", "  video shot { model: ray-2 duration: 5s resolution: 540p count: 2 }", "  output shot[2]"),
    },
  ],
  invalid: [
    {
      // 3 versions are wanted; the retry re-rolls each of them: 6 clips of 40, 3 without it.
      name: "the brief asks for alternatives, but re-rolls are still a final-phase waste",
      code: `pipeline "p" {\n  brief { goal: "three options for the client" }\n  mode: final\n  video shot { model: ray-2 duration: 5s resolution: 540p count: 3 retries: 1 }\n}`,
      errors: [{ line: 4, column: 77, message: "`shot` makes 1 retry in the final phase: 6 generations for 3 deliverables; choose in the draft and make the approved take once: the final saves 120 credits" }],
      output: `pipeline "p" {\n  brief { goal: "three options for the client" }\n  mode: final\n  video shot { model: ray-2 duration: 5s resolution: 540p count: 3 retries: 1 final { retries: 0 } }\n}`,
    },
    {
      // 4 versions × (1 + 2 retries) = 12 clips of 40 credits: 480; one take: 40.
      name: "versions and retries in a final pipeline: one take, written in the final block",
      code: pipeline("final", "  video shot { model: ray-2 duration: 5s resolution: 540p count: 4 retries: 2 }", "  output shot"),
      errors: [{ line: 3, column: 66, message: "`shot` makes 4 versions with 2 retries each in the final phase: 12 generations for one deliverable; choose in the draft and make the approved take once: the final saves 440 credits" }],
      output: pipeline("final", "  video shot { model: ray-2 duration: 5s resolution: 540p count: 4 retries: 2 final { count: 1 retries: 0 } }", "  output shot"),
    },
    {
      name: "a final block that asks for retries while drafting: set there",
      code: pipeline("draft", "  video shot {", "    model: ray-2", "    duration: 5s", "    resolution: 540p", "    final { retries: 1 }", "  }"),
      errors: [{ line: 7, column: 22, message: "`shot` makes 1 retry in the final phase: 2 generations for one deliverable; choose in the draft and make the approved take once: the final saves 40 credits" }],
      output: pipeline("draft", "  video shot {", "    model: ray-2", "    duration: 5s", "    resolution: 540p", "    final { retries: 0 }", "  }"),
    },
    {
      // photon-flash-1 1k: 0.4 credits an image; 3 versions feed 3 clips (fan-out): 2 × 0.4 + 2 × 40 saved.
      name: "versions of a still multiply the clips made from it",
      code: pipeline("final", '  image hero { model: photon-flash-1 prompt: "x" resolution: 1k count: 3 }', "  keyframe k { from: hero }", "  video shot { model: ray-2 start: k duration: 5s resolution: 540p }"),
      errors: [{ line: 3, column: 72, message: "`hero` makes 3 versions in the final phase: 3 generations for one deliverable; choose in the draft and make the approved take once: the final saves 80.8 credits" }],
      output: pipeline("final", '  image hero { model: photon-flash-1 prompt: "x" resolution: 1k count: 3 final { count: 1 } }', "  keyframe k { from: hero }", "  video shot { model: ray-2 start: k duration: 5s resolution: 540p }"),
    },
  ],
});
