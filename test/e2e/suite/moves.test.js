// Moving a .gen file in the editor keeps the `use` lines that name it working: VS Code asks the server
// (workspace/willRenameFiles) before it moves the file, for a move in the Explorer and one made through
// workspace.applyEdit alike, and applies the edits the server answers with.
const assert = require("assert");
const vscode = require("vscode");
const { code, waitFor } = require("./support");


suite("moving a .gen file", () => {
  test("a used file moved to another folder: the `use` line follows it, and its preset still resolves", async () => {
    const root = vscode.workspace.workspaceFolders[0].uri;
    const looks = vscode.Uri.joinPath(root, "looks.gen");
    const main = vscode.Uri.joinPath(root, "teaser.gen");
    await vscode.workspace.fs.writeFile(looks, Buffer.from("preset wide { aspect: 16:9 }\n"));
    await vscode.workspace.fs.writeFile(main, Buffer.from(
      'use "looks.gen"  // the studio\'s looks\npipeline "teaser" {\n  brief { goal: "one still" }\n  image still { model: flux-schnell prompt: "a red bicycle" use: wide }\n  output still\n}\n',
    ));
    const doc = await vscode.workspace.openTextDocument(main);
    await vscode.window.showTextDocument(doc);
    // The server has checked the file once its code lenses are resolved: the preset resolves now.
    await waitFor("the first check", async () => {
      const lenses = await vscode.commands.executeCommand("vscode.executeCodeLensProvider", main, 10);
      return lenses && lenses.length > 0 && lenses.every((l) => l.command);
    });
    const unresolved = () => vscode.languages.getDiagnostics(main).filter((d) => /looks\.gen|`wide`/.test(d.message));
    assert.deepStrictEqual(unresolved().map((d) => `${code(d)}: ${d.message}`), []);

    const moved = vscode.Uri.joinPath(root, "shared", "looks.gen");
    const edit = new vscode.WorkspaceEdit();
    edit.renameFile(looks, moved);
    assert.ok(await vscode.workspace.applyEdit(edit), "the move was applied");

    await waitFor("the use line to follow the file", () => doc.getText().startsWith('use "shared/looks.gen"  // the studio\'s looks\n'));
    assert.ok(doc.getText().includes('prompt: "a red bicycle" use: wide'), "the rest of the file is untouched");
    // Checked again against the moved file: nothing about it is reported.
    await new Promise((r) => setTimeout(r, 500));
    assert.deepStrictEqual(unresolved().map((d) => `${code(d)}: ${d.message}`), []);
    await doc.save();
  });
});
