// `gen models`: the catalog as a user browses it: each model with what it supports, its price for a
// typical generation, where the price comes from and its lifecycle, cheapest first within each kind.
// The core lists and prices (service/models.ts); this module only lays it out.
import * as path from "path";
import { type CatalogModel, type DurationRange, loadDefaultCatalog, type ModelKind, type PriceOrigin, type PriceSource } from "../catalog/catalog";
import { CostSettings, defaultCostSettings, formatAmount } from "../cost/format";
import { didYouMean } from "../parser/suggest";
import { listModels, ModelEntry, modelKinds } from "../service/models";
import { JsonAmount, jsonAmount } from "./json";
import { dim, plural, printable, red, table, underline, yellow } from "./output";
import { ConfigLoader, configOptionProblem } from "./workspace";

export const MODELS_HELP = `Usage: gen models [options]

Lists the models of the catalog, by kind: what each supports (resolutions, clip lengths,
aspects, native audio, quality tiers, frame rate), its price for a typical generation (a
clip of about 5 s, an image, 1,000 characters or a 30 s track; the cheapest way the model
makes one), where that price comes from (first-party, reseller, third party or derived,
with its date) and its lifecycle today. Cheapest first within each kind. The catalog is
the bundled one with the nearest gen.config.json's models over it.

Options:
  --kind <kind>     only image, video, audio, upscale or reframe models
  --format <name>   table (default) or json
  --config <file>   use this gen.config.json instead of the nearest one above the current folder
  -h, --help        show this help

Exit codes: 0 listed, 1 a gen.config.json that cannot be read or has errors, 2 bad usage.

Examples:
  gen models --kind video
  gen models --format json | jq '.models[] | select(.lifecycle == "active") | .id'`;

const formats = ["table", "json"];

/** The widest a table line gets, indent included. */
const WIDTH = 120;

// ── table ──────────────────────────────────────────────────────────────────

const join = (items: readonly (string | number)[]) => items.join("/");

/** `540p–4k` for a long list, `1k/2k/4k` for a short one. */
const range = (items: readonly string[]) => (items.length > 3 ? `${items[0]}–${items[items.length - 1]}` : join(items));

const durationText = (durations: number[] | DurationRange) =>
  Array.isArray(durations) ? `${join(durations)}s` : `${durations.min}–${durations.max}s`;

/** What a model supports, in a few words: "540p–4k, 5/9s, 7 aspects, audio on/off". */
export function supportsText(model: CatalogModel): string {
  const parts: string[] = [];
  if (model.inputs && (model.kind === "upscale" || model.kind === "reframe")) parts.push(`${join(model.inputs)} in`);
  if (model.resolutions) parts.push(range(model.resolutions));
  if (model.durations) parts.push(durationText(model.durations));
  if (model.aspects) parts.push(model.aspects.length > 2 ? `${model.aspects.length} aspects` : join(model.aspects));
  if (model.nativeAudio === "optional") parts.push("audio on/off");
  if (model.nativeAudio === "always") parts.push("always audio");
  if (model.qualities) parts.push(join(Object.keys(model.qualities)));
  if (model.perFrame) parts.push(`per frame, ${model.defaultFps ?? "?"} fps`);
  if (model.perMegapixel !== undefined) parts.push("per MP");
  if (model.audioKinds) parts.push(join(model.audioKinds));
  return parts.join(", ") || "—";
}

const originWords: Record<PriceOrigin, string> = {
  firstParty: "first-party", reseller: "reseller", thirdParty: "3rd party", derived: "derived", workspace: "gen.config.json",
};

/** "first-party 2026-07-10", with "+1" when further sources give some of the prices. */
function sourceText(model: CatalogModel, source: PriceSource | undefined): string {
  if (!source) return "not recorded";
  const more = (model.priceSources?.length ?? 1) - 1;
  const date = source.origin === "workspace" ? "" : ` ${source.date}`;
  return `${originWords[source.origin]}${date}${more > 0 ? ` +${more}` : ""}`;
}

