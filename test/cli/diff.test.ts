// `gen diff` run as a process: two files, and files against a revision in a git
// repository the test makes. Prices come from test/fixtures-cli/fix-diff/gen.config.json:
// test-image 1 credit an image, test-video 2 credits a second at 540p, test-voice 3 credits.
//
// before.gen: "teaser" = still 1 + first 0 + shot (5s) 10 + poster 1 = 12; "stills" = 3 images = 3. Total 15.
// after.gen:  "teaser" = still 1 + first 0 + shot (10s) 20 + voice 3 = 24; "pairs" = 2 images = 2. Total 26.
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { repoRoot } from "../support/render";

const fixtures = path.join(repoRoot, "test/fixtures-cli/fix-diff");

function gen(args: string[], cwd: string, env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [path.join(repoRoot, "dist/cli.js"), ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", ...env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const copy = (name: string, dir: string, as = name) => {
  fs.mkdirSync(path.dirname(path.join(dir, as)), { recursive: true });
  fs.copyFileSync(path.join(fixtures, name), path.join(dir, as));
};

const teaserTable = [
  '  ~ pipeline "teaser": 12 credits → 24 credits, +12 credits (+100%)',
  "       stage   kind   model           before       after       change",
  "    ~  shot    video  test-video  10 credits  20 credits  +10 credits",
  "    -  poster  image  test-image    1 credit           —    -1 credit",
  "    +  voice   audio  test-voice           —   3 credits   +3 credits",
  "    budget: 24 of 50 credits, 48%",
  '  - pipeline "stills": 3 credits (removed)',
  "       stage  kind   model          before  after      change",
  "    -  set    image  test-image  3 credits      —  -3 credits",
  '  + pipeline "pairs": 2 credits (added)',
  "       stage  kind   model       before      after      change",
  "    +  pair   image  test-image       —  2 credits  +2 credits",
];

describe("gen diff", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "gen-diff-"));
    for (const name of ["gen.config.json", "before.gen", "after.gen"]) copy(name, dir);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  describe("two files", () => {
    it("shows added, removed and changed stages and pipelines, the totals, and the budget after", () => {
      const { code, stdout, stderr } = gen(["diff", "before.gen", "after.gen"], dir);
      assert.strictEqual(stderr, "");
      assert.strictEqual(code, 0, "a cost increase is not an error");
      assert.strictEqual(stdout, ["before.gen → after.gen", ...teaserTable, "", "Cost change: +11 credits (+73%): 15 credits → 26 credits", ""].join("\n"));
    });

    it("writes markdown for a pull-request comment", () => {
      const { code, stdout } = gen(["diff", "--format", "markdown", "before.gen", "after.gen"], dir);
      assert.strictEqual(code, 0);
      assert.strictEqual(
        stdout,
        [
          "**Cost change: +11 credits (+73%)**: 15 credits → 26 credits",
          "",
          "### `before.gen → after.gen`",
          "",
          '#### pipeline "teaser"',
          "",
          "12 credits → 24 credits, +12 credits (+100%).  ",
          "Budget: 24 of 50 credits, 48%.",
          "",
          "| | stage | kind | model | before | after | change |",
          "|---|---|---|---|---:|---:|---:|",
          "| changed | `shot` | video | `test-video` | 10 credits | 20 credits | +10 credits |",
          "| removed | `poster` | image | `test-image` | 1 credit | — | -1 credit |",
          "| added | `voice` | audio | `test-voice` | — | 3 credits | +3 credits |",
          "",
          '#### pipeline "stills"',
          "",
          "Removed: 3 credits.",
          "",
          "| | stage | kind | model | before | after | change |",
          "|---|---|---|---|---:|---:|---:|",
          "| removed | `set` | image | `test-image` | 3 credits | — | -3 credits |",
          "",
          '#### pipeline "pairs"',
          "",
          "Added: 2 credits.",
          "",
          "| | stage | kind | model | before | after | change |",
          "|---|---|---|---|---:|---:|---:|",
          "| added | `pair` | image | `test-image` | — | 2 credits | +2 credits |",
          "",
        ].join("\n"),
      );
    });

    it("writes JSON with every stage, unchanged ones too", () => {
      const { code, stdout } = gen(["diff", "--format", "json", "before.gen", "after.gen"], dir);
      assert.strictEqual(code, 0);
      const json = JSON.parse(stdout);
      assert.deepStrictEqual(
        { ...json, files: undefined },
        { old: "before.gen", new: "after.gen", before: { credits: 15, usd: 0.15 }, after: { credits: 26, usd: 0.26 }, delta: { credits: 11, usd: 0.11 }, percent: 73.33, files: undefined },
      );
      const [file] = json.files;
      assert.deepStrictEqual(
        { ...file, pipelines: undefined },
        { path: "after.gen", oldPath: "before.gen", change: "changed", before: { credits: 15, usd: 0.15 }, after: { credits: 26, usd: 0.26 }, delta: { credits: 11, usd: 0.11 }, percent: 73.33, errors: { before: 0, after: 0 }, pipelines: undefined },
      );
      assert.deepStrictEqual(
        file.pipelines.map((p: { name: string; change: string; before: unknown; after: unknown; percent: unknown; budget: unknown; unpriced: number }) => [p.name, p.change, p.before, p.after, p.percent, p.budget, p.unpriced]),
        [
          ["teaser", "changed", { credits: 12, usd: 0.12 }, { credits: 24, usd: 0.24 }, 100, { credits: 50, usd: 0.5, share: 0.48, over: false }, 0],
          ["stills", "removed", { credits: 3, usd: 0.03 }, null, -100, null, 0],
          ["pairs", "added", null, { credits: 2, usd: 0.02 }, undefined, null, 0],
        ],
      );
      assert.deepStrictEqual(file.pipelines[0].stages, [
        { name: "still", change: "unchanged", before: { kind: "image", model: "test-image", credits: 1, usd: 0.01, generations: 1 }, after: { kind: "image", model: "test-image", credits: 1, usd: 0.01, generations: 1 }, delta: { credits: 0, usd: 0 } },
        { name: "first", change: "unchanged", before: { kind: "keyframe", credits: 0, usd: 0, generations: 1 }, after: { kind: "keyframe", credits: 0, usd: 0, generations: 1 }, delta: { credits: 0, usd: 0 } },
        { name: "shot", change: "changed", before: { kind: "video", model: "test-video", credits: 10, usd: 0.1, generations: 1 }, after: { kind: "video", model: "test-video", credits: 20, usd: 0.2, generations: 1 }, delta: { credits: 10, usd: 0.1 } },
        { name: "poster", change: "removed", before: { kind: "image", model: "test-image", credits: 1, usd: 0.01, generations: 1 }, after: null, delta: { credits: -1, usd: -0.01 } },
        { name: "voice", change: "added", before: null, after: { kind: "audio", model: "test-voice", credits: 3, usd: 0.03, generations: 1 }, delta: { credits: 3, usd: 0.03 } },
      ]);
    });

    it("says so when nothing changed", () => {
      const table = gen(["diff", "before.gen", "before.gen"], dir);
      assert.strictEqual(table.code, 0);
      assert.strictEqual(table.stdout, "Cost change: ±0 credits (0%): 15 credits → 15 credits\n");
      const markdown = gen(["diff", "--format", "markdown", "before.gen", "before.gen"], dir);
      assert.strictEqual(markdown.stdout, "**Cost change: ±0 credits (0%)**: 15 credits → 15 credits\n\nNo stage costs changed.\n");
    });

    it("prices both versions with the new file's gen.config.json, or --config", () => {
      fs.mkdirSync(path.join(dir, "old"));
      fs.renameSync(path.join(dir, "before.gen"), path.join(dir, "old", "before.gen"));
      fs.writeFileSync(path.join(dir, "old", "gen.config.json"), JSON.stringify({ display: "usd" }));
      const { stdout } = gen(["diff", "old/before.gen", "after.gen"], dir);
      assert.match(stdout, /^Cost change: \+11 credits \(\+73%\): 15 credits → 26 credits$/m);
      fs.writeFileSync(path.join(dir, "usd.json"), JSON.stringify({ ...JSON.parse(fs.readFileSync(path.join(dir, "gen.config.json"), "utf8")), display: "usd" }));
      const usd = gen(["diff", "--config", "usd.json", "old/before.gen", "after.gen"], dir);
      assert.match(usd.stdout, /^Cost change: \+\$0\.11 \(\+73%\): \$0\.15 → \$0\.26$/m);
    });

    it("says when the budget changed and when the new version passes it", () => {
      fs.writeFileSync(path.join(dir, "tight.gen"), fs.readFileSync(path.join(dir, "after.gen"), "utf8").replace("budget: 50 credits", "budget: 20 credits"));
      const { code, stdout } = gen(["diff", "before.gen", "tight.gen"], dir);
      assert.strictEqual(code, 0, "over budget is for gen check and gen cost to fail on");
      assert.match(stdout, /^ {4}budget: 24 of 20 credits, 120%, over budget, was 50 credits$/m);
      const json = JSON.parse(gen(["diff", "--format", "json", "before.gen", "tight.gen"], dir).stdout);
      assert.deepStrictEqual(json.files[0].pipelines[0].budget, { credits: 20, usd: 0.2, share: 1.2, over: true });
      assert.match(gen(["diff", "--format", "markdown", "before.gen", "tight.gen"], dir).stdout, /^Budget: \*\*24 of 20 credits, 120%, over budget, was 50 credits\*\*\.$/m);
    });

    it("notes errors in a version: its estimate may be incomplete", () => {
      fs.writeFileSync(path.join(dir, "broken.gen"), fs.readFileSync(path.join(dir, "after.gen"), "utf8").replace("model: test-voice", "model: test-vocie"));
      const { stdout } = gen(["diff", "after.gen", "broken.gen"], dir);
      assert.match(stdout, /^ {2}note: 1 error in the new version: the estimate may be incomplete \(`gen check` lists them\)$/m);
      assert.match(stdout, /^ {4}~ {2}voice +audio +test-voice → test-vocie +3 credits +unpriced +-3 credits$/m);
      assert.match(stdout, /^ {4}1 stage has no price: the totals leave it out$/m);
    });

    it("says when gen.config.json has errors: its prices are not applied, and it exits 1", () => {
      fs.writeFileSync(path.join(dir, "gen.config.json"), '{ "display": "euros" }');
      const { code, stderr } = gen(["diff", "before.gen", "after.gen"], dir);
      assert.strictEqual(code, 1);
      assert.strictEqual(stderr, "error gen.config.json has errors, so its settings and prices are not applied: see `gen check`\n");
    });

    it("exits 1 when a file cannot be read", () => {
      const { code, stdout, stderr } = gen(["diff", "missing.gen", "after.gen"], dir);
      assert.strictEqual(code, 1);
      assert.strictEqual(stderr, "error cannot read missing.gen: ENOENT\n");
      assert.strictEqual(stdout, "");
    });

    it("says how to use it: --help, one file, three files, an unknown format", () => {
      const help = gen(["diff", "--help"], dir);
      assert.strictEqual(help.code, 0);
      assert.match(help.stdout, /^Usage: gen diff \[options\] <old> <new>$/m);
      assert.match(help.stdout, /A `use` line in the old version reads the preset file as it is today,/);
      for (const args of [["diff", "after.gen"], ["diff", "a.gen", "b.gen", "c.gen"], ["diff", "--format", "html", "before.gen", "after.gen"], ["diff", "--base", "", "."]]) {
        const bad = gen(args, dir);
        assert.strictEqual(bad.code, 2, args.join(" "));
        assert.match(bad.stderr, /^gen diff: .+\n/, args.join(" "));
      }
      assert.match(gen(["diff", "after.gen"], dir).stderr, /^gen diff: name two files to compare, or a git revision with --base\n\nUsage: gen diff/);
      assert.strictEqual(gen(["diff", "--config", "nope.json", "before.gen", "after.gen"], dir).stderr, "gen diff: cannot read --config nope.json: ENOENT\n");
      assert.match(gen(["diff", "--format", "html", "a", "b"], dir).stderr, /^gen diff: unknown format `html`: use table, json or markdown$/m);
    });
  });

  describe("--base", () => {
    const git = (args: string[]) => {
      const result = spawnSync("git", args, { cwd: dir, encoding: "utf8" });
      assert.strictEqual(result.status, 0, `git ${args.join(" ")}: ${result.stderr}`);
    };

    /** A repository with teaser.gen (before.gen) and gone.gen committed; then teaser.gen becomes after.gen, gone.gen is deleted and shots/new.gen added. */
    beforeEach(() => {
      copy("before.gen", dir, "teaser.gen");
      copy("clean.gen", dir, "gone.gen");
      fs.rmSync(path.join(dir, "before.gen"));
      fs.rmSync(path.join(dir, "after.gen"));
      git(["init", "-q"]);
      git(["config", "user.email", "test@example.com"]);
      git(["config", "user.name", "Test"]);
      git(["config", "commit.gpgsign", "false"]);
      git(["add", "."]);
      git(["commit", "-q", "-m", "first"]);
      copy("after.gen", dir, "teaser.gen");
      fs.rmSync(path.join(dir, "gone.gen"));
      copy("extra.gen", dir, "shots/new.gen");
    });

    it("compares every .gen file with HEAD: changed, new since, and deleted", () => {
      const { code, stdout, stderr } = gen(["diff", "--base", "HEAD"], dir);
      assert.strictEqual(stderr, "");
      assert.strictEqual(code, 0);
      assert.strictEqual(
        stdout,
        [
          "shots/new.gen (new file)",
          '  + pipeline "extra": 3 credits (added)',
          "       stage  kind   model       before      after      change",
          "    +  keep   image  test-image       —   1 credit   +1 credit",
          "    +  spare  image  test-image       —  2 credits  +2 credits",
          "",
          "teaser.gen",
          ...teaserTable,
          "",
          "gone.gen (deleted)",
          '  - pipeline "clean": 1 credit (removed)',
          "       stage  kind   model         before  after     change",
          "    -  still  image  test-image  1 credit      —  -1 credit",
          "",
          // 15 + 1 before, 26 + 3 after.
          "Cost change: +13 credits (+81%): 16 credits → 29 credits",
          "",
        ].join("\n"),
      );
    });

    it("takes paths, relative to the current folder, and names the files as given", () => {
      const sub = gen(["diff", "--base", "HEAD", "--format", "json", "shots"], dir);
      assert.deepStrictEqual(sub.stdout && JSON.parse(sub.stdout).files.map((f: { path: string; change: string }) => [f.path, f.change]), [["shots/new.gen", "added"]]);
      const inside = gen(["diff", "--base", "HEAD", "--format", "json", "..", "../gone.gen"], path.join(dir, "shots"));
      assert.strictEqual(inside.code, 0);
      assert.deepStrictEqual(JSON.parse(inside.stdout).files.map((f: { path: string; change: string }) => [f.path, f.change]), [
        ["../shots/new.gen", "added"],
        ["../teaser.gen", "changed"],
        ["../gone.gen", "removed"],
      ]);
      assert.strictEqual(JSON.parse(inside.stdout).base, "HEAD");
    });

    it("exits 2 and names the revision when it does not exist", () => {
      const { code, stdout, stderr } = gen(["diff", "--base", "no-such-branch"], dir);
      assert.strictEqual(code, 2);
      assert.strictEqual(stdout, "");
      assert.strictEqual(stderr, `gen diff: unknown git revision \`no-such-branch\` in ${fs.realpathSync(dir)}\n`);
    });

    it("exits 2 outside a git repository", () => {
      const outside = fs.mkdtempSync(path.join(os.tmpdir(), "gen-nogit-"));
      try {
        copy("after.gen", outside);
        const { code, stdout, stderr } = gen(["diff", "--base", "HEAD"], outside, { GIT_CEILING_DIRECTORIES: path.dirname(fs.realpathSync(outside)) });
        assert.strictEqual(code, 2);
        assert.strictEqual(stdout, "");
        assert.strictEqual(stderr, `gen diff: ${fs.realpathSync(outside)} is not in a git repository: --base compares files with a git revision\n`);
      } finally {
        fs.rmSync(outside, { recursive: true, force: true });
      }
    });
  });
});
