// `gen check` run as a process, the way a CI job or a newcomer runs it.
import * as assert from "assert";
import Ajv from "ajv";
import addFormats from "ajv-formats";
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
    assert.match(plain.stdout, /warning {2}pipeline `d` has no brief.* {2}brief-first$/m);
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

const fixtures = path.join(repoRoot, "test/fixtures-cli/check");

/**
 * The SARIF 2.1.0 schema as Microsoft's SARIF SDK ships it (rtm.5, draft-04; MIT), kept in
 * test/schemas/ because no well-kept npm package ships it and the tests run offline.
 */
function compileSarifSchema() {
  const file = path.join(repoRoot, "test/schemas/sarif-2.1.0-rtm.5.json");
  const { $schema, id, ...schema } = JSON.parse(fs.readFileSync(file, "utf8"));
  assert.strictEqual($schema, "http://json-schema.org/draft-04/schema#");
  // Draft-04 and draft-07 differ in this schema only in how it names itself (`id` / `$id`):
  // it uses no `exclusiveMinimum`/`exclusiveMaximum` nor any other keyword whose meaning changed.
  // Its `language` pattern is not valid with the `u` flag, hence `unicodeRegExp: false`.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile({ $schema: "http://json-schema.org/draft-07/schema#", $id: id, ...schema });
}

let sarifSchema: ReturnType<typeof compileSarifSchema> | undefined;

function assertValidSarif(log: unknown): void {
  sarifSchema ??= compileSarifSchema();
  assert.ok(sarifSchema(log), JSON.stringify(sarifSchema.errors, null, 2));
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: Record<string, number> } }[];
}

