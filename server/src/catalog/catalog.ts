// The model catalog: what each model is, what it supports, and where those facts
// come from. Loaded from models.json (bundled) and, later, from a workspace's
// gen.config.json overrides. Plain data; no IO here.
import bundled from "./models.json";

export type ModelKind = "image" | "video" | "upscale" | "reframe" | "audio";
export type AudioKind = "voiceover" | "music" | "sfx";
export type Lifecycle = "active" | "deprecated" | "retired";

export interface DurationRange {
  min: number;
  max: number;
  /** Billed or accepted step in seconds; 1 when absent. */
  step?: number;
}

export interface Source {
  url: string;
  /** The date the source states, or when it was read. */
  date: string;
}

/**
 * Who published a price: the provider itself (its own page or docs), a reseller, a third party
 * (a price file or guide that neither makes nor sells the model), or nobody, because it is
 * computed from other figures by a stated rule. `workspace` is a team's own price from gen.config.json.
 */
export type PriceOrigin = "firstParty" | "reseller" | "thirdParty" | "derived" | "workspace";

/** Where a model's prices come from. */
export interface PriceSource {
  origin: PriceOrigin;
  /** What the source is, in a few words: "Luma Agents API price page". */
  title: string;
  /** Where the figures were read. */
  url: string;
  /** The date the source states, or when it was read: `2026-07-10` or `2026-07`. */
  date: string;
  /** A provider's page read in a copy (`url` quotes it): the page quoted, a URL when known. */
  quotes?: string;
  /** For a derived price: the rule that computes it from the figures at `url`. */
  rule?: string;
  /** The prices this source gives when it is not the first: `360p`, `audio off`. The first gives every other price. */
  covers?: string;
}

/**
 * A combination of settings a model does not make although it offers each value on its own
 * (Luma's reframe to 9:16 at 1080p). Every field given must match; an absent one matches anything.
 */
export interface NotOffered {
  resolution?: string;
  aspect?: string;
  /** Clip lengths in seconds. */
  durations?: number[];
  /** Who says so, in a sentence: "Luma does not reframe to 9:16 at 1080p". */
  note: string;
  source: Source;
}

/** What a stage asks a model for: the resolution it renders (or, for a reframe, takes), its aspect and length. */
export interface Combination {
  resolution?: string;
  aspect?: string;
  seconds?: number;
}

/** The combination the model does not offer that this request falls in, if any. */
export function notOffered(model: CatalogModel, request: Combination): NotOffered | undefined {
  return model.notOffered?.find((combo) =>
    (combo.resolution === undefined || combo.resolution === request.resolution)
    && (combo.aspect === undefined || combo.aspect === request.aspect)
    && (combo.durations === undefined || (request.seconds !== undefined && combo.durations.includes(request.seconds))));
}

/** "9:16 at 1080p", "10s clips at 1080p". */
export function describeCombination(combo: Omit<NotOffered, "note" | "source">): string {
  const what = [combo.durations && `${combo.durations.map((d) => `${d}s`).join(" or ")} clips`, combo.aspect].filter(Boolean).join(" ");
  return [what, combo.resolution && `at ${combo.resolution}`].filter(Boolean).join(" ");
}

/** USD by resolution as written in `.gen` files (`540p`, `1k`, `1024x1024`), with `default` for any other. */
export type PriceTable = Record<string, number>;

/**
 * How a model bills, in USD. Real billing comes in several shapes; a model uses
 * the fields that fit it and leaves the others out.
 */
