#!/usr/bin/env node
// `gen`: the command line, on the same core as the language server.
import { parseArgs } from "util";
import { isMainThread, parentPort, workerData } from "worker_threads";
import { CHECK_HELP, runCheck } from "./check";
import { COST_HELP, runCost } from "./cost";
import { DIFF_HELP, runDiff } from "./diff";
import { FIX_HELP, runFix } from "./fix";
import { FORMAT_HELP, runFormat } from "./format";
import { GRAPH_HELP, runGraph } from "./graph";
import { GEN_VERSION } from "./json";
import { MODELS_HELP, runModels } from "./models";
import { printable } from "./output";
import { checkShare, isCheckShare } from "./parallelCheck";
import { PROMOTE_HELP, runPromote } from "./promote";

const USAGE = `Usage: gen <command> [options] [paths…]

Commands:
  check [paths…]        Report problems in .gen files and folders (default: .)
  cost [paths…]         Show what each pipeline costs, stage by stage
  graph [paths…]        Draw each pipeline's stages and credits (svg, html, mermaid, dot, json)
  models                List the catalog's models by kind, cheapest first, with their prices' sources
  fix [paths…]          Apply every credit-saving fix and say what it saved
  promote [paths…]      Switch draft pipelines to final, writing what the final makes
  format [paths…]       Lay out .gen files in the canonical layout (--check lists the others)
  diff <old> <new>      Compare the cost of two versions of a file
  diff --base <ref> [paths…]   …or of files against a git revision

Run \`gen <command> --help\` for a command's options.

Options:
  -h, --help       Show help
  -v, --version    Show the version

Exit codes: 0 no errors, 1 errors found, 2 bad usage.`;

interface Command {
  help: string;
  options: NonNullable<Parameters<typeof parseArgs>[0]>["options"];
  run(values: Record<string, unknown>, positionals: string[]): number | Promise<number>;
}

const commands: Record<string, Command> = {
  check: {
    help: CHECK_HELP,
    options: { config: { type: "string" }, format: { type: "string" }, "max-warnings": { type: "string" }, jobs: { type: "string" } },
    run: (values, paths) => runCheck({
      paths, config: values.config as string | undefined, format: values.format as string | undefined, maxWarnings: values["max-warnings"] as string | undefined,
      jobs: values.jobs as string | undefined, script: __filename,
    }),
  },
  cost: {
    help: COST_HELP,
    options: { config: { type: "string" }, format: { type: "string" }, graph: { type: "boolean" }, explain: { type: "boolean" } },
    run: runCost,
  },
  graph: {
    help: GRAPH_HELP,
    options: { config: { type: "string" }, format: { type: "string" }, pipeline: { type: "string" } },
    run: runGraph,
  },
  models: {
    help: MODELS_HELP,
    options: { config: { type: "string" }, format: { type: "string" }, kind: { type: "string" } },
    run: runModels,
  },
  fix: {
    help: FIX_HELP,
    options: { config: { type: "string" }, "dry-run": { type: "boolean" } },
    run: runFix,
  },
  promote: {
    help: PROMOTE_HELP,
    options: { config: { type: "string" }, "dry-run": { type: "boolean" } },
    run: runPromote,
  },
  format: {
    help: FORMAT_HELP,
    options: { check: { type: "boolean" }, "tab-size": { type: "string" }, "use-tabs": { type: "boolean" } },
    run: runFormat,
  },
  diff: {
    help: DIFF_HELP,
    options: { config: { type: "string" }, base: { type: "string" }, format: { type: "string" } },
    run: runDiff,
  },
};

function main(args: string[]): number | Promise<number> {
  const [name, ...rest] = args;
  if (name === "-v" || name === "--version") {
    console.log(GEN_VERSION);
    return 0;
  }
  if (!name || name === "-h" || name === "--help" || name === "help") {
    console.log(USAGE);
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    console.error(`gen: unknown command \`${printable(name)}\`\n\n${USAGE}`);
    return 2;
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: rest, options: { ...command.options, help: { type: "boolean", short: "h" } }, allowPositionals: true });
  } catch (error) {
    console.error(`gen ${name}: ${printable((error as Error).message)}\n\n${command.help}`);
    return 2;
  }
  if (parsed.values.help) {
    console.log(command.help);
    return 0;
  }
  return command.run(parsed.values, parsed.positionals);
}

if (!isMainThread && isCheckShare(workerData)) {
  // A thread `gen check` started to check a share of the files (cli/parallelCheck.ts).
  parentPort!.postMessage(checkShare(workerData));
} else {
  void Promise.resolve(main(process.argv.slice(2))).then((code) => (process.exitCode = code));
}
