// The bundled catalog: real models, each with its sources, prices and a date.
import * as assert from "assert";
import { loadDefaultCatalog } from "../../server/src/catalog/catalog";
import { priceAudio, priceImage, priceVideo } from "../../server/src/cost/price";

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
  });
});
