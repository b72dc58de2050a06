// Hostile values: words that every JavaScript object inherits, and numbers past any sense.
// A value is looked up among its own keys only; every number is bounded; whatever a file
// says, every amount a user sees is a finite number (no NaN, no Infinity, no null).
import * as assert from "assert";
import { bounds } from "../../server/src/analysis/schema";
import { CatalogModel, createCatalog, loadDefaultCatalog } from "../../server/src/catalog/catalog";
import { costSettings, parseConfig } from "../../server/src/config/config";
import { defaultCostSettings, formatDelta } from "../../server/src/cost/format";
import { priceImage, priceVideo } from "../../server/src/cost/price";
import { checkDocument, CheckedDocument } from "../../server/src/service/check";
import { diffDocuments } from "../../server/src/service/diff";
import { hoverAt } from "../../server/src/service/hover";
import { baseLenses, codeLenses } from "../../server/src/service/lenses";
import { noRules } from "../support/render";

const messages = (checked: CheckedDocument, code?: string) => checked.diagnostics.filter((d) => !code || d.code === code).map((d) => d.message);

/** A chain of `n` videos, each started from a keyframe of the one before, each with `count`. */
function chain(n: number, count: string, head = "") {
  const lines = [`pipeline "p" {`, head, `  image a { model: flux-2-pro prompt: "x" count: ${count} }`];
  let previous = "a";
  for (let i = 0; i < n; i++) {
    lines.push(`  keyframe k${i} { from: ${previous} }`, `  video v${i} { model: ray-flash-2 start: k${i} duration: 5s count: ${count} }`);
    previous = `v${i}`;
  }
  return [...lines, `  output ${previous}`, "}"].join("\n");
}

/** Every amount a user could see for the document: lenses, hovers on every line, the diff against itself. */
function everythingShown(checked: CheckedDocument): string {
  const hovers = checked.text.split("\n").flatMap((line, i, all) => {
    const start = all.slice(0, i).reduce((sum, l) => sum + l.length + 1, 0);
    return [2, 5, 12, 20, 60].map((column) => hoverAt(checked, start + Math.min(column, line.length))?.markdown ?? "");
  });
  return [
    ...messages(checked), ...codeLenses(checked).map((lens) => lens.title), ...baseLenses(checked, checked, "HEAD").map((lens) => lens.title), ...hovers,
    formatDelta(diffDocuments(checked, checked).deltaUsd, checked.settings),
  ].join("\n");
}

function assertFinite(checked: CheckedDocument): void {
  for (const cost of [...checked.costs, ...checked.phases.flatMap((p) => [p.draft, p.final])]) {
    assert.ok(Number.isFinite(cost.usd), `${cost.pipeline.name} costs ${cost.usd}`);
    for (const [stage, stageCost] of cost.stages) assert.ok(Number.isFinite(stageCost.usd) && Number.isFinite(stageCost.generations), `${stage.name}: ${stageCost.usd}`);
  }
  for (const phased of checked.phases) assert.ok(Number.isFinite(phased.jobUsd));
  // The diff `gen diff --format json` prints: numbers, none of them NaN or Infinity (JSON would write `null`).
  assert.doesNotMatch(JSON.stringify(diffDocuments(checked, checked)), /null/);
  const shown = everythingShown(checked);
  const odd = shown.split("\n").filter((line) => /NaN|Infinity|null|e\+\d/.test(line));
  assert.deepStrictEqual(odd, [], "a number a user sees is finite and written out");
}

