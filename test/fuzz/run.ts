// `npm run fuzz -- [--runs N] [--seed N]`: the fuzz properties for a long run. Prints the seed, so a
// failure can be replayed with `--seed`, and the shrunk document that fails.
import fc from "fast-check";
import { parseArgs } from "util";
import { property } from "./properties";

const { values } = parseArgs({ options: { runs: { type: "string" }, seed: { type: "string" } } });
const runs = Number(values.runs ?? 10000);
const seed = values.seed === undefined ? Date.now() % 2147483647 : Number(values.seed);
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(seed)) {
  console.error("usage: npm run fuzz -- [--runs N] [--seed N]");
  process.exit(2);
}
console.log(`fuzz: ${runs} documents, seed ${seed}`);
const started = Date.now();
const result = fc.check(property, { seed, numRuns: runs });
if (result.failed) {
  console.error(fc.defaultReportMessage(result));
  process.exit(1);
}
console.log(`fuzz: ${runs} documents passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
