// The same extension-host suite (test/e2e/suite/) in a desktop VS Code that @vscode/test-electron
// downloads: for machines that can reach Microsoft's download servers (a laptop, a public CI).
// Here, offline, test/e2e/harness.mjs runs the suite in code-server instead.
//
//   npm run test:vscode
import { runTests } from "@vscode/test-electron";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const workspace = fs.mkdtempSync(path.join(os.tmpdir(), "gen-e2e-"));
fs.copyFileSync(path.join(REPO, "test/e2e/fixtures/wasteful.gen"), path.join(workspace, "wasteful.gen"));
// A workspace outside any git repository: the "vs HEAD" lens stays out of the code lens checks.
try {
  await runTests({
    extensionDevelopmentPath: REPO,
    extensionTestsPath: path.join(REPO, "test/e2e/suite/index.js"),
    launchArgs: [workspace, "--disable-extensions", "--disable-workspace-trust"],
  });
  console.log("1 passed, 0 failed");
} catch (error) {
  console.error(`VS Code tests failed or could not start: ${error instanceof Error ? error.message : String(error)}`);
  console.log("0 passed, 1 failed");
  process.exitCode = 1;
} finally {
  fs.rmSync(workspace, { recursive: true, force: true });
}
