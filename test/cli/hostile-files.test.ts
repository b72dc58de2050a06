// What the command line reads, and what it trusts, when a repository or a shared folder is hostile:
// FIFOs and folders where files should be, a gen.config.json planted above a project or writable by
// anyone, `use` lines reaching out of the workspace, a `use` chain thousands of files deep, a config
// nested 100,000 levels deep. Each run has a timeout: before the fix, a FIFO hung the command forever.
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { repoRoot } from "../support/render";

function gen(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [path.join(repoRoot, "dist/cli.js"), ...args], {
    cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" }, timeout: 15000,
  });
  // A hang is killed by the timeout: say so instead of comparing a null exit code.
  assert.strictEqual(result.signal, null, `gen ${args.join(" ")} did not finish within 15 s (killed by ${result.signal})`);
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** `gen check --format json`, as data. */
function checkJson(args: string[], cwd: string) {
  const { code, stdout, stderr } = gen(["check", "--format", "json", ...args], cwd);
  return { code, stderr, files: JSON.parse(stdout).files as { path: string; error?: string; diagnostics: { code: string; severity: string; message: string; range: any }[] }[] };
}

const mkfifo = (file: string) => assert.strictEqual(spawnSync("mkfifo", [file]).status, 0, `mkfifo ${file}`);
const isWindows = process.platform === "win32";
const isRoot = typeof process.getuid === "function" && process.getuid() === 0;

// ray-2 makes a 5 s clip at 540p for 40 credits: over a budget of 10.
const overBudget = 'pipeline "teaser" {\n  brief { goal: "a shot" }\n  budget: 10 credits\n  video shot { model: ray-2 duration: 5s resolution: 540p audio: off }\n  output shot\n}\n';
// What someone else would plant: the over-budget failure turned off, and the clip made free.
const planted = JSON.stringify({ rules: { "over-budget": "off" }, models: { "ray-2": { perClip: { "5s": { "540p": 0 } } } } });

const codes = (file: { diagnostics: { code: string }[] } | undefined) => file?.diagnostics.map((d) => d.code) ?? [];

