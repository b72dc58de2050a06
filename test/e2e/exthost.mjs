// Runs test/e2e/suite (mocha, tdd) inside the editor's extension host, the way @vscode/test-electron
// would: the web workbench reads extensionDevelopmentPath/extensionTestsPath from the URL `payload`
// (only when the server runs with --enable-smoke-test-driver) and calls window.codeAutomationExit(code)
// when the suite is done. The suite writes its results to $GEN_E2E_RESULT (set on the server).
import * as fs from "node:fs";
import { launch } from "./ui.mjs";

export async function runExtensionHostTests({ base, ws, repo, tests, result, chromium, profile, check, log }) {
  const remote = (p) => `vscode-remote://${new URL(base).host}${p}`;
  const payload = JSON.stringify([["extensionDevelopmentPath", remote(repo)], ["extensionTestsPath", remote(tests)], ["skipWelcome", "true"]]);
  const context = await launch(chromium, profile);
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    let done;
    const exited = new Promise((r) => { done = r; });
    await page.exposeFunction("codeAutomationLog", () => {});
    await page.exposeFunction("codeAutomationExit", (code) => done(code));
    const timer = setTimeout(() => done("timeout after 180 s"), 180_000);
    await page.goto(`${base}/?folder=${encodeURIComponent(ws)}&payload=${encodeURIComponent(payload)}`);
    const code = await exited;
    clearTimeout(timer);
    log(`extension host exited with ${code}`);
    const report = fs.existsSync(result) ? JSON.parse(fs.readFileSync(result, "utf8")) : { tests: [] };
    for (const t of report.tests) check(`[extension host] ${t.title}`, t.ok, t.error);
    check("[extension host] suite ran and exited 0", code === 0 && report.tests.length > 0, `exit ${code}, ${report.tests.length} tests`);
  } finally {
    await context.close();
  }
}
