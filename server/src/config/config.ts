// gen.config.json: text to settings, with every problem placed in the file.
// Validated against the same JSON schema the extension gives VS Code.
import type { ErrorObject, ValidateFunction } from "ajv";
import { createScanner, findNodeAtLocation, Node, ParseError, parseTree, printParseErrorCode } from "jsonc-parser";
import schema from "../../../schemas/gen.config.schema.json";
import { Catalog, CatalogModel, createCatalog, PriceSource, Pricing } from "../catalog/catalog";
import { CostSettings, defaultCostSettings } from "../cost/format";
import type { Diagnostic } from "../parser/diagnostic";
import { didYouMean } from "../parser/suggest";

export const CONFIG_FILE = "gen.config.json";

export type RuleSeverity = "off" | "hint" | "info" | "warning" | "error";
/** A severity, or `[severity, options]` for rules with options. */
export type RuleConfig = RuleSeverity | [RuleSeverity, Record<string, unknown>];

type ModelOverride = Partial<Omit<CatalogModel, "nativeAudio">> & { audio?: CatalogModel["nativeAudio"] };

export interface GenConfig {
  creditsPerUsd?: number;
  display?: "credits" | "usd";
  models?: Record<string, ModelOverride>;
  rules?: Record<string, RuleConfig>;
  format?: { ignore?: string[] };
}

export interface ConfigResult {
  /** Undefined when the file is broken: callers keep the last good one. */
  config?: GenConfig;
  diagnostics: Diagnostic[];
}

let validator: ValidateFunction | undefined;
function validate(value: unknown): ErrorObject[] {
  // Loaded when a gen.config.json is first read, not when the server or the CLI starts (a few ms of the cold start).
  const Ajv = (require("ajv") as typeof import("ajv")).default;
  validator ??= new Ajv({ allErrors: true, strict: false, verbose: true }).compile(schema);
  return validator(value) ? [] : validator.errors ?? [];
}

/** Far deeper than any setting goes (5 levels); jsonc-parser recurses per level, and 100,000 `[` overflow its stack. */
const MAX_CONFIG_DEPTH = 64;

/** The offset where the text first nests deeper than MAX_CONFIG_DEPTH, if it does; strings and comments do not count. */
function tooDeep(text: string): number | undefined {
  // SyntaxKind is a const enum that a bundler cannot inline from a .d.ts: its values, by name.
  const [openBrace, closeBrace, openBracket, closeBracket, eof] = [1, 2, 3, 4, 17];
  const scanner = createScanner(text, true);
  let depth = 0;
  for (let token: number = scanner.scan(); token !== eof; token = scanner.scan()) {
    if ((token === openBrace || token === openBracket) && ++depth > MAX_CONFIG_DEPTH) return scanner.getTokenOffset();
    if (token === closeBrace || token === closeBracket) depth = Math.max(0, depth - 1);
  }
  return undefined;
}

/** Parses and validates the file; `catalog` lets it check that new models say what they are. Never throws: a failure is a diagnostic. */
export function parseConfig(text: string, catalog?: Catalog): ConfigResult {
  const deep = tooDeep(text);
  const problem = (message: string, start: number): ConfigResult => ({ diagnostics: [{ code: "config", message, severity: "error", span: { start, end: start + 1 } }] });
  if (deep !== undefined) return problem(`gen.config.json nests more than ${MAX_CONFIG_DEPTH} levels deep here, and no setting is nested that deep: is a \`]\` or \`}\` missing?`, deep);
  try {
    return parseValidConfig(text, catalog);
  } catch (error) {
    return problem(`gen.config.json could not be checked (${String(error)}); please report it`, 0);
  }
}