describe("gen reads only regular files, and trusts only the workspace's own gen.config.json", function () {
  let dir: string;
  let project: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "gen-hostile-"));
    project = path.join(dir, "shared", "project");
    fs.mkdirSync(path.join(project, ".git"), { recursive: true });
    fs.writeFileSync(path.join(project, "teaser.gen"), overBudget);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  describe("a FIFO where a file should be", () => {
    before(function () {
      if (isWindows) this.skip(); // no FIFOs
    });

    it("is a gen.config.json that is not applied, with a message in it, and check, cost and fix finish", () => {
      fs.mkdirSync(path.join(project, "shots"));
      fs.renameSync(path.join(project, "teaser.gen"), path.join(project, "shots", "teaser.gen"));
      mkfifo(path.join(project, "gen.config.json"));
      const message = "gen.config.json is a FIFO (named pipe), not a regular file, so it is not applied: the files under it are checked without it";

      const check = checkJson(["shots"], project);
      assert.deepStrictEqual(check.files.find((f) => f.path === "gen.config.json")?.diagnostics, [
        { code: "config", severity: "error", message, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } },
      ]);
      assert.ok(codes(check.files.find((f) => f.path === "shots/teaser.gen")).includes("over-budget"), "the file is still checked, with the defaults");
      assert.strictEqual(check.code, 1);

      const cost = gen(["cost", "shots"], project);
      assert.match(cost.stderr, /^error gen\.config\.json:1:1 gen\.config\.json is a FIFO \(named pipe\), not a regular file/m);
      assert.match(cost.stdout, /budget: 40 of 10 credits, 400%/);
      assert.strictEqual(cost.code, 1);

      const fix = gen(["fix", "shots"], project);
      assert.match(fix.stderr, /gen\.config\.json has errors/);
      assert.strictEqual(fix.code, 1);
      assert.strictEqual(fs.readFileSync(path.join(project, "shots", "teaser.gen"), "utf8"), overBudget);
    });

    it("is a .gen file that gen diff and gen check say they cannot read", () => {
      mkfifo(path.join(project, "fifo.gen"));
      const diff = gen(["diff", "teaser.gen", "fifo.gen"], project);
      assert.deepStrictEqual([diff.code, diff.stdout, diff.stderr], [1, "", "error fifo.gen is a FIFO (named pipe), not a regular file\n"]);
      const check = checkJson(["fifo.gen", "teaser.gen"], project);
      assert.deepStrictEqual(check.files[0], { path: "fifo.gen", error: "fifo.gen is a FIFO (named pipe), not a regular file", diagnostics: [] });
      assert.strictEqual(check.code, 1);
    });

    it("is a `use`d file: an error at the `use` line", () => {
      mkfifo(path.join(project, "brand.gen"));
      fs.writeFileSync(path.join(project, "uses.gen"), 'use "brand.gen"\n' + overBudget);
      const check = checkJson(["uses.gen"], project);
      assert.deepStrictEqual(check.files[0].diagnostics.filter((d) => d.code === "use-not-found").map((d) => [d.range.start, d.message]), [
        [{ line: 0, character: 4 }, "`brand.gen` is a FIFO (named pipe), not a regular file"],
      ]);
    });
  });

  it("says that folders are not files: a gen.config.json, and gen diff of two folders", () => {
    fs.mkdirSync(path.join(project, "gen.config.json"));
    const check = checkJson(["teaser.gen"], project);
    assert.deepStrictEqual(check.files.find((f) => f.path === "gen.config.json")?.diagnostics.map((d) => d.message), [
      "gen.config.json is a folder, not a regular file, so it is not applied: the files under it are checked without it",
    ]);
    assert.ok(codes(check.files.find((f) => f.path === "teaser.gen")).includes("over-budget"));

    fs.mkdirSync(path.join(project, "a"));
    fs.mkdirSync(path.join(project, "b"));
    const diff = gen(["diff", "a", "b"], project);
    assert.strictEqual(diff.code, 1);
    assert.strictEqual(diff.stderr, [
      "error a is a folder, not a regular file: `gen diff <old> <new>` compares two files; for folders, compare with a git revision (`gen diff --base <git-ref> <folder>`)",
      "error b is a folder, not a regular file: `gen diff <old> <new>` compares two files; for folders, compare with a git revision (`gen diff --base <git-ref> <folder>`)",
      "",
    ].join("\n"));
  });

  it("refuses a .gen file larger than 5 MB, and a gen.config.json too", () => {
    fs.writeFileSync(path.join(project, "huge.gen"), "// " + "x".repeat(5 * 1024 * 1024));
    fs.writeFileSync(path.join(project, "gen.config.json"), "{}" + " ".repeat(5 * 1024 * 1024));
    const check = checkJson(["huge.gen", "teaser.gen"], project);
    assert.deepStrictEqual(check.files.find((f) => f.path === "huge.gen"), { path: "huge.gen", error: "huge.gen is larger than 5 MB, the most that is read of one file", diagnostics: [] });
    assert.deepStrictEqual(check.files.find((f) => f.path === "gen.config.json")?.diagnostics.map((d) => d.message), [
      "gen.config.json is larger than 5 MB, the most that is read of one file, so it is not applied: the files under it are checked without it",
    ]);
  });

  describe("a gen.config.json above the project", () => {
    it("is not read above the repository root (the nearest .git): a planted config changes nothing", () => {
      fs.writeFileSync(path.join(dir, "shared", "gen.config.json"), planted);
      const { code, stdout } = gen(["check", "teaser.gen"], project);
      assert.match(stdout, /error {4}estimated 40 credits, over the budget of 10 credits.* {2}over-budget$/m);
      assert.strictEqual(code, 1);
      assert.match(gen(["cost", "teaser.gen"], project).stdout, /budget: 40 of 10 credits, 400%/);
    });

    it("is read up to the repository root, from a folder below the current one", () => {
      fs.mkdirSync(path.join(project, "shots"));
      fs.writeFileSync(path.join(project, "gen.config.json"), JSON.stringify({ display: "usd" }));
      fs.copyFileSync(path.join(project, "teaser.gen"), path.join(project, "shots", "teaser.gen"));
      assert.match(gen(["cost", "teaser.gen"], path.join(project, "shots")).stdout, /budget: \$0\.40 of \$0\.10, 400%/);
    });

    it("outside a repository, is read up to the current folder and no further", function () {
      fs.rmSync(path.join(project, ".git"), { recursive: true });
      // A repository around the temporary folder would make its root the limit: nothing to test then.
      for (let up = dir; path.dirname(up) !== up; up = path.dirname(up)) if (fs.existsSync(path.join(up, ".git"))) this.skip();
      fs.writeFileSync(path.join(dir, "shared", "gen.config.json"), planted);
      assert.strictEqual(gen(["check", "teaser.gen"], project).code, 1, "the config above the current folder is not read");
      // Run from the shared folder, the config there is the user's own choice of workspace.
      const fromShared = gen(["check", path.join("project", "teaser.gen")], path.join(dir, "shared"));
      assert.doesNotMatch(fromShared.stdout, /over-budget/);
      assert.strictEqual(fromShared.code, 0);
    });
  });

  describe("a gen.config.json someone else could have written", () => {
    before(function () {
      if (isWindows) this.skip(); // no POSIX modes or owners
    });

    it("is refused when every user may write it, with a message in it; the files are checked without it", () => {
      const config = path.join(project, "gen.config.json");
      fs.writeFileSync(config, planted);
      fs.chmodSync(config, 0o666);
      const check = checkJson(["teaser.gen"], project);
      assert.deepStrictEqual(check.files.find((f) => f.path === "gen.config.json")?.diagnostics.map((d) => d.message), [
        "gen.config.json is writable by every user (mode 666), so anyone could change its rules and prices: it is not applied, and the files under it are checked without it; `chmod o-w gen.config.json` to use it",
      ]);
      assert.ok(codes(check.files.find((f) => f.path === "teaser.gen")).includes("over-budget"));
      assert.strictEqual(check.code, 1);
      // Named with --config it is still refused: anyone could have changed it since it was chosen.
      assert.match(gen(["check", "--config", "gen.config.json", "teaser.gen"], project).stdout, /writable by every user/);
      fs.chmodSync(config, 0o644);
      assert.strictEqual(gen(["check", "teaser.gen"], project).code, 0);
    });

    it("is refused when it belongs to another user than you or root, unless named with --config", function () {
      if (!isRoot) this.skip(); // only root can give a file away
      const config = path.join(project, "gen.config.json");
      fs.writeFileSync(config, planted);
      fs.chownSync(config, 65534, 65534); // nobody
      const check = checkJson(["teaser.gen"], project);
      assert.deepStrictEqual(check.files.find((f) => f.path === "gen.config.json")?.diagnostics.map((d) => d.message), [
        "gen.config.json belongs to another user (uid 65534), not to you (uid 0) or root, so it is not applied, and the files under it are checked without it; own it (`chown`) to use it",
      ]);
      assert.strictEqual(check.code, 1);
      assert.strictEqual(gen(["check", "--config", "gen.config.json", "teaser.gen"], project).code, 0);
    });
  });

  describe("`use` lines", () => {
    it("read nothing outside the workspace: an absolute path, a path up, a symbolic link out", function () {
      fs.writeFileSync(path.join(dir, "shared", "outside.gen"), 'preset brand { aspect: 16:9 }\n');
      const lines = ['use "/etc/passwd"', 'use "/proc/self/environ"', 'use "../outside.gen"'];
      if (!isWindows) {
        fs.symlinkSync(path.join(dir, "shared", "outside.gen"), path.join(project, "link.gen"));
        lines.push('use "link.gen"');
      }
      fs.writeFileSync(path.join(project, "uses.gen"), lines.join("\n") + "\n" + overBudget);
      const check = checkJson(["uses.gen"], project);
      assert.deepStrictEqual(check.files[0].diagnostics.filter((d) => d.code === "use-not-found").map((d) => [d.range.start.line, d.message]), [
        [0, "`/etc/passwd` is outside the workspace: `use` reads .gen files inside it"],
        [1, "`/proc/self/environ` is outside the workspace: `use` reads .gen files inside it"],
        [2, "`../outside.gen` is outside the workspace: `use` reads .gen files inside it"],
        ...(isWindows ? [] : [[3, "`link.gen` is outside the workspace: `use` reads .gen files inside it"]]),
      ]);
    });

    it("report a file further down that reads outside the workspace at the line that leads to it", () => {
      fs.mkdirSync(path.join(project, "lib"));
      fs.writeFileSync(path.join(project, "lib", "brand.gen"), 'use "../../outside.gen"\npreset brand { aspect: 16:9 }\n');
      fs.writeFileSync(path.join(project, "uses.gen"), 'use "lib/brand.gen"\n' + overBudget);
      const check = checkJson(["uses.gen"], project);
      assert.deepStrictEqual(check.files[0].diagnostics.filter((d) => d.code === "use-not-found").map((d) => [d.range.start, d.message]), [
        [{ line: 0, character: 4 }, "`../../outside.gen`, used by `lib/brand.gen`, is outside the workspace: `use` reads .gen files inside it"],
      ]);
    });

    it("read at most 20 MB of files for one document, and say where that was passed", () => {
      const big = "// " + "x".repeat(4.5 * 1024 * 1024) + "\n"; // each under the 5 MB a file may hold
      for (let i = 0; i < 6; i++) fs.writeFileSync(path.join(project, `big${i}.gen`), big);
      fs.writeFileSync(path.join(project, "uses.gen"), [0, 1, 2, 3, 4, 5].map((i) => `use "big${i}.gen"\n`).join("") + overBudget);
      const check = checkJson(["uses.gen"], project);
      assert.deepStrictEqual(check.files[0].diagnostics.filter((d) => d.code === "use-not-found").map((d) => [d.range.start, d.message]), [
        [{ line: 4, character: 4 }, "the files `use`d here pass 20 MB together at `big4.gen`, the most one file may `use`: the rest are not read"],
      ]);
    });

    it("follow a chain of 4,000 files without a false unknown-preset", () => {
      const depth = 4000;
      for (let i = 0; i < depth; i++) fs.writeFileSync(path.join(project, `p${i}.gen`), i + 1 < depth ? `use "p${i + 1}.gen"\n` : "preset deep { aspect: 16:9 }\n");
      fs.writeFileSync(path.join(project, "main.gen"), 'use "p0.gen"\npipeline "p" {\n  brief { goal: "a still" }\n  image a { model: photon-flash-1 prompt: "x" use: deep }\n  output a\n}\n');
      const check = checkJson(["main.gen"], project);
      assert.deepStrictEqual(check.files[0].diagnostics.filter((d) => d.severity === "error"), []);
      assert.strictEqual(check.code, 0);
    });
  });

  it("reports a gen.config.json nested 100,000 levels deep in itself, and still checks the files under it", () => {
    fs.writeFileSync(path.join(project, "gen.config.json"), "[".repeat(100000));
    const { code, stdout, stderr } = gen(["check", "teaser.gen"], project);
    assert.strictEqual(stderr, "");
    assert.match(stdout, /^gen\.config\.json\n\s+1:65 {2}error {4}gen\.config\.json nests more than 64 levels deep here, and no setting is nested that deep: is a `]` or `}` missing\? {2}config$/m);
    assert.match(stdout, /^teaser\.gen\n(.*\n)*?\s+3:11 {2}error {4}estimated 40 credits, over the budget of 10 credits/m);
    assert.match(stdout, /^✖ /m);
    assert.strictEqual(code, 1);
  });
});
