// Checks a property's value against the type the schema gives it, and says what
// would be right when it is wrong ("expected a duration, like `5s`; did you mean `5s`?").
import type { Value, WordValue } from "../parser/ast";
import type { Diagnostic } from "../parser/diagnostic";
import { bounds, imageResolutions, ValueType, videoResolutions } from "./schema";
import { didYouMean, listOf } from "../parser/suggest";

export type Report = (diagnostic: Diagnostic) => void;

export function describeType(type: ValueType): string {
  switch (type.type) {
    case "string": return 'a string in quotes, like "…"';
    case "model": return "a model id, like `ray-2`";
    case "resolution": return "a resolution, like `1080p`";
    case "aspect": return "an aspect ratio, like `16:9`";
    case "duration": return "a duration, like `5s`";
    case "integer": return `a whole number from ${type.min} to ${type.max}`;
    case "boolean": return "`on` or `off`";
    case "enum": return listOf(type.values);
    case "reference": return type.list ? "the names of stages, like `s1, s2`" : "the name of a stage";
    case "presets": return "the name of a preset";
    case "budget": return "an amount, like `150 credits` or `$4.50`";
  }
}

// A Map, not an object: `constructor` or `__proto__` must not pass for a boolean.
const booleans = new Map([["on", true], ["off", false], ["true", true], ["false", false]]);

/**
 * A number as a message shows it. Numbers are read from digits, so one past 15 digits has
 * lost its last ones (and past 308 is Infinity): a message says so in words instead.
 */
function numberText(n: number): string | undefined {
  return Number.isFinite(n) && Math.abs(n) < 1e15 ? String(n) : undefined;
}

