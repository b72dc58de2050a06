// Runs inside the editor's extension host against the development copy of the extension
// (the repository), on wasteful.gen in the workspace the harness opens.
const assert = require("assert");
const vscode = require("vscode");
const { code, waitFor } = require("./support");

const FIX = "Disable native audio (saves 21 credits)";

suite("gen in the extension host", () => {
  let uri, doc;
  const codes = () => vscode.languages.getDiagnostics(uri).map(code).sort();

  suiteSetup(async () => {
    uri = vscode.Uri.joinPath(vscode.workspace.workspaceFolders[0].uri, "wasteful.gen");
    doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
  });

  test("the file is language gen and the extension is active", async () => {
    assert.strictEqual(doc.languageId, "gen");
    const ext = vscode.extensions.getExtension("gen-tools.gen-lang");
    assert.ok(ext, "gen-tools.gen-lang present");
    await waitFor("activation", () => ext.isActive);
  });

  test("diagnostics carry the rule ids as codes", async () => {
    await waitFor("diagnostics", () => codes().includes("no-replaced-audio"));
    assert.deepStrictEqual(codes(), ["no-replaced-audio", "stills-first"]);
    const d = vscode.languages.getDiagnostics(uri).find((x) => code(x) === "no-replaced-audio");
    assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Warning);
    assert.strictEqual(doc.getText(d.range).startsWith("audio") || doc.getText(d.range) === "on", true, doc.getText(d.range));
  });

  test("hover on the stage name shows its cost table", async () => {
    const line = doc.getText().split("\n").findIndex((l) => l.includes("video shot"));
    const pos = new vscode.Position(line, doc.lineAt(line).text.indexOf("shot") + 1);
    const hovers = await vscode.commands.executeCommand("vscode.executeHoverProvider", uri, pos);
    const text = hovers.flatMap((h) => h.contents).map((c) => (typeof c === "string" ? c : c.value)).join("\n");
    assert.match(text, /subtotal/);
    assert.match(text, /kling-v3/);
  });

  test("completion after `model:` offers the video models", async () => {
    const line = doc.getText().split("\n").findIndex((l) => l.includes("video shot"));
    const pos = new vscode.Position(line, doc.lineAt(line).text.indexOf("kling-v3"));
    const list = await vscode.commands.executeCommand("vscode.executeCompletionItemProvider", uri, pos);
    const labels = list.items.map((i) => (typeof i.label === "string" ? i.label : i.label.label));
    assert.ok(labels.includes("ray-2") && labels.includes("kling-v3"), labels.slice(0, 10).join(", "));
    assert.ok(!labels.includes("photon-flash-1"), "no image models in a video stage");
  });

  test("code lenses show credits", async () => {
    const lenses = await waitFor("code lenses", async () => {
      const l = await vscode.commands.executeCommand("vscode.executeCodeLensProvider", uri, 10);
      return l && l.length && l.every((x) => x.command) ? l : undefined;
    });
    const titles = lenses.map((l) => l.command.title);
    assert.ok(titles.some((t) => /credits/.test(t)), titles.join(" | "));
  });

  test(`quick fix "${FIX}" writes audio: off and clears the finding`, async () => {
    const d = vscode.languages.getDiagnostics(uri).find((x) => code(x) === "no-replaced-audio");
    const actions = await vscode.commands.executeCommand("vscode.executeCodeActionProvider", uri, d.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.title === FIX);
    assert.ok(fix && fix.edit, `offered: ${actions.map((a) => a.title).join(" | ")}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(doc.getText(), /resolution: 720p audio: off \}/);
    await waitFor("no-replaced-audio to clear", () => !codes().includes("no-replaced-audio"));
  });

  test("editing updates the diagnostics", async () => {
    const at = doc.getText().indexOf("kling-v3");
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + "kling-v3".length)), "klingg-v3");
    assert.ok(await vscode.workspace.applyEdit(edit));
    const d = await waitFor("an unknown-model finding", () => vscode.languages.getDiagnostics(uri).find((x) => /klingg-v3/.test(x.message)));
    assert.match(d.message, /did you mean/);
    await vscode.commands.executeCommand("workbench.action.files.revert");
    await waitFor("the original findings back", () => codes().includes("no-replaced-audio"));
  });
});
