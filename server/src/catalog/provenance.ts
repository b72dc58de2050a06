// Where a price comes from, in words: for the model hover, the stage hover and docs/models.md.
// A price from a reseller, a third party or a rule of ours reads as such, with its date.
import type { CatalogModel, PriceOrigin, PriceSource } from "./catalog";

const labels: Record<PriceOrigin, string> = {
  firstParty: "first-party price",
  reseller: "price from a reseller",
  thirdParty: "price from a third party",
  derived: "derived price",
  workspace: "price from this workspace's gen.config.json",
};

/** "price from a reseller, 2025-11-24", "360p: price from a reseller, 2026-08-18". */
export function sourceSummary(source: PriceSource): string {
  const label = source.origin === "workspace" ? labels.workspace : `${labels[source.origin]}, ${source.date}`;
  return `${source.covers ? `${source.covers}: ` : ""}${label}`;
}

/** Every source of a model's prices, summed up in a line: "first-party price, 2026-07-10; 360p: price from a reseller, 2026-08-18". */
export function provenanceSummary(model: CatalogModel): string {
  const sources = model.priceSources ?? [];
  return sources.length ? sources.map(sourceSummary).join("; ") : "price source not recorded";
}

const isUrl = (text: string) => /^https?:\/\/\S+$/.test(text);
/** `docs.agents.lumalabs.ai`; on a code host, with the owner: `github.com/calesthio`. */
export function host(url: string): string {
  const [, , domain, owner] = url.split("/");
  return /^(github\.com|raw\.githubusercontent\.com)$/.test(domain ?? "") && owner ? `${domain}/${owner}` : domain ?? url;
}
const link = (text: string, url: string) => (isUrl(url) ? `[${text}](${url})` : text);

/**
 * One source in Markdown: its kind and date, what it is (linked), the page it quotes and, for a
 * derived price, the rule: "first-party price, 2026-07-10: Luma Agents API price page
 * ([docs.agents.lumalabs.ai](…)), as quoted in [github.com](…)".
 */
export function sourceMarkdown(source: PriceSource): string {
  const what = source.origin === "workspace" ? "" : source.quotes
    ? `${source.title}${isUrl(source.quotes) ? ` (${link(host(source.quotes), source.quotes)})` : ""}, as quoted in ${link(host(source.url), source.url)}`
    : link(source.title, source.url);
  const rule = source.rule ? `${source.rule}, from ` : "";
  return `${sourceSummary(source)}${what ? `: ${rule}${what}` : ""}`;
}

/**
 * Every source of a model's prices in plain text, each with the host of the page it quotes (or of its
 * own URL): "first-party price, 2026-07-09 (ai.google.dev); audio off: price from a reseller, 2026-08-18 (github.com/Comfy-Org)".
 */
export function provenanceWithHosts(model: CatalogModel): string {
  const sources = model.priceSources ?? [];
  if (!sources.length) return "price source not recorded";
  const where = (source: PriceSource) => (source.origin === "workspace" ? "" : ` (${host(source.quotes && isUrl(source.quotes) ? source.quotes : source.url)})`);
  return sources.map((source) => `${sourceSummary(source)}${where(source)}`).join("; ");
}
