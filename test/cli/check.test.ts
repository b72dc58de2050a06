// `gen check` run as a process, the way a CI job or a newcomer runs it.
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

describe("gen check", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "gen-cli-"));
    fs.mkdirSync(path.join(dir, "shots"));
    fs.writeFileSync(path.join(dir, "good.gen"), 'pipeline "ok" { brief { goal: "a still" } image a { model: photon-flash-1 prompt: "x" } output a }\n');
    fs.writeFileSync(path.join(dir, "shots", "bad.gen"), 'pipeline "bad" {\n  video a { model: rya-2 duration: 5s }\n  brief { goal: "a shot" }\n}\n');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("lists each problem with its place, message and code, and exits 1 on errors", () => {
    const { code, stdout } = gen(["check"], dir);
    assert.strictEqual(code, 1);
    assert.match(stdout, new RegExp(`^${path.join("shots", "bad.gen").replace(/\\/g, "\\\\")}$`, "m"));
    assert.match(stdout, /^\s+2:20 {2}error {4}unknown model `rya-2`; did you mean `ray-2`\? {2}unknown-model$/m);
    assert.match(stdout, /✖ 1 problem \(1 error, 0 warnings\) in 2 files/);
  });

  it("exits 0 when the files are clean", () => {
    const { code, stdout } = gen(["check", "good.gen"], dir);
    assert.strictEqual(code, 0);
    assert.match(stdout, /✔ 0 problems \(0 errors, 0 warnings\) in 1 file/);
  });

  it("reports a path it cannot read and still checks the others", () => {
    const { code, stdout, stderr } = gen(["check", "missing", "good.gen"], dir);
    assert.strictEqual(code, 1);
    assert.match(stderr, /cannot read missing: ENOENT/);
    assert.match(stdout, /in 1 file/);
  });

  it("takes rule severities and prices from the gen.config.json above the files", () => {
    fs.writeFileSync(path.join(dir, "shots", "draft.gen"), 'pipeline "d" {\n  video a { model: ray-2 duration: 5s resolution: 540p }\n  output a\n}\n');
    const plain = gen(["check", "shots/draft.gen"], dir);
    assert.match(plain.stdout, /warning {2}pipeline "d" has no brief.* {2}brief-first$/m);
    fs.writeFileSync(path.join(dir, "gen.config.json"), JSON.stringify({ rules: { "brief-first": "off", "stills-first": "error" } }));
    const configured = gen(["check", "shots/draft.gen"], dir);
    assert.doesNotMatch(configured.stdout, /brief-first/);
    assert.match(configured.stdout, /error {4}`a` is text-to-video.* {2}stills-first$/m);
    assert.strictEqual(configured.code, 1);
  });

  it("says how to use it when the command is wrong", () => {
    const { code, stderr } = gen(["chek"], dir);
    assert.strictEqual(code, 2);
    assert.match(stderr, /unknown command `chek`/);
    assert.match(stderr, /Usage: gen <command>/);
  });
});
