// Numbers past any sense, through the command line: `count: 999999999999` on chained stages and
// `creditsPerUsd: 1e999` once printed "NaN of Infinity credits (NaN%)", `±NaN` in `gen diff` of
// two identical files and `null` in JSON. Now the values are errors, and every amount is finite.
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { repoRoot } from "../support/render";

function gen(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [path.join(repoRoot, "dist/cli.js"), ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Every number anywhere in a JSON value, and whether any value is `null`. */
function numbersIn(value: unknown, found: number[] = [], nulls: string[] = [], at = "$"): { found: number[]; nulls: string[] } {
  if (value === null) nulls.push(at);
  else if (typeof value === "number") found.push(value);
  else if (typeof value === "object") for (const [key, item] of Object.entries(value)) numbersIn(item, found, nulls, `${at}.${key}`);
  return { found, nulls };
}

// A still, then 30 videos each started from a keyframe of the one before: 10^12 variations each.
const chain = [
  'pipeline "p" {',
  "  budget: 100 credits",
  '  image a { model: photon-flash-1 prompt: "x" count: 999999999999 }',
  ...Array.from({ length: 30 }, (_, i) => `  keyframe k${i} { from: ${i === 0 ? "a" : `v${i - 1}`} }\n  video v${i} { model: ray-flash-2 start: k${i} duration: 5s count: 999999999999 }`),
  "  output v29",
  "}",
  "",
].join("\n");

describe("numbers past their bounds, from the command line", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "gen-bounds-"));
    fs.mkdirSync(path.join(dir, ".git"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("`gen check` reports each count past 100 at its place", () => {
    fs.writeFileSync(path.join(dir, "chain.gen"), chain);
    const { code, stdout } = gen(["check", "--format", "json", "chain.gen"], dir);
    assert.strictEqual(code, 1);
    const counts = JSON.parse(stdout).files[0].diagnostics.filter((d: { code: string }) => d.code === "invalid-value");
    assert.strictEqual(counts.length, 31);
    assert.deepStrictEqual(counts[0], {
      code: "invalid-value",
      severity: "error",
      message: "`count` must be a whole number from 1 to 100, not 999999999999",
      range: { start: { line: 2, character: 53 }, end: { line: 2, character: 65 } },
    });
    assert.doesNotMatch(stdout, /NaN|Infinity/);
  });

  it("`gen cost` prints finite amounts in its table and JSON, and no `null`", () => {
    fs.writeFileSync(path.join(dir, "chain.gen"), chain);
    const table = gen(["cost", "chain.gen"], dir);
    assert.match(table.stdout, /\n {4}budget: 420\.4 of 100 credits, 420%, over budget\n/);
    assert.doesNotMatch(table.stdout, /NaN|Infinity/);
    const json = gen(["cost", "--format", "json", "chain.gen"], dir);
    assert.strictEqual(json.code, 1);
    const { found, nulls } = numbersIn(JSON.parse(json.stdout));
    assert.deepStrictEqual(nulls, []);
    assert.ok(found.length > 100 && found.every(Number.isFinite));
  });

  it("`gen diff` of two identical files reads ±0, never ±NaN", () => {
    fs.writeFileSync(path.join(dir, "a.gen"), chain);
    fs.writeFileSync(path.join(dir, "b.gen"), chain);
    const { code, stdout } = gen(["diff", "a.gen", "b.gen"], dir);
    assert.deepStrictEqual([code, stdout], [0, "Cost change: ±0 credits (0%): 420.4 credits → 420.4 credits\n"]);
  });

  it("`gen diff --format json` leaves `percent` out when there was nothing before, instead of `null`", () => {
    fs.writeFileSync(path.join(dir, "a.gen"), 'pipeline "old" {\n  budget: 50 credits\n  video v { model: ray-flash-2 duration: 5s }\n}\n');
    fs.writeFileSync(path.join(dir, "b.gen"), 'pipeline "new" {\n  budget: 50 credits\n  video v { model: ray-flash-2 duration: 5s }\n}\n');
    const { code, stdout } = gen(["diff", "--format", "json", "a.gen", "b.gen"], dir);
    assert.strictEqual(code, 0);
    const [file] = JSON.parse(stdout).files;
    assert.deepStrictEqual(file.pipelines.map((p: { name: string; percent?: number }) => [p.name, "percent" in p ? p.percent : "absent"]), [["old", -100], ["new", "absent"]]);
    const numbers = numbersIn(JSON.parse(stdout).files[0].pipelines.map((p: { delta: unknown; budget: unknown }) => [p.delta, p.budget]));
    assert.ok(numbers.found.every(Number.isFinite));
  });

  it("`creditsPerUsd: 1e999` in gen.config.json is an error at the number, and the file is priced without it", () => {
    fs.writeFileSync(path.join(dir, "gen.config.json"), '{\n  "creditsPerUsd": 1e999\n}\n');
    fs.writeFileSync(path.join(dir, "a.gen"), 'pipeline "p" {\n  budget: 50 credits\n  video v { model: ray-flash-2 duration: 5s }\n}\n');
    const { code, stdout, stderr } = gen(["cost", "a.gen"], dir);
    assert.strictEqual(code, 1);
    assert.match(stderr, /gen\.config\.json:2:20 `1e999` is too large a number to read \(it would be Infinity\)/);
    assert.match(stdout, /\n {4}budget: 14 of 50 credits, 28%\n/);
    assert.doesNotMatch(stdout + stderr, /NaN|Infinity of/);
  });
});
