// The VS Code extension: starts the language server, and shows the active
// file's estimate in the status bar. Everything else comes from the server.
import * as vscode from "vscode";
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from "vscode-languageclient/node";
import { registerGraphView } from "./graphView";

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath("dist/server.js");
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ["--nolazy", "--inspect=6009"] } },
  };
  const clientOptions: LanguageClientOptions = {
    // In Restricted Mode the server runs no program (the git lens); it restarts trusted when trust is granted.
    // `watchesFiles`: the watchers below send the file events, so the server registers none of its own.
    initializationOptions: () => ({ trusted: vscode.workspace.isTrusted, watchesFiles: true }),
    documentSelector: [
      { scheme: "file", language: "gen" },
      { scheme: "untitled", language: "gen" },
    ],
    synchronize: {
      configurationSection: "gen",
      fileEvents: [
        vscode.workspace.createFileSystemWatcher("**/*.gen"),
        vscode.workspace.createFileSystemWatcher("**/gen.config.json"),
      ],
    },
  };
  // The id "gen" ties the client to the `gen.trace.server` setting.
  client = new LanguageClient("gen", "Gen Language Server", serverOptions, clientOptions);
  await client.start();
  context.subscriptions.push(
    vscode.workspace.onDidGrantWorkspaceTrust(() => void client?.restart()),
    costStatusBar(client),
    registerGraphView(client),
    vscode.commands.registerCommand("gen.applyAllFixes", () => runOnActiveFile(client!, "gen.server.applyAllFixes", "apply its credit-saving fixes")),
    vscode.commands.registerCommand("gen.promoteToFinal", () => runOnActiveFile(client!, "gen.server.promoteToFinal", "promote its pipelines to final")),
  );
}

/** "≈ 84 of 150 credits" for the active .gen file, refreshed as it changes. */
function costStatusBar(languageClient: LanguageClient): vscode.Disposable {
  const item = vscode.window.createStatusBarItem("gen.cost", vscode.StatusBarAlignment.Right, 100);
  item.name = "Gen pipeline cost";
  let timer: NodeJS.Timeout | undefined;

  const update = async () => {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.languageId !== "gen") {
      item.hide();
      return;
    }
    const uri = editor.document.uri.toString();
    const result = await languageClient
      .sendRequest<{ pipelines: { name: string; title: string }[] } | null>("gen/documentCost", { uri })
      .catch(() => null);
    if (vscode.window.activeTextEditor?.document.uri.toString() !== uri) return; // the user moved on
    if (!result || result.pipelines.length === 0) {
      item.hide();
      return;
    }
    const [first, ...rest] = result.pipelines;
    item.text = `$(credit-card) ${first.title}${rest.length ? ` (+${rest.length} more)` : ""}`;
    item.tooltip = result.pipelines.map((p) => `${p.name}: ${p.title}`).join("\n");
    item.show();
  };
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void update(), 300);
  };

  void update();
  return vscode.Disposable.from(
    item,
    vscode.window.onDidChangeActiveTextEditor(() => void update()),
    vscode.languages.onDidChangeDiagnostics(later), // the server re-checked: the total may have changed
    vscode.workspace.onDidChangeTextDocument((e) => e.document === vscode.window.activeTextEditor?.document && later()),
    { dispose: () => clearTimeout(timer) },
  );
}

/** Runs a server command on the active .gen file and shows what it says it did. */
async function runOnActiveFile(languageClient: LanguageClient, command: string, what: string): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== "gen") {
    void vscode.window.showInformationMessage(`Open a .gen file to ${what}.`);
    return;
  }
  const result = await languageClient.sendRequest<{ applied: boolean; message: string } | null>("workspace/executeCommand", {
    command,
    arguments: [editor.document.uri.toString()],
  });
  if (result) void vscode.window.showInformationMessage(result.message);
}

export function deactivate(): Thenable<void> | undefined {
  return client?.stop();
}
