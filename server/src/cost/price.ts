// The price of one generation of a stage, from its model's billing shape.
// Each shape is priced as its provider bills it; nothing is flattened.
import { own } from "../analysis/schema";
import { CatalogModel, describeCombination, notOffered, PriceTable } from "../catalog/catalog";

/** One generation's price, and how it was reached, for hovers. */
export interface UnitPrice {
  usd: number;
  /** "$0.40 per 5s clip at 540p", "$0.0001 per character" */
  basis: string;
  /** "5s at 540p", "120 characters" */
  quantity: string;
}

export type Priced = UnitPrice | { missing: string };

/** A price as the explanations write it: `$0.1`, `$0.0001`, to six significant digits. Made once per
 * amount: a storyboard prices thousands of stages at a handful of prices. */
const amounts = new Map<number, string>();
export function money(usd: number): string {
  let text = amounts.get(usd);
  if (text === undefined) {
    text = `$${Number(usd.toPrecision(6))}`;
    if (amounts.size < 10_000) amounts.set(usd, text);
  }
  return text;
}

interface Pick {
  price: number;
  /** The resolution priced: the one asked for, or the cheapest when none was given. */
  resolution: string;
  assumed: boolean;
}

/**
 * A price from a table. When the stage gives no resolution and the model has no
 * default, the cheapest one is priced and marked as assumed: a floor, not a guess.
 */
function lookup(table: PriceTable | undefined, resolution: string): Pick | undefined {
  if (!table) return undefined;
  // Own keys only: a table from gen.config.json is a plain object.
  const price = own(table, resolution) ?? own(table, "default");
  if (price !== undefined) return { price, resolution, assumed: false };
  if (resolution !== "default") return undefined;
  const cheapest = Object.entries(table).sort((a, b) => a[1] - b[1])[0];
  return cheapest && { price: cheapest[1], resolution: cheapest[0], assumed: true };
}

/** " at 540p", or nothing for a price that does not depend on resolution. */
const at = (resolution: string) => (resolution === "default" ? "" : ` at ${resolution}`);

const assumedNote = (pick: Pick) => (pick.assumed ? ` (no resolution given: priced at the cheapest, ${pick.resolution})` : "");

/** Seconds actually billed: rounded up to the billing step, at least the minimum. */
export function billedSeconds(model: CatalogModel, seconds: number): number {
  const step = model.billedStep;
  const stepped = step ? Math.ceil(seconds / step - 1e-9) * step : seconds;
  return Math.max(model.minimumSeconds ?? 0, stepped);
}

/** Every price ends here: HDR, then the minimum charge. */
function finish(model: CatalogModel, usd: number, hdr: boolean, basis: string, quantity: string): UnitPrice {
  let total = usd;
  let note = basis;
  if (hdr && model.hdrMultiplier) {
    total *= model.hdrMultiplier;
    note += `, ×${model.hdrMultiplier} for HDR`;
  }
  if (model.minimumCharge !== undefined && total < model.minimumCharge) {
    total = model.minimumCharge;
    note += `, raised to the ${money(model.minimumCharge)} minimum`;
  }
  return { usd: total, basis: note, quantity };
}

export interface VideoRequest {
  seconds: number;
  resolution: string;
  audio: boolean;
  hdr: boolean;
  /** The aspect asked for, when known: some models do not make every aspect at every resolution. */
  aspect?: string;
  /** The output frame rate, for a model billed per frame; its `defaultFps` when absent. */
  fps?: number;
}

/** Why there is no price: the model does not make this combination (analysis reports it as an error). */
function notMade(model: CatalogModel, resolution: string, aspect: string | undefined, seconds?: number): Priced | undefined {
  const combo = notOffered(model, { resolution, aspect, seconds });
  return combo && { missing: `\`${model.id}\` does not offer ${describeCombination(combo)}` };
}

/** A per-clip table's clip lengths in seconds, shortest first: worked out once per table. */
const lengthsOf = new WeakMap<object, number[]>();
function clipLengths(clips: object): number[] {
  let lengths = lengthsOf.get(clips);
  if (!lengths) lengthsOf.set(clips, (lengths = Object.keys(clips).map((key) => parseFloat(key)).sort((a, b) => a - b)));
  return lengths;
}

