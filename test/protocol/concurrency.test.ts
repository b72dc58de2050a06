// Work that takes long never holds the server up: a long check runs in slices, requests on other files
// are answered between them, a cancelled request is answered as cancelled, and a check of text that
// has since changed is dropped instead of published.
import * as assert from "assert";
import { LspClient } from "./lspClient";

/** A file whose check takes a good part of a second: many pipelines of image → video → upscale stages. */
function largeFile(pipelines: number): string {
  const parts: string[] = [];
  for (let p = 0; p < pipelines; p++) {
    parts.push(`pipeline "p${p}" {`, '  brief { goal: "x" }');
    for (let i = 0; i < 30; i++) {
      parts.push(
        `  image still_${i} { model: photon-flash-1 prompt: "angle ${i}" aspect: 16:9 }`,
        `  video shot_${i} { model: ray-2 start: still_${i} duration: 5s resolution: 1080p }`,
      );
    }
    parts.push("}");
  }
  return parts.join("\n") + "\n";
}

const small = 'pipeline "small" {\n  video v { model: ray-2 duration: 5s resolution: 540p }\n}\n';

describe("long work over the protocol", function () {
  this.timeout(60000);
  let client: LspClient;
  const big = "file:///tmp/concurrency-big.gen";
  const other = "file:///tmp/concurrency-small.gen";

  beforeEach(async () => {
    client = new LspClient();
    await client.initialize();
  });
  afterEach(() => client.stop());

  const open = (uri: string, text: string, version = 1) => client.notify("textDocument/didOpen", { textDocument: { uri, languageId: "gen", version, text } });
  const published = (uri: string) => client.notifications.filter((n) => n.method === "textDocument/publishDiagnostics" && n.params.uri === uri);

  it("answers a hover on one file while a long check of another runs", async () => {
    open(big, largeFile(80));
    open(other, small);
    const hover = await client.request("textDocument/hover", { textDocument: { uri: other }, position: { line: 1, character: 4 } });
    assert.match(hover.contents.value, /ray-2/);
    assert.deepStrictEqual(published(big), [], "the large file's diagnostics came before the hover on the small one");
    const { diagnostics } = await client.waitFor("textDocument/publishDiagnostics", (p) => p.uri === big, 30000);
    assert.ok(diagnostics.length > 0);
  });

  it("goes on checking a large file while another is typed in", async () => {
    open(big, largeFile(80));
    open(other, small);
    // Type into the small file, one character a round trip, until the large file's diagnostics arrive:
    // its check must not start again on every keystroke elsewhere.
    let rounds = 0;
    for (; rounds < 400 && published(big).length === 0; rounds++) {
      client.notify("textDocument/didChange", {
        textDocument: { uri: other, version: rounds + 2 },
        contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: " " }],
      });
      await client.request("textDocument/hover", { textDocument: { uri: other }, position: { line: 1, character: 4 } });
    }
    assert.ok(published(big).length > 0, `no diagnostics for the large file after ${rounds} keystrokes in the small one`);
  });

  it("answers a request cancelled while it waits as cancelled, and goes on answering", async () => {
    open(big, largeFile(80));
    const { id, response } = client.requestMessage("textDocument/hover", { textDocument: { uri: big }, position: { line: 2, character: 10 } });
    client.notify("$/cancelRequest", { id });
    const message = await response;
    assert.strictEqual(message.error?.code, -32800, JSON.stringify(message));
    const symbols = await client.request("textDocument/documentSymbol", { textDocument: { uri: big } });
    assert.strictEqual(symbols.length, 80);
  });

  it("publishes no result for a version that a newer one replaced while it was checked", async () => {
    const text = largeFile(80);
    open(big, text);
    // Two edits while the first check runs: each replaces the first pipeline's name.
    const rename = (version: number, name: string) => client.notify("textDocument/didChange", {
      textDocument: { uri: big, version },
      contentChanges: [{ range: { start: { line: 0, character: 10 }, end: { line: 0, character: 12 } }, text: name }],
    });
    rename(2, "q0");
    rename(3, "r0");
    const { version } = await client.waitFor("textDocument/publishDiagnostics", (p) => p.uri === big, 30000);
    assert.strictEqual(version, 3);
    // A request after the publish is answered after anything the server had still to send.
    await client.request("textDocument/documentSymbol", { textDocument: { uri: big } });
    assert.deepStrictEqual(published(big).map((n) => n.params.version), [], "an older version was published after version 3");
    const symbols = await client.request("textDocument/documentSymbol", { textDocument: { uri: big } });
    assert.strictEqual(symbols[0].name, "r0");
  });
  it("answers the pipeline hover of a large file without waiting for fix-all, then gives its saving", async () => {
    // One pipeline of 300 stages (past the 100 up to which the hover waits), each video drafted at 1080p.
    const lines = ['pipeline "wide" {'];
    for (let i = 0; i < 150; i++) {
      lines.push(`  image still_${i} { model: photon-flash-1 prompt: "angle ${i}" aspect: 16:9 }`, `  video shot_${i} { model: ray-2 start: still_${i} duration: 5s resolution: 1080p }`);
    }
    open(big, [...lines, "}"].join("\n") + "\n");
    await client.waitFor("textDocument/publishDiagnostics", (p) => p.uri === big, 30000);
    const header = { textDocument: { uri: big }, position: { line: 0, character: 2 } };
    const first = await client.request("textDocument/hover", header);
    // Answered at once: the saving if fix-all happened to be done already, else a line that says it is coming.
    assert.match(first.contents.value, /Applying every fix in the file saves|still being worked out: hover again in a moment/);
    let saving: string | undefined;
    for (let tries = 0; tries < 300 && !saving; tries++) {
      const hover = await client.request("textDocument/hover", header);
      saving = /Applying every fix in the file saves ([\d,.]+ credits)/.exec(hover.contents.value)?.[1];
      if (!saving) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.ok(saving, "the hover never gave what fixing everything saves");
  });
});
