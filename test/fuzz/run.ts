// `npm run fuzz -- [--runs N] [--seed N] [--linear-runs N] [--linear-scale N] [--linear-only | --skip-linear]`:
// the fuzz properties for a long run, then the linear-time property (`linear.ts`, only here: speed is
// never asserted in `npm test`). Prints the seed, so a failure can be replayed with `--seed`, and the
// shrunk document that fails, with the error.
import fc from "fast-check";
import { parseArgs } from "util";
import { checkShapeLinear, failureFiles, linearProperty, SCALES, setLargestScale } from "./linear";
import { property } from "./properties";
import { hostileShapes } from "./shapes";

const usage = "usage: npm run fuzz -- [--runs N] [--seed N] [--linear-runs N] [--linear-scale 64|16|…] [--linear-only | --skip-linear]";
const { values } = parseArgs({
  options: {
    runs: { type: "string" },
    seed: { type: "string" },
    "linear-runs": { type: "string" },
    "linear-scale": { type: "string" },
    "linear-only": { type: "boolean" },
    "skip-linear": { type: "boolean" },
  },
});
const runs = Number(values.runs ?? 10000);
const seed = values.seed === undefined ? Date.now() % 2147483647 : Number(values.seed);
// Each document of the linear-time property is checked at three scales, several times: a hundredth of the runs by default.
const linearRuns = Number(values["linear-runs"] ?? Math.max(10, Math.ceil(runs / 100)));
const linearScale = Number(values["linear-scale"] ?? 64);
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(seed) || !Number.isInteger(linearRuns) || linearRuns < 1 ||
  !Number.isInteger(Math.sqrt(linearScale)) || linearScale < 4 || (values["linear-only"] && values["skip-linear"])) {
  console.error(usage);
  process.exit(2);
}
setLargestScale(linearScale);

function run(name: string, checked: fc.IProperty<unknown> | fc.IProperty<[string]>, numRuns: number, after = ""): void {
  console.log(`fuzz: ${name}: ${numRuns} documents, seed ${seed}`);
  const started = Date.now();
  const result = fc.check(checked as fc.IProperty<unknown>, { seed, numRuns, includeErrorInReport: true });
  if (result.failed) {
    console.error(fc.defaultReportMessage(result) + after);
    process.exit(1);
  }
  console.log(`fuzz: ${name}: ${numRuns} documents passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

if (!values["linear-only"]) run("every request", property, runs);
if (!values["skip-linear"]) {
  run(`time linear in the size (scales ${SCALES.join(", ")})`, linearProperty, linearRuns,
    `\nProfile it: node --cpu-prof dist/cli.js fix --dry-run ${failureFiles.scaled} (the check and fix-all of the ${SCALES[SCALES.length - 1]}× document; the shrunk document itself is in ${failureFiles.original})`);
  // Then the hostile shapes (shapes.ts), each at the same scales: no randomness, the same every run.
  const started = Date.now();
  for (const [name, make] of Object.entries(hostileShapes)) {
    try {
      checkShapeLinear(name, make);
    } catch (error) {
      console.error(`fuzz: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    }
  }
  console.log(`fuzz: time linear in the size, ${Object.keys(hostileShapes).length} hostile shapes passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
