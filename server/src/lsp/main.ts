// Entry point of dist/server.js. Any LSP client can start it with --stdio;
// VS Code uses --node-ipc.
import { createConnection, ProposedFeatures } from "vscode-languageserver/node";
import { startServer } from "./server";

const transports = ["--stdio", "--node-ipc", "--socket", "--pipe", "--clientProcessId"];
const args = process.argv.slice(2);

if (args.includes("--version")) {
  console.log("gen-language-server 0.1.0");
} else if (!args.some((arg) => transports.some((t) => arg.startsWith(t)))) {
  console.error("gen-language-server: the language server for .gen files.\n\nUsage: node dist/server.js --stdio\n       (or --node-ipc, --socket=PORT, --pipe=NAME)");
  process.exitCode = args.includes("--help") ? 0 : 1;
} else {
  const connection = createConnection(ProposedFeatures.all);
  // Nothing a single request does may take the server down.
  process.on("uncaughtException", (error) => connection.console.error(`uncaught: ${error.stack ?? error.message}`));
  startServer(connection);
}