export interface Pricing {
  /** Per output image, by resolution; for a model with quality tiers, the default tier's prices. */
  perImage?: PriceTable;
  /**
   * Quality tiers a stage picks with `quality:`, each with its own per-image prices: GPT Image's
   * `low`, `medium`, `high`; Ideogram's rendering speeds `turbo`, `default`, `quality`.
   */
  qualities?: Record<string, PriceTable>;
  /** The tier priced when a stage does not say `quality:`; `qualities[defaultQuality]` is `perImage`. */
  defaultQuality?: string;
  /** Per megapixel of output; `firstMegapixel` when the first one is priced differently (FLUX). */
  perMegapixel?: number;
  firstMegapixel?: number;
  /** Per second of output (video, music), or of input (upscale, reframe), by resolution. */
  perSecond?: PriceTable;
  /**
   * Per output frame, billed in credits (Topaz): the frames one credit buys, by output resolution, and
   * what a credit costs. A generation's credits are its output frames ÷ frames per credit, rounded up.
   */
  perFrame?: { framesPerCredit: Record<string, number>; usdPerCredit: number };
  /** For a model billed per frame: the frame rate priced when a stage does not say `fps:`. */
  defaultFps?: number;
  /** Per clip of a fixed length: keyed by length (`5s`), then by resolution. */
  perClip?: Record<string, PriceTable>;
  /** Per character of text (voiceover). */
  perCharacter?: number;
  /** A flat price per generation (a song, a sound effect). */
  perGeneration?: number;
  /** Native audio priced as a surcharge per second… */
  audioPerSecond?: number;
  /** …or as whole price tables that replace the silent ones when native audio is on. */
  withAudio?: { perSecond?: PriceTable; perClip?: Record<string, PriceTable> };
  /** Durations are billed rounded up to a multiple of this many seconds. */
  billedStep?: number;
  /** The shortest duration billed per generation, in seconds. */
  minimumSeconds?: number;
  /** The least charged per generation, in USD. */
  minimumCharge?: number;
  /** Price multiplier for `hdr: on`. */
  hdrMultiplier?: number;
  /** The date the prices were published or read, like `2026-08-18`. */
  pricesAsOf?: string;
  /** Where the prices come from: the first source gives every price a later one does not `cover`. */
  priceSources?: PriceSource[];
  /** Caveats about the prices: conflicting figures, assumptions. */
  priceNotes?: string;
}

export interface CatalogModel extends Pricing {
  /** The id written after `model:`. */
  id: string;
  /** Other spellings accepted for the same model (a provider's own API id, for example). */
  aliases?: string[];
  provider: string;
  kind: ModelKind;
  /** For audio models: what they make. */
  audioKinds?: AudioKind[];
  /** For upscale and reframe models: what they take. */
  inputs?: ("image" | "video")[];
  /** Supported resolutions as written in `.gen` files (`540p`, `1080p`, `4k`, `1k`, `2k`, `1024x1024`). Absent: not constrained. */
  resolutions?: string[];
  /** Supported clip lengths in seconds: a list of fixed lengths, or a range. Absent: not constrained. */
  durations?: number[] | DurationRange;
  /** Supported aspect ratios (`16:9`). Absent: not constrained. */
  aspects?: string[];
  /** Combinations of offered values that the model does not make together. */
  notOffered?: NotOffered[];
  /** Video only: whether the model can make a soundtrack itself. */
  nativeAudio?: "none" | "optional" | "always";
  /** Video only: whether native audio is on when a stage does not say `audio:`. */
  audioDefault?: boolean;
  /** Video only: the model needs a `start:` frame (image-to-video only). */
  requiresStartFrame?: boolean;
  /** The resolution the model renders (and bills) when a stage does not say. */
  defaultResolution?: string;
  lifecycle?: Lifecycle;
  /** What to use instead, for deprecated and retired models. */
  replacement?: string;
  lifecycleNote?: string;
  /** When the model was deprecated (or, with no `shutdownDate`, retired), if known: `2026-03-24`. */
  lifecycleDate?: string;
  /**
   * The day the provider stops serving the model: from then on it cannot be called, and reads as
   * retired whatever `lifecycle` says (judged against the day the core is told is today).
   */
  shutdownDate?: string;
  /** A cheaper model from the same family that does the same job. */
  cheaper?: string;
  sources: Source[];
  notes?: string;
}

export interface Catalog {
  models: CatalogModel[];
  /** Looks a model up by id or alias. */
  get(id: string): CatalogModel | undefined;
}

export function createCatalog(models: CatalogModel[]): Catalog {
  const byId = new Map<string, CatalogModel>();
  for (const model of models) {
    byId.set(model.id, model);
    for (const alias of model.aliases ?? []) if (!byId.has(alias)) byId.set(alias, model);
  }
  return { models, get: (id) => byId.get(id) };
}

let defaultCatalog: Catalog | undefined;
export function loadDefaultCatalog(): Catalog {
  defaultCatalog ??= createCatalog((bundled as { models: CatalogModel[] }).models);
  return defaultCatalog;
}
