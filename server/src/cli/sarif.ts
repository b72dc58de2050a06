// `gen check --format sarif`: SARIF 2.1.0, the subset GitHub code scanning reads. One run;
// a rule entry for every code that occurs; one result per diagnostic, located by a path
// relative to the current folder (`%SRCROOT%`) and a 1-based region. A path that cannot be
// read is a tool execution notification, not a result: it has no line to point at.
import * as path from "path";
import type { Diagnostic, Severity } from "../parser/diagnostic";
import type { LineIndex } from "../parser/lineIndex";
import { codeInfo, GEN_VERSION, HOME_URL } from "./json";
import type { FileProblem } from "./workspace";

export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

/** A file whose diagnostics are reported: a .gen file, or a gen.config.json with problems. */
export interface ReportedFile {
  path: string;
  diagnostics: Diagnostic[];
  lines: LineIndex;
}

const levels: Record<Severity, "error" | "warning" | "note"> = { error: "error", warning: "warning", info: "note", hint: "note" };

/** `no-replaced-audio` → `NoReplacedAudio`: SARIF's readable rule name next to the stable id. */
const ruleName = (code: string) => code.split(/[^A-Za-z0-9]+/).map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join("");

/** Path segments as a URI path: each one percent-encoded, a Windows drive letter (`C:`) kept. */
const uriPath = (segments: string[]) => segments.map((s, i) => (i === 0 && /^[A-Za-z]:$/.test(s) ? s : encodeURIComponent(s))).join("/");

/** Relative to the current folder (`%SRCROOT%`) with forward slashes; a `file:` URI when there is no relative way (another drive). */
function artifactLocation(name: string): { uri: string; uriBaseId?: string } {
  const absolute = path.resolve(name);
  const relative = path.relative(process.cwd(), absolute);
  if (path.isAbsolute(relative)) {
    const segments = absolute.split(path.sep).filter(Boolean);
    return { uri: `file:///${uriPath(segments)}` };
  }
  return { uri: uriPath(relative.split(path.sep)) || ".", uriBaseId: "%SRCROOT%" };
}

export function toSarif(files: ReportedFile[], unreadable: FileProblem[]): object {
  const codes = [...new Set(files.flatMap((file) => file.diagnostics.map((d) => d.code)))].sort();
  const rules = codes.map((id) => {
    const info = codeInfo(id);
    return { id, name: ruleName(id), shortDescription: { text: info.description }, helpUri: info.helpUri };
  });
  const results = files.flatMap((file) => {
    const location = artifactLocation(file.path);
    return file.diagnostics.map((d) => {
      const start = file.lines.positionAt(d.span.start);
      const end = file.lines.positionAt(d.span.end);
      return {
        ruleId: d.code,
        ruleIndex: codes.indexOf(d.code),
        level: levels[d.severity],
        message: { text: d.message },
        locations: [{
          physicalLocation: {
            artifactLocation: location,
            region: { startLine: start.line + 1, startColumn: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 },
          },
        }],
      };
    });
  });
  const notifications = unreadable.map((problem) => ({
    level: "error",
    message: { text: problem.message },
    locations: [{ physicalLocation: { artifactLocation: artifactLocation(problem.path) } }],
  }));
  return {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [{
      tool: { driver: { name: "gen", version: GEN_VERSION, informationUri: HOME_URL, rules } },
      invocations: [{ executionSuccessful: unreadable.length === 0, ...(notifications.length ? { toolExecutionNotifications: notifications } : {}) }],
      columnKind: "utf16CodeUnits",
      results,
    }],
  };
}
