// `gen promote` run as a process on copies of test/fixtures-cli/promote, whose gen.config.json
// prices test models by hand: test-video 2 credits a second at 540p and 10 at 1080p; test-image
// 1, 3 and 5 credits at 1k, 2k and 4k; test-upscale 1 credit a second to 1080p.
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { repoRoot } from "../support/render";

const fixtures = path.join(repoRoot, "test/fixtures-cli/promote");

function gen(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [path.join(repoRoot, "dist/cli.js"), ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const read = (file: string) => fs.readFileSync(file, "utf8");

describe("gen promote", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "gen-promote-"));
    for (const name of fs.readdirSync(fixtures)) fs.copyFileSync(path.join(fixtures, name), path.join(dir, name));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("promotes each draft pipeline in place and says what the final phase costs now", () => {
    const { code, stdout, stderr } = gen(["promote"], dir);
    assert.strictEqual(stderr, "");
    assert.strictEqual(code, 0);
    // poster: the still at 4k (5 credits) instead of 1k (1). teaser: two upscales of 5 s (5 credits each);
    // the reframe takes the 540p draft and is upscaled after, so it is not billed at 1080p.
    assert.strictEqual(stdout, [
      'poster.gen: "poster" is final: final phase 1 → 5 credits (+4 credits)',
      'teaser.gen: "teaser" is final: final phase 41 → 51 credits (+10 credits)',
      "Promoted 2 pipelines in 2 files",
      "",
    ].join("\n"));
    assert.strictEqual(read(path.join(dir, "poster.gen")), read(path.join(fixtures, "poster.gen"))
      .replace('  image poster', "  mode: final\n  image poster")
      .replace("resolution: 1k }", "resolution: 1k final { resolution: 4k } }"));
    assert.strictEqual(read(path.join(dir, "teaser.gen")), read(path.join(fixtures, "teaser.gen"))
      .replace("mode: draft", "mode: final")
      .replace("resolution: 540p }\n", "resolution: 540p }\n  upscale shot_final { from: shot resolution: 1080p model: test-upscale }\n")
      .replace("model: ray-3.2-reframe }\n", "model: ray-3.2-reframe }\n  upscale tall_final { from: tall resolution: 1080p model: test-upscale }\n")
      .replace("output shot, tall", "output shot_final, tall_final"));
    assert.strictEqual(read(path.join(dir, "done.gen")), read(path.join(fixtures, "done.gen")));
    // The promoted files are clean, and promoting again finds nothing to do.
    assert.strictEqual(gen(["check", "poster.gen", "teaser.gen"], dir).code, 0);
    assert.deepStrictEqual(gen(["promote"], dir), { code: 0, stdout: "Nothing to promote in 3 files: every pipeline is final\n", stderr: "" });
  });

  it("with --dry-run changes nothing and prints a diff that applies", () => {
    const { code, stdout } = gen(["promote", "--dry-run", "poster.gen"], dir);
    assert.strictEqual(code, 0);
    assert.match(stdout, /^--- a\/poster\.gen\n\+\+\+ b\/poster\.gen\n/);
    assert.match(stdout, /\n\+ {2}image poster \{ model: test-image prompt: "a kite over the sea" resolution: 1k final \{ resolution: 4k \} \}\n/);
    assert.match(stdout, /\nWould promote 1 pipeline in 1 file\n$/);
    assert.strictEqual(read(path.join(dir, "poster.gen")), read(path.join(fixtures, "poster.gen")));
  });

  it("exits 1 on a path it cannot read, 2 on bad usage, and says how to use it", () => {
    const missing = gen(["promote", "missing.gen", "done.gen"], dir);
    assert.strictEqual(missing.code, 1);
    assert.match(missing.stderr, /cannot read missing\.gen/);
    assert.strictEqual(gen(["promote", "--frobnicate"], dir).code, 2);
    const help = gen(["promote", "--help"], dir);
    assert.strictEqual(help.code, 0);
    assert.match(help.stdout, /^Usage: gen promote \[options\] \[paths…\]/);
    assert.match(gen(["--help"], dir).stdout, /promote \[paths…\] +Switch draft pipelines to final/);
  });

  it("changes nothing when the gen.config.json above has errors", () => {
    fs.writeFileSync(path.join(dir, "gen.config.json"), "{ not json");
    const { code, stderr } = gen(["promote"], dir);
    assert.strictEqual(code, 1);
    assert.match(stderr, /Nothing was changed\./);
    assert.strictEqual(read(path.join(dir, "teaser.gen")), read(path.join(fixtures, "teaser.gen")));
  });
});
