// Renaming and moving .gen files and folders through the spawned server: `workspace/willRenameFiles` answers
// with the edits that keep every `use` line naming its file, in open documents (versioned) and files on disk.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { pathToFileURL } from "url";
import { TextDocument } from "vscode-languageserver-textdocument";
import { LspClient } from "./lspClient";

const pipeline = 'pipeline "p" {\n  image a { model: photon-flash-1 prompt: "x" use: look }\n}\n';
const files: Record<string, string> = {
  "lib/presets.gen": 'preset look { style: "pastel" }\n',
  "main.gen": `use "lib/presets.gen"  // lib/presets.gen\n${pipeline}`,
  "closed.gen": `use "./lib/presets.gen"\n${pipeline}`,
  "sub/far.gen": `use "../lib/presets.gen"\nuse "../unrelated.gen"\n${pipeline}`,
  "unrelated.gen": `use "sub/presets.gen"\n${pipeline}`,
  "sub/presets.gen": 'preset look { style: "dark" }\n',
};

/** A workspace of `files` in a new folder, main.gen open at version 3. */
async function start(initialize: object): Promise<{ client: LspClient; dir: string; uri: (file: string) => string; capabilities: any }> {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "gen-file-renames-")));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  const uri = (file: string) => pathToFileURL(path.join(dir, file)).toString();
  const client = new LspClient();
  const { capabilities } = await client.request("initialize", { processId: process.pid, rootUri: pathToFileURL(dir).toString(), ...initialize });
  client.notify("initialized", {});
  client.notify("textDocument/didOpen", { textDocument: { uri: uri("main.gen"), languageId: "gen", version: 3, text: files["main.gen"] } });
  return { client, dir, uri, capabilities };
}

describe("renaming and moving files over the protocol", function () {
  let client: LspClient;
  let dir: string;
  let uri: (file: string) => string;
  let capabilities: any;

  before(async () => {
    ({ client, dir, uri, capabilities } = await start({ capabilities: { workspace: { workspaceEdit: { documentChanges: true } } } }));
  });

  after(async () => {
    await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const rename = (renames: [string, string][]) => client.request("workspace/willRenameFiles", { files: renames.map(([from, to]) => ({ oldUri: uri(from), newUri: uri(to) })) });

  /** Each edited file (relative to the workspace), its version, and its text once the edits are applied. */
  function applied(edit: any): Record<string, { version: number | null; text: string }> {
    const result: Record<string, { version: number | null; text: string }> = {};
    for (const change of edit.documentChanges) {
      const file = path.relative(dir, new URL(change.textDocument.uri).pathname);
      const text = TextDocument.applyEdits(TextDocument.create(change.textDocument.uri, "gen", 0, files[file]), change.edits);
      result[file] = { version: change.textDocument.version, text };
    }
    return result;
  }

  it("asks to be told of renamed .gen files and folders", () => {
    assert.deepStrictEqual(capabilities.workspace.fileOperations, {
      willRename: {
        filters: [
          { scheme: "file", pattern: { glob: "**/*.gen", matches: "file" } },
          { scheme: "file", pattern: { glob: "**/*", matches: "folder" } },
        ],
      },
    });
  });

  it("a file moved into another folder: the open document (its version) and the files on disk that use it", async () => {
    assert.deepStrictEqual(applied(await rename([["lib/presets.gen", "shared/look.gen"]])), {
      "closed.gen": { version: null, text: files["closed.gen"].replace('"./lib/presets.gen"', '"./shared/look.gen"') },
      "main.gen": { version: 3, text: files["main.gen"].replace('"lib/presets.gen"', '"shared/look.gen"') },
      "sub/far.gen": { version: null, text: files["sub/far.gen"].replace('"../lib/presets.gen"', '"../shared/look.gen"') },
    });
  });

  it("a folder renamed: the files that use a file inside it", async () => {
    const result = applied(await rename([["lib", "presets"]]));
    assert.deepStrictEqual(Object.keys(result).sort(), ["closed.gen", "main.gen", "sub/far.gen"]);
    assert.strictEqual(result["sub/far.gen"].text, files["sub/far.gen"].replace('"../lib/presets.gen"', '"../presets/presets.gen"'));
  });

  it("the moved file's own `use` lines, at the uri it has before the move", async () => {
    assert.deepStrictEqual(applied(await rename([["main.gen", "pipelines/main.gen"]])), {
      "main.gen": { version: 3, text: files["main.gen"].replace('"lib/presets.gen"', '"../lib/presets.gen"') },
    });
  });

  it("nothing to change: a file no `use` names, or moved out of the workspace (where `use` does not read)", async () => {
    assert.strictEqual(await rename([["unused.gen", "still-unused.gen"]]), null);
    const outside = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "gen-outside-")));
    try {
      const edit = await client.request("workspace/willRenameFiles", { files: [{ oldUri: uri("lib/presets.gen"), newUri: pathToFileURL(path.join(outside, "presets.gen")).toString() }] });
      assert.strictEqual(edit, null);
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });
});

describe("renaming files over the protocol, in Restricted Mode, for a client without versioned edits", function () {
  let client: LspClient;
  let dir: string;
  let uri: (file: string) => string;

  before(async () => {
    ({ client, dir, uri } = await start({ capabilities: {}, initializationOptions: { trusted: false } }));
  });

  after(async () => {
    await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("a file renamed in its folder: a plain `changes` map, as editing `use` lines runs no program", async () => {
    const edit = await client.request("workspace/willRenameFiles", { files: [{ oldUri: uri("sub/presets.gen"), newUri: uri("sub/dark.gen") }] });
    assert.strictEqual(edit.documentChanges, undefined);
    const line = files["unrelated.gen"].split("\n")[0];
    assert.deepStrictEqual(edit.changes, {
      [uri("unrelated.gen")]: [{ range: { start: { line: 0, character: line.indexOf("sub/") }, end: { line: 0, character: line.lastIndexOf('"') } }, newText: "sub/dark.gen" }],
    });
  });
});
