// gen.config.json: text to settings, with every problem placed in the file.
// Validated against the same JSON schema the extension gives VS Code.
import Ajv, { ErrorObject, ValidateFunction } from "ajv";
import { findNodeAtLocation, Node, ParseError, parseTree, printParseErrorCode } from "jsonc-parser";
import schema from "../../../schemas/gen.config.schema.json";
import { Catalog, CatalogModel, createCatalog } from "../catalog/catalog";
import type { CostSettings } from "../cost/format";
import type { Diagnostic } from "../parser/diagnostic";

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
}

export interface ConfigResult {
  /** Undefined when the file is broken: callers keep the last good one. */
  config?: GenConfig;
  diagnostics: Diagnostic[];
}

let validator: ValidateFunction | undefined;
function validate(value: unknown): ErrorObject[] {
  validator ??= new Ajv({ allErrors: true, strict: false }).compile(schema);
  return validator(value) ? [] : validator.errors ?? [];
}

/** Parses and validates the file; `catalog` lets it check that new models say what they are. */
export function parseConfig(text: string, catalog?: Catalog): ConfigResult {
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
  const diagnostics = validate(value).map((error) => schemaDiagnostic(root, error));
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

function schemaDiagnostic(root: Node, error: ErrorObject): Diagnostic {
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
      message = `${where} has no setting \`${extra}\``;
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
    default:
      message = `${where} ${error.message ?? "is not valid"}`;
  }
  return { code: "config", message, severity: "error", span };
}

/** The catalog with the config's models added or overriding the bundled ones. */
export function applyConfig(catalog: Catalog, config: GenConfig | undefined): Catalog {
  if (!config?.models) return catalog;
  const models = new Map(catalog.models.map((m) => [m.id, m]));
  for (const [id, override] of Object.entries(config.models)) {
    const { audio, ...rest } = override;
    const base = models.get(id) ?? catalog.get(id);
    const merged = {
      ...(base ?? { provider: "gen.config.json", sources: [] }),
      ...rest,
      ...(audio ? { nativeAudio: audio } : {}),
      id: base?.id ?? id,
      sources: [...(base?.sources ?? []), { url: "gen.config.json", date: "workspace override" }],
    } as CatalogModel;
    if (!merged.kind) continue; // a new model without a kind cannot be used; the schema check says so
    models.set(merged.id, merged);
  }
  return createCatalog([...models.values()]);
}

/** Cost settings: the config's, then the editor's settings, then the defaults. */
export function costSettings(config: GenConfig | undefined, fallback: CostSettings): CostSettings {
  return { creditsPerUsd: config?.creditsPerUsd ?? fallback.creditsPerUsd, display: config?.display ?? fallback.display };
}
