// `gen fix` run as a process on copies of test/fixtures-cli/fix-diff, whose gen.config.json
// prices test models by hand: test-video 10 credits a second at 1080p, 2 at 540p, native
// audio 1 a second; test-image 1 credit; test-voice 3 credits.
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { unifiedDiff } from "../../server/src/cli/fix";
import { repoRoot } from "../support/render";

const fixtures = path.join(repoRoot, "test/fixtures-cli/fix-diff");

function gen(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [path.join(repoRoot, "dist/cli.js"), ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const read = (file: string) => fs.readFileSync(file, "utf8");

/** `git apply` in a folder outside any repository (as `patch -p1` would). */
const gitApply = (args: string[], cwd: string) =>
  spawnSync("git", ["apply", ...args], { cwd, encoding: "utf8", env: { ...process.env, GIT_CEILING_DIRECTORIES: path.dirname(cwd) } });

// draft.gen: one 5s video at 1080p with audio, twice: 2 × (50 + 5) = 110 credits; fixed, one 5s take
// at 540p without audio: 10 credits, so 100 saved. extra.gen: an unused stage of 2 images, 2 credits.
// The final keeps its 1080p in a `final { }` block.
const draftFixed = (text: string) =>
  text.replace("resolution: 1080p", "resolution: 540p").replace("audio: on", "audio: off").replace("count: 2", "count: 1\n    final { resolution: 1080p }");
const extraFixed = (text: string) => text.replace('  image spare { model: test-image prompt: "a spare kite" count: 2 }\n', "");

describe("gen fix", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "gen-fix-"));
    for (const name of ["gen.config.json", "draft.gen", "extra.gen", "clean.gen"]) fs.copyFileSync(path.join(fixtures, name), path.join(dir, name));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("fixes every file in place and says what each saves, then the total", () => {
    const { code, stdout, stderr } = gen(["fix"], dir);
    assert.strictEqual(stderr, "");
    assert.strictEqual(code, 0);
    assert.strictEqual(stdout, ["draft.gen: 3 fixes, saves 100 credits", "extra.gen: 1 fix, saves 2 credits", "Fixed 4 findings in 2 files: saves 102 credits", ""].join("\n"));
    assert.strictEqual(read(path.join(dir, "draft.gen")), draftFixed(read(path.join(fixtures, "draft.gen"))));
    assert.strictEqual(read(path.join(dir, "extra.gen")), extraFixed(read(path.join(fixtures, "extra.gen"))));
    assert.strictEqual(read(path.join(dir, "clean.gen")), read(path.join(fixtures, "clean.gen")));
    // Fixed files have nothing left to fix.
    assert.strictEqual(gen(["fix"], dir).stdout, "Nothing to fix in 3 files\n");
  });

  it("with --dry-run changes nothing and prints a unified diff that applies", () => {
    const { code, stdout } = gen(["fix", "--dry-run", "draft.gen", "clean.gen"], dir);
    assert.strictEqual(code, 0);
    assert.strictEqual(
      stdout,
      [
        "--- a/draft.gen",
        "+++ b/draft.gen",
        "@@ -12,9 +12,10 @@",
        "     start: first",
        '     prompt: "the kite climbs"',
        "     duration: 5s",
        "-    resolution: 1080p",
        "-    audio: on",
        "-    count: 2",
        "+    resolution: 540p",
        "+    audio: off",
        "+    count: 1",
        "+    final { resolution: 1080p }",
        "   }",
        " ",
        '   audio voice { kind: voiceover model: test-voice text: "Up it goes." over: shot }',
        "",
        "draft.gen: 3 fixes, saves 100 credits",
        "Would fix 3 findings in 1 file: saves 100 credits",
        "",
      ].join("\n"),
    );
    assert.strictEqual(read(path.join(dir, "draft.gen")), read(path.join(fixtures, "draft.gen")));
    const patch = path.join(dir, "fix.patch");
    fs.writeFileSync(patch, stdout);
    const applied = gitApply([patch], dir);
    assert.strictEqual(applied.stderr, "");
    assert.strictEqual(read(path.join(dir, "draft.gen")), draftFixed(read(path.join(fixtures, "draft.gen"))));
  });

  it("keeps CRLF line endings and a byte-order mark", () => {
    const crlf = "\uFEFF" + read(path.join(fixtures, "extra.gen")).replace(/\n/g, "\r\n");
    fs.writeFileSync(path.join(dir, "extra.gen"), crlf);
    const { code, stdout } = gen(["fix", "extra.gen"], dir);
    assert.strictEqual(code, 0);
    assert.strictEqual(stdout, "extra.gen: 1 fix, saves 2 credits\nFixed 1 finding in 1 file: saves 2 credits\n");
    assert.strictEqual(read(path.join(dir, "extra.gen")), "\uFEFF" + extraFixed(read(path.join(fixtures, "extra.gen"))).replace(/\n/g, "\r\n"));
  });

  it("leaves alone what a rule turned off in gen.config.json would fix", () => {
    const config = JSON.parse(read(path.join(dir, "gen.config.json")));
    fs.writeFileSync(path.join(dir, "gen.config.json"), JSON.stringify({ ...config, rules: { "no-replaced-audio": "off", "unused-stage": "off" } }));
    // 1080p → 540p and one take, the audio kept: 5 × (2 + 1) = 15 credits instead of 110. In extra.gen
    // (no `mode:`, so a draft) the unused stage stays, but makes one version instead of two.
    const { stdout } = gen(["fix"], dir);
    assert.strictEqual(stdout, "draft.gen: 2 fixes, saves 95 credits\nextra.gen: 1 fix, saves 1 credit\nFixed 3 findings in 2 files: saves 96 credits\n");
    assert.match(read(path.join(dir, "draft.gen")), /^ {4}audio: on$/m);
  });

  it("changes nothing while a gen.config.json has errors, and exits 1", () => {
    fs.writeFileSync(path.join(dir, "gen.config.json"), '{ "rules": { "unused-stage": "of" } }');
    const { code, stdout, stderr } = gen(["fix"], dir);
    assert.strictEqual(code, 1);
    assert.strictEqual(stdout, "");
    assert.strictEqual(stderr, "error gen.config.json has errors, so the rule settings in it cannot be applied: see `gen check`\nNothing was changed.\n");
    assert.strictEqual(read(path.join(dir, "extra.gen")), read(path.join(fixtures, "extra.gen")));
  });

  it("reports a path it cannot read, fixes the others, and exits 1", () => {
    const { code, stdout, stderr } = gen(["fix", "missing.gen", "extra.gen"], dir);
    assert.strictEqual(code, 1);
    assert.strictEqual(stderr, "error cannot read missing.gen: ENOENT\n");
    assert.strictEqual(stdout, "extra.gen: 1 fix, saves 2 credits\nFixed 1 finding in 1 file: saves 2 credits\n");
  });

  it("takes --config for every file", () => {
    fs.mkdirSync(path.join(dir, "elsewhere"));
    fs.renameSync(path.join(dir, "gen.config.json"), path.join(dir, "elsewhere", "prices.json"));
    const { code, stdout } = gen(["fix", "--dry-run", "--config", "elsewhere/prices.json", "extra.gen"], dir);
    assert.strictEqual(code, 0);
    assert.match(stdout, /^Would fix 1 finding in 1 file: saves 2 credits$/m);
  });

  it("says how to use it: --help, a bad option, a config file that is not there", () => {
    const help = gen(["fix", "--help"], dir);
    assert.strictEqual(help.code, 0);
    assert.match(help.stdout, /^Usage: gen fix \[options\] \[paths…\]$/m);
    assert.match(help.stdout, /`stills-first` and `reuse-preset` are offered in the editor, never applied here\.$/m);
    assert.match(help.stdout, /^ {2}--dry-run {9}change nothing; print the changes as a unified diff/m);
    const bad = gen(["fix", "--dry"], dir);
    assert.strictEqual(bad.code, 2);
    assert.match(bad.stderr, /^gen fix: Unknown option '--dry'/);
    const config = gen(["fix", "--config", "nope.json"], dir);
    assert.strictEqual(config.code, 2);
    assert.strictEqual(config.stderr, "gen fix: cannot read --config nope.json: ENOENT\n");
  });
});

