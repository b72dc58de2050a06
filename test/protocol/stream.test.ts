// The server's input: what it does when the client's bytes cannot be read, when the client goes away,
// when the client answers a request with nothing, and when a document is too large to check.
import * as assert from "assert";
import { spawn } from "child_process";
import * as path from "path";
import { LspClient, repoRoot } from "./lspClient";

/** Starts the server, writes `bytes`, and resolves with its exit code and stderr, or "alive" after `ms`. */
function feed(bytes: string | undefined, ms = 5000): Promise<{ code: number | null | "alive"; stderr: string }> {
  return new Promise((resolve) => {
    const server = spawn(process.execPath, [path.join(repoRoot, "dist/server.js"), "--stdio"], { stdio: "pipe" });
    let stderr = "";
    server.stderr.on("data", (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      server.kill();
      resolve({ code: "alive", stderr });
    }, ms);
    server.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
    if (bytes === undefined) server.stdin.end();
    else server.stdin.write(bytes);
  });
}

describe("the server's input stream", function () {
  this.timeout(20000);

  it("exits with a message when a header cannot be read, instead of living on deaf", async () => {
    const { code, stderr } = await feed("Content-Length: abc\r\n\r\n{}");
    assert.strictEqual(code, 1);
    assert.match(stderr, /cannot read the client's messages \(Content-Length value must be a number\. Got abc\); exiting/);
  });

  it("exits when a body is cut short by a wrong Content-Length", async () => {
    const { code, stderr } = await feed('Content-Length: 5\r\n\r\n{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}');
    assert.strictEqual(code, 1);
    assert.match(stderr, /cannot read the client's messages/);
  });

  it("exits when the client closes its end", async () => {
    const { code } = await feed(undefined);
    assert.notStrictEqual(code, "alive");
  });

  it("gives a document past gen.maxFileSize one warning, and nothing to hover, instead of analysing it", async () => {
    const client = new LspClient();
    try {
      client.settings = { gen: { maxFileSize: 0.1 } }; // 104,858 characters
      await client.initialize();
      const uri = "file:///tmp/stream-too-large.gen";
      const stage = '  video v { model: ray-2 duration: 5s resolution: 1080p }\n';
      const text = `pipeline "big" {\n${stage.repeat(2000)}}\n`; // about 120 KB
      client.notify("textDocument/didOpen", { textDocument: { uri, languageId: "gen", version: 1, text } });
      // The settings arrive just after the open: the check that follows them is the one to read.
      const { diagnostics } = await client.waitFor("textDocument/publishDiagnostics", (p) => p.uri === uri && p.diagnostics.some((d: any) => d.code === "file-too-large"));
      assert.deepStrictEqual(diagnostics.map((d: any) => [d.code, d.severity, d.range.start.line, d.message]), [
        ["file-too-large", 2, 0, "this file is 0.1 MB, past the 0.1 MB that is checked while you type: split it into files that `use` shared presets, or raise `gen.maxFileSize`"],
      ]);
      assert.strictEqual(await client.request("textDocument/hover", { textDocument: { uri }, position: { line: 0, character: 2 } }), null);

      // The limit raised: the same text is analysed now, whole (not from what the cut-short check kept).
      client.settings = { gen: { maxFileSize: 5 } };
      client.notify("workspace/didChangeConfiguration", { settings: null });
      const after = await client.waitFor("textDocument/publishDiagnostics", (p) => p.uri === uri && p.diagnostics.length > 0 && !p.diagnostics.some((d: any) => d.code === "file-too-large"));
      assert.ok(after.diagnostics.some((d: any) => d.code === "draft-low-res" && d.range.start.line === 2000), "the last stage's 1080p draft is found");
    } finally {
      await client.stop();
    }
  });

  it("asks an editor that can watch files to watch .gen files and gen.config.json, unless the client watches them", async () => {
    const registrations = async (options: unknown) => {
      const client = new LspClient();
      try {
        await client.initialize(null, options, { didChangeWatchedFiles: { dynamicRegistration: true } });
        // A request after `initialized` is answered after the server's registrations are sent.
        await client.request("textDocument/hover", { textDocument: { uri: "file:///tmp/none.gen" }, position: { line: 0, character: 0 } });
        return client.notifications.filter((n) => n.method === "client/registerCapability").flatMap((n) => n.params.registrations)
          .filter((r: any) => r.method === "workspace/didChangeWatchedFiles").map((r: any) => r.registerOptions.watchers.map((w: any) => w.globPattern));
      } finally {
        await client.stop();
      }
    };
    assert.deepStrictEqual(await registrations(undefined), [["**/*.gen", "**/gen.config.json"]]);
    assert.deepStrictEqual(await registrations({ watchesFiles: true }), []);
  });

  it("checks as edits arrive and never publishes an older version after a newer one", async () => {
    const client = new LspClient();
    try {
      await client.initialize();
      const uri = "file:///tmp/stream-typing.gen";
      const text = (n: number) => `pipeline "p" {\n  video v { model: ray-2 duration: ${n}s resolution: 540p }\n}`;
      client.notify("textDocument/didOpen", { textDocument: { uri, languageId: "gen", version: 1, text: text(5) } });
      // Twenty keystrokes in a burst: 5s is valid for ray-2, 6s…24s are not, and the last is 9s (valid).
      for (let version = 2; version <= 21; version++) {
        const seconds = version === 21 ? 9 : version + 4;
        client.notify("textDocument/didChange", { textDocument: { uri, version }, contentChanges: [{ text: text(seconds) }] });
      }
      const last = await client.waitFor("textDocument/publishDiagnostics", (p) => p.uri === uri && p.version === 21);
      assert.ok(!last.diagnostics.some((d: any) => d.code === "unsupported-value"), "the last result is for 9s, which ray-2 makes");
      // Nothing older is published after it: give the server a turn to say anything more, then look.
      await client.request("textDocument/hover", { textDocument: { uri }, position: { line: 0, character: 0 } });
      const versions = client.notifications.filter((n) => n.method === "textDocument/publishDiagnostics" && n.params.uri === uri).map((n) => n.params.version);
      assert.deepStrictEqual(versions, [...versions].sort((a, b) => a - b), `versions in order: ${versions.join(", ")}`);
      assert.ok(versions.every((v) => v < 21), `nothing after version 21: ${versions.join(", ")}`);
      // The burst arrived together: it is checked together, not once per keystroke.
      assert.ok(versions.length < 10, `edits taken together: ${versions.join(", ")}`);
    } finally {
      await client.stop();
    }
  });

  it("says the fixes were not applied when the editor answers workspace/applyEdit with null", async () => {
    const client = new LspClient();
    try {
      await client.initialize();
      client.applyEditResult = null;
      const uri = "file:///tmp/stream-null-apply.gen";
      const text = 'pipeline "p" {\n  video v { model: kling-v3 duration: 5s resolution: 720p audio: on }\n  audio vo { kind: voiceover model: eleven-flash-v2.5 text: "Hi" over: v }\n}';
      client.notify("textDocument/didOpen", { textDocument: { uri, languageId: "gen", version: 1, text } });
      await client.waitFor("textDocument/publishDiagnostics", (p) => p.uri === uri);
      const result = await client.request("workspace/executeCommand", { command: "gen.server.applyAllFixes", arguments: [uri] });
      assert.deepStrictEqual(result, { applied: false, message: "The fixes could not be applied: the editor did not answer." });
    } finally {
      await client.stop();
    }
  });
});
