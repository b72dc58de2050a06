// `gen cost` run as a process on the fixtures in test/fixtures-cli/cost, in every format.
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { repoRoot } from "../support/render";

const fixtures = path.join(repoRoot, "test/fixtures-cli/cost");

function gen(args: string[], cwd = fixtures) {
  const result = spawnSync(process.execPath, [path.join(repoRoot, "dist/cli.js"), ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const lines = (...text: string[]) => text.join("\n") + "\n";

describe("gen cost", () => {
  it("prints a table per pipeline: stages, the total, the budget use and the subtotals by kind", () => {
    const { code, stdout, stderr } = gen(["cost", "teaser.gen"]);
    assert.strictEqual(stdout, lines(
      "teaser.gen",
      '  pipeline "teaser"',
      "    stage    kind      model           quantity                                              cost",
      "    hero     image     photon-flash-1  2 × 1 image at 1k                              0.8 credits",
      "    start    keyframe  —               free                                             0 credits",
      "    shot     video     ray-flash-2     4 × 5s at 540p                                  56 credits",
      "    shot_hd  upscale   —               no model: add `model:` to price this upscale             —",
      "    total                              without 1 unpriced stage                      56.8 credits",
      "    budget: 56.8 of 150 credits, 38%",
      "    by kind: image 0.8 credits · video 56 credits",
      "",
      "✔ 1 pipeline in 1 file, none over budget",
    ));
    assert.strictEqual(stderr, "");
    assert.strictEqual(code, 0);
  });

  it("shows both phases and the job when they differ, and the budget bounds the job", () => {
    // nano-banana-2 1k 6.7, 2k 10.1; ray-2 5 s 540p 40, 1080p 159; the voiceover is the same take in both.
    const { code, stdout } = gen(["cost", "phases.gen"]);
    assert.strictEqual(stdout, lines(
      "phases.gen",
      '  pipeline "phases" (draft mode: models and quantities of the draft)',
      "    stage  kind      model              quantity               draft           final",
      "    hero   image     nano-banana-2      1 image at 1k    6.7 credits    10.1 credits",
      "    start  keyframe  —                  free               0 credits       0 credits",
      "    shot   video     ray-2              5s at 540p        40 credits     159 credits",
      "    vo     audio     eleven-flash-v2.5  11 characters   0.06 credits         = draft",
      "    total                                              46.76 credits  169.16 credits",
      "    job: 215.86 credits: the draft, then 169.1 credits for the final (2 stages generated again)",
      "    budget: 215.86 of 300 credits, 72%",
      "    by kind: image 6.7 credits · video 40 credits · audio 0.06 credits",
      "",
      "✔ 1 pipeline in 1 file, none over budget",
    ));
    assert.strictEqual(code, 0);
    const [pipeline] = JSON.parse(gen(["cost", "--format", "json", "phases.gen"]).stdout).files[0].pipelines;
    assert.deepStrictEqual(
      { credits: pipeline.credits, mode: pipeline.mode, draft: pipeline.draft, final: pipeline.final, job: pipeline.job, share: pipeline.budget.share },
      { credits: 46.76, mode: "draft", draft: { credits: 46.76, usd: 0.46755 }, final: { credits: 169.16, usd: 1.69155 }, job: { credits: 215.86, usd: 2.15855 }, share: 0.7195 },
    );
    assert.deepStrictEqual(pipeline.stages.map((s: any) => [s.name, s.draft.credits, s.final.credits, s.regenerated]), [
      ["hero", 6.7, 10.1, true], ["start", 0, 0, true], ["shot", 40, 159, true], ["vo", 0.06, 0.06, false],
    ]);
  });

  it("shows amounts in dollars when the gen.config.json above the file says so", () => {
    const { code, stdout } = gen(["cost", "usd"]);
    assert.strictEqual(stdout, lines(
      path.join("usd", "stills.gen"),
      '  pipeline "stills"',
      "    stage     kind   model     quantity        cost",
      "    packshot  image  imagen-4  1 image at 2k  $0.04",
      "    total                                     $0.04",
      "    budget: $0.04 of $1.00, 4%",
      "    by kind: image $0.04",
      "",
      "✔ 1 pipeline in 1 file, none over budget",
    ));
    assert.strictEqual(code, 0);
  });

  it("takes --config over the nearest gen.config.json", () => {
    const { code, stdout } = gen(["cost", "over.gen", "--config", path.join("usd", "gen.config.json")]);
    assert.match(stdout, /^ {4}clip {3}video {2}ray-2 {2}5s at 540p {2}\$0\.40$/m);
    assert.match(stdout, /^ {4}budget: \$0\.40 of \$0\.30, 133%, over budget$/m);
    assert.strictEqual(code, 1);
  });

  it("exits 1 and says so when a pipeline is over its budget", () => {
    const { code, stdout } = gen(["cost"]);
    assert.match(stdout, /^ {4}budget: 40 of 30 credits, 133%, over budget$/m);
    assert.match(stdout, /^ {4}budget: 56\.8 of 150 credits, 38%$/m);
    assert.match(stdout, /\n✖ 4 pipelines in 4 files, 1 over budget\n$/);
    assert.strictEqual(code, 1);
  });

  it("reports a file it cannot read, still prices the others, and exits 1", () => {
    const { code, stdout, stderr } = gen(["cost", "missing.gen", "usd"]);
    assert.strictEqual(stderr, "error cannot read missing.gen: ENOENT\n");
    assert.match(stdout, /✔ 1 pipeline in 1 file, none over budget/);
    assert.strictEqual(code, 1);
  });

  it("prints JSON with both units, rounded, and every diagnostic with a zero-based range", () => {
    const { code, stdout } = gen(["cost", "--format", "json", "teaser.gen", "over.gen"]);
    assert.strictEqual(code, 1);
    assert.doesNotMatch(stdout, /\d\.\d*0000000|\d\.\d*9999999/, "no float noise");
    const json = JSON.parse(stdout);
    assert.deepStrictEqual(json.files.map((f: { path: string }) => f.path), ["teaser.gen", "over.gen"]);
    const [teaser, over] = json.files;
    assert.strictEqual(teaser.display, "credits");
    assert.strictEqual(teaser.creditsPerUsd, 100);
    // No `mode:` and no phase blocks: a draft, the same in both phases, so the job is the draft.
    const same = (credits: number) => ({ draft: { credits, usd: credits / 100 }, final: { credits, usd: credits / 100 }, regenerated: false });
    assert.deepStrictEqual(teaser.pipelines, [{
      name: "teaser",
      credits: 56.8,
      usd: 0.568,
      mode: "draft",
      draft: { credits: 56.8, usd: 0.568 },
      final: { credits: 56.8, usd: 0.568 },
      job: { credits: 56.8, usd: 0.568 },
      budget: { credits: 150, usd: 1.5, share: 0.3787, over: false },
      byKind: { image: { credits: 0.8, usd: 0.008 }, keyframe: { credits: 0, usd: 0 }, video: { credits: 56, usd: 0.56 }, upscale: { credits: 0, usd: 0 } },
      unpriced: ["shot_hd"],
      stages: [
        { name: "hero", kind: "image", model: "photon-flash-1", generations: 2, quantity: "1 image at 1k", credits: 0.8, usd: 0.008, ...same(0.8) },
        { name: "start", kind: "keyframe", generations: 2, credits: 0, usd: 0, ...same(0) },
        { name: "shot", kind: "video", model: "ray-flash-2", generations: 4, quantity: "5s at 540p", credits: 56, usd: 0.56, ...same(56) },
        { name: "shot_hd", kind: "upscale", generations: 4, unpriced: "no model: add `model:` to price this upscale", credits: 0, usd: 0, ...same(0) },
      ],
    }]);
    assert.deepStrictEqual(teaser.diagnostics[0], {
      code: "single-variation",
      severity: "warning",
      message: "`hero` generates 2 versions in draft mode: the extra one costs 28.4 credits, downstream included; generate one, review it, then iterate",
      range: { start: { line: 11, character: 11 }, end: { line: 11, character: 12 } },
    });
    assert.deepStrictEqual(teaser.diagnostics.map((d: { code: string }) => d.code), ["single-variation", "single-variation"]);
    assert.deepStrictEqual(over.pipelines[0].budget, { credits: 30, usd: 0.3, share: 1.3333, over: true });
    assert.deepStrictEqual(over.diagnostics.map((d: { code: string; severity: string }) => `${d.code} ${d.severity}`), ["over-budget error", "stills-first info", "cheaper-model info"]);
  });

  it("lists an unreadable file in JSON with an error and no pipelines", () => {
    const { code, stdout, stderr } = gen(["cost", "--format", "json", "missing.gen", "usd/stills.gen"]);
    const json = JSON.parse(stdout);
    assert.deepStrictEqual(json.files[0], { path: "missing.gen", error: "cannot read missing.gen: ENOENT", pipelines: [], diagnostics: [] });
    assert.deepStrictEqual(json.files[1].path, "usd/stills.gen");
    assert.strictEqual(json.files[1].display, "usd");
    assert.strictEqual(stderr, "");
    assert.strictEqual(code, 1);
  });

  it("prints Markdown for a pull-request comment: a table per pipeline, the budget and the findings", () => {
    const { code, stdout } = gen(["cost", "--format", "markdown", "over.gen", "teaser.gen"]);
    assert.strictEqual(stdout, lines(
      "### `over.gen`",
      "",
      '#### pipeline "too-dear"',
      "",
      "| stage | kind | model | quantity | cost |",
      "|---|---|---|---|---:|",
      "| `clip` | video | `ray-2` | 5s at 540p | 40 credits |",
      "| **total** | | | | **40 credits** |",
      "",
      "Budget: **40 of 30 credits, 133%, over budget**.  ",
      "By kind: video 40 credits.",
      "",
      "Findings (3):",
      "",
      "- [`cheaper-model`](https://github.com/gen-tools/gen-lang/blob/main/docs/rules/cheaper-model.md)",
      "- [`over-budget`](https://github.com/gen-tools/gen-lang/blob/main/docs/rules/over-budget.md)",
      "- [`stills-first`](https://github.com/gen-tools/gen-lang/blob/main/docs/rules/stills-first.md)",
      "",
      "### `teaser.gen`",
      "",
      '#### pipeline "teaser"',
      "",
      "| stage | kind | model | quantity | cost |",
      "|---|---|---|---|---:|",
      "| `hero` | image | `photon-flash-1` | 2 × 1 image at 1k | 0.8 credits |",
      "| `start` | keyframe | — | free | 0 credits |",
      "| `shot` | video | `ray-flash-2` | 4 × 5s at 540p | 56 credits |",
      "| `shot_hd` | upscale | — | no model: add `model:` to price this upscale | — |",
      "| **total** | | | without 1 unpriced stage | **56.8 credits** |",
      "",
      "Budget: 56.8 of 150 credits, 38%.  ",
      "By kind: image 0.8 credits · video 56 credits.",
      "",
      "Findings (2):",
      "",
      "- [`single-variation`](https://github.com/gen-tools/gen-lang/blob/main/docs/rules/single-variation.md) ×2",
    ));
    assert.strictEqual(code, 1);
  });

  it("says in Markdown which file it could not read", () => {
    const { code, stdout } = gen(["cost", "--format", "markdown", "missing.gen"]);
    assert.strictEqual(stdout, lines("### `missing.gen`", "", "**Error:** cannot read missing.gen: ENOENT"));
    assert.strictEqual(code, 1);
  });

  describe("with a broken gen.config.json", () => {
    let dir: string;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "gen-cost-"));
      fs.writeFileSync(path.join(dir, "gen.config.json"), '{ "creditsPerUsd": "many" }\n');
      fs.copyFileSync(path.join(fixtures, "teaser.gen"), path.join(dir, "teaser.gen"));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("reports its problems in every format and exits 1", () => {
      const table = gen(["cost"], dir);
      assert.strictEqual(table.stderr, "error gen.config.json:1:20 `creditsPerUsd` must be a number\n");
      assert.match(table.stdout, /^ {4}budget: 56\.8 of 150 credits, 38%$/m);
      assert.strictEqual(table.code, 1);
      const json = JSON.parse(gen(["cost", "--format", "json"], dir).stdout);
      assert.deepStrictEqual(json.files[0], {
        path: "gen.config.json",
        pipelines: [],
        diagnostics: [{ code: "config", severity: "error", message: "`creditsPerUsd` must be a number", range: { start: { line: 0, character: 19 }, end: { line: 0, character: 25 } } }],
      });
      const markdown = gen(["cost", "--format", "markdown"], dir);
      assert.match(markdown.stdout, /^### `gen\.config\.json`\n\n- \*\*error:\*\* `creditsPerUsd` must be a number\n\n### `teaser\.gen`\n/);
      assert.strictEqual(markdown.code, 1);
    });
  });

  it("rejects an unknown format and a --config it cannot read, with exit code 2", () => {
    const format = gen(["cost", "--format", "xml", "teaser.gen"]);
    assert.deepStrictEqual([format.code, format.stdout, format.stderr], [2, "", "gen cost: unknown format `xml`: use table, json or markdown\n"]);
    const config = gen(["cost", "--config", "nowhere.json", "teaser.gen"]);
    assert.deepStrictEqual([config.code, config.stdout, config.stderr], [2, "", "gen cost: cannot read --config nowhere.json: ENOENT\n"]);
  });

  it("has --help with its options, exit codes and an example", () => {
    const { code, stdout } = gen(["cost", "--help"]);
    assert.strictEqual(code, 0);
    assert.match(stdout, /^Usage: gen cost \[options\] \[paths…\]$/m);
    assert.match(stdout, /^ {2}--format <name> {3}table \(default\), json, or markdown/m);
    assert.match(stdout, /^Exit codes: 0 /m);
    assert.match(stdout, /^ {2}gen cost --format markdown > cost\.md$/m);
  });
});

describe("gen cost --explain", () => {
  const explainFixtures = path.join(repoRoot, "test/fixtures-cli/explain");
  const run = (args: string[]) => {
    const result = spawnSync(process.execPath, [path.join(repoRoot, "dist/cli.js"), "cost", "--explain", ...args], { cwd: explainFixtures, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", GEN_TODAY: "2026-11-30" } });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  it("prints each stage's arithmetic and price source under it (stages.expected; figures in stages.gen; UPDATE_EXPECT=1 rewrites)", () => {
    const { code, stdout, stderr } = run(["stages.gen"]);
    const expected = path.join(explainFixtures, "stages.expected");
    if (process.env.UPDATE_EXPECT === "1") fs.writeFileSync(expected, stdout);
    assert.strictEqual(stdout, fs.readFileSync(expected, "utf8"));
    assert.strictEqual(stderr, "");
    assert.strictEqual(code, 0);
  });

  it("adds `explain` to each stage in JSON, and nothing without --explain", () => {
    const stages = JSON.parse(run(["--format", "json", "stages.gen"]).stdout).files[0].pipelines[0].stages;
    const clip = stages.find((s: { name: string }) => s.name === "clip");
    // Silent veo-3.1-fast at 1080p: $0.10/s × 8 s = $0.80 a generation, once per still: × 2 = $1.60 = 160 credits.
    assert.deepStrictEqual(clip.explain, {
      arithmetic: "$0.1/s at 1080p × 8s = $0.80 × 2 runs = $1.60 = 160 credits",
      source: "first-party price, 2026-07-09 (ai.google.dev); audio off: price from a reseller, 2026-08-18 (github.com/Comfy-Org)",
    });
    assert.deepStrictEqual(stages.find((s: { name: string }) => s.name === "k").explain, { arithmetic: "free: a keyframe selects a still" });
    const plain = spawnSync(process.execPath, [path.join(repoRoot, "dist/cli.js"), "cost", "--format", "json", "stages.gen"], { cwd: explainFixtures, encoding: "utf8" });
    assert.ok(JSON.parse(plain.stdout).files[0].pipelines[0].stages.every((s: object) => !("explain" in s)));
  });

  it("lists the arithmetic under the table in Markdown, in code spans (GitHub reads $…$ as math)", () => {
    const { stdout } = run(["--format", "markdown", "stages.gen"]);
    assert.match(stdout, /\n- `hd`: `\$0\.12 per credit, 11\.9179 frames per credit at 4k × 240 frames \(10s at 24 fps\) = 21 credits at 4k = \$2\.52 = 252 credits` · derived price, 2026-11-29 \(developer\.topazlabs\.com\); /);
  });

  it("says so in --help", () => {
    const { stdout } = spawnSync(process.execPath, [path.join(repoRoot, "dist/cli.js"), "cost", "--help"], { encoding: "utf8" });
    assert.match(stdout, /^ {2}--explain {9}each stage's arithmetic/m);
  });
});