describe("unified diff", () => {
  it("prints GNU diff -u hunks, merging changes closer than twice the context", () => {
    const before = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n"].join("\n") + "\n";
    const after = ["a", "B", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "M", "n", "o"].join("\n") + "\n";
    assert.strictEqual(
      unifiedDiff("a/x", "b/x", before, after),
      ["--- a/x", "+++ b/x", "@@ -1,5 +1,5 @@", " a", "-b", "+B", " c", " d", " e", "@@ -10,5 +10,6 @@", " j", " k", " l", "-m", "+M", " n", "+o", ""].join("\n"),
    );
    assert.strictEqual(unifiedDiff("a/x", "b/x", "1\n2\n3\n", "1\n3\n", 1), ["--- a/x", "+++ b/x", "@@ -1,3 +1,2 @@", " 1", "-2", " 3", ""].join("\n"));
  });

  it("marks a missing newline at the end, and writes nothing for equal texts", () => {
    assert.strictEqual(unifiedDiff("a/x", "b/x", "one\ntwo", "one\ntwo\n"), ["--- a/x", "+++ b/x", "@@ -1,2 +1,2 @@", " one", "-two", "\\ No newline at end of file", "+two", ""].join("\n"));
    assert.strictEqual(unifiedDiff("a/x", "b/x", "", "new\n"), ["--- a/x", "+++ b/x", "@@ -0,0 +1 @@", "+new", ""].join("\n"));
    assert.strictEqual(unifiedDiff("a/x", "b/x", "same\n", "same\n"), "");
  });

  it("gives patches that git apply turns into the new text (random edits)", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gen-udiff-"));
    try {
      let seed = 7;
      const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
      const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)];
      for (let round = 0; round < 40; round++) {
        const lines = Array.from({ length: Math.floor(random() * 20) }, () => pick(["a", "b", "c", "", "}", "  x: 1"]));
        const changed = lines.filter(() => random() > 0.2).map((line) => (random() < 0.15 ? `${line}!` : line));
        for (let i = 0; i < 3; i++) if (random() < 0.4) changed.splice(Math.floor(random() * (changed.length + 1)), 0, `new ${i}`);
        const before = lines.join("\n") + (lines.length && random() < 0.7 ? "\n" : "");
        const after = changed.join("\n") + (changed.length && random() < 0.7 ? "\n" : "");
        if (before === after) continue;
        fs.writeFileSync(path.join(dir, "f.txt"), before);
        fs.writeFileSync(path.join(dir, "p.diff"), unifiedDiff("a/f.txt", "b/f.txt", before, after, round % 3));
        const applied = gitApply(["--unidiff-zero", "p.diff"], dir);
        assert.strictEqual(applied.stderr, "", `round ${round}: ${JSON.stringify(before)} → ${JSON.stringify(after)}`);
        assert.strictEqual(fs.readFileSync(path.join(dir, "f.txt"), "utf8"), after, `round ${round}`);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
