// A model's price for a typical generation: what completion sorts models by and `gen models`
// lists. Models bill per clip, per second, per image or per character, so only a whole
// generation compares one with another.
import type { CatalogModel } from "../catalog/catalog";
import { Priced, priceAudio, priceImage, priceVideo } from "./price";

/** 1,000 characters of speech last about a minute. */
const SPEECH_CHARACTERS_PER_SECOND = 15;

/** A typical generation and its price: `what` reads "a 5 s clip at 540p", "an image at 1k", "1,000 characters". */
export interface TypicalPrice {
  usd: number;
  what: string;
}

/** Whether an upscale or reframe model takes this media. */
export const takes = (model: CatalogModel, media: "image" | "video") =>
  (model.kind === "upscale" || model.kind === "reframe") && (!model.inputs || model.inputs.includes(media));

/** A clip length the model makes, as near 5 s as it allows. */
export function typicalSeconds(model: CatalogModel): number {
  const durations = model.durations;
  if (!durations) return 5;
  if (Array.isArray(durations)) return [...durations].sort((a, b) => Math.abs(a - 5) - Math.abs(b - 5) || a - b)[0] ?? 5;
  return Math.min(Math.max(5, durations.min), durations.max);
}

const phrase = (what: string, resolution: string) => (resolution === "default" ? what : `${what} at ${resolution}`);

/**
 * The cheapest typical generation of a model, priced as a stage is: a clip of about 5 s, one image,
 * 1,000 characters or a 30 s track (a model billed by the megapixel: a 1024×1024 image). `media` narrows an upscale or reframe model to what it is given.
 */
export function typicalPrice(model: CatalogModel, media?: "image" | "video"): TypicalPrice | undefined {
  // A model billed by the megapixel and nothing else is priced for a square 1024×1024 image.
  const perMegapixelOnly = model.kind === "image" && model.perMegapixel !== undefined && !model.perImage && !model.qualities;
  const resolutions = model.resolutions ?? [model.defaultResolution ?? (perMegapixelOnly ? "1024x1024" : "default")];
  const seconds = typicalSeconds(model);
  const options: TypicalPrice[] = [];
  const add = (priced: Priced, what: string) => {
    if ("usd" in priced) options.push({ usd: priced.usd, what });
  };
  for (const resolution of resolutions) {
    const takesVideo = model.kind === "video" || (media !== "image" && takes(model, "video"));
    const takesImage = model.kind === "image" || (media !== "video" && takes(model, "image"));
    if (takesVideo) {
      // As a stage that does not say `audio:` makes it: with the model's own default.
      const audio = model.kind === "video" && (model.nativeAudio === "always" || (model.nativeAudio !== "none" && model.audioDefault === true));
      add(priceVideo(model, { seconds, resolution, audio, hdr: false }), phrase(`a ${seconds} s clip`, resolution) + (audio ? " with audio" : ""));
    }
    else if (takesImage) add(priceImage(model, resolution), phrase("an image", resolution));
  }
  if (model.kind === "audio") {
    // Voices billed by the second are priced for as long as 1,000 characters last, so they sort among
    // those billed by the character.
    const speech = model.audioKinds?.includes("voiceover") === true;
    const audioSeconds = speech ? Math.round(1000 / SPEECH_CHARACTERS_PER_SECOND) : 30;
    const what = model.perCharacter !== undefined ? "1,000 characters" : speech ? `${audioSeconds} s of speech` : `a ${audioSeconds} s track`;
    add(priceAudio(model, { characters: 1000, seconds: audioSeconds }), what);
  }
  return options.sort((a, b) => a.usd - b.usd)[0];
}
