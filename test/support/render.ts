// Renders diagnostics as the text kept in `.expected` files: one per line,
// `line:col-line:col severity code: message`, 1-based like an editor shows.
import * as fs from "fs";
import * as path from "path";
import type { UseHost } from "../../server/src/analysis/analyze";
import { allRules } from "../../server/src/rules";
import { checkDocument, CheckedDocument } from "../../server/src/service/check";

export const repoRoot = (() => {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "package.json"))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${__dirname}`);
  }
})();

export const fileHost: UseHost = {
  resolve: (from, written) => path.resolve(path.dirname(from), written),
  read: (file) => (fs.existsSync(file) && fs.statSync(file).isFile() ? fs.readFileSync(file, "utf8") : undefined),
};

/** Every rule turned off: for fixtures about the language itself. */
export const noRules = Object.fromEntries(allRules.map((rule) => [rule.id, "off" as const]));

/** What the editor would report for a file, with the bundled catalog: syntax, meaning, cost and (unless off) the rules. */
export function analyzeFile(file: string, rules: "rules" | "no rules" = "rules"): CheckedDocument {
  // Editors drop a byte-order mark before counting columns; the fixtures count as they do.
  const text = fs.readFileSync(file, "utf8").replace(/^\uFEFF/, "");
  return checkDocument(text, { path: file, host: fileHost, rules: rules === "rules" ? {} : noRules });
}

export function renderDiagnostics(checked: CheckedDocument): string {
  const { analysis } = checked;
  return checked.diagnostics
    .map((d) => {
      const start = analysis.parse.lines.positionAt(d.span.start);
      const end = analysis.parse.lines.positionAt(d.span.end);
      return `${start.line + 1}:${start.character + 1}-${end.line + 1}:${end.character + 1} ${d.severity} ${d.code}: ${d.message}`;
    })
    .join("\n");
}

/** Every `.gen` file under `dir`, sorted, as paths relative to the repository. */
export function genFiles(dir: string): string[] {
  const root = path.join(repoRoot, dir);
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { recursive: true })
    .map(String)
    .filter((file) => file.endsWith(".gen"))
    .sort()
    .map((file) => path.join(root, file));
}
