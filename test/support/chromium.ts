// Debian's Chromium, driven by playwright-core, for the tests that look at a drawing as a browser shows it.
// Without Chromium the suite is skipped, unless GEN_E2E_REQUIRED=1. CHROMIUM names another binary.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { chromium as playwright, Browser } from "playwright-core";

const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";

/** A headless Chromium with a throwaway profile; skips `suite` (call it in `before`) when there is none. */
export async function launchChromium(suite: Mocha.Context): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    if (process.env.GEN_E2E_REQUIRED === "1") throw new Error(`no Chromium at ${CHROMIUM} (apt-get install -y chromium), and GEN_E2E_REQUIRED=1`);
    console.log(`    SKIPPED: no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);
    suite.skip();
  }
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "gen-render-"));
  const browser = await playwright.launch({
    executablePath: CHROMIUM,
    headless: true,
    env: { ...process.env, XDG_CONFIG_HOME: path.join(profile, "xdg-config"), XDG_CACHE_HOME: path.join(profile, "xdg-cache") },
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  fs.rmSync(profile, { recursive: true, force: true });
  return browser;
}
