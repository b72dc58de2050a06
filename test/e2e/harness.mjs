// End-to-end test in a real editor, with no VS Code download: code-server 4.100.3 (VS Code 1.100.3, the
// last release that runs on Node 20) serves the workbench, Debian's chromium shows it, playwright-core
// drives it. Everything is cached in .vscode-test/; each run gets a folder under the system temp dir and removes it.
//
//   node test/e2e/harness.mjs          (npm run test:e2e)
//
// Needs: apt-get install -y chromium libkrb5-dev pkg-config ripgrep (the last three only to install
// code-server once). Without /usr/bin/chromium it prints SKIPPED and exits 0, or 1 if GEN_E2E_REQUIRED=1.
// Env: GEN_E2E_REQUIRED=1, UPDATE_IMAGES=1 (copy the screenshots to docs/images/), KEEP_RUN=1, CHROMIUM.
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { runUiTest } from "./ui.mjs";
import { runExtensionHostTests } from "./exthost.mjs";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const CACHE = path.join(REPO, ".vscode-test");
const CS_VERSION = "4.100.3";
const CS_DIR = path.join(CACHE, `code-server-${CS_VERSION}`);
const SERVER_MAIN = path.join(CS_DIR, "node_modules/code-server/lib/vscode/out/server-main.js");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
// Each run's state lives under a short temporary folder, not in the checkout: Chromium and VS Code put
// Unix sockets there, and a socket path is limited to 107 bytes (a long checkout path would break them).
const RUN = fs.mkdtempSync(path.join(os.tmpdir(), "gen-e2e-"));
const SHOTS = path.join(CACHE, "shots");
const t0 = Date.now();
const secs = (t = t0) => `${((Date.now() - t) / 1000).toFixed(1)}s`;