describe("hostile values", () => {
  describe("words every object inherits", () => {
    it("`audio: constructor` and `hdr: __proto__` are not `on`: invalid, and priced as if unwritten", () => {
      const text = (audio: string, hdr: string) => `pipeline "p" {\n  video v { model: ray-2 duration: 5s audio: ${audio} hdr: ${hdr} }\n}`;
      const hostile = checkDocument(text("constructor", "__proto__"), { rules: noRules });
      assert.deepStrictEqual(messages(hostile), [
        "`audio` is `on` or `off`, not `constructor`",
        "`hdr` is `on` or `off`, not `__proto__`",
      ]);
      // `ray-2` makes no native audio: `on` would say so; an unknown word says nothing more.
      const plain = checkDocument(`pipeline "p" {\n  video v { model: ray-2 duration: 5s }\n}`, { rules: noRules });
      assert.strictEqual(hostile.costs[0].usd, plain.costs[0].usd);
    });

    it("`toString`, `hasOwnProperty` and `valueOf` are not booleans, audio kinds or modes", () => {
      const checked = checkDocument(
        'pipeline "p" {\n  mode: valueOf\n  video v { model: ray-flash-2 duration: 5s audio: toString hdr: hasOwnProperty }\n  audio s { kind: constructor model: eleven-sound-effects }\n}',
        { rules: noRules },
      );
      assert.deepStrictEqual(messages(checked), [
        "`mode` is `draft` or `final`, not `valueOf`",
        "`audio` is `on` or `off`, not `toString`",
        "`hdr` is `on` or `off`, not `hasOwnProperty`",
        "`kind` is `voiceover`, `music` or `sfx`, not `constructor`",
      ]);
    });

    it("a price table answers only for its own keys", () => {
      const model: CatalogModel = { id: "m", provider: "test", kind: "image", perImage: { "1k": 0.04 }, sources: [] };
      assert.deepStrictEqual(priceImage(model, "constructor"), { missing: "no price at constructor" });
      assert.deepStrictEqual(priceImage(model, "__proto__"), { missing: "no price at __proto__" });
      const clip: CatalogModel = { id: "c", provider: "test", kind: "video", perClip: { "5s": { "540p": 0.2 } }, sources: [] };
      assert.deepStrictEqual(priceVideo(clip, { seconds: 5, resolution: "toString", audio: false, hdr: false }), { missing: "no 5s clip price at toString" });
    });
  });

  describe("numbers past their bounds", () => {
    it("`count: 999999999999` on chained stages is an error at each count, and the estimate stays finite", () => {
      const checked = checkDocument(chain(3, "999999999999", "  budget: 100 credits"));
      assert.deepStrictEqual(messages(checked, "invalid-value"), Array(4).fill("`count` must be a whole number from 1 to 100, not 999999999999"));
      assertFinite(checked);
    });

    it("a count of 400 digits (Infinity as a double) is named in words", () => {
      const checked = checkDocument(chain(2, "9".repeat(400)), { rules: noRules });
      assert.deepStrictEqual(messages(checked), Array(3).fill("`count` must be a whole number from 1 to 100; this one is far past it"));
      assertFinite(checked);
    });

    it("a budget, a duration and a size past their bounds, and a budget of 0, are errors; the pipeline has no budget then", () => {
      const checked = checkDocument([
        `pipeline "p" {\n  budget: ${"9".repeat(400)} credits\n  video v { model: ray-2 duration: 99999s }\n  image i { model: flux-2-pro prompt: "x" resolution: 99999x99999 aspect: 1:99999 }\n}`,
        'pipeline "zero" {\n  budget: 0 credits\n  video v { model: ray-2 duration: 5s }\n}',
      ].join("\n"), { rules: noRules });
      assert.deepStrictEqual(messages(checked), [
        "a budget is at most 1,000,000,000 credits; this one is far past it",
        "a duration is at most 3600s (an hour), not 99999s",
        "`99999x99999` is not a size: sides are at most 16384 pixels",
        "`1:99999` is not an aspect ratio: sides are at most 16384, like `16:9`",
        "a budget must be above 0: write what the pipeline may spend, like `150 credits`",
      ]);
      assert.deepStrictEqual(checked.costs.map((c) => c.budgetUsd), [undefined, undefined]);
      assertFinite(checked);
    });

    it("the bounds themselves are allowed", () => {
      const checked = checkDocument(
        `pipeline "p" {\n  budget: ${bounds.budget} credits\n  image i { model: flux-2-pro prompt: "x" count: ${bounds.count} retries: ${bounds.retries} seed: ${bounds.seed} resolution: 16384x16384 aspect: 16384:1 }\n  video v { model: ray-2 duration: 3600s }\n}`,
        { rules: noRules },
      );
      // Only the model speaks: ray-2 does not make hour-long clips. No bound is crossed.
      assert.deepStrictEqual(checked.diagnostics.filter((d) => d.code === "invalid-value"), []);
    });
  });

  describe("fan-out", () => {
    it("`count: 100` on five chained stages is one error, at the count where generations pass 100,000", () => {
      const checked = checkDocument(chain(5, "100"), { rules: noRules });
      assert.deepStrictEqual(messages(checked), [
        "`v1` would make 1,000,000 generations: 10,000 runs (one for each output of `k1`) × 100 versions; a stage makes at most 100,000: lower a `count`, or take one output of `k1` with `k1[1]`",
      ]);
      const [error] = checked.diagnostics;
      assert.strictEqual(checked.text.slice(error.span.start, error.span.end), "100");
      assert.ok(checked.text.slice(0, error.span.start).endsWith("  video v1 { model: ray-flash-2 start: k1 duration: 5s count: "));
      assertFinite(checked);
    });

    it("a 300-stage chain of `count: 100` (10^600 generations) is priced finitely, with the rules on", () => {
      const checked = checkDocument(chain(300, "100", "  budget: 1000 credits"));
      assertFinite(checked);
      assert.strictEqual(messages(checked, "invalid-value").length, 1);
      assert.match(messages(checked, "over-budget")[0], /^estimated [\d.]+ credits, over the budget of 1000 credits/);
    });

    it("sequences of sequences (each doubling) stop at a day, with one error where they pass it", () => {
      const lines = ['pipeline "p" {', "  video a { model: ray-flash-2 duration: 9s }", "  sequence s0 { clips: a, a }"];
      for (let i = 1; i < 1100; i++) lines.push(`  sequence s${i} { clips: s${i - 1}, s${i - 1} }`);
      lines.push("  upscale hd { from: s1099 resolution: 1080p model: topaz-proteus }", "  output hd", "}");
      const checked = checkDocument(lines.join("\n"), { rules: noRules });
      assertFinite(checked);
      assert.deepStrictEqual(messages(checked), ["`s13` joins 147,456s of video; a sequence is at most 86,400s (a day): join fewer or shorter clips"]);
    });
  });

  describe("gen.config.json numbers", () => {
    const catalog = loadDefaultCatalog();

    it("`creditsPerUsd: 1e999` and a 400-digit price are errors at the number, never Infinity", () => {
      const text = `{ "creditsPerUsd": 1e999, "models": { "ray-2": { "perClip": { "5s": { "540p": ${"9".repeat(400)} } } } } }`;
      const { config, diagnostics } = parseConfig(text, catalog);
      assert.strictEqual(config, undefined);
      assert.deepStrictEqual(diagnostics.map((d) => [d.message, text.slice(d.span.start, d.span.end).length]), [
        ["`1e999` is too large a number to read (it would be Infinity)", 5],
        ["`99999999999999999999…` is too large a number to read (it would be Infinity)", 400],
      ]);
    });

    it("bounds on prices, rates, steps and multipliers say what is allowed", () => {
      const text = JSON.stringify({
        creditsPerUsd: 0.001,
        models: { "ray-2": { hdrMultiplier: 1000, perSecond: { default: 20000 }, billedStep: 0 }, "my-video": { kind: "video", perGeneration: -1, minimumSeconds: 7200 } },
      });
      assert.deepStrictEqual(parseConfig(text, catalog).diagnostics.map((d) => d.message), [
        "`creditsPerUsd` must be at least 0.01, not `0.001`",
        "`models.ray-2.hdrMultiplier` must be at most 100, not `1000`",
        "`models.ray-2.perSecond.default` must be at most 10,000, not `20000`",
        "`models.ray-2.billedStep` must be at least 0.001, not `0`",
        "`models.my-video.perGeneration` must be at least 0, not `-1`",
        "`models.my-video.minimumSeconds` must be at most 3,600, not `7200`",
      ]);
    });

    it("a rate from the editor's settings outside the bounds falls back to 100 credits a dollar", () => {
      for (const creditsPerUsd of [Infinity, NaN, 0, -1, 1e12]) {
        assert.strictEqual(costSettings(undefined, { ...defaultCostSettings, creditsPerUsd }).creditsPerUsd, 100, String(creditsPerUsd));
      }
      assert.strictEqual(costSettings(undefined, { ...defaultCostSettings, creditsPerUsd: 50 }).creditsPerUsd, 50);
    });

    it("the largest prices and rates the schema allows still give finite estimates at every bound", () => {
      const models: CatalogModel[] = [
        { id: "dear-video", provider: "test", kind: "video", perSecond: { default: 10000 }, audioPerSecond: 10000, hdrMultiplier: 100, nativeAudio: "optional", sources: [] },
        { id: "dear-image", provider: "test", kind: "image", firstMegapixel: 10000, perMegapixel: 10000, hdrMultiplier: 100, sources: [] },
      ];
      const text = [
        'pipeline "p" {',
        `  budget: $${bounds.budget}`,
        '  image a { model: dear-image prompt: "x" count: 100 retries: 100 resolution: 16384x16384 }',
        "  keyframe k { from: a }",
        "  video v { model: dear-video start: k duration: 3600s count: 100 retries: 9 audio: on hdr: on }",
        "}",
      ].join("\n");
      const checked = checkDocument(text, { catalog: createCatalog(models), cost: { creditsPerUsd: 1_000_000, display: "credits" }, rules: noRules });
      assert.deepStrictEqual(messages(checked), []);
      assertFinite(checked);
      // Past the bound on generations too (an error), at the dearest prices: amounts are written out, in credits and in dollars.
      const past = text.replace(/\n\}$/, [
        "", "  keyframe kv { from: v }", "  video w { model: dear-video start: kv duration: 3600s count: 10 }", "  keyframe kw { from: w }",
        "  video both { model: dear-video start: kw end: kw duration: 3600s count: 100 retries: 100 audio: on hdr: on }", "}",
      ].join("\n"));
      for (const display of ["credits", "usd"] as const) {
        const worst = checkDocument(past, { catalog: createCatalog(models), cost: { creditsPerUsd: 1_000_000, display }, rules: noRules });
        assert.strictEqual(messages(worst).length, 1);
        assert.ok(worst.costs[0].usd > 1e21);
        assertFinite(worst);
      }
    });
  });
});
