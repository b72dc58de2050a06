// `gen models` run as a process: the catalog by kind, cheapest first, with what each model supports,
// its price for a typical generation, where the price comes from and its lifecycle on a fixed day.
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { ModelsJson } from "../../server/src/cli/models";
import { repoRoot } from "../support/render";

function gen(args: string[], options: { cwd?: string; today?: string } = {}) {
  const env = { ...process.env, NO_COLOR: "1", GEN_TODAY: options.today ?? "2026-11-30" };
  const result = spawnSync(process.execPath, [path.join(repoRoot, "dist/cli.js"), ...args], { cwd: options.cwd ?? os.tmpdir(), encoding: "utf8", env });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const lines = (...text: string[]) => text.join("\n") + "\n";

/** A folder with this gen.config.json, for the length of `run`. */
function withConfig<T>(config: object, run: (dir: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gen-models-"));
  try {
    fs.writeFileSync(path.join(dir, "gen.config.json"), JSON.stringify(config));
    return run(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const json = (args: string[], options?: { cwd?: string; today?: string }) => JSON.parse(gen(["models", "--format", "json", ...args], options).stdout) as ModelsJson;

describe("gen models", () => {
  it("prints one kind as a table, cheapest first", () => {
    const { code, stdout, stderr } = gen(["models", "--kind", "reframe"]);
    // ideogram-reframe: $0.06 an image = 6 credits. ray-3.2-reframe: 5 s at 360p × $0.03/s = $0.15 = 15 credits.
    assert.strictEqual(stdout, lines(
      "reframe (2 models)",
      "  model             provider  supports                         credits  for         price source               lifecycle",
      "  ideogram-reframe  Ideogram  image in                               6  image       first-party 2026-07-09     active",
      "  ray-3.2-reframe   Luma AI   video in, 360p–1080p, 6 aspects       15  5s at 360p  first-party 2026-07-10 +1  active",
      "",
      "2 models: each priced for a typical generation, cheapest first",
    ));
    assert.strictEqual(stderr, "");
    assert.strictEqual(code, 0);
  });

  it("lists every kind, each section cheapest first, in 120 columns", () => {
    const { code, stdout } = gen(["models"]);
    assert.strictEqual(code, 0);
    assert.deepStrictEqual(stdout.split("\n").filter((line) => /^\S+ \(\d+ models?\)$/.test(line)).map((line) => line.split(" ")[0]), ["image", "video", "audio", "upscale", "reframe"]);
    assert.deepStrictEqual(stdout.split("\n").filter((line) => line.length > 120), []);
    // ray-3.2: $0.06 a 5 s clip at 360p, the cheapest video; sora-2 shut down on 2026-09-24, before GEN_TODAY.
    assert.match(stdout, /\n {2}ray-3\.2 +Luma AI +360p–1080p, 5\/1… +6 {2}5s at 360p +first-party 2026-07-10 \+1 {2}active\n/);
    assert.match(stdout, /\n {2}sora-2 +OpenAI .* 3rd party 2026-03-15 +retired\n/);
    assert.match(stdout, /\n89 models: each priced for a typical generation, cheapest first\n$/);
  });

  it("prints JSON: every model, sorted by kind then price, with its supports, typical price, sources and lifecycle", () => {
    const listed = json([]);
    assert.strictEqual(listed.today, "2026-11-30");
    assert.strictEqual(listed.creditsPerUsd, 100);
    const kinds = ["image", "video", "audio", "upscale", "reframe"];
    for (let i = 1; i < listed.models.length; i++) {
      const [a, b] = [listed.models[i - 1], listed.models[i]];
      const order = kinds.indexOf(a.kind) - kinds.indexOf(b.kind);
      assert.ok(order < 0 || (order === 0 && (a.typical?.usd ?? Infinity) <= (b.typical?.usd ?? Infinity)), `${a.id} before ${b.id}`);
    }
    const veo = listed.models.find((m) => m.id === "veo-3.1-fast")!;
    // Audio is on unless a stage says `audio: off`: a 4 s clip at 720p with audio, 4 × $0.10 = $0.40 = 40 credits.
    assert.deepStrictEqual(veo.typical, { what: "a 4 s clip at 720p with audio", credits: 40, usd: 0.4 });
    assert.deepStrictEqual(veo.supports, { resolutions: ["720p", "1080p", "4k"], durations: [4, 6, 8], aspects: ["16:9", "9:16"], nativeAudio: "optional" });
    assert.deepStrictEqual(veo.priceSources.map((s) => [s.origin, s.date, s.covers]), [["firstParty", "2026-07-09", undefined], ["reseller", "2026-08-18", "audio off"]]);
    assert.strictEqual(veo.lifecycle, "active");
    // flux-2-pro bills by the megapixel: a 1024×1024 image counts as 2 MP, $0.03 + $0.015 = $0.045.
    assert.deepStrictEqual(listed.models.find((m) => m.id === "flux-2-pro")!.typical, { what: "an image at 1024x1024", credits: 4.5, usd: 0.045 });
    // Topaz bills per frame at its default 30 fps.
    assert.strictEqual(listed.models.find((m) => m.id === "topaz-starlight")!.supports.defaultFps, 30);
    const sora = listed.models.find((m) => m.id === "sora-2")!;
    assert.deepStrictEqual([sora.lifecycle, sora.shutdownDate, sora.replacement], ["retired", "2026-09-24", "veo-3.1-fast"]);
  });

  it("judges a shutdown date against today's date: deprecated before it, retired from it on", () => {
    const config = { models: { "kling-v2-5-turbo": { lifecycle: "deprecated", replacement: "kling-v3", shutdownDate: "2026-12-31" } } };
    withConfig(config, (cwd) => {
      const on = (today: string) => json(["--kind", "video"], { cwd, today }).models.find((m) => m.id === "kling-v2-5-turbo")!;
      assert.deepStrictEqual([on("2026-12-30").lifecycle, on("2026-12-30").shutdownDate], ["deprecated", "2026-12-31"]);
      assert.strictEqual(on("2026-12-31").lifecycle, "retired");
      assert.match(gen(["models", "--kind", "video"], { cwd, today: "2027-01-02" }).stdout, /\n {2}kling-v2-5-turbo .* retired\n/);
    });
  });

  it("reads amounts as gen.config.json says: dollars, and a team's own price", () => {
    withConfig({ display: "usd", models: { "ray-3.2-reframe": { perSecond: { "360p": 0.01 } } } }, (cwd) => {
      const { stdout } = gen(["models", "--kind", "reframe"], { cwd });
      // 5 s × $0.01 = $0.05, now cheaper than ideogram-reframe's $0.06.
      assert.match(stdout, /\n {2}model +provider +supports +price +for/);
      assert.match(stdout, /\n {2}ray-3\.2-reframe .* \$0\.05 {2}5s at 360p +first-party 2026-07-10 \+2 {2}active\n {2}ideogram-reframe .* \$0\.06 /);
    });
  });

  it("says which kinds there are for an unknown one, with the nearest", () => {
    const { code, stdout, stderr } = gen(["models", "--kind", "vidoe"]);
    assert.strictEqual(stderr, "gen models: unknown kind `vidoe`: use image, video, audio, upscale or reframe; did you mean `video`?\n");
    assert.strictEqual(stdout, "");
    assert.strictEqual(code, 2);
  });

  it("refuses an unknown format and paths (exit 2), and prints its help", () => {
    assert.deepStrictEqual(Object.values(gen(["models", "--format", "csv"])), [2, "", "gen models: unknown format `csv`: use table or json\n"]);
    const paths = gen(["models", "samples"]);
    assert.strictEqual(paths.code, 2);
    assert.match(paths.stderr, /^gen models: takes no paths/);
    const help = gen(["models", "--help"]);
    assert.strictEqual(help.code, 0);
    assert.match(help.stdout, /^Usage: gen models \[options\]\n/);
    assert.match(help.stdout, /--kind <kind> +only image, video, audio, upscale or reframe models/);
    assert.match(gen(["--help"]).stdout, /\n {2}models {16}List the catalog's models by kind/);
  });

  it("exits 1 when gen.config.json has errors, and still lists", () => {
    withConfig({ creditsPerUsd: "many" }, (cwd) => {
      const { code, stdout, stderr } = gen(["models", "--kind", "reframe"], { cwd });
      assert.strictEqual(code, 1);
      assert.match(stderr, /^error gen\.config\.json:1:\d+ /);
      assert.match(stdout, /^reframe \(2 models\)\n/);
    });
  });
});
