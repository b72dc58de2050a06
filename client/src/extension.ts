// The VS Code extension: starts the language server and nothing more.
import * as vscode from "vscode";
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from "vscode-languageclient/node";

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath("dist/server.js");
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ["--nolazy", "--inspect=6009"] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "gen" },
      { scheme: "untitled", language: "gen" },
    ],
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher("**/*.gen") },
  };
  // The id "gen" ties the client to the `gen.trace.server` setting.
  client = new LanguageClient("gen", "Gen Language Server", serverOptions, clientOptions);
  await client.start();
}

export function deactivate(): Thenable<void> | undefined {
  return client?.stop();
}
