// Entry point of dist/server.js. Any LSP client can start it with --stdio;
// VS Code uses --node-ipc.
import { Connection, createConnection, ProposedFeatures, StreamMessageReader, StreamMessageWriter } from "vscode-languageserver/node";
import { startServer } from "./server";

const transports = ["--stdio", "--node-ipc", "--socket", "--pipe", "--clientProcessId"];
const args = process.argv.slice(2);

if (args.includes("--version")) {
  console.log("gen-language-server 0.1.0");
} else if (!args.some((arg) => transports.some((t) => arg.startsWith(t)))) {
  console.error("gen-language-server: the language server for .gen files.\n\nUsage: node dist/server.js --stdio\n       (or --node-ipc, --socket=PORT, --pipe=NAME)");
  process.exitCode = args.includes("--help") ? 0 : 1;
} else if (args.includes("--stdio")) {
  // Over stdio a header or body that cannot be read leaves the stream out of step for good: say so and
  // exit, so the editor restarts the server, instead of living on deaf.
  const reader = new StreamMessageReader(process.stdin);
  reader.onError((error) => {
    process.stderr.write(`gen-language-server: cannot read the client's messages (${error.message}); exiting\n`);
    process.exit(1);
  });
  start(createConnection(ProposedFeatures.all, reader, new StreamMessageWriter(process.stdout)));
} else {
  start(createConnection(ProposedFeatures.all));
}

function start(connection: Connection): void {
  // Nothing a single request does may take the server down.
  process.on("uncaughtException", (error) => connection.console.error(`uncaught: ${error.stack ?? error.message}`));
  startServer(connection);
}