export function priceVideo(model: CatalogModel, request: VideoRequest): Priced {
  const { resolution, audio, hdr } = request;
  const unmade = notMade(model, resolution, request.aspect, request.seconds);
  if (unmade) return unmade;
  if (model.perFrame) return priceFrames(model, model.perFrame, request);
  const clips = (audio && model.withAudio?.perClip) || model.perClip;
  if (clips) {
    const lengths = clipLengths(clips);
    const length = lengths.find((l) => l >= request.seconds - 1e-9);
    if (length === undefined) return { missing: `no clip price for ${request.seconds}s (clips are ${lengths.map((l) => l + "s").join(", ")})` };
    const pick = lookup(own(clips, `${length}s`), resolution);
    if (pick === undefined) return { missing: `no ${length}s clip price at ${resolution}` };
    let usd = pick.price;
    let basis = `${money(pick.price)} per ${length}s clip${at(pick.resolution)}`;
    if (audio && !model.withAudio?.perClip && model.audioPerSecond) {
      usd += model.audioPerSecond * length;
      basis += ` + ${money(model.audioPerSecond)}/s audio`;
    }
    return finish(model, usd, hdr, basis, `${length}s${at(pick.resolution)}${assumedNote(pick)}`);
  }
  const perSecondTable = (audio && model.withAudio?.perSecond) || model.perSecond;
  const pick = lookup(perSecondTable, resolution);
  if (pick === undefined) return { missing: model.perSecond ? `no price at ${resolution}` : "no published price" };
  const seconds = billedSeconds(model, request.seconds);
  let usd = pick.price * seconds;
  let basis = `${money(pick.price)}/s${at(pick.resolution)}${audio && model.withAudio?.perSecond ? " with audio" : ""}`;
  if (audio && !model.withAudio?.perSecond && model.audioPerSecond) {
    usd += model.audioPerSecond * seconds;
    basis += ` + ${money(model.audioPerSecond)}/s audio`;
  }
  const rounded = seconds !== request.seconds ? ` (${request.seconds}s billed as ${seconds}s)` : "";
  return finish(model, usd, hdr, basis, `${seconds}s${at(pick.resolution)}${rounded}${assumedNote(pick)}`);
}

/**
 * Per output frame, as Topaz bills: output frames (seconds × frame rate) ÷ the frames a credit buys at
 * the output resolution, rounded up to whole credits, × the credit's price.
 */
function priceFrames(model: CatalogModel, perFrame: NonNullable<CatalogModel["perFrame"]>, request: VideoRequest): Priced {
  const { resolution } = request;
  const framesPerCredit = own(perFrame.framesPerCredit, resolution) ?? own(perFrame.framesPerCredit, "default");
  if (framesPerCredit === undefined) {
    return { missing: resolution === "default" ? "no resolution: add `resolution:` to price per frame" : `no price at ${resolution}` };
  }
  const fps = request.fps ?? model.defaultFps;
  if (fps === undefined) return { missing: "no frame rate: add `fps: 24` to price per frame" };
  const frames = Math.ceil(request.seconds * fps - 1e-9);
  const credits = Math.ceil(frames / framesPerCredit - 1e-9);
  const basis = `${money(perFrame.usdPerCredit)} per credit, ${Number(framesPerCredit.toPrecision(6))} frames per credit${at(resolution)}`;
  const assumed = request.fps === undefined ? ", the model's default frame rate" : "";
  return finish(model, credits * perFrame.usdPerCredit, request.hdr, basis, `${frames} frames (${request.seconds}s at ${fps} fps${assumed}) = ${credits} credit${credits === 1 ? "" : "s"}${at(resolution)}`);
}

