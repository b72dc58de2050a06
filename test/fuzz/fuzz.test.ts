// The fuzz properties inside `npm test`: a fixed seed, so a failure repeats, and a bounded number of
// documents. `npm run fuzz -- --runs 100000 [--seed N]` runs the same properties for as long as you like.
import fc from "fast-check";
import { property } from "./properties";

describe("fuzz: mutated real documents through the whole core and every request", function () {
  this.timeout(120000);
  it("never throws, keeps every range inside the document, prices finitely, and fix-all is idempotent", () => {
    fc.assert(property, { seed: 20261129, numRuns: 300, endOnFailure: true });
  });
});
