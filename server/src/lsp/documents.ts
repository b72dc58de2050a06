// Open documents and their analyses: one analysis per document version, shared
// by every request, and invalidated when a file it `use`s changes.
import * as fs from "fs";
import * as path from "path";
import { fileURLToPath, pathToFileURL } from "url";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { analyze, Analysis, UseHost } from "../analysis/analyze";
import type { ParseResult } from "../parser/parse";

export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith("file:")) return undefined;
  try {
    return path.normalize(fileURLToPath(uri));
  } catch {
    return undefined;
  }
}

export function pathToUri(filePath: string): string {
  return pathToFileURL(filePath).toString();
}

export class AnalysisCache {
  private readonly analyses = new Map<string, { version: number; analysis: Analysis }>();
  private readonly parseCache = new Map<string, { text: string; result: ParseResult }>();

  /** `openText` gives the editor's text of an open file, which wins over the disk. */
  constructor(private readonly openText: (filePath: string) => string | undefined) {}

  private readonly host: UseHost = {
    resolve: (from, written) => path.resolve(path.dirname(from), written),
    read: (filePath) => {
      const open = this.openText(filePath);
      if (open !== undefined) return open;
      try {
        return fs.statSync(filePath).isFile() ? fs.readFileSync(filePath, "utf8") : undefined;
      } catch {
        return undefined;
      }
    },
  };

  get(document: TextDocument): Analysis {
    const cached = this.analyses.get(document.uri);
    if (cached && cached.version === document.version) return cached.analysis;
    const analysis = analyze(document.getText(), { path: uriToPath(document.uri), host: this.host, parseCache: this.parseCache });
    this.analyses.set(document.uri, { version: document.version, analysis });
    return analysis;
  }

  delete(uri: string): void {
    this.analyses.delete(uri);
  }

  /** Forgets analyses that read `filePath`, and returns their uris so they can be re-checked. */
  invalidateDependents(filePath: string): string[] {
    this.parseCache.delete(filePath);
    const stale: string[] = [];
    for (const [uri, { analysis }] of this.analyses) {
      if (analysis.dependencies.includes(filePath)) {
        this.analyses.delete(uri);
        stale.push(uri);
      }
    }
    return stale;
  }
}
