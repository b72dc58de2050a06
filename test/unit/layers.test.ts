// The layering the architecture relies on: each layer imports only the ones
// below it, and only the adapters touch LSP, VS Code or the file system.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { repoRoot } from "../support/render";

const layers: Record<string, { mayImport: string[]; packages: string[] }> = {
  "server/src/parser": { mayImport: ["server/src/parser"], packages: ["chevrotain"] },
  "server/src/catalog": { mayImport: ["server/src/catalog"], packages: [] },
  "server/src/analysis": { mayImport: ["server/src/analysis", "server/src/parser", "server/src/catalog"], packages: [] },
  "server/src/cost": { mayImport: ["server/src/cost", "server/src/analysis", "server/src/parser", "server/src/catalog"], packages: [] },
  "server/src/config": { mayImport: ["server/src/config", "server/src/cost", "server/src/parser", "server/src/catalog", "schemas"], packages: ["ajv", "jsonc-parser"] },
  "server/src/rules": { mayImport: ["server/src/rules", "server/src/cost", "server/src/analysis", "server/src/parser", "server/src/catalog"], packages: [] },
  "server/src/service": { mayImport: ["server/src/service", "server/src/rules", "server/src/cost", "server/src/analysis", "server/src/parser", "server/src/catalog", "server/src/config"], packages: [] },
  // Drawings of the pipeline graph (SVG, HTML, Mermaid, DOT), laid out by dagre: pure string functions.
  "server/src/render": { mayImport: ["server/src/render", "server/src/service", "server/src/cost", "server/src/analysis", "server/src/parser", "server/src/catalog"], packages: ["@dagrejs/dagre"] },
  // Node-side file access shared by the CLI and the server: what may be read, and what is trusted.
  "server/src/host": { mayImport: ["server/src/host", "server/src/analysis", "server/src/config", "server/src/parser", "server/src/catalog"], packages: ["fs", "path"] },
  "server/src/lsp": { mayImport: ["server/src"], packages: ["vscode-languageserver", "vscode-languageserver-textdocument", "fs", "path", "url", "child_process"] },
  // The command line: files, processes, and threads that check a share of the files (`gen check --jobs`).
  "server/src/cli": { mayImport: ["server/src"], packages: ["fs", "path", "util", "child_process", "crypto", "os", "worker_threads"] },
  "client/src": { mayImport: ["client/src"], packages: ["vscode", "vscode-languageclient"] },
};

function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, "utf8");
  return [...text.matchAll(/^\s*import\s[^;]*?from\s+"([^"]+)"/gms)].map((m) => m[1]);
}

describe("layers", () => {
  it("rule modules import no other rule: what two rules share lives in rules/support.ts", () => {
    const dir = path.join(repoRoot, "server/src/rules");
    const shared = new Set(["./rule", "./edits", "./support", "./runner"]);
    const crossing = fs.readdirSync(dir).filter((f) => f.endsWith(".ts") && f !== "index.ts")
      .flatMap((f) => importsOf(path.join(dir, f)).filter((spec) => spec.startsWith("./") && !shared.has(spec)).map((spec) => `${f} → ${spec}`));
    assert.deepStrictEqual(crossing, []);
  });

  it("knows every folder of the server", () => {
    const folders = fs.readdirSync(path.join(repoRoot, "server/src"), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => `server/src/${e.name}`);
    assert.deepStrictEqual(folders.filter((folder) => !layers[folder]), []);
  });

  for (const [layer, rule] of Object.entries(layers)) {
    it(`${layer} imports only what its layer may`, () => {
      const dir = path.join(repoRoot, layer);
      const files = fs.readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith(".ts"));
      assert.ok(files.length > 0);
      const violations: string[] = [];
      for (const file of files) {
        const full = path.join(dir, file);
        for (const spec of importsOf(full)) {
          if (spec.startsWith(".")) {
            const target = path.relative(repoRoot, path.resolve(path.dirname(full), spec));
            if (!rule.mayImport.some((allowed) => target === allowed || target.startsWith(allowed + "/"))) violations.push(`${layer}/${file} → ${target}`);
          } else if (!rule.packages.some((p) => spec === p || spec.startsWith(p + "/"))) {
            violations.push(`${layer}/${file} → package ${spec}`);
          }
        }
      }
      assert.deepStrictEqual(violations, []);
    });
  }
});