function parseValidConfig(text: string, catalog?: Catalog): ConfigResult {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0 || !root) {
    const diagnostics = errors.map((e): Diagnostic => ({
      code: "config",
      message: `gen.config.json is not valid JSON: ${describeParseError(e)}`,
      severity: "error",
      span: { start: e.offset, end: e.offset + Math.max(1, e.length) },
    }));
    if (!root && diagnostics.length === 0) diagnostics.push({ code: "config", message: "gen.config.json is empty: write `{}`", severity: "error", span: { start: 0, end: 0 } });
    return { diagnostics };
  }
  const value = nodeValue(root);
  // A number too large for a double (`1e999`) is read as Infinity, which the schema's types accept: one message for it, at it.
  const diagnostics = nonFinite(root).map((node): Diagnostic => ({
    code: "config",
    message: `${quoted(text, node)} is too large a ${node.value < 0 ? "negative " : ""}number to read (it would be ${node.value < 0 ? "-" : ""}Infinity)`,
    severity: "error",
    span: spanOf(node),
  }));
  for (const error of validate(value)) {
    if (typeof error.data === "number" && !Number.isFinite(error.data)) continue;
    diagnostics.push(schemaDiagnostic(root, error, text));
  }
  diagnostics.sort((a, b) => a.span.start - b.span.start);
  const config = value as GenConfig;
  for (const [id, model] of Object.entries(config.models ?? {})) {
    if (catalog && !catalog.get(id) && !model.kind) {
      const node = findNodeAtLocation(root, ["models", id]);
      const key = node?.parent?.children?.[0];
      diagnostics.push({ code: "config", message: `\`${id}\` is not in the catalog, so it needs \`kind\` (image, video, upscale, reframe or audio)`, severity: "error", span: spanOf(key ?? node ?? root) });
    }
    for (const key of ["cheaper", "replacement"] as const) {
      const target = model[key];
      if (target && target === id) {
        const node = findNodeAtLocation(root, ["models", id, key]);
        diagnostics.push({ code: "config", message: `\`${key}\` of \`${id}\` names the model itself`, severity: "error", span: spanOf(node ?? root) });
      }
    }
  }
  return diagnostics.some((d) => d.severity === "error") ? { diagnostics } : { config, diagnostics };
}

/** Number nodes whose value is not finite. Iterative: a config may nest deeply. */
function nonFinite(root: Node): Node[] {
  const found: Node[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === "number" && !Number.isFinite(node.value)) found.push(node);
    for (const child of node.children ?? []) stack.push(child);
  }
  return found.sort((a, b) => a.offset - b.offset);
}

/** The node's text as written, quoted and cut short: `1e999`, not Infinity. */
function quoted(text: string, node: Node): string {
  const written = text.slice(node.offset, node.offset + node.length);
  return "`" + (written.length > 24 ? written.slice(0, 20) + "…" : written) + "`";
}

function nodeValue(node: Node): unknown {
  switch (node.type) {
    case "object":
      return Object.fromEntries((node.children ?? []).map((p) => [p.children![0].value, p.children![1] ? nodeValue(p.children![1]) : undefined]));
    case "array":
      return (node.children ?? []).map(nodeValue);
    default:
      return node.value;
  }
}

function describeParseError(error: ParseError): string {
  const names: Record<string, string> = {
    InvalidSymbol: "unexpected character", InvalidNumberFormat: "malformed number", PropertyNameExpected: "expected a property name in quotes",
    ValueExpected: "expected a value", ColonExpected: "expected `:`", CommaExpected: "expected `,`", CloseBraceExpected: "expected `}`",
    CloseBracketExpected: "expected `]`", EndOfFileExpected: "expected the end of the file", UnexpectedEndOfString: "unterminated string",
    UnexpectedEndOfComment: "unterminated comment", InvalidEscapeCharacter: "invalid escape", InvalidCharacter: "invalid character",
  };
  const code = printParseErrorCode(error.error);
  return names[code] ?? code;
}

const spanOf = (node: Node) => ({ start: node.offset, end: node.offset + node.length });

