// Checks a property's value against the type the schema gives it, and says what
// would be right when it is wrong ("expected a duration, like `5s`; did you mean `5s`?").
import type { Value, WordValue } from "../parser/ast";
import type { Diagnostic } from "../parser/diagnostic";
import { imageResolutions, ValueType, videoResolutions } from "./schema";
import { didYouMean, listOf } from "./suggest";

export type Report = (diagnostic: Diagnostic) => void;

export function describeType(type: ValueType): string {
  switch (type.type) {
    case "string": return 'a string in quotes, like "…"';
    case "model": return "a model id, like `ray-2`";
    case "resolution": return "a resolution, like `1080p`";
    case "aspect": return "an aspect ratio, like `16:9`";
    case "duration": return "a duration, like `5s`";
    case "integer": return type.min > 0 ? "a whole number of 1 or more" : "a whole number";
    case "number": return "a number";
    case "boolean": return "`on` or `off`";
    case "enum": return listOf(type.values);
    case "reference": return type.list ? "the names of stages, like `s1, s2`" : "the name of a stage";
    case "presets": return "the name of a preset";
    case "budget": return "an amount, like `150 credits` or `$4.50`";
  }
}

const booleans: Record<string, boolean> = { on: true, off: false, true: true, false: false };

/** What a value that has the wrong type was probably meant to be. */
function hint(type: ValueType, value: Value): string {
  const leadingNumber = value.type === "malformed" ? /^\d+(?:\.\d+)?/.exec(value.text)?.[0] : undefined;
  const number = value.type === "number" ? String(value.value) : leadingNumber;
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

function shown(value: Value): string {
  switch (value.type) {
    case "string": return value.triple ? '"""…"""' : JSON.stringify(value.value.length > 30 ? value.value.slice(0, 30) + "…" : value.value);
    case "number": return String(value.value);
    case "duration": return `${value.seconds}s`;
    case "money": return `$${value.usd}`;
    case "credits": return `${value.credits} credits`;
    case "list": return "a list";
    case "word": return value.index === undefined ? value.text : `${value.text}[${value.index}]`;
    default: return value.text;
  }
}

/**
 * Checks `value` against `type`; reports what is wrong and returns the value when
 * it is usable. `key` names the property in messages.
 */
export function checkValue(key: string, type: ValueType, value: Value, report: Report): Value | undefined {
  const wrongType = () => {
    report({
      code: "wrong-type",
      message: `\`${key}\` expects ${describeType(type)}, not \`${shown(value)}\`${hint(type, value)}`,
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
      if (size && (Number(size[1]) === 0 || Number(size[2]) === 0)) return invalid(`\`${value.text}\` is not a size: both sides must be above 0`);
      return value;
    }
    case "aspect":
      if (value.type !== "aspect") return wrongType();
      if (value.width === 0 || value.height === 0) return invalid(`\`${value.text}\` is not an aspect ratio: both sides must be above 0`);
      return value;
    case "duration":
      if (value.type !== "duration") return wrongType();
      if (value.seconds <= 0) return invalid("a duration must be longer than 0s");
      return value;
    case "integer":
      if (value.type !== "number") return wrongType();
      if (!Number.isInteger(value.value) || value.value < type.min) {
        return invalid(`\`${key}\` must be a whole number of ${type.min} or more, not ${value.value}`);
      }
      return value;
    case "number":
      return value.type === "number" ? value : wrongType();
    case "boolean":
      if (value.type !== "word" || value.index !== undefined) return wrongType();
      if (!(value.text in booleans)) return invalid(`\`${key}\` is \`on\` or \`off\`, not \`${value.text}\`${didYouMean(value.text, Object.keys(booleans))}`);
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
        report({ code: "wrong-type", message: `\`${key}\` expects the names of stages, not \`${shown(bad)}\`${hint(type, bad)}`, severity: "error", span: bad.span });
        return undefined;
      }
      return value;
    }
    case "presets": {
      const items = value.type === "list" ? value.items : [value];
      const bad = items.find((item) => item.type !== "word" || item.index !== undefined);
      if (bad) {
        report({ code: "wrong-type", message: `\`${key}\` expects the names of presets, not \`${shown(bad)}\`${hint(type, bad)}`, severity: "error", span: bad.span });
        return undefined;
      }
      return value;
    }
    case "budget":
      if (value.type !== "credits" && value.type !== "money") return wrongType();
      return value;
  }
}

export function booleanOf(value: WordValue): boolean {
  return booleans[value.text];
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
