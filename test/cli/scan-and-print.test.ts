// How the CLI walks folders and what it prints of names it did not choose: an unreadable folder is one
// problem and the rest is checked; symbolic links to .gen files are followed and broken ones reported;
// a symlinked folder cycle ends; control characters in names never reach the terminal raw; and
// `--dry-run` patch headers name odd files as git does, so `git apply` and `patch` take them.
// Fixtures: copies of test/fixtures-cli/fix-diff (see fix.test.ts for its prices).
import * as assert from "assert";
import { spawnSync, SpawnSyncOptions } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { printable } from "../../server/src/cli/output";
import { repoRoot } from "../support/render";

const fixtures = path.join(repoRoot, "test/fixtures-cli/fix-diff");
const cli = path.join(repoRoot, "dist/cli.js");
const isRoot = process.getuid?.() === 0;
const NOBODY = 65534;
const draft = fs.readFileSync(path.join(fixtures, "draft.gen"), "utf8");

function run(command: string, args: string[], cwd: string, options: SpawnSyncOptions = {}) {
  // A scan that loops forever fails here instead of hanging the suite.
  const result = spawnSync(command, args, { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" }, timeout: 15000, ...options });
  return { code: result.status, stdout: String(result.stdout), stderr: String(result.stderr) };
}

/** What a terminal would act on: anything printable() escapes, but line breaks between lines. */
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe("gen: folder scan and printing", () => {
  let root: string;
  let dir: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "gen-scan-"));
    dir = path.join(root, "work");
    fs.mkdirSync(dir);
    fs.copyFileSync(path.join(fixtures, "gen.config.json"), path.join(dir, "gen.config.json"));
  });
  afterEach(() => {
    for (const folder of walkFolders(root)) fs.chmodSync(folder, 0o755);
    fs.rmSync(root, { recursive: true, force: true });
  });

  const file = (name: string) => path.join(dir, name);
  const gen = (args: string[], options?: SpawnSyncOptions) => run(process.execPath, [cli, ...args], dir, options);

  describe("scan", () => {
    /** Runs gen as `nobody` when the tests run as root (root reads every folder), from a copy of the bundle. */
    function genUnprivileged(this: Mocha.Context, args: string[]) {
      if (!isRoot) return gen(args);
      const copy = path.join(root, "cli.js");
      fs.copyFileSync(cli, copy);
      fs.chmodSync(root, 0o755);
      const options = { uid: NOBODY, gid: NOBODY };
      if (spawnSync(process.execPath, ["-e", ""], options).status !== 0) this.skip(); // node itself out of reach for nobody
      return run(process.execPath, [copy, ...args], dir, options);
    }

    it("an unreadable folder is one problem; the files beside it are still checked and gen exits 1", function () {
      fs.writeFileSync(file("a.gen"), draft);
      fs.mkdirSync(file("locked"));
      fs.writeFileSync(file("locked/b.gen"), draft);
      fs.mkdirSync(file("open"));
      fs.writeFileSync(file("open/c.gen"), draft);
      for (const f of ["a.gen", "gen.config.json", "locked/b.gen", "open/c.gen"]) fs.chmodSync(file(f), 0o644);
      fs.chmodSync(file("locked"), 0o000);

      const check = genUnprivileged.call(this, ["check", "--format", "json"]);
      const json = JSON.parse(check.stdout);
      assert.deepStrictEqual(
        json.files.map((f: { path: string; error?: string }) => [f.path, f.error]),
        [["locked", "cannot read locked: permission denied (EACCES), so the files in it were not checked"], ["a.gen", undefined], ["open/c.gen", undefined]],
      );
      assert.strictEqual(json.summary.files, 2);
      assert.strictEqual(check.code, 1);

      const stylish = genUnprivileged.call(this, ["check"]);
      assert.strictEqual(stylish.stderr, "error cannot read locked: permission denied (EACCES), so the files in it were not checked\n");
      assert.match(stylish.stdout, /^a\.gen$/m);
      assert.match(stylish.stdout, /^open\/c\.gen$/m);
      assert.ok(stylish.stdout.endsWith("✖ 9 problems (3 errors, 6 warnings) in 2 files\n"), stylish.stdout); // 2 over budget, 1 folder
      assert.strictEqual(stylish.code, 1);
    });

    it("follows links to .gen files, reports dangling links and link loops, and ends on a folder cycle", () => {
      fs.mkdirSync(path.join(root, "shared"));
      fs.writeFileSync(path.join(root, "shared/teaser.gen"), draft);
      fs.symlinkSync("../shared/teaser.gen", file("linked.gen"));
      fs.symlinkSync("nowhere.gen", file("dangling.gen"));
      fs.symlinkSync("loop.gen", file("loop.gen"));
      fs.symlinkSync("..", file("up")); // work/up → the folder above, which holds work: a cycle
      fs.symlinkSync("nowhere", file("not-gen")); // no .gen name, not a folder: none of the scan's business

      const { code, stdout } = gen(["check", "--format", "json", "."]);
      const files = JSON.parse(stdout).files.map((f: { path: string; error?: string }) => [f.path, f.error]);
      assert.deepStrictEqual(files, [
        ["dangling.gen", "dangling.gen is a symbolic link to nowhere.gen, which does not exist: point it at a file or remove it"],
        ["loop.gen", "loop.gen is a symbolic link that leads back to itself (a link loop): point it at a file or remove it"],
        ["linked.gen", undefined],
        // Through the cycle: the shared folder is reached once, its file (checked already as linked.gen) not again.
      ]);
      assert.strictEqual(code, 1);
    });

    it("reaches a folder through a link, once", () => {
      fs.mkdirSync(path.join(root, "shared"));
      fs.writeFileSync(path.join(root, "shared/teaser.gen"), draft);
      fs.symlinkSync("../shared", file("shared"));
      fs.symlinkSync(".", file("self")); // work/self → work
      const { code, stdout, stderr } = gen(["check", "--format", "json"]);
      assert.deepStrictEqual(JSON.parse(stdout).files.map((f: { path: string }) => f.path), ["shared/teaser.gen"]);
      assert.strictEqual(stderr, "");
      assert.strictEqual(code, 1); // the draft is over its budget
    });
  });

  describe("printing", () => {
    const hostileName = "\u001b[2K\u001b[1Apwned\u202e";
    const hostileFile = "clip\u001b[31m\u0007.gen";
    const shown = "\\u{1b}[2K\\u{1b}[1Apwned\\u{202e}";
    const shownFile = "clip\\u{1b}[31m\\u{7}.gen";
    beforeEach(() => {
      // Stage and model names are words: the lexer lets no control character into them.
      fs.writeFileSync(file(hostileFile), draft.replace('pipeline "draft"', `pipeline "${hostileName}"`));
    });

    it("printable() escapes C0 (tab and newline too), DEL, C1 and bidi controls, and keeps the rest", () => {
      assert.strictEqual(printable("a\tb\nc\rd\u007fe\u0085f\u2066g\u2069 é 日本"), "a\\tb\\nc\\rd\\u{7f}e\\u{85}f\\u{2066}g\\u{2069} é 日本");
    });

    it("gen check prints file names escaped", () => {
      const { stdout } = gen(["check", "--max-warnings", "99"]);
      assert.ok(!RAW_CONTROL.test(stdout), JSON.stringify(stdout));
      assert.match(stdout, new RegExp(`^${escapeRegExp(shownFile)}$`, "m"));
    });

    it("gen cost prints pipeline, stage and file names escaped in the table and in Markdown; JSON keeps them as data", () => {
      const table = gen(["cost"]);
      assert.ok(!RAW_CONTROL.test(table.stdout), JSON.stringify(table.stdout));
      assert.ok(table.stdout.includes(`  pipeline "${shown}"`), table.stdout);
      const markdown = gen(["cost", "--format", "markdown"]);
      assert.ok(!RAW_CONTROL.test(markdown.stdout), JSON.stringify(markdown.stdout));
      assert.ok(markdown.stdout.includes(`### \`${shownFile}\``));
      assert.ok(markdown.stdout.includes(`#### pipeline "${shown}"`));
      const json = JSON.parse(gen(["cost", "--format", "json"]).stdout);
      assert.strictEqual(json.files[0].path, hostileFile);
      assert.strictEqual(json.files[0].pipelines[0].name, hostileName);
    });

    it("gen diff prints names escaped", () => {
      const old = file("old.gen");
      fs.writeFileSync(old, draft.replace('pipeline "draft"', `pipeline "${hostileName}"`).replace("count: 2", "count: 1"));
      const { stdout } = gen(["diff", "old.gen", hostileFile]);
      assert.ok(!RAW_CONTROL.test(stdout), JSON.stringify(stdout));
      assert.ok(stdout.includes(`pipeline "${shown}"`), stdout);
    });

    it("gen fix prints file names escaped", () => {
      const { stdout } = gen(["fix", hostileFile]);
      assert.ok(!RAW_CONTROL.test(stdout), JSON.stringify(stdout));
      assert.ok(stdout.startsWith(`${shownFile}: `), stdout);
    });
  });

  describe("gen fix --dry-run patch headers", () => {
    for (const [name, header] of [
      ["my file.gen", "a/my file.gen\t"],
      ["new\nline.gen", '"a/new\\nline.gen"'],
      ['quote"back\\slash é.gen', '"a/quote\\"back\\\\slash \\303\\251.gen"\t'],
    ]) {
      it(`names ${JSON.stringify(name)} as git does, and git apply and patch take the patch`, () => {
        fs.writeFileSync(file(name), draft);
        const { code, stdout } = gen(["fix", "--dry-run", name]);
        assert.strictEqual(code, 0);
        const patch = stdout.slice(0, stdout.indexOf("\n\n") + 1);
        assert.strictEqual(patch.split("\n")[0], `--- ${header}`);
        assert.strictEqual(patch.split("\n")[1], `+++ ${header.replace("a/", "b/")}`);
        fs.writeFileSync(path.join(root, "fix.patch"), patch);
        const git = run("git", ["apply", "--check", path.join(root, "fix.patch")], dir);
        assert.strictEqual(git.stderr, "");
        assert.strictEqual(git.code, 0);
        const gnu = run("patch", ["-p1", "--dry-run", "-i", path.join(root, "fix.patch")], dir);
        if (gnu.code === null && /ENOENT/.test(gnu.stderr)) return; // no GNU patch here: git apply is the test
        assert.strictEqual(gnu.code, 0, gnu.stdout + gnu.stderr);
        assert.ok(gnu.stdout.startsWith("checking file ") && gnu.stdout.includes(name), gnu.stdout); // patch quotes the name as a shell would
      });
    }
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Every real folder under `top` (links not followed), so a locked one can be opened again for removal. */
function walkFolders(top: string): string[] {
  const found = [top];
  for (let i = 0; i < found.length; i++) {
    try {
      fs.chmodSync(found[i], 0o755);
      for (const entry of fs.readdirSync(found[i], { withFileTypes: true })) if (entry.isDirectory()) found.push(path.join(found[i], entry.name));
    } catch {
      // gone already
    }
  }
  return found;
}
