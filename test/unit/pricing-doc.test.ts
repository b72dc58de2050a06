// docs/pricing.md's "Sources by provider" and "Conflicts resolved" sections, generated from models.json
// (UPDATE_EXPECT=1 rewrites them) so they cannot drift: each source a provider's prices come from, with
// its kind, date and the models it prices; and each conflict the Nov-2026 audit raised, with what was
// chosen, every choice checked against the catalog.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { type CatalogModel, type PriceOrigin, type PriceSource, loadDefaultCatalog } from "../../server/src/catalog/catalog";

import { repoRoot } from "../support/render";
const catalog = loadDefaultCatalog();
const model = (id: string) => catalog.get(id)!;

const kinds: Record<PriceOrigin, string> = { firstParty: "first-party", reseller: "reseller", thirdParty: "third-party", derived: "derived", workspace: "workspace" };
const isUrl = (text: string) => /^https?:\/\/\S+$/.test(text);
const cell = (text: string) => text.replace(/\|/g, "\\|");

/** One row per source (kind, title, URL, date, page quoted); a derived source's rule stays on the model. */
export function sourcesByProvider(models: CatalogModel[]): string {
  const providers = new Map<string, Map<string, { source: PriceSource; uses: string[] }>>();
  for (const m of models) {
    const rows = providers.get(m.provider) ?? new Map();
    providers.set(m.provider, rows);
    for (const source of m.priceSources ?? []) {
      const key = JSON.stringify([source.origin, source.title, source.url, source.date, source.quotes ?? ""]);
      const row = rows.get(key) ?? { source, uses: [] };
      rows.set(key, row);
      row.uses.push(`\`${m.id}\`${source.covers ? ` (${source.covers})` : ""}`);
    }
  }
  const out: string[] = [];
  for (const [provider, rows] of providers) {
    out.push(`### ${provider}`, "", "| Kind | Date | Source | Quotes | Models |", "|---|---|---|---|---|");
    for (const { source, uses } of rows.values()) {
      const quotes = source.quotes ? (isUrl(source.quotes) ? `<${source.quotes}>` : source.quotes) : "";
      out.push(`| ${kinds[source.origin]} | ${source.date} | [${cell(source.title)}](${source.url}) | ${cell(quotes)} | ${uses.join(", ")} |`);
    }
    out.push("");
  }
  return out.join("\n").trimEnd();
}

/**
 * The Nov-2026 audit's findings (/work/shared/pricing/AUDIT-2026-11.md) and what the catalog chose; `holds`
 * checks the choice is still what models.json says.
 */