describe("gen check --format and --max-warnings", () => {
  const inFixtures = (args: string[]) => gen(args, fixtures);

  it("prints JSON: each file's diagnostics with zero-based ranges, and a summary", () => {
    const { code, stdout, stderr } = inFixtures(["check", "--format", "json", "warnings.gen"]);
    assert.deepStrictEqual(JSON.parse(stdout), {
      files: [{
        path: "warnings.gen",
        diagnostics: [
          {
            code: "brief-first", severity: "warning",
            message: 'pipeline `drafts` has no brief: write its goal, audience, tone and constraints before generating',
            range: { start: { line: 1, character: 9 }, end: { line: 1, character: 17 } },
          },
          {
            code: "unused-stage", severity: "warning",
            message: "`spare` is unused: no stage takes it as input and it is not an `output`; it costs 0.4 credits for nothing you keep",
            range: { start: { line: 3, character: 8 }, end: { line: 3, character: 13 } },
          },
          {
            code: "stills-first", severity: "info",
            message: "`clip` is text-to-video (no `start:`): every try at its look costs a whole clip (14 credits); settle the look in a still first (0.4 credits with `photon-flash-1`) and start the video from it",
            range: { start: { line: 4, character: 8 }, end: { line: 4, character: 12 } },
          },
        ],
      }],
      summary: { errors: 0, warnings: 2, infos: 1, hints: 0, files: 1 },
    });
    assert.strictEqual(stderr, "");
    assert.strictEqual(code, 0);
  });

  it("lists in JSON a path it cannot read (with an error) and a broken gen.config.json (with its diagnostics)", () => {
    const { code, stdout, stderr } = inFixtures(["check", "--format", "json", "missing.gen", "broken-config"]);
    assert.deepStrictEqual(JSON.parse(stdout), {
      files: [
        { path: "missing.gen", error: "cannot read missing.gen: ENOENT", diagnostics: [] },
        {
          path: "broken-config/gen.config.json",
          diagnostics: [{ code: "config", severity: "error", message: "`display` must be one of `credits`, `usd`", range: { start: { line: 0, character: 13 }, end: { line: 0, character: 20 } } }],
        },
        { path: "broken-config/fine.gen", diagnostics: [] },
      ],
      summary: { errors: 2, warnings: 0, infos: 0, hints: 0, files: 1 },
    });
    assert.strictEqual(stderr, "", "stdout holds everything; stderr stays quiet");
    assert.strictEqual(code, 1);
  });

  it("still prints a broken gen.config.json and an unreadable path in the stylish format", () => {
    const { code, stdout, stderr } = inFixtures(["check", "missing.gen", "broken-config"]);
    assert.strictEqual(stderr, "error cannot read missing.gen: ENOENT\n");
    assert.strictEqual(stdout, [
      "broken-config/gen.config.json".split("/").join(path.sep),
      "     1:14  error    `display` must be one of `credits`, `usd`  config",
      "",
      "✖ 2 problems (2 errors, 0 warnings) in 1 file",
      "",
    ].join("\n"));
    assert.strictEqual(code, 1);
  });

  it("prints SARIF 2.1.0 that validates against the schema, with a rule entry for every code", () => {
    const { code, stdout } = inFixtures(["check", "--format", "sarif", "warnings.gen", "broken-config"]);
    assert.strictEqual(code, 1);
    const log = JSON.parse(stdout);
    assertValidSarif(log);

    assert.strictEqual(log.version, "2.1.0");
    assert.strictEqual(log.$schema, "https://json.schemastore.org/sarif-2.1.0.json");
    assert.strictEqual(log.runs.length, 1);
    const [run] = log.runs;
    assert.strictEqual(run.columnKind, "utf16CodeUnits");
    assert.deepStrictEqual(run.invocations, [{ executionSuccessful: true }]);
    const { driver } = run.tool;
    assert.deepStrictEqual([driver.name, driver.version, driver.informationUri], ["gen", gen(["--version"], fixtures).stdout.trim(), "https://github.com/gen-tools/gen-lang"]);
    assert.deepStrictEqual(driver.rules, [
      { id: "brief-first", name: "BriefFirst", shortDescription: { text: "A pipeline has no `brief` with a `goal`: write down what it is for before generating." }, helpUri: "https://github.com/gen-tools/gen-lang/blob/main/docs/rules/brief-first.md" },
      { id: "config", name: "Config", shortDescription: { text: "A problem in gen.config.json: text that is not JSON, a setting that does not exist, or a model it cannot use." }, helpUri: "https://github.com/gen-tools/gen-lang/blob/main/README.md#settings-and-genconfigjson" },
      { id: "stills-first", name: "StillsFirst", shortDescription: { text: "A video has no `start` keyframe (text-to-video)." }, helpUri: "https://github.com/gen-tools/gen-lang/blob/main/docs/rules/stills-first.md" },
      { id: "unused-stage", name: "UnusedStage", shortDescription: { text: "A stage's output is used by no other stage and is not an `output`." }, helpUri: "https://github.com/gen-tools/gen-lang/blob/main/docs/rules/unused-stage.md" },
    ]);

    const results: SarifResult[] = run.results;
    assert.deepStrictEqual(results.map((r) => `${r.ruleId} ${r.level} ${r.locations[0].physicalLocation.artifactLocation.uri}`), [
      "config error broken-config/gen.config.json",
      "brief-first warning warnings.gen",
      "unused-stage warning warnings.gen",
      "stills-first note warnings.gen",
    ]);
    assert.deepStrictEqual(results[1], {
      ruleId: "brief-first",
      ruleIndex: 0,
      level: "warning",
      message: { text: 'pipeline `drafts` has no brief: write its goal, audience, tone and constraints before generating' },
      locations: [{ physicalLocation: { artifactLocation: { uri: "warnings.gen", uriBaseId: "%SRCROOT%" }, region: { startLine: 2, startColumn: 10, endLine: 2, endColumn: 18 } } }],
    });
    // The schema does reject what GitHub would: a level SARIF does not have, a column 0.
    const broken = structuredClone(log);
    broken.runs[0].results[0].level = "info";
    broken.runs[0].results[1].locations[0].physicalLocation.region.startColumn = 0;
    assert.ok(!sarifSchema!(broken));
    assert.deepStrictEqual(sarifSchema!.errors!.map((e) => e.instancePath), ["/runs/0/results/0/level", "/runs/0/results/1/locations/0/physicalLocation/region/startColumn"]);
    // What GitHub code scanning needs beyond the schema: every result names a rule the driver lists, and has a region.
    for (const result of results) {
      assert.strictEqual(driver.rules[result.ruleIndex].id, result.ruleId);
      assert.ok(result.locations[0].physicalLocation.region.startLine >= 1);
    }
  });

  it("puts a path it cannot read in SARIF as a tool execution notification, and the run as unsuccessful", () => {
    const { code, stdout } = inFixtures(["check", "--format", "sarif", "missing.gen"]);
    assert.strictEqual(code, 1);
    const log = JSON.parse(stdout);
    assertValidSarif(log);
    assert.deepStrictEqual(log.runs[0].invocations, [{
      executionSuccessful: false,
      toolExecutionNotifications: [{ level: "error", message: { text: "cannot read missing.gen: ENOENT" }, locations: [{ physicalLocation: { artifactLocation: { uri: "missing.gen", uriBaseId: "%SRCROOT%" } } }] }],
    }]);
    assert.deepStrictEqual(log.runs[0].results, []);
    assert.deepStrictEqual(log.runs[0].tool.driver.rules, []);
  });

  it("writes SARIF URIs with forward slashes and percent-encoding, relative to the current folder", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gen-sarif-"));
    try {
      fs.mkdirSync(path.join(dir, "my shots"));
      fs.copyFileSync(path.join(fixtures, "warnings.gen"), path.join(dir, "my shots", "kite #1.gen"));
      const log = JSON.parse(gen(["check", "--format", "sarif"], dir).stdout);
      assertValidSarif(log);
      assert.deepStrictEqual([...new Set(log.runs[0].results.map((r: SarifResult) => r.locations[0].physicalLocation.artifactLocation.uri))], ["my%20shots/kite%20%231.gen"]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("fails with --max-warnings when the warnings exceed it, and says so on stderr", () => {
    const over = inFixtures(["check", "warnings.gen", "--max-warnings", "1"]);
    assert.strictEqual(over.stderr, "✖ 2 warnings, more than --max-warnings 1 allows\n");
    assert.match(over.stdout, /⚠ 3 problems \(0 errors, 2 warnings\) in 1 file\n$/);
    assert.strictEqual(over.code, 1);
    const json = inFixtures(["check", "warnings.gen", "--format", "json", "--max-warnings=0"]);
    assert.strictEqual(JSON.parse(json.stdout).summary.warnings, 2, "stdout stays valid JSON");
    assert.strictEqual(json.stderr, "✖ 2 warnings, more than --max-warnings 0 allows\n");
    assert.strictEqual(json.code, 1);
    const within = inFixtures(["check", "warnings.gen", "--max-warnings", "2"]);
    assert.deepStrictEqual([within.code, within.stderr], [0, ""]);
  });

  it("rejects a --max-warnings that is not a whole number of 0 or more, and an unknown format, with exit code 2", () => {
    for (const value of ["-1", "1.5", "many", ""]) {
      const { code, stdout, stderr } = inFixtures(["check", "warnings.gen", `--max-warnings=${value}`]);
      assert.deepStrictEqual([code, stdout, stderr], [2, "", `gen check: --max-warnings takes a whole number of 0 or more, not \`${value}\`\n`]);
    }
    assert.strictEqual(inFixtures(["check", "warnings.gen", "--max-warnings", "-1"]).code, 2, "main.ts's parseArgs refuses `-1` after a space: a usage error too");
    const format = inFixtures(["check", "--format", "xml"]);
    assert.deepStrictEqual([format.code, format.stdout, format.stderr], [2, "", "gen check: unknown format `xml`: use stylish, json or sarif\n"]);
    const config = inFixtures(["check", "--config", "nowhere.json"]);
    assert.deepStrictEqual([config.code, config.stdout, config.stderr], [2, "", "gen check: cannot read --config nowhere.json: ENOENT\n"]);
  });

  it("documents its formats and --max-warnings in --help", () => {
    const { code, stdout } = inFixtures(["check", "--help"]);
    assert.strictEqual(code, 0);
    assert.match(stdout, /^ {2}--format <name> {8}stylish \(default\), json, or sarif \(SARIF 2\.1\.0, for GitHub code scanning\)$/m);
    assert.match(stdout, /^ {2}--max-warnings <n> {5}also fail when there are more than n warnings$/m);
    assert.match(stdout, /^ {2}gen check --format sarif > gen\.sarif$/m);
  });
});

describe("gen check --jobs", () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "gen-cli-jobs-"))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("checks a folder in several threads with the output of one, in every format", () => {
    // 200 files in two folders, one with a gen.config.json that has a problem and turns a rule off, a
    // file with a byte-order mark, a file with a syntax error, and a path that cannot be read. A thread
    // that failed would say so on stderr.
    fs.mkdirSync(path.join(dir, "a"));
    fs.mkdirSync(path.join(dir, "b"));
    fs.writeFileSync(path.join(dir, "b", "gen.config.json"), JSON.stringify({ rules: { "brief-first": "off", "no-such-rule": "error" } }));
    for (let i = 0; i < 200; i++) {
      const folder = i % 2 ? "a" : "b";
      const body = i % 7 === 0
        ? `pipeline "p${i}" {\n  video v { model: rya-2 duration: 5s }\n}\n`
        : `pipeline "p${i}" {\n  image s { model: photon-flash-1 prompt: "shot ${i}" count: ${1 + (i % 3)} }\n  video v { model: ray-2 start: s[1] duration: 5s resolution: 1080p audio: on }\n  output v\n}\n`;
      fs.writeFileSync(path.join(dir, folder, `f${String(i).padStart(3, "0")}.gen`), (i === 5 ? "\uFEFF" : "") + (i === 9 ? body.replace("{\n  image", "{\n  image {") : body));
    }
    for (const format of ["json", "sarif", "stylish"]) {
      const one = gen(["check", "--format", format, "--jobs", "1", "a", "missing.gen", "b"], dir);
      const three = gen(["check", "--format", format, "--jobs", "3", "a", "missing.gen", "b"], dir);
      assert.strictEqual(one.code, 1, `${format}: errors found`);
      assert.deepStrictEqual(three, one, format);
    }
    const json = JSON.parse(gen(["check", "--format", "json", "--jobs", "3", "a", "missing.gen", "b"], dir).stdout);
    assert.strictEqual(json.summary.files, 200);
    assert.match(json.files[0].error, /ENOENT/);
    assert.ok(json.files.some((file: { diagnostics: { code: string }[] }) => file.diagnostics.some((d) => d.code === "unknown-model")));
  });

  it("rejects a --jobs that is not a whole number of 1 or more, with exit code 2", () => {
    for (const value of ["0", "-1", "1.5", "all", ""]) {
      const { code, stderr } = gen(["check", `--jobs=${value}`], dir);
      assert.deepStrictEqual([code, stderr], [2, `gen check: --jobs takes a whole number of 1 or more, not \`${value}\`\n`]);
    }
    assert.match(gen(["check", "--help"], dir).stdout, /--jobs <n>/);
  });
});