/** The typical generation in a few words: "a 5 s clip at 540p with audio" → "5s at 540p +audio". */
const perText = (what: string) => what
  .replace(/^(a|an) /, "")
  .replace(/^(\d+) s clip/, "$1s")
  .replace(/^(\d+) s /, "$1s ")
  .replace(/ with audio$/, " +audio");

/** The amount without its unit, which the column head gives: "13.4", "$0.13". */
const amountCell = (usd: number, settings: CostSettings) => formatAmount(usd, settings).replace(/ credits?$/, "");

/** Cuts a cell to `width`, ending in "…". */
const cut = (cell: string, width: number) => (cell.length <= width ? cell : `${cell.slice(0, Math.max(0, width - 1))}…`);

/**
 * Narrows the columns that may be cut (widest first, never below their minimum) until a line fits
 * `width`; every other column keeps its cells whole.
 */
function fit(rows: string[][], cuttable: Record<number, number>, width: number): string[][] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  const line = () => widths.reduce((sum, w) => sum + w, 0) + 2 * (widths.length - 1);
  while (line() > width) {
    const candidates = Object.entries(cuttable).map(([i, min]) => [Number(i), min]).filter(([i, min]) => widths[i] > min);
    if (candidates.length === 0) break;
    const [widest] = candidates.sort((a, b) => widths[b[0]] - widths[a[0]])[0];
    widths[widest]--;
  }
  return rows.map((row, r) => row.map((cell, i) => (r === 0 || !(i in cuttable) ? cell : cut(cell, widths[i]))));
}

function printTable(entries: ModelEntry[], kinds: readonly ModelKind[], settings: CostSettings): void {
  for (const kind of kinds) {
    const ofKind = entries.filter((entry) => entry.model.kind === kind);
    if (ofKind.length === 0) continue;
    console.log(underline(`${kind} (${plural(ofKind.length, "model")})`));
    const rows = [
      ["model", "provider", "supports", settings.display === "usd" ? "price" : "credits", "for", "price source", "lifecycle"],
      ...ofKind.map((entry) => [
        entry.model.id,
        entry.model.provider,
        supportsText(entry.model),
        entry.typical ? amountCell(entry.typical.usd, settings) : "—",
        entry.typical ? perText(entry.typical.what) : "no published price",
        sourceText(entry.model, entry.source),
        entry.lifecycle.lifecycle,
      ]),
    ];
    // Ids are never cut (they are what a file says); the provider, what it supports and the unit are.
    const fitted = fit(rows, { 1: 10, 2: 14, 4: 12 }, WIDTH - 2);
    // Amounts right-aligned, as \`gen cost\` prints them.
    const pad = Math.max(...fitted.map((row) => row[3].length));
    const lines = table(fitted.map((row, r) => row.map((cell, i) => (i === 3 && r > 0 ? cell.padStart(pad) : cell)))).split("\n");
    console.log(lines.map((line, i) => `  ${i === 0 ? dim(line) : ofKind[i - 1].lifecycle.lifecycle === "retired" ? dim(line) : line}`).join("\n"));
    console.log("");
  }
  const priced = entries.filter((entry) => entry.typical).length;
  const unpriced = entries.length - priced;
  console.log(`${plural(entries.length, "model")}${unpriced ? `, ${unpriced} without a price` : ""}: each priced for a typical generation, cheapest first`);
}

// ── json ───────────────────────────────────────────────────────────────────

/** `gen models --format json`: a public interface, documented in the README. */
export interface ModelsJson {
  /** The day lifecycles were judged on. */
  today: string;
  creditsPerUsd: number;
  display: CostSettings["display"];
  models: ModelJson[];
}

