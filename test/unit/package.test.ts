// The .vsix holds only what the installed extension runs (see .vscodeignore).
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as path from "path";
import { repoRoot } from "../support/render";

describe("extension package", () => {
  it("lists exactly the bundles, grammar, schema, icon and texts", () => {
    const vsce = path.join(repoRoot, "node_modules", "@vscode", "vsce", "vsce");
    const result = spawnSync(process.execPath, [vsce, "ls", "--no-dependencies"], { cwd: repoRoot, encoding: "utf8" });
    assert.strictEqual(result.status, 0, result.stderr);
    assert.deepStrictEqual(result.stdout.trim().split("\n").sort(), [
      "CHANGELOG.md", "LICENSE", "README.md",
      "dist/cli.js", "dist/client.js", "dist/server.js",
      "grammar/gen.tmLanguage.json", "grammar/language-configuration.json",
      "images/icon.png", "package.json", "schemas/gen.config.schema.json",
    ]);
  });
});