const conflicts: { models: string; audit: string; chosen: string; holds: () => boolean }[] = [
  {
    models: "`veo-3.1`, `veo-3.1-fast`, `veo-3.1-lite`",
    audit: "The silent Veo prices could never be used: Veo 3.1 Fast 8 s 1080p with `audio: off` cost 96 credits, by hand 80.",
    chosen: "Audio is optional, on by default (the Gemini API always generates it); `audio: off` is priced at the Vertex AI silent rate (reseller list, 2026-08-18): 8 × $0.10 = 80 credits, 8 × $0.12 = 96 with audio.",
    holds: () => ["veo-3.1", "veo-3.1-fast", "veo-3.1-lite"].every((id) => model(id).nativeAudio === "optional" && model(id).audioDefault === true)
      && model("veo-3.1-fast").perSecond!["1080p"] === 0.1 && model("veo-3.1-fast").withAudio!.perSecond!["1080p"] === 0.12,
  },
  {
    models: "`ideogram-v2a`, `ideogram-v1`",
    audit: "Wrong tier: priced at Turbo ($0.025 / $0.02) while V3 and V4 are at Default; Ideogram's page gives Default $0.04 / $0.06.",
    chosen: "Default for every version (Ideogram's API pricing page, read 2026-11-29); Turbo is `quality: turbo`.",
    holds: () => model("ideogram-v2a").perImage!.default === 0.04 && model("ideogram-v1").perImage!.default === 0.06
      && model("ideogram-v2a").qualities!.turbo.default === 0.025 && model("ideogram-v1").qualities!.turbo.default === 0.02,
  },
  {
    models: "`sora-2`, `sora-2-pro`, `kling-v2-1`",
    audit: "Lifecycle stale: Sora's API shut down 2026-09-24 and Kling 2.1 reached end of life 2026-09-15, but both were \"deprecated\".",
    chosen: "Retired, with those dates: an error, with a quick fix to the replacement when it fits the stage.",
    holds: () => model("sora-2").lifecycle === "retired" && model("sora-2").shutdownDate === "2026-09-24"
      && model("sora-2-pro").lifecycle === "retired" && model("kling-v2-1").lifecycle === "retired" && model("kling-v2-1").shutdownDate === "2026-09-15",
  },
  {
    models: "`imagen-3-fast`",
    audit: "\"Active\" although its sibling was deprecated on 2025-11-10.",
    chosen: "Deprecated, replaced by `imagen-4-fast`.",
    holds: () => model("imagen-3-fast").lifecycle === "deprecated" && model("imagen-3-fast").replacement === "imagen-4-fast",
  },
  {
    models: "`ray-3.2-reframe`",
    audit: "Luma does not offer a 9:16 reframe at 1080p, yet it was priced (180 credits in a sample).",
    chosen: "A `notOffered` combination: an error at the value, and the stage is not priced.",
    holds: () => model("ray-3.2-reframe").notOffered?.some((c) => c.resolution === "1080p" && c.aspect === "9:16") === true,
  },
  {
    models: "`minimax-h3`",
    audit: "MiniMax's own price is quoted at $0.08/s (768p) and $0.13/s (2K) by a secondary source with no URL; the catalog's reseller price is 1.4–1.6× higher.",
    chosen: "The reseller price stays ($0.129 / $0.186 per s): the lower figure has no URL on file. The notes say it is probably high.",
    holds: () => model("minimax-h3").perSecond!["768p"] === 0.129 && /1\.4-1\.6x high/.test(model("minimax-h3").priceNotes ?? ""),
  },
  {
    models: "`seedance-2`",
    audit: "Runway's flat $0.36/s is a resale; BytePlus bills by token (about $0.76 per 5 s at 720p, secondary, no URL).",
    chosen: "Runway's price stays, the only one with a source on file; the token billing is in the notes.",
    holds: () => model("seedance-2").perSecond!.default === 0.36 && /BytePlus/.test(model("seedance-2").priceNotes ?? ""),
  },
  {
    models: "`ray-2`",
    audit: "Unverified: only a reseller gives it ($0.71 in Nov 2025, $1.02 in Aug 2026).",
    chosen: "The Nov-2025 reseller USD table ($0.71 for 5 s at 720p); the Aug-2026 markup is in the notes. Luma's legacy page was not found.",
    holds: () => model("ray-2").perClip!["5s"]["720p"] === 0.71 && model("ray-2").priceSources?.[0].origin === "reseller",
  },
  {
    models: "`flux-2-*`",
    audit: "The CLI rounds to whole 10⁶-pixel megapixels, so 1024² is 2 MP ($0.045 with `flux-2-pro`; third parties quote about $0.03). BFL's definition was not found.",
    chosen: "The rounding stays (it never understates), marked as our rule: a `derived` price source with the rule; the stage's quantity says when it rounds.",
    holds: () => catalog.models.filter((m) => m.firstMegapixel !== undefined).every((m) => m.priceSources?.some((s) => s.origin === "derived" && /rounded up/.test(s.rule ?? ""))),
  },
  {
    models: "`topaz-*`",
    audit: "Unit mismatch: Topaz bills per output frame (11.92 frames per credit at 4K, developer.topazlabs.com); its $ per credit was not found.",
    chosen: "Priced per output frame, as Topaz bills: frames (seconds × `fps`, 30 when absent) ÷ Topaz's frames per credit for the model and resolution (its API docs, read 2026-11-29), rounded up to whole credits, × $0.12 (a secondary quote; no first-party $ per credit found). See \"Frame rate\".",
    holds: () => catalog.models.filter((m) => m.id.startsWith("topaz-")).every((m) => m.perFrame?.usdPerCredit === 0.12 && m.defaultFps === 30 && m.perSecond === undefined)
      && model("topaz-starlight").perFrame!.framesPerCredit["4k"] === 11.9179,
  },
];

function conflictsTable(): string {
  return ["| Models | Audit finding | Chosen |", "|---|---|---|", ...conflicts.map((c) => `| ${c.models} | ${cell(c.audit)} | ${cell(c.chosen)} |`)].join("\n");
}

function section(text: string, name: string): { start: number; end: number } {
  const open = `<!-- generated: ${name} (test/unit/pricing-doc.test.ts; UPDATE_EXPECT=1 rewrites it) -->\n`;
  const start = text.indexOf(open);
  const end = text.indexOf(`<!-- end: ${name} -->`);
  assert.ok(start >= 0 && end > start, `docs/pricing.md has no generated ${name} section`);
  return { start: start + open.length, end };
}

describe("docs/pricing.md", () => {
  const file = path.join(repoRoot, "docs", "pricing.md");
  for (const [name, make] of [["sources", () => sourcesByProvider(catalog.models)], ["conflicts", conflictsTable]] as const) {
    it(`lists the ${name} as models.json has them`, () => {
      const text = fs.readFileSync(file, "utf8");
      const { start, end } = section(text, name);
      const generated = make() + "\n";
      if (process.env.UPDATE_EXPECT === "1") return fs.writeFileSync(file, text.slice(0, start) + generated + text.slice(end));
      assert.strictEqual(text.slice(start, end), generated);
    });
  }

  for (const c of conflicts) it(`keeps the audit's choice for ${c.models}`, () => assert.ok(c.holds(), c.chosen));

  it("every model's prices have a source with a URL and a date", () => {
    for (const m of catalog.models) {
      assert.ok(m.priceSources?.length, m.id);
      for (const s of m.priceSources!) assert.ok(isUrl(s.url) && /^\d{4}-\d{2}(-\d{2})?$/.test(s.date), `${m.id}: ${s.url} ${s.date}`);
    }
  });
});