/** Megapixels of an image: `WxH`, `2k` (long side 2048), or `1080p` (short side 1080), shaped by the aspect ratio. */
export function megapixels(resolution: string, aspect: { width: number; height: number } | undefined): number | undefined {
  const size = /^(\d+)x(\d+)$/.exec(resolution);
  if (size) return (Number(size[1]) * Number(size[2])) / 1e6;
  const ratio = aspect ? Math.max(aspect.width, aspect.height) / Math.min(aspect.width, aspect.height) : 1;
  const k = /^(\d+)k$/.exec(resolution);
  if (k) {
    const long = Number(k[1]) * 1024;
    return (long * (long / ratio)) / 1e6;
  }
  const p = /^(\d+)p$/.exec(resolution);
  if (p) {
    const short = Number(p[1]);
    return (short * short * (aspect ? ratio : 16 / 9)) / 1e6;
  }
  return undefined;
}

/** The per-image prices of a quality tier (the default one when none is asked for), or why there are none. */
function imageTable(model: CatalogModel, quality: string | undefined): { table?: PriceTable; tier: string } | { missing: string } {
  if (quality === undefined) {
    const fallback = model.defaultQuality && model.qualities ? own(model.qualities, model.defaultQuality) : undefined;
    return { table: model.perImage ?? fallback, tier: model.defaultQuality ? `, quality: ${model.defaultQuality}` : "" };
  }
  const tiers = model.qualities;
  if (!tiers) return { missing: `\`${model.id}\` has no quality tiers` };
  const table = own(tiers, quality);
  return table ? { table, tier: `, quality: ${quality}` } : { missing: `\`${model.id}\` has no \`${quality}\` quality` };
}

export function priceImage(model: CatalogModel, resolution: string, aspect?: { width: number; height: number; text?: string }, hdr = false, quality?: string): Priced {
  const unmade = notMade(model, resolution, aspect?.text);
  if (unmade) return unmade;
  const tiered = imageTable(model, quality);
  if ("missing" in tiered) return tiered;
  const pick = lookup(tiered.table, resolution);
  if (pick !== undefined) return finish(model, pick.price, hdr, `${money(pick.price)} per image${at(pick.resolution)}${tiered.tier}`, `1 image${at(pick.resolution)}${tiered.tier}${assumedNote(pick)}`);
  if (model.perMegapixel !== undefined) {
    const exact = megapixels(resolution, aspect);
    if (exact === undefined) return { missing: resolution === "default" ? "no resolution: add `resolution: 1k` to price per megapixel" : `cannot tell the megapixels of ${resolution}` };
    const mp = Math.max(1, Math.ceil(exact - 1e-9));
    const first = model.firstMegapixel ?? model.perMegapixel;
    const usd = first + (mp - 1) * model.perMegapixel;
    const basis = model.firstMegapixel !== undefined
      ? `${money(first)} for the first megapixel + ${money(model.perMegapixel)} per further one`
      : `${money(model.perMegapixel)} per megapixel`;
    // The count is our rule (derived, in the model's priceSources): say so when it rounds.
    const rounded = Math.abs(exact - mp) > 1e-9 ? ` (${Number(exact.toFixed(2))} MP, rounded up)` : "";
    return finish(model, usd, hdr, basis, `${mp} MP at ${resolution}${rounded}`);
  }
  return { missing: model.perImage ? `no price at ${resolution}` : "no published price" };
}

export interface AudioRequest {
  characters?: number;
  seconds?: number;
}

export function priceAudio(model: CatalogModel, request: AudioRequest): Priced {
  if (model.perCharacter !== undefined) {
    if (request.characters === undefined) return { missing: "no `text` to count" };
    const usd = model.perCharacter * request.characters;
    return finish(model, usd, false, `${money(model.perCharacter * 1000)} per 1,000 characters`, `${request.characters} characters`);
  }
  const perSecond = lookup(model.perSecond, "default");
  if (perSecond !== undefined) {
    if (request.seconds === undefined) return { missing: "no `duration` to bill: add `duration: 30s`" };
    const seconds = billedSeconds(model, request.seconds);
    return finish(model, perSecond.price * seconds, false, `${money(perSecond.price)}/s`, `${seconds}s`);
  }
  if (model.perGeneration !== undefined) {
    return finish(model, model.perGeneration, false, `${money(model.perGeneration)} per generation`, "1 generation");
  }
  return { missing: "no published price" };
}
