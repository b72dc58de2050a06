// A smoke run of `npm run bench`: it runs, prints its table and writes well-formed JSON with every row.
// Never a time: machines differ, and the quick run's sizes are not the targets'.
import * as assert from "assert";
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { repoRoot } from "../protocol/lspClient";

const requests = [
  "hover-stage-name", "hover-value", "hover-pipeline-header", "completion-model", "code-lens", "inlay-hints", "quick-fix", "fix-all",
  "semantic-tokens", "semantic-tokens-delta", "document-symbols", "folding-ranges", "formatting",
];

/** Each row id, with how many rows it has in a quick run (per corpus and size where it has them). */
const expected: Record<string, number> = {
  "check.throughput": 6, // lean and wasteful, three sizes
  "check.json-parse": 6,
  "check.parse": 2,
  "check.analyse": 2,
  "check.hostile-chain": 1,
  "check.hostile-file": 1,
  "check.hostile-line": 1,
  "server.cold-start": 1,
  "protocol.open": 4, // lean and wasteful, two sizes
  "protocol.typing": 4,
  ...Object.fromEntries(requests.flatMap((r) => [[`protocol.request.${r}`, 4], [`protocol.after-edit.${r}`, 4]])),
  "protocol.memory": 4,
  "cli.check-folder": 1,
  bundle: 3,
};

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(repoRoot, "out/test/bench/bench.js"), ...args], { cwd: repoRoot });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("npm run bench --quick", function () {
  this.timeout(180_000); // about 10 s alone; much longer on a busy machine

  let tmp: string;
  before(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), "gen-bench-test-"))));
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it("runs, prints one table, and writes every row as well-formed JSON", async () => {
    const json = path.join(tmp, "results.json");
    const { code, stdout, stderr } = await run(["--quick", "--json", json]);
    assert.strictEqual(code, 0, stderr);
    const header = ["measurement", "corpus", "size", "n", "median", "p95", "target", "met\\?", "note"].map((h) => ` *${h} *`).join("\\|");
    assert.match(stdout, new RegExp(`^\\|${header}\\|$`, "m"));
    assert.match(stdout, /one character typed → diagnostics/);
    assert.match(stdout, /findings, wasteful, [\d,]+ stages: [\d,]+ \(/);

    const results = JSON.parse(fs.readFileSync(json, "utf8"));
    assert.strictEqual(results.schema, 1);
    assert.strictEqual(results.meta.quick, true);
    const counts: Record<string, number> = {};
    for (const row of results.rows) counts[row.id] = (counts[row.id] ?? 0) + 1;
    assert.deepStrictEqual(counts, expected);

    for (const row of results.rows) {
      const where = `${row.id} ${row.corpus ?? ""} ${row.size ?? row.label}`;
      assert.strictEqual(typeof row.label, "string", where);
      assert.ok(["ms", "MB/s", "MB", "KB", "x"].includes(row.unit), where);
      assert.strictEqual(row.met, null, `${where}: a quick run judges no target`);
      const numbers = [row.median, row.p95, row.value, row.ratio, row.ms?.median, row.ms?.p95, row.n, row.bytes].filter((v) => v !== undefined);
      // Memory is read from /proc: null where there is none.
      const unmeasurable = row.id === "protocol.memory" && process.platform !== "linux";
      for (const value of numbers) assert.ok(typeof value === "number" ? Number.isFinite(value) && value >= 0 : unmeasurable && value === null, `${where}: ${value}`);
      assert.ok(row.median !== undefined || row.value !== undefined, `${where} has a result`);
      if (row.n !== undefined) assert.ok(Number.isInteger(row.n) && row.n >= 1, `${where}: n ${row.n}`);
    }
    // Every corpus and size has its protocol rows, and the wasteful corpus really is wasteful.
    const typing = results.rows.filter((row: any) => row.id === "protocol.typing");
    assert.deepStrictEqual(typing.map((row: any) => row.corpus).sort(), ["lean", "lean", "wasteful", "wasteful"]);
    for (const f of results.findings.filter((f: any) => f.corpus === "wasteful")) assert.ok(f.count > f.stages, `${f.count} findings in ${f.stages} wasteful stages`);
  });
});