function schemaDiagnostic(root: Node, error: ErrorObject, text: string): Diagnostic {
  const path = error.instancePath.split("/").slice(1).map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"));
  const node = findNodeAtLocation(root, path.map((p) => (/^\d+$/.test(p) ? Number(p) : p)));
  const where = path.length ? `\`${path.join(".")}\`` : "the file";
  let message: string;
  let span = spanOf(node ?? root);
  switch (error.keyword) {
    case "additionalProperties": {
      const extra = String(error.params.additionalProperty);
      const property = node && findNodeAtLocation(root, [...path, extra]);
      if (property?.parent?.children?.[0]) span = spanOf(property.parent.children[0]);
      // verbose: the schema the error is in, whose `properties` are the settings that exist there.
      const known = Object.keys((error.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties ?? {});
      message = `${where} has no setting \`${extra}\`${didYouMean(extra, known)}`;
      break;
    }
    case "enum":
      message = `${where} must be one of ${(error.params.allowedValues as unknown[]).map((v) => `\`${v}\``).join(", ")}`;
      break;
    case "type": {
      const type = String(error.params.type);
      message = `${where} must be ${/^[aeiou]/.test(type) ? "an" : "a"} ${type}`;
      break;
    }
    case "required":
      message = `${where} needs \`${error.params.missingProperty}\``;
      break;
    case "propertyNames": {
      const name = String(error.params.propertyName);
      message = `\`${name}\` is not a valid key in ${where}`;
      const property = node && findNodeAtLocation(root, [...path, name]);
      if (property?.parent?.children?.[0]) span = spanOf(property.parent.children[0]);
      break;
    }
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum": {
      const limit = Number(error.params.limit).toLocaleString("en-US", { maximumFractionDigits: 6 });
      const bound = { minimum: "at least", maximum: "at most", exclusiveMinimum: "above", exclusiveMaximum: "below" }[error.keyword];
      message = `${where} must be ${bound} ${limit}${node ? `, not ${quoted(text, node)}` : ""}`;
      break;
    }
    default:
      message = `${where} ${error.message ?? "is not valid"}`;
  }
  return { code: "config", message, severity: "error", span };
}

/** The fields that set a price: a config that writes one of them prices the model itself. */
const priceKeys: (keyof Pricing)[] = [
  "perImage", "qualities", "defaultQuality", "perMegapixel", "firstMegapixel", "perSecond", "perFrame", "defaultFps", "perClip", "perCharacter", "perGeneration",
  "audioPerSecond", "withAudio", "billedStep", "minimumSeconds", "minimumCharge", "hdrMultiplier",
];

/** The catalog with the config's models added or overriding the bundled ones. */
export function applyConfig(catalog: Catalog, config: GenConfig | undefined): Catalog {
  if (!config?.models) return catalog;
  const models = new Map(catalog.models.map((m) => [m.id, m]));
  for (const [id, override] of Object.entries(config.models)) {
    const { audio, ...rest } = override;
    const base = models.get(id) ?? catalog.get(id);
    // Prices set here are the team's own: said so where the model's price sources are shown.
    const priced = priceKeys.filter((key) => key in rest);
    const workspace: PriceSource = { origin: "workspace", title: CONFIG_FILE, url: CONFIG_FILE, date: "workspace override" };
    const priceSources = priced.length === 0 ? base?.priceSources
      : base ? [...(base.priceSources ?? []), { ...workspace, covers: priced.map((key) => `\`${key}\``).join(", ") }] : [workspace];
    const merged = {
      ...(base ?? { provider: "gen.config.json", sources: [] }),
      ...rest,
      ...(audio ? { nativeAudio: audio } : {}),
      id: base?.id ?? id,
      sources: [...(base?.sources ?? []), { url: "gen.config.json", date: "workspace override" }],
      ...(priceSources ? { priceSources } : {}),
    } as CatalogModel;
    if (!merged.kind) continue; // a new model without a kind cannot be used; the schema check says so
    models.set(merged.id, merged);
  }
  return createCatalog([...models.values()]);
}

/** The bounds of `creditsPerUsd`, as the JSON schema states them. */
export const creditsPerUsdBounds = { min: schema.properties.creditsPerUsd.minimum, max: schema.properties.creditsPerUsd.maximum };

/**
 * Cost settings: the config's, then the editor's settings, then the defaults. A rate outside
 * the bounds (an editor setting is not checked against the schema) falls back to the default.
 */
export function costSettings(config: GenConfig | undefined, fallback: CostSettings): CostSettings {
  const rate = config?.creditsPerUsd ?? fallback.creditsPerUsd;
  const inBounds = typeof rate === "number" && rate >= creditsPerUsdBounds.min && rate <= creditsPerUsdBounds.max;
  return { creditsPerUsd: inBounds ? rate : defaultCostSettings.creditsPerUsd, display: config?.display ?? fallback.display };
}
