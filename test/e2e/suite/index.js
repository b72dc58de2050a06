// extensionTestsPath entry: VS Code's extension host calls run() and exits when it settles.
// The host's stdout does not reach the terminal in the web workbench, so the results go to a JSON
// file ($GEN_E2E_RESULT) that test/e2e/harness.mjs reads.
const fs = require("fs");
const path = require("path");
const Mocha = require("mocha");

exports.run = function run() {
  const mocha = new Mocha({ ui: "tdd", color: false, timeout: 60000 });
  for (const f of fs.readdirSync(__dirname).sort()) if (f.endsWith(".test.js")) mocha.addFile(path.join(__dirname, f));
  const tests = [];
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      if (process.env.GEN_E2E_RESULT) fs.writeFileSync(process.env.GEN_E2E_RESULT, JSON.stringify({ failures, tests }, null, 1));
      failures ? reject(new Error(`${failures} tests failed`)) : resolve();
    });
    runner.on("pass", (t) => tests.push({ title: t.title, ok: true, error: `${t.duration} ms` }));
    runner.on("fail", (t, err) => tests.push({ title: t.title, ok: false, error: String(err && err.message).split("\n")[0] }));
  });
};
