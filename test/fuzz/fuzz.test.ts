// The fuzz properties inside `npm test`: a fixed seed, so a failure repeats, and a bounded number of
// documents. `npm run fuzz -- --runs 100000 [--seed N]` runs the same properties for as long as you like.
import * as assert from "assert";
import * as fs from "fs";
import fc from "fast-check";
import { parse } from "../../server/src/parser/parse";
import { checkDocument } from "../../server/src/service/check";
import { genFiles } from "../support/render";
import { scale } from "./linear";
import { property } from "./properties";
import { hostileShapes } from "./shapes";

describe("fuzz: mutated real documents through the whole core and every request", function () {
  this.timeout(120000);
  it("never throws, keeps every range inside the document, prices finitely, and fix-all is idempotent", () => {
    fc.assert(property, { seed: 20261129, numRuns: 300, endOnFailure: true });
  });
});

// The linear-time property (`linear.ts`) is timed only by `npm run fuzz`; here, without a clock, that what
// it times is what it says: the document repeated, its copies resolving as the original does.
describe("fuzz: the scaled documents the linear-time property times", () => {
  const samples = genFiles("samples").filter((file) => !file.includes("mistakes") && !file.includes("presets"));
  const count = (text: string) => {
    const { file } = parse(text);
    return { pipelines: file.pipelines.length, stages: file.pipelines.reduce((n, p) => n + p.stages.length, 0) };
  };
  // `reuse-preset` is about repetition itself: settings written three times are, once repeated.
  const codes = (text: string) => [...new Set(checkDocument(text).diagnostics.map((d) => d.code))].filter((code) => code !== "reuse-preset").sort();

  for (const how of ["pipelines", "stages", "stages on one line"] as const) {
    it(`repeats the ${how} of every sample, and the copies check as the original does`, () => {
      for (const file of samples) {
        const text = fs.readFileSync(file, "utf8");
        const scaled = scale(text, how, 3)!;
        const [before, after] = [count(text), count(scaled)];
        assert.deepStrictEqual(after, how === "pipelines" ? { pipelines: 3 * before.pipelines, stages: 3 * before.stages } : { pipelines: before.pipelines, stages: 3 * before.stages }, file);
        if (how === "stages on one line") assert.ok(!/[\r\n]/.test(scaled), `${file}: one line`);
        // No reference left dangling, no name clashing, no budget newly passed: the same findings, more of them.
        assert.deepStrictEqual(codes(scaled), codes(text), file);
      }
    });
  }
});

// The hostile shapes the linear-time check times: each holds what it repeats, n of it, as a real file would.
describe("fuzz: the hostile shapes the linear-time check times", () => {
  for (const [name, make] of Object.entries(hostileShapes)) {
    it(`${name}: grows with n, and reads as written`, () => {
      const [small, large] = [make(10), make(40)];
      assert.ok(large.length > 3 * small.length, `${small.length} → ${large.length} characters`);
      const { problems } = parse(large);
      // Only the shape of syntax errors has them.
      assert.strictEqual(problems.length > 0, name === "a syntax error in every stage", problems[0]?.message);
    });
  }
});

