// What the CLI's machine-readable output shares: diagnostics as `gen check --format json`
// and `gen cost --format json` print them, rounded amounts, and where each code is documented.
import * as path from "path";
import { languageCodes } from "../analysis/codes";
import type { CostSettings } from "../cost/format";
import type { Diagnostic, Severity } from "../parser/diagnostic";
import type { LineIndex, Position } from "../parser/lineIndex";
import { allRules, DOCS_BASE, ruleDocsUrl } from "../rules";

/** Zero-based line and UTF-16 character, end exclusive, as in LSP. */
export interface JsonRange {
  start: Position;
  end: Position;
}

export interface JsonDiagnostic {
  /** A rule id (`no-replaced-audio`), a language code (`unknown-model`) or `config`. */
  code: string;
  severity: Severity;
  message: string;
  range: JsonRange;
}

export function jsonDiagnostic(diagnostic: Diagnostic, lines: LineIndex): JsonDiagnostic {
  return {
    code: diagnostic.code,
    severity: diagnostic.severity,
    message: diagnostic.message,
    range: { start: lines.positionAt(diagnostic.span.start), end: lines.positionAt(diagnostic.span.end) },
  };
}

/** A path as printed in JSON: as the user named it, with forward slashes on every system. */
export const jsonPath = (name: string) => name.split(path.sep).join("/");

/** To a millionth of a dollar: no float noise (0.30000000000000004), every fraction of a cent a price has. */
export const roundUsd = (usd: number) => Math.round(usd * 1e6) / 1e6;

/** To a hundredth of a credit, as the editor shows credits. */
export const roundCredits = (credits: number) => Math.round(credits * 100) / 100;

export interface JsonAmount {
  credits: number;
  usd: number;
}

export function jsonAmount(usd: number, settings: CostSettings): JsonAmount {
  return { credits: roundCredits(usd * settings.creditsPerUsd), usd: roundUsd(usd) };
}

/** The version `gen --version` prints (main.ts keeps its own copy; a test holds them equal). */
export const GEN_VERSION = "0.1.0";

/** The project's home page, for SARIF's `informationUri`. */
export const HOME_URL = DOCS_BASE.replace(/\/blob\/.*$/, "");

export interface CodeInfo {
  /** One sentence on what the code means. */
  description: string;
  /** The page that documents it. */
  helpUri: string;
}

/** What a diagnostic code means and where it is documented: a rule's own page, the language reference, or the README's settings section. */
export function codeInfo(code: string): CodeInfo {
  const rule = allRules.find((r) => r.id === code);
  if (rule) return { description: rule.description, helpUri: ruleDocsUrl(rule.id) };
  if (code === "config") {
    return { description: "A problem in gen.config.json: text that is not JSON, a setting that does not exist, or a model it cannot use.", helpUri: `${DOCS_BASE.replace(/\/docs$/, "/README.md")}#settings-and-genconfigjson` };
  }
  const description = (languageCodes as Record<string, string>)[code] ?? `The \`${code}\` problem.`;
  return { description, helpUri: `${DOCS_BASE}/language.md#diagnostics` };
}
