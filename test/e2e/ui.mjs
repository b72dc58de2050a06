// The UI test: what a user sees in VS Code 1.100 (web) on test/e2e/fixtures/wasteful.gen.
// Selectors and the keyboard-only quick-fix selection come from the vscode-e2e recipe.
import * as fs from "node:fs";
import * as path from "node:path";
import { chromium as playwright } from "playwright-core";

const FIX = "Disable native audio (saves 21 credits)";
const MESSAGE = "`shot` generates native audio (`audio: on`), but `vo` replaces its soundtrack";
const T = 60_000;

export async function launch(chromium, profile) {
  return playwright.launchPersistentContext(profile, {
    executablePath: chromium,
    headless: true,
    // keep chromium's crashpad and dconf files out of ~/.config and ~/.cache
    env: { ...process.env, XDG_CONFIG_HOME: path.join(profile, "xdg-config"), XDG_CACHE_HOME: path.join(profile, "xdg-cache") },
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    viewport: { width: 1400, height: 900 },
  });
}

export async function runUiTest({ base, ws, file, shots, chromium, profile, check, log }) {
  const context = await launch(chromium, profile);
  const page = context.pages()[0] ?? (await context.newPage());
  let n = 0;
  const shot = (name) => page.screenshot({ path: path.join(shots, `${String(++n).padStart(2, "0")}-${name}.png`) });
  // One check per step; a failed step is reported and ends the test, with a screenshot of the screen.
  const step = async (name, fn) => {
    try {
      const detail = await fn();
      check(name, true, detail);
    } catch (e) {
      check(name, false, e.message.split("\n")[0]);
      await shot(`failed-${name.replace(/\W+/g, "-")}`).catch(() => {});
      throw e;
    }
  };
  const editor = page.locator(".editor-instance .monaco-editor").first();
  const stageLine = editor.locator(".view-line", { hasText: "video shot" });
  try {
    await step("workbench shows the workspace", async () => {
      await page.goto(`${base}/?folder=${encodeURIComponent(ws)}`);
      await page.locator(".explorer-folders-view .monaco-list-row", { hasText: "wasteful.gen" }).click({ timeout: T });
      await editor.locator(".view-lines", { hasText: "audio-waste" }).waitFor({ timeout: T });
      await page.locator("#status\\.editor\\.mode", { hasText: "Gen" }).waitFor({ timeout: T });
      log("wasteful.gen open in language mode Gen");
    });

    await step("(a) squiggle under `audio: on`", async () => {
      await editor.locator(".squiggly-warning").first().waitFor({ timeout: T });
      await shot("squiggle");
    });

    await step("(f) code lens shows credits", async () => {
      const lens = editor.locator(".codelens-decoration", { hasText: "credits" }).first();
      await lens.waitFor({ timeout: T });
      await shot("codelens");
      return JSON.stringify((await lens.innerText()).trim());
    });

    await step("(b) Problems panel row with message and code", async () => {
      await page.keyboard.press("Control+Shift+M");
      const row = page.locator(".markers-panel .monaco-list-row", { hasText: "no-replaced-audio" });
      await row.waitFor({ timeout: T });
      const text = (await row.innerText()).replace(/\s+/g, " ").trim();
      await shot("problems");
      if (!text.includes(MESSAGE)) throw new Error(`row reads ${JSON.stringify(text)}`);
      return JSON.stringify(text);
    });

    await step("(c) hover on the stage name shows the cost table", async () => {
      const name = stageLine.locator("span span", { hasText: /^shot$/ }).first();
      const box = await name.boundingBox();
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      const hover = page.locator(".monaco-hover", { hasText: "subtotal" }).first();
      await hover.waitFor({ state: "visible", timeout: T });
      await shot("hover");
      await page.mouse.move(5, 5);
      await page.keyboard.press("Escape");
      return JSON.stringify((await hover.innerText().catch(() => "")).replace(/\s+/g, " ").slice(0, 100));
    });

    await step(`(d) Ctrl+. lists "${FIX}"`, async () => {
      // Put the cursor on the squiggled `audio: on`, then open the quick-fix menu.
      const box = await editor.locator(".squiggly-warning").first().boundingBox();
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      await page.keyboard.press("Control+.");
      await page.locator(".action-widget .monaco-list-row", { hasText: FIX }).waitFor({ timeout: T });
      await shot("quickfix");
    });

    await step("(e) the fix rewrites the file to `audio: off`", async () => {
      // Keyboard, not click(): in VS Code 1.100 a `.context-view-pointerBlock` overlay takes the click.
      const focused = page.locator(".action-widget .monaco-list-row.focused");
      for (let i = 0; i < 20 && !((await focused.getAttribute("aria-label").catch(() => "")) ?? "").includes(FIX); i++) {
        await page.keyboard.press("ArrowDown");
      }
      await page.keyboard.press("Enter");
      await stageLine.filter({ hasText: "audio:\u00a0off" }).or(stageLine.filter({ hasText: "audio: off" })).waitFor({ timeout: T });
      await page.locator(".markers-panel .monaco-list-row", { hasText: "no-replaced-audio" }).waitFor({ state: "detached", timeout: T });
      await page.keyboard.press("Control+S");
      const end = Date.now() + T;
      while (!fs.readFileSync(file, "utf8").includes("audio: off") && Date.now() < end) await page.waitForTimeout(100);
      await shot("fixed");
      const disk = fs.readFileSync(file, "utf8");
      if (!disk.includes("resolution: 720p audio: off }") || disk.includes("audio: on")) throw new Error(`file on disk: ${JSON.stringify(disk)}`);
      return "on disk after Ctrl+S; Problems row gone";
    });

    // The pipeline graph: the command opens a webview beside the editor; its nodes are the file's stages.
    const webview = page.frameLocator("iframe.webview.ready").frameLocator("iframe#active-frame");
    const shotNode = webview.locator('g.node[data-id="shot"]');
    let before = "";
    await step("(g) Gen: Show Pipeline Graph opens the graph of the file", async () => {
      await stageLine.click();
      await page.keyboard.press("F1");
      await page.keyboard.type("Gen: Show Pipeline Graph");
      await page.locator(".quick-input-list .monaco-list-row", { hasText: "Show Pipeline Graph" }).first().waitFor({ timeout: T });
      await page.keyboard.press("Enter");
      await shotNode.waitFor({ timeout: T });
      const ids = await webview.locator("g.node").evaluateAll((nodes) => nodes.map((n) => n.dataset.id));
      if (JSON.stringify(ids) !== JSON.stringify(["shot", "vo"])) throw new Error(`nodes ${JSON.stringify(ids)}`);
      before = (await shotNode.locator(".cost").textContent()) ?? "";
      await webview.locator('g.node.active[data-id="shot"]').waitFor({ timeout: T });
      await shot("graph");
      return `nodes ${ids.join(", ")}; shot ${before}`;
    });

    await step("(h) an edit updates the node's cost", async () => {
      // `duration: 5s` → `duration: 10s` on the stage line, by the keyboard.
      await stageLine.click();
      await page.keyboard.press("Control+G");
      await page.keyboard.type("6:42");
      await page.keyboard.press("Enter");
      await page.keyboard.press("Shift+ArrowRight");
      await page.keyboard.press("Shift+ArrowRight");
      await page.keyboard.type("10s");
      const after = webview.locator('g.node[data-id="shot"] .cost');
      const end = Date.now() + T;
      let text = before;
      while (text === before && Date.now() < end) {
        await page.waitForTimeout(100);
        text = (await after.textContent().catch(() => before)) ?? before;
      }
      if (text === before) throw new Error(`cost still ${before}`);
      await page.keyboard.press("Control+Z");
      return `${before} → ${text}`;
    });

    await step("(i) clicking a node puts the cursor on its stage", async () => {
      await webview.locator('g.node[data-id="vo"]').click();
      const selection = page.locator("#status\\.editor\\.selection");
      await selection.filter({ hasText: "Ln 7, Col 9" }).waitFor({ timeout: T });
      await webview.locator('g.node.active[data-id="vo"]').waitFor({ timeout: T });
      return (await selection.innerText()).trim();
    });
  } catch {
    // already reported by step()
  } finally {
    await context.close();
  }
}
