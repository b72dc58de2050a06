// Document and range formatting over the real protocol.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { pathToFileURL } from "url";
import { formatText } from "../../server/src/service/format";
import { LspClient } from "./lspClient";

interface LspEdit {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  newText: string;
}

/** Applies LSP edits as an editor does: positions to offsets in the text they were computed on. */
function applyLspEdits(text: string, edits: LspEdit[]): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === "\n") starts.push(i + 1);
  const offset = ({ line, character }: { line: number; character: number }) => starts[line] + character;
  return [...edits]
    .sort((a, b) => offset(b.range.start) - offset(a.range.start))
    .reduce((result, edit) => result.slice(0, offset(edit.range.start)) + edit.newText + result.slice(offset(edit.range.end)), text);
}

describe("formatting over the protocol", function () {
  let client: LspClient;
  beforeEach(() => (client = new LspClient()));
  afterEach(async () => client.stop());

  const uri = "file:///tmp/format.gen";
  const messy = 'pipeline "p" {\n      budget:10 credits  \n image a {  model: imagen-4-fast }\n\n\n\n   video b {\nmodel: ray-2\n  }\n}';
  const open = (text: string) => client.notify("textDocument/didOpen", { textDocument: { uri, languageId: "gen", version: 1, text } });

  it("says it formats documents and ranges", async () => {
    const { capabilities } = await client.initialize();
    assert.strictEqual(capabilities.documentFormattingProvider, true);
    assert.strictEqual(capabilities.documentRangeFormattingProvider, true);
  });

  it("leaves alone a document that its gen.config.json lists under format.ignore", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gen-format-ignore-"));
    try {
      fs.mkdirSync(path.join(dir, "mistakes"));
      fs.writeFileSync(path.join(dir, "gen.config.json"), '{ "format": { "ignore": ["mistakes/"] } }');
      await client.initialize(pathToFileURL(dir).toString());
      const ignored = pathToFileURL(path.join(dir, "mistakes", "messy.gen")).toString();
      const formatted = pathToFileURL(path.join(dir, "messy.gen")).toString();
      for (const file of [ignored, formatted]) client.notify("textDocument/didOpen", { textDocument: { uri: file, languageId: "gen", version: 1, text: messy } });
      const options = { tabSize: 2, insertSpaces: true };
      assert.deepStrictEqual(await client.request("textDocument/formatting", { textDocument: { uri: ignored }, options }), []);
      assert.ok((await client.request("textDocument/formatting", { textDocument: { uri: formatted }, options })).length > 0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("formats each version as typed, from its check's tree, and answers a second request of a version the same", async () => {
    await client.initialize();
    open(messy);
    await client.waitFor("textDocument/publishDiagnostics", (p) => p.uri === uri && p.version === 1);
    let text = messy;
    const options = { tabSize: 2, insertSpaces: true };
    let formattedVersions = 0;
    // Typed inside `b`'s block, a character at a time: each version's tree is the one before, moved.
    const at = messy.indexOf("model: ray-2") + "model: ray-2".length;
    for (const [i, typed] of [..." duration: 5s"].entries()) {
      const version = i + 2;
      const offset = at + i;
      const line = text.slice(0, offset).split("\n").length - 1;
      const character = offset - (text.lastIndexOf("\n", offset - 1) + 1);
      text = text.slice(0, offset) + typed + text.slice(offset);
      client.notify("textDocument/didChange", { textDocument: { uri, version }, contentChanges: [{ range: { start: { line, character }, end: { line, character } }, text: typed }] });
      await client.waitFor("textDocument/publishDiagnostics", (p) => p.uri === uri && p.version === version);
      const edits: LspEdit[] = await client.request("textDocument/formatting", { textDocument: { uri }, options });
      // As the text formats from scratch; a version that does not read cleanly (`model: ray-2 d`) is left as it is.
      const fromScratch = formatText(text, options);
      assert.strictEqual(applyLspEdits(text, edits), "text" in fromScratch ? fromScratch.text : text, `version ${version}`);
      formattedVersions += "text" in fromScratch ? 1 : 0;
      assert.deepStrictEqual(await client.request("textDocument/formatting", { textDocument: { uri }, options }), edits, "asked again");
    }
    assert.ok(formattedVersions >= 3, `${formattedVersions} versions read cleanly`);
    assert.ok(text.includes("model: ray-2 duration: 5s"));
  });

  it("formats on save many keystrokes after it last formatted, as from scratch, its format kept up to date as typed", async () => {
    await client.initialize();
    // Three stages, the middle one typed into: each keystroke's version is parsed from the one before.
    const start = 'pipeline "p" {\n  image a  { model: imagen-4-fast prompt: "one" }\n  image b { model:imagen-4-fast prompt: "two" }\n    image c { model: imagen-4-fast }\n}\n';
    open(start);
    await client.waitFor("textDocument/publishDiagnostics", (p) => p.uri === uri && p.version === 1);
    const options = { tabSize: 2, insertSpaces: true };
    const format = async (text: string, what: string) => {
      const edits: LspEdit[] = await client.request("textDocument/formatting", { textDocument: { uri }, options });
      const fromScratch = formatText(text, options);
      assert.strictEqual(applyLspEdits(text, edits), "text" in fromScratch ? fromScratch.text : text, what);
    };
    await format(start, "the first format");
    let text = start;
    const at = start.indexOf('"two"') + 5;
    // Typed one character at a time, formatted only after each word: a count, then a line break and a comment.
    const words = [" count: 2", "\n    retries:1", " /* again */"];
    let offset = at;
    let version = 1;
    for (const word of words) {
      for (const typed of word) {
        version++;
        const line = text.slice(0, offset).split("\n").length - 1;
        const character = offset - (text.lastIndexOf("\n", offset - 1) + 1);
        text = text.slice(0, offset) + typed + text.slice(offset);
        offset++;
        client.notify("textDocument/didChange", { textDocument: { uri, version }, contentChanges: [{ range: { start: { line, character }, end: { line, character } }, text: typed }] });
        await client.waitFor("textDocument/publishDiagnostics", (p) => p.uri === uri && p.version === version);
      }
      await format(text, `after typing ${JSON.stringify(word)}`);
    }
  });

  it("formats a document with the editor's indentation, in small edits", async () => {
    await client.initialize();
    open(messy);
    const edits: LspEdit[] = await client.request("textDocument/formatting", { textDocument: { uri }, options: { tabSize: 4, insertSpaces: true } });
    assert.strictEqual(
      applyLspEdits(messy, edits),
      'pipeline "p" {\n    budget: 10 credits\n    image a { model: imagen-4-fast }\n\n    video b {\n        model: ray-2\n    }\n}\n',
    );
    // Not one replacement of the whole text: edits of whitespace only, so the cursor and undo stay put.
    assert.ok(edits.length > 5);
    const lines = messy.split("\n");
    for (const e of edits) {
      const replaced = e.range.start.line === e.range.end.line
        ? lines[e.range.start.line].slice(e.range.start.character, e.range.end.character)
        : [lines[e.range.start.line].slice(e.range.start.character), ...lines.slice(e.range.start.line + 1, e.range.end.line), lines[e.range.end.line].slice(0, e.range.end.character)].join("\n");
      assert.match(replaced, /^\s*$/, JSON.stringify(e));
    }
    const tabs: LspEdit[] = await client.request("textDocument/formatting", { textDocument: { uri }, options: { tabSize: 4, insertSpaces: false } });
    assert.match(applyLspEdits(messy, tabs), /^\tbudget: 10 credits\n\timage a/m);
  });

  it("formats only the lines of a range", async () => {
    await client.initialize();
    open(messy);
    const range = { start: { line: 2, character: 0 }, end: { line: 2, character: 5 } };
    const edits: LspEdit[] = await client.request("textDocument/rangeFormatting", { textDocument: { uri }, range, options: { tabSize: 2, insertSpaces: true } });
    assert.ok(edits.length > 0);
    assert.ok(edits.every((e) => e.range.start.line === 2 && e.range.end.line === 2), JSON.stringify(edits));
    assert.strictEqual(applyLspEdits(messy, edits).split("\n")[2], "  image a { model: imagen-4-fast }");
  });

  it("answers no edits for a file with syntax errors, and says why in the log, once", async () => {
    await client.initialize();
    open('pipeline "p" {\n  image a { model imagen-4-fast }\n');
    const options = { tabSize: 2, insertSpaces: true };
    assert.deepStrictEqual(await client.request("textDocument/formatting", { textDocument: { uri }, options }), []);
    const logged = await client.waitFor("window/logMessage", (p) => p.message.includes("format.gen"));
    assert.match(logged.message, /^file:\/\/\/tmp\/format\.gen has 2 syntax errors, so it was not formatted; the first, at 2:13: expected `:` after `model`/);
    assert.ok(!client.notifications.some((n) => n.method === "window/showMessage"), "no popup");
    assert.deepStrictEqual(await client.request("textDocument/formatting", { textDocument: { uri }, options }), []);
    const range = { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } };
    assert.deepStrictEqual(await client.request("textDocument/rangeFormatting", { textDocument: { uri }, range, options }), []);
    assert.ok(!client.notifications.some((n) => n.method === "window/logMessage" && n.params.message.includes("format.gen")), "logged once per version");
  });

  it("answers no edits for a document it does not know", async () => {
    await client.initialize();
    assert.deepStrictEqual(await client.request("textDocument/formatting", { textDocument: { uri: "file:///tmp/nothing.gen" }, options: { tabSize: 2, insertSpaces: true } }), []);
  });
});