export interface ModelJson {
  id: string;
  aliases?: string[];
  provider: string;
  kind: ModelKind;
  /** Only what the catalog constrains; an absent field means any value is taken. */
  supports: {
    resolutions?: string[];
    durations?: number[] | DurationRange;
    aspects?: string[];
    nativeAudio?: CatalogModel["nativeAudio"];
    qualities?: string[];
    defaultQuality?: string;
    /** Billed per output frame: the frame rate priced when a stage says no `fps:`. */
    defaultFps?: number;
    inputs?: CatalogModel["inputs"];
    audioKinds?: CatalogModel["audioKinds"];
  };
  /** The cheapest typical generation; absent when the model has no price. */
  typical?: JsonAmount & { what: string };
  /** Where the prices come from: the first gives every price a later one does not `covers`. */
  priceSources: PriceSource[];
  pricesAsOf?: string;
  /** On `today`: a model past its shutdown date is `retired`. */
  lifecycle: "active" | "deprecated" | "retired";
  shutdownDate?: string;
  replacement?: string;
}

function modelJson(entry: ModelEntry, settings: CostSettings): ModelJson {
  const { model } = entry;
  // Keys in reading order; JSON.stringify leaves out the undefined ones.
  return {
    id: model.id,
    aliases: model.aliases,
    provider: model.provider,
    kind: model.kind,
    supports: {
      resolutions: model.resolutions,
      durations: model.durations,
      aspects: model.aspects,
      nativeAudio: model.kind === "video" ? model.nativeAudio : undefined,
      qualities: model.qualities && Object.keys(model.qualities),
      defaultQuality: model.defaultQuality,
      defaultFps: model.perFrame ? model.defaultFps : undefined,
      inputs: model.inputs,
      audioKinds: model.audioKinds,
    },
    typical: entry.typical && { what: entry.typical.what, ...jsonAmount(entry.typical.usd, settings) },
    priceSources: model.priceSources ?? [],
    pricesAsOf: model.pricesAsOf,
    lifecycle: entry.lifecycle.lifecycle,
    shutdownDate: entry.lifecycle.shutdownDate,
    replacement: model.replacement,
  };
}

// ── the command ────────────────────────────────────────────────────────────

export function runModels(values: Record<string, unknown>, positionals: string[]): number {
  const format = (values.format as string | undefined) ?? "table";
  const kind = values.kind as string | undefined;
  const config = values.config as string | undefined;
  if (!formats.includes(format)) {
    console.error(`gen models: unknown format \`${printable(format)}\`: use table or json${didYouMean(format, formats)}`);
    return 2;
  }
  if (kind !== undefined && !modelKinds.includes(kind as ModelKind)) {
    console.error(`gen models: unknown kind \`${printable(kind)}\`: use ${modelKinds.slice(0, -1).join(", ")} or ${modelKinds[modelKinds.length - 1]}${didYouMean(kind, modelKinds)}`);
    return 2;
  }
  if (positionals.length) {
    console.error(`gen models: takes no paths (got \`${printable(positionals[0])}\`): it lists the catalog; \`--config\` names a gen.config.json`);
    return 2;
  }
  const configProblem = configOptionProblem(config);
  if (configProblem) {
    console.error(`gen models: ${printable(configProblem)}`);
    return 2;
  }

  // The catalog and amounts of the gen.config.json that would apply to a file in the current folder.
  const loader = new ConfigLoader(config);
  const options = loader.optionsFor(path.join(process.cwd(), "models.gen"));
  const settings = options.cost ?? defaultCostSettings;
  let configErrors = false;
  for (const file of loader.files) {
    for (const d of file.diagnostics) {
      if (d.severity === "error") configErrors = true;
      const { line, character } = file.lines.positionAt(d.span.start);
      console.error(`${d.severity === "error" ? red("error") : yellow(d.severity)} ${printable(file.path)}:${line + 1}:${character + 1} ${printable(d.message)}`);
    }
  }
  const entries = listModels(options.catalog ?? loadDefaultCatalog(), { kind: kind as ModelKind | undefined, today: options.today });
  if (format === "json") {
    const json: ModelsJson = { today: options.today!, creditsPerUsd: settings.creditsPerUsd, display: settings.display, models: entries.map((entry) => modelJson(entry, settings)) };
    console.log(JSON.stringify(json, null, 2));
  } else {
    printTable(entries, kind ? [kind as ModelKind] : modelKinds, settings);
  }
  return configErrors ? 1 : 0;
}