/** "1,000,000": thousands grouped, for bounds and counts in messages. */
export function grouped(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** What a value that has the wrong type was probably meant to be. */
function hint(type: ValueType, value: Value): string {
  const leadingNumber = value.type === "malformed" ? /^\d+(?:\.\d+)?/.exec(value.text)?.[0] : undefined;
  const number = value.type === "number" ? numberText(value.value) : leadingNumber;
  if (number !== undefined) {
    const unit = value.type === "malformed" ? value.text.slice(number.length).toLowerCase() : "";
    if (type.type === "duration") return `; did you mean \`${number}s\`?`;
    if (type.type === "resolution") return `; did you mean \`${number}${unit === "k" ? "k" : "p"}\`?`;
    if (type.type === "budget") return `; did you mean \`${number} credits\`?`;
  }
  if (value.type === "string" && (type.type === "model" || type.type === "reference" || type.type === "presets")) {
    return `; names are written without quotes: \`${value.value}\``;
  }
  if (value.type === "word" && type.type === "string") return `; did you mean "${value.text}"?`;
  return "";
}

/** The value as a message quotes it: `` `5s` ``, or in words when its number is too long to show. */
function shown(value: Value): string {
  const quoted = (text: string) => "`" + text + "`";
  const amount = (n: number, show: (text: string) => string) => {
    const text = numberText(n);
    return text === undefined ? "a number that large" : quoted(show(text));
  };
  switch (value.type) {
    case "string": return quoted(value.triple ? '"""…"""' : JSON.stringify(value.value.length > 30 ? value.value.slice(0, 30) + "…" : value.value));
    case "number": return amount(value.value, (n) => n);
    case "duration": return amount(value.seconds, (n) => `${n}s`);
    case "money": return amount(value.usd, (n) => `$${n}`);
    case "credits": return amount(value.credits, (n) => `${n} credits`);
    case "list": return "a list";
    case "word": return quoted(value.index === undefined ? value.text : `${value.text}[${value.index}]`);
    default: return quoted(value.text);
  }
}

/** ", not 7s" after a bound, or words when the number is too long to show. */
function notNumber(n: number, show: (text: string) => string = (text) => text): string {
  const text = numberText(n);
  return text === undefined ? "; this one is far past it" : `, not ${show(text)}`;
}

/**
 * Checks `value` against `type`; reports what is wrong and returns the value when
 * it is usable. `key` names the property in messages.
 */
export function checkValue(key: string, type: ValueType, value: Value, report: Report): Value | undefined {
  const wrongType = () => {
    report({
      code: "wrong-type",
      message: `\`${key}\` expects ${describeType(type)}, not ${shown(value)}${hint(type, value)}`,
      severity: "error",
      span: value.span,
    });
    return undefined;
  };
  const invalid = (message: string) => {
    report({ code: "invalid-value", message, severity: "error", span: value.span });
    return undefined;
  };

  const listAllowed = type.type === "presets" || (type.type === "reference" && type.list);
  if (value.type === "list" && !listAllowed) {
    return invalid(`\`${key}\` takes one value; commas separate items only in lists like \`use: a, b\`, \`clips: s1, s2\` and \`output a, b\``);
  }
  switch (type.type) {
    case "string":
      return value.type === "string" ? value : wrongType();
    case "model":
      return value.type === "word" && value.index === undefined ? value : wrongType();
    case "resolution": {
      if (value.type !== "resolution") return wrongType();
      const size = /^(\d+)x(\d+)$/.exec(value.text);
      if (size && (Number(size[1]) === 0 || Number(size[2]) === 0)) return invalid(`${short(value.text)} is not a size: both sides must be above 0`);
      if (size && (Number(size[1]) > bounds.side || Number(size[2]) > bounds.side)) return invalid(`${short(value.text)} is not a size: sides are at most ${bounds.side} pixels`);
      return value;
    }
    case "aspect":
      if (value.type !== "aspect") return wrongType();
      if (value.width === 0 || value.height === 0) return invalid(`${short(value.text)} is not an aspect ratio: both sides must be above 0`);
      if (value.width > bounds.side || value.height > bounds.side) return invalid(`${short(value.text)} is not an aspect ratio: sides are at most ${bounds.side}, like \`16:9\``);
      return value;
    case "duration":
      if (value.type !== "duration") return wrongType();
      if (value.seconds <= 0) return invalid("a duration must be longer than 0s");
      if (value.seconds > type.max) return invalid(`a duration is at most ${type.max}s (an hour)${notNumber(value.seconds, (n) => `${n}s`)}`);
      return value;
    case "integer":
      if (value.type !== "number") return wrongType();
      if (!Number.isInteger(value.value) || value.value < type.min || value.value > type.max) {
        return invalid(`\`${key}\` must be a whole number from ${type.min} to ${grouped(type.max)}${notNumber(value.value)}`);
      }
      return value;
    case "boolean":
      if (value.type !== "word" || value.index !== undefined) return wrongType();
      if (!booleans.has(value.text)) return invalid(`\`${key}\` is \`on\` or \`off\`, not \`${value.text}\`${didYouMean(value.text, [...booleans.keys()])}`);
      return value;
    case "enum":
      if (value.type !== "word" || value.index !== undefined) return wrongType();
      if (!type.values.includes(value.text)) {
        return invalid(`\`${key}\` is ${listOf(type.values)}, not \`${value.text}\`${didYouMean(value.text, type.values)}`);
      }
      return value;
    case "reference": {
      if (value.type !== "list") return value.type === "word" ? value : wrongType();
      const bad = value.items.find((item) => item.type !== "word");
      if (bad) {
        report({ code: "wrong-type", message: `\`${key}\` expects the names of stages, not ${shown(bad)}${hint(type, bad)}`, severity: "error", span: bad.span });
        return undefined;
      }
      return value;
    }
    case "presets": {
      const items = value.type === "list" ? value.items : [value];
      const bad = items.find((item) => item.type !== "word" || item.index !== undefined);
      if (bad) {
        report({ code: "wrong-type", message: `\`${key}\` expects the names of presets, not ${shown(bad)}${hint(type, bad)}`, severity: "error", span: bad.span });
        return undefined;
      }
      return value;
    }
    case "budget": {
      if (value.type !== "credits" && value.type !== "money") return wrongType();
      const amount = value.type === "credits" ? value.credits : value.usd;
      const unit = (n: string) => (value.type === "credits" ? `${n} credits` : `$${n}`);
      if (amount <= 0) return invalid(`a budget must be above 0: write what the pipeline may spend, like \`150 credits\``);
      if (amount > type.max) return invalid(`a budget is at most ${unit(grouped(type.max))}${notNumber(amount, unit)}`);
      return value;
    }
  }
}

/** A digit run as a message quotes it: cut short when it is long. */
function short(text: string): string {
  return "`" + (text.length > 24 ? text.slice(0, 20) + "…" : text) + "`";
}

/** `on`/`true` is true; anything else (only checked values reach here) is false. */
export function booleanOf(value: WordValue): boolean {
  return booleans.get(value.text) === true;
}

/** The resolutions a stage of this media kind may ask for. */
export function resolutionsFor(media: "image" | "video"): string[] {
  return media === "video" ? videoResolutions : [...videoResolutions, ...imageResolutions.filter((r) => r !== "4k")];
}

/** `1024x768` style sizes are for images only. */
export function isPixelSize(resolution: string): boolean {
  return /^\d+x\d+$/.test(resolution);
}

/** A video resolution as lines of height: `540p` 540, `4k` 2160, `1280x720` 720. */
export function videoLines(resolution: string | undefined): number | undefined {
  if (!resolution) return undefined;
  const p = /^(\d+)p$/.exec(resolution);
  if (p) return Number(p[1]);
  const k = /^(\d+)k$/.exec(resolution);
  if (k) return Number(k[1]) === 4 ? 2160 : Number(k[1]) * 720;
  const size = /^(\d+)x(\d+)$/.exec(resolution);
  return size ? Math.min(Number(size[1]), Number(size[2])) : undefined;
}
