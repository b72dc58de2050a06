// The bundled catalog: real models, each with its sources, prices and a date.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { CatalogModel, loadDefaultCatalog } from "../../server/src/catalog/catalog";
import { provenanceSummary } from "../../server/src/catalog/provenance";
import { defaultCostSettings } from "../../server/src/cost/format";
import { priceAudio, priceImage, priceVideo } from "../../server/src/cost/price";
import { checkDocument } from "../../server/src/service/check";
import { completionsAt } from "../../server/src/service/completion";
import { hoverAt, modelHover } from "../../server/src/service/hover";
import { repoRoot } from "../support/render";

const catalog = loadDefaultCatalog();
const idPattern = /^[A-Za-z_][A-Za-z0-9_]*(?:[-.][A-Za-z0-9_]+)*$/;

describe("model catalog", () => {
  it("covers every kind with at least 20 models", () => {
    assert.ok(catalog.models.length >= 20);
    for (const kind of ["image", "video", "upscale", "reframe", "audio"]) {
      assert.ok(catalog.models.some((m) => m.kind === kind), `no ${kind} model`);
    }
  });

  it("gives every model a writable, unique id and valid links to other models", () => {
    const seen = new Set<string>();
    for (const model of catalog.models) {
      for (const id of [model.id, ...(model.aliases ?? [])]) {
        assert.match(id, idPattern);
        assert.ok(!seen.has(id), `${id} twice`);
        seen.add(id);
      }
      for (const link of [model.cheaper, model.replacement]) {
        if (link) assert.ok(catalog.get(link), `${model.id} links to unknown ${link}`);
      }
      if (model.lifecycle === "deprecated" || model.lifecycle === "retired") assert.ok(model.replacement, `${model.id} names no replacement`);
      // A shutdown date is a whole day (it is compared with today's) on a model that says what replaces it.
      if (model.shutdownDate) assert.ok(/^20\d\d-\d\d-\d\d$/.test(model.shutdownDate) && model.replacement && model.lifecycle !== "active", `${model.id}: shutdownDate`);
      // Quality tiers: the default one is the plain per-image price.
      if (model.qualities || model.defaultQuality) {
        assert.ok(model.kind === "image" && model.defaultQuality && model.qualities, `${model.id}: qualities and defaultQuality go together, on image models`);
        assert.deepStrictEqual(model.qualities[model.defaultQuality], model.perImage, `${model.id}: perImage is the ${model.defaultQuality} tier`);
      }
      // A combination not offered is made of values the model offers one by one, and says who says so.
      for (const combo of model.notOffered ?? []) {
        if (combo.resolution) assert.ok(model.resolutions?.includes(combo.resolution), `${model.id}: ${combo.resolution}`);
        if (combo.aspect) assert.ok(model.aspects?.includes(combo.aspect), `${model.id}: ${combo.aspect}`);
        assert.ok(model.sources.some((s) => s.url === combo.source.url), `${model.id}: ${combo.source.url} is not among its sources`);
        assert.match(combo.source.date, /^20\d\d-\d\d/);
      }
    }
  });

  it("keeps a source URL and date for every model, and the date of its prices", () => {
    for (const model of catalog.models) {
      assert.ok(model.sources.length > 0, model.id);
      for (const source of model.sources) {
        assert.match(source.url, /^https:\/\//, model.id);
        assert.ok(source.date, model.id);
      }
      assert.match(model.pricesAsOf ?? "", /^20\d\d-\d\d/, `${model.id} has no pricesAsOf`);
    }
  });

  it("says where every price comes from: first-party, reseller, third party or derived, with a URL and a date", () => {
    for (const model of catalog.models) {
      const sources = model.priceSources ?? [];
      assert.ok(sources.length > 0, `${model.id} has no priceSources`);
      const urls = model.sources.map((s) => s.url);
      sources.forEach((source, i) => {
        const where = `${model.id} priceSources[${i}]`;
        assert.ok(["firstParty", "reseller", "thirdParty", "derived"].includes(source.origin), `${where}: origin ${source.origin}`);
        assert.ok(source.title.trim(), `${where} has no title`);
        assert.match(source.url, /^https:\/\//, where);
        assert.ok(urls.includes(source.url), `${where}: ${source.url} is not among the model's sources`);
        assert.match(source.date, /^20\d\d-\d\d(-\d\d)?$/, where);
        assert.strictEqual(source.origin === "derived", source.rule !== undefined, `${where}: a derived price states its rule, and only a derived one`);
        // The first source gives every price a later one does not cover.
        assert.strictEqual(i > 0, source.covers !== undefined, `${where}: only sources after the first say what they cover`);
      });
    }
  });

  it("shows where a price comes from in the model hover, and a reseller's price reads as such", () => {
    const hover = (id: string) => modelHover(catalog.get(id)!, defaultCostSettings);
    assert.match(hover("ray-2"), /Prices: price from a reseller, 2025-11-24: \[Comfy partner-node prices \(USD table\)\]\(https:\/\/github\.com\/Comfy-Org\/docs\/blob\/69ba6f78b\//);
    assert.match(hover("ray-3.2"), /Prices: first-party price, 2026-07-10: Luma Agents API price page \(\[docs\.agents\.lumalabs\.ai\]\(https:\/\/docs\.agents\.lumalabs\.ai\/guides\/pricing\)\), as quoted in \[github\.com\/calesthio\]/);
    assert.match(hover("ray-3.2"), / · 360p: price from a reseller, 2026-08-18: /);
    assert.match(hover("topaz-starlight"), /Prices: derived price, 2026-11-29: Topaz's per-frame rule: credits = output frames \(seconds × fps\) ÷ frames per credit, rounded up; × the credit price, from \[Topaz's video pricing page/);
    assert.match(hover("topaz-starlight"), / · credit price: price from a third party, 2026-07-10: /);
    // Billed per frame: the hover gives a second's price at the default frame rate and the rule.
    assert.match(hover("topaz-starlight"), /\| per second at 30 fps \|/);
    assert.match(hover("topaz-starlight"), /billed per output frame: 26\.0417 frames per credit at 1080p, 11\.9179 frames per credit at 4k/);
    assert.match(hover("imagen-4"), /Prices: price from a third party, 2026-03-15: \[LiteLLM price file\]/);
  });

  describe("freshness: prices older than 120 days are worth checking again", () => {
    const hover = (id: string, today?: string) => modelHover(catalog.get(id)!, defaultCostSettings, today);
    // ray-3.2: prices as of 2026-07-10. To 2026-11-29: 21 days of July + 31 + 30 + 31 + 29 = 142.
    it("says how old the prices are, as information, in the model hover", () => {
      assert.match(hover("ray-3.2", "2026-11-29"), /\n\nℹ Prices as of 2026-07-10, 142 days ago: check the provider's page\.\n\n/);
    });
    // 2026-07-10 + 120 days = 2026-11-07: 120 days old is still fresh, 121 is not.
    it("from the 121st day on", () => {
      assert.doesNotMatch(hover("ray-3.2", "2026-11-07"), /ℹ Prices as of/);
      assert.match(hover("ray-3.2", "2026-11-08"), /ℹ Prices as of 2026-07-10, 121 days ago/);
    });
    // A month alone counts from its first day: 2026-06-01 to 2026-11-29 is 30 + 31 + 31 + 30 + 31 + 28 = 181.
    it("a month alone counts from its first day", () => assert.match(hover("sd3.5-large", "2026-11-29"), /ℹ Prices as of 2026-06, 181 days ago/));
    it("not for fresh prices, nor without a date", () => {
      assert.doesNotMatch(hover("recraft-v4.1", "2026-11-29"), /ℹ/);
      assert.doesNotMatch(hover("ray-3.2"), /ℹ/);
    });
    it("the hover over `model:` in a file judges against the date the check was given", () => {
      const text = 'pipeline "p" { video v { model: ray-3.2 duration: 5s prompt: "x" } }';
      const at = (today?: string) => hoverAt(checkDocument(text, { today }), text.indexOf("ray-3.2") + 2)!.markdown;
      assert.match(at("2026-11-29"), /ℹ Prices as of 2026-07-10, 142 days ago/);
      assert.doesNotMatch(at("2026-08-01"), /ℹ/);
    });
  });

  it("lists every model in docs/models.md with where its prices come from (UPDATE_EXPECT=1 rewrites the table)", () => {
    const file = path.join(repoRoot, "docs", "models.md");
    const text = fs.readFileSync(file, "utf8");
    const table = modelsTable(catalog.models);
    const start = text.indexOf("| Id | Provider |");
    const end = text.indexOf("\n\n", start);
    assert.ok(start >= 0 && end > start, "docs/models.md has no models table");
    if (process.env.UPDATE_EXPECT === "1") {
      fs.writeFileSync(file, text.slice(0, start) + table + text.slice(end));
      return;
    }
    assert.strictEqual(text.slice(start, end), table);
    assert.match(text, new RegExp(`It has ${catalog.models.length} models\\.`));
  });

  it("prices quality tiers as a `quality:` setting: the hover compares them and completion offers the model's own", () => {
    const text = 'pipeline "p" {\n  image a { model: gpt-image-1 prompt: "kite" resolution: 1024x1024 quality: high }\n  image b { model: ideogram-v3 prompt: "kite" quality: }\n}';
    const document = checkDocument(text);
    const value = hoverAt(document, text.indexOf("high") + 1)!.markdown;
    // 1024x1024 at low $0.011, medium $0.042, high $0.167 (gpt-image-1), plus ideogram-v3 at Default, $0.06.
    assert.match(value, /^\*\*high\*\*: \+15\.6 credits against low\./);
    assert.match(value, /\| medium \| 10\.2 credits \|/);
    assert.match(modelHover(catalog.get("ideogram-v3")!, defaultCostSettings), /\| per image, `quality: default` \(default\) \| 6 credits \|/);
    const items = completionsAt(document, text.indexOf("quality: }") + 9, catalog)!.items.map((item) => item.label);
    assert.deepStrictEqual(items, ["flash", "turbo", "default", "quality"]);
  });

  it("prices every model for a typical stage", () => {
    const unpriced: string[] = [];
    for (const model of catalog.models) {
      const seconds = Array.isArray(model.durations) ? model.durations[0] : model.durations?.min ?? 5;
      const priced =
        model.kind === "image" ? priceImage(model, model.resolutions?.[0] ?? Object.keys(model.perImage ?? {})[0] ?? "1k")
        : model.kind === "audio" ? priceAudio(model, { characters: 100, seconds: 30 })
        : priceVideo(model, { seconds, resolution: model.resolutions?.[0] ?? "default", audio: false, hdr: false });
      const ok = "usd" in priced && priced.usd > 0 && Number.isFinite(priced.usd);
      const imageInput = (model.kind === "upscale" || model.kind === "reframe") && model.inputs?.includes("image") && "usd" in priceImage(model, "default");
      if (!ok && !imageInput) unpriced.push(`${model.id}: ${"missing" in priced ? priced.missing : priced.usd}`);
    }
    assert.deepStrictEqual(unpriced, []);
  });

  it("holds the published prices the docs quote", () => {
    const usd = (p: ReturnType<typeof priceVideo>) => ("usd" in p ? Math.round(p.usd * 1e6) / 1e6 : p.missing);
    assert.strictEqual(usd(priceVideo(catalog.get("ray-2")!, { seconds: 5, resolution: "540p", audio: false, hdr: false })), 0.4);
    assert.strictEqual(usd(priceVideo(catalog.get("veo-3.1")!, { seconds: 8, resolution: "1080p", audio: true, hdr: false })), 3.2);
    assert.strictEqual(usd(priceAudio(catalog.get("eleven-multilingual-v2")!, { characters: 100 })), 0.01);
    assert.strictEqual(usd(priceVideo(catalog.get("ray-3.2")!, { seconds: 10, resolution: "720p", audio: false, hdr: false })), 0.9);
    assert.strictEqual(usd(priceVideo(catalog.get("veo-3.1")!, { seconds: 8, resolution: "1080p", audio: false, hdr: false })), 1.6);
    // Every Ideogram version at the same rendering speed, Default (the audit found V1 and V2a at Turbo).
    const ideogram = ["ideogram-v4", "ideogram-v3", "ideogram-v2a", "ideogram-v1"].map((id) => usd(priceImage(catalog.get(id)!, "default")));
    assert.deepStrictEqual(ideogram, [0.06, 0.06, 0.04, 0.06]);
    // Their other tiers, and GPT Image's, with `quality:`.
    assert.deepStrictEqual(["turbo", "quality"].map((q) => usd(priceImage(catalog.get("ideogram-v4")!, "default", undefined, false, q))), [0.03, 0.1]);
    assert.deepStrictEqual(["low", "medium", "high"].map((q) => usd(priceImage(catalog.get("gpt-image-1")!, "1024x1536", undefined, false, q))), [0.016, 0.063, 0.25]);
    assert.strictEqual(usd(priceImage(catalog.get("gpt-image-1-mini")!, "1024x1024", undefined, false, "high")), "`gpt-image-1-mini` has no `high` quality");
  });

  // The hand checks of the price audit (/work/shared/pricing/AUDIT-2026-11.md, 100 credits = $1), as stage costs and messages.
  describe("the price audit's hand checks", () => {
    const stage = (body: string) => {
      const checked = checkDocument(`pipeline p { ${body} output v }`);
      const cost = [...checked.costs[0].stages.values()][0];
      const unit = cost.unit && "usd" in cost.unit ? cost.unit.quantity : cost.unit?.missing;
      return { credits: Math.round(cost.usd * 100 * 1e6) / 1e6, unit, messages: checked.analysis.diagnostics.map((d) => d.message) };
    };
    const thousand = "x".repeat(1000);

    it("1. Veo 3.1 Fast with `audio: off` is billed at the silent rate, with no warning", () => {
      const { credits, messages } = stage('video v { model: veo-3.1-fast prompt: "kite" duration: 8s resolution: 1080p audio: off }');
      assert.strictEqual(credits, 80);
      assert.deepStrictEqual(messages.filter((m) => m.includes("audio")), []);
      assert.strictEqual(stage('video v { model: veo-3.1-fast prompt: "kite" duration: 8s resolution: 1080p }').credits, 96, "audio on by default");
      assert.strictEqual(stage('video v { model: veo-3.1 prompt: "kite" duration: 8s resolution: 1080p audio: off }').credits, 160);
    });

    it("2. ray-3.2, 10 s at 720p", () => assert.strictEqual(stage('video v { model: ray-3.2 prompt: "kite" duration: 10s resolution: 720p }').credits, 90));

    it("3. 1,000 characters of voiceover", () => {
      assert.strictEqual(stage(`audio v { kind: voiceover model: eleven-multilingual-v2 text: "${thousand}" }`).credits, 10);
      assert.strictEqual(stage(`audio v { kind: voiceover model: eleven-flash-v2.5 text: "${thousand}" }`).credits, 5);
    });

    it("4. flux-2-pro at 2k square: 4.19 MP, counted up to 5 by the stated (derived) rule", () => {
      assert.deepStrictEqual(stage('image v { model: flux-2-pro prompt: "kite" resolution: 2k aspect: 1:1 }'), { credits: 9, unit: "5 MP at 2k (4.19 MP, rounded up)", messages: [] });
    });

    it("5. kling-v3, 5 s at 1080p with audio", () => assert.strictEqual(stage('video v { model: kling-v3 prompt: "kite" duration: 5s resolution: 1080p audio: on }').credits, 84));
  });
});

/** The models table of docs/models.md, one row a model, from the catalog itself. */
function modelsTable(models: CatalogModel[]): string {
  const lifecycle = (m: CatalogModel) => `${m.lifecycle ?? "active"}${m.shutdownDate ? ` (shutdown ${m.shutdownDate})` : ""}${m.replacement ? ` → \`${m.replacement}\`` : ""}`;
  const kind = (m: CatalogModel) => (m.audioKinds ? `${m.kind} (${m.audioKinds.join(", ")})` : m.kind);
  const rows = models.map((m) => `| \`${m.id}\` | ${m.provider} | ${kind(m)} | ${lifecycle(m)} | ${provenanceSummary(m)} |`);
  return ["| Id | Provider | Kind | Lifecycle | Prices from |", "|---|---|---|---|---|", ...rows].join("\n");
}