const results = [];
function check(name, ok, detail = "") {
  results.push(ok);
  console.log(`${ok ? "PASS" : "FAIL"} ${name}${detail ? `: ${detail}` : ""}`);
  return ok;
}
const log = (msg) => console.log(`[${secs()}] ${msg}`);

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 64 << 20, ...options });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} exited ${r.status}\n${(r.stdout || "").slice(-2000)}${(r.stderr || "").slice(-2000)}`);
  return r.stdout;
}

if (!fs.existsSync(CHROMIUM)) {
  console.log("=".repeat(72));
  console.log(`SKIPPED: no Chromium (apt-get install -y chromium); looked for ${CHROMIUM}`);
  console.log("=".repeat(72));
  const required = process.env.GEN_E2E_REQUIRED === "1";
  console.log(required ? "0 passed, 1 failed" : "0 passed, 0 failed");
  fs.rmSync(RUN, { recursive: true, force: true });
  process.exit(required ? 1 : 0);
}

/** code-server on the system Node 20; three offline workarounds (see .vscode-test recipe notes in the README). */
function provisionCodeServer() {
  if (fs.existsSync(SERVER_MAIN)) return check(`code-server ${CS_VERSION} cached`, true, path.relative(REPO, CS_DIR));
  const t = Date.now();
  const rg = spawnSync("sh", ["-c", "command -v rg"], { encoding: "utf8" }).stdout.trim();
  if (!rg) throw new Error("ripgrep missing: apt-get install -y libkrb5-dev pkg-config ripgrep");
  const tmp = path.join(CS_DIR, "tmp");
  fs.rmSync(CS_DIR, { recursive: true, force: true });
  // @vscode/ripgrep's postinstall downloads rg from GitHub unless it finds it in this cache: seed it.
  const rgCache = path.join(tmp, "vscode-ripgrep-cache-1.15.11");
  fs.mkdirSync(rgCache, { recursive: true });
  fs.copyFileSync(rg, path.join(tmp, "rg"));
  run("tar", ["czf", path.join(rgCache, "ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"), "-C", tmp, "rg"]);
  fs.writeFileSync(path.join(CS_DIR, "package.json"), '{ "private": true }\n');
  const env = {
    ...process.env,
    TMPDIR: tmp,
    npm_config_unsafe_perm: "true", // code-server's postinstall refuses to run as root without it
    npm_config_yes: "true", // node-pty runs `npx node-gyp`; ~/.npmrc may say yes=false
  };
  const r = spawnSync("npm", ["install", `code-server@${CS_VERSION}`, "--foreground-scripts", "--no-audit", "--no-fund"],
    { cwd: CS_DIR, env, encoding: "utf8", maxBuffer: 256 << 20 });
  fs.writeFileSync(path.join(CS_DIR, "install.log"), `${r.stdout}\n${r.stderr}`);
  const ok = r.status === 0 && fs.existsSync(SERVER_MAIN);
  if (!ok) fs.renameSync(CS_DIR, `${CS_DIR}.failed-${process.pid}`);
  check(`code-server ${CS_VERSION} installed in ${secs(t)}`, ok,
    ok ? "" : `npm exited ${r.status}; log in ${CS_DIR}.failed-${process.pid}/install.log (needs libkrb5-dev pkg-config ripgrep)`);
  return ok;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    }).on("error", reject);
  });
}

/** Throwaway dirs: nothing goes to $HOME (VS Code puts sockets in TMPDIR, code-server config in XDG dirs); all under RUN. */
function isolatedEnv() {
  const env = { ...process.env, TMPDIR: path.join(RUN, "tmp") };
  for (const [k, d] of [["XDG_CONFIG_HOME", "config"], ["XDG_DATA_HOME", "data"], ["XDG_CACHE_HOME", "cache"]]) env[k] = path.join(RUN, "xdg", d);
  for (const d of [env.TMPDIR, env.XDG_CONFIG_HOME, env.XDG_DATA_HOME, env.XDG_CACHE_HOME, path.join(RUN, "ud/User")]) fs.mkdirSync(d, { recursive: true });
  fs.writeFileSync(path.join(RUN, "ud/User/settings.json"), JSON.stringify({
    "workbench.startupEditor": "none",
    "workbench.tips.enabled": false,
    "chat.disableAIFeatures": true,
    "workbench.secondarySideBar.defaultVisibility": "hidden",
    "telemetry.telemetryLevel": "off",
    "extensions.autoCheckUpdates": false,
    "extensions.autoUpdate": false,
    "update.mode": "none",
    "security.workspace.trust.enabled": false,
    "git.enabled": false,
    // the workspace sits inside this repository's git tree: no "new since HEAD" lens
    "gen.costDiff.base": "",
  }, null, 2));
  return env;
}

function makeWorkspace(name, fixtures = ["wasteful.gen"]) {
  const ws = path.join(RUN, name);
  fs.mkdirSync(ws, { recursive: true });
  for (const f of fixtures) fs.copyFileSync(path.join(REPO, "test/e2e/fixtures", f), path.join(ws, f));
  return ws;
}

let server; // the process group we started
async function stopServer() {
  if (!server || server.exitCode !== null) return;
  const pgid = server.pid; // detached: the server leads its own process group
  const alive = () => { try { process.kill(-pgid, 0); return true; } catch { return false; } };
  try { process.kill(-pgid, "SIGTERM"); } catch { return; }
  for (let i = 0; i < 50 && alive(); i++) await new Promise((r) => setTimeout(r, 100));
  if (alive()) { try { process.kill(-pgid, "SIGKILL"); } catch { /* gone */ } }
  check("server process group stopped", !alive(), `pgid ${pgid}`);
}
// Interrupted: kill the group at once (playwright closes its browser itself), keep the logs.
for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, () => {
    if (server) { try { process.kill(-server.pid, "SIGKILL"); } catch { /* already gone */ } }
    check(`interrupted by ${sig}`, false, `server process group killed; run state kept in ${RUN}/`);
    console.log(`${results.filter(Boolean).length} passed, ${results.filter((r) => !r).length} failed`);
    process.exit(130);
  });
}

async function main() {
  // Chromium's profile sockets sit about 40 bytes below RUN; Unix socket paths stop at 107 bytes.
  if (!check("run folder short enough for Unix sockets", RUN.length + 40 < 107, RUN)) return;
  fs.mkdirSync(CACHE, { recursive: true });
  if (!provisionCodeServer()) return;

  let t = Date.now();
  run("npm", ["run", "package", "--silent"], { cwd: REPO });
  const vsix = path.join(REPO, "gen-lang.vsix");
  check(`extension packaged in ${secs(t)}`, fs.existsSync(vsix), path.relative(REPO, vsix));
  const size = fs.existsSync(vsix) ? fs.statSync(vsix).size : 0;
  check("the .vsix is under 2 MB", size > 0 && size < 2 * 1024 * 1024, `${Math.round(size / 1024)} KB`);

  const env = isolatedEnv();
  process.env.TMPDIR = env.TMPDIR; // playwright's own temp files too
  const dirs = ["--server-data-dir", path.join(RUN, "sd"), "--user-data-dir", path.join(RUN, "ud"), "--extensions-dir", path.join(RUN, "ext")];
  t = Date.now();
  const installed = run(process.execPath, [SERVER_MAIN, ...dirs, "--accept-server-license-terms", "--install-extension", vsix], { env });
  check(`extension installed in ${secs(t)}`, /successfully installed/i.test(installed), installed.trim().split("\n").pop());

  const port = await freePort();
  const serverLog = fs.openSync(path.join(RUN, "server.log"), "a");
  t = Date.now();
  server = spawn(process.execPath, [SERVER_MAIN, ...dirs, "--host", "127.0.0.1", "--port", String(port),
    "--without-connection-token", "--accept-server-license-terms", "--enable-smoke-test-driver",
    "--disable-telemetry", "--disable-workspace-trust"],
  { env: { ...env, GEN_E2E_RESULT: path.join(RUN, "exthost-result.json") }, detached: true, stdio: ["ignore", serverLog, serverLog] });
  const base = `http://127.0.0.1:${port}`;
  let up = false;
  for (let i = 0; i < 600 && !up && server.exitCode === null; i++) {
    up = await fetch(`${base}/`).then((r) => r.ok, () => false);
    if (!up) await new Promise((r) => setTimeout(r, 100));
  }
  if (!check(`server on ${base} in ${secs(t)}`, up, up ? "" : fs.readFileSync(path.join(RUN, "server.log"), "utf8").slice(-2000))) return;

  fs.rmSync(SHOTS, { recursive: true, force: true });
  fs.mkdirSync(SHOTS, { recursive: true });
  t = Date.now();
  const uiWs = makeWorkspace("ws-ui", ["wasteful.gen", "tour.gen"]);
  await runUiTest({ base, ws: uiWs, file: path.join(uiWs, "wasteful.gen"), tour: path.join(uiWs, "tour.gen"), shots: SHOTS, chromium: CHROMIUM, profile: path.join(RUN, "chromium-ui"), check, log });
  log(`UI test took ${secs(t)}`);

  t = Date.now();
  await runExtensionHostTests({ base, ws: makeWorkspace("ws-exthost"), repo: REPO, tests: path.join(REPO, "test/e2e/suite"),
    result: path.join(RUN, "exthost-result.json"), chromium: CHROMIUM, profile: path.join(RUN, "chromium-exthost"), check, log });
  log(`extension-host test took ${secs(t)}`);

  const images = { "problems.png": "problems", "hover.png": "hover", "quickfix.png": "quickfix", "codelens.png": "codelens", "graph-webview.png": "graph",
    "outline.png": "outline", "hover-preset.png": "hover-preset", "rename.png": "rename", "format.png": "formatted" };
  const docs = path.join(REPO, "docs/images");
  const failed = results.includes(false);
  // A passing run fills in the pictures docs/images/ lacks; UPDATE_IMAGES=1 replaces them all.
  const wanted = Object.keys(images).filter((f) => process.env.UPDATE_IMAGES === "1" || !fs.existsSync(path.join(docs, f)));
  if (!failed && wanted.length) {
    fs.mkdirSync(docs, { recursive: true });
    for (const to of wanted) {
      const from = fs.readdirSync(SHOTS).find((f) => f.endsWith(`-${images[to]}.png`));
      if (from) fs.copyFileSync(path.join(SHOTS, from), path.join(docs, to));
    }
    log(`screenshots copied to docs/images/ (${wanted.join(", ")})`);
  }
}

try {
  await main();
} catch (e) {
  check("harness", false, e.stack || String(e));
} finally {
  await stopServer();
  const failed = results.filter((r) => !r).length;
  if (failed || process.env.KEEP_RUN === "1") log(`run state kept in ${RUN}/ (server.log, exthost-result.json)`);
  else fs.rmSync(RUN, { recursive: true, force: true });
  log(`screenshots in ${path.relative(REPO, SHOTS)}/; total ${secs()}`);
  console.log(`${results.length - failed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}
