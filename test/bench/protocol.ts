// The language server over the real protocol, as an editor sees it: `dist/server.js --stdio`, spawned
// once per corpus and treated as a black box. Every time is a round trip measured in this process, from
// writing the message to having read and parsed the answer.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { performance } from "perf_hooks";
import { pathToFileURL } from "url";
import { LspClient } from "../protocol/lspClient";
import type { Corpus } from "./corpora";
import { Effort, summarize, timeAsync, Timing } from "./stats";

export interface ProtocolEffort {
  /** didOpen → diagnostics, each a new document. */
  opens: Effort;
  /**
   * Rounds of one character typed → its diagnostics, each followed by one request (in turn), the first
   * on that version: until every request has `perRequest` samples, or `minimum` once `budgetMs` is spent.
   */
  rounds: { perRequest: number; minimum: number; budgetMs: number };
  /** Each request again and again on one checked version. */
  requests: Effort;
}

export interface RequestTiming extends Timing {
  /** What the answer held, to show it was not empty (items, lenses, hints, actions). */
  answer: string;
}

export interface ProtocolResult {
  /** Time to the diagnostics of the first document the server opened (cold JIT). */
  firstOpenMs: number;
  open: Timing;
  typing: Timing;
  /** Each request on a version already checked, asked again and again. */
  requests: Record<RequestName, RequestTiming>;
  /** Each request as the first on a version, just after its diagnostics. */
  afterEdit: Record<RequestName, Timing>;
  /** Findings published for the document (everything in the Problems panel). */
  published: number;
  /** Peak resident memory of the server (VmHWM), in bytes; undefined off Linux. */
  peakBytes?: number;
}

export const requestNames = [
  "hover: stage name", "hover: value", "hover: pipeline header", "completion: model", "code lens", "inlay hints (60-line view)", "quick fix", "fix-all",
  // What an editor also asks for the whole document after each edit (VS Code: colours, outline and breadcrumbs, folding), and on save.
  // VS Code asks semantic tokens as a delta from its last answer once it has one: both are measured.
  "semantic tokens", "semantic tokens (delta)", "document symbols", "folding ranges", "formatting",
] as const;
export type RequestName = (typeof requestNames)[number];
/** Each request's name in the JSON rows. */
export const requestIds: Record<RequestName, string> = {
  "hover: stage name": "hover-stage-name",
  "hover: value": "hover-value",
  "hover: pipeline header": "hover-pipeline-header",
  "completion: model": "completion-model",
  "code lens": "code-lens",
  "inlay hints (60-line view)": "inlay-hints",
  "quick fix": "quick-fix",
  "fix-all": "fix-all",
  "semantic tokens": "semantic-tokens",
  "semantic tokens (delta)": "semantic-tokens-delta",
  "document symbols": "document-symbols",
  "folding ranges": "folding-ranges",
  "formatting": "formatting",
};

interface Position {
  line: number;
  character: number;
}

/** Offset → position in `text` (UTF-16 code units, as LSP counts them). */
function positionAt(text: string, offset: number): Position {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i >= 0 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: offset - lineStart };
}

/** Reads a process's peak resident set from /proc (Linux only). */
export function peakMemory(pid: number | undefined): number | undefined {
  if (pid === undefined || process.platform !== "linux") return undefined;
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Spawn → `initialize` answered, `runs` times, each a fresh server. */
export async function coldStart(runs: number): Promise<Timing> {
  return timeAsync(
    async () => {
      const client = new LspClient();
      try {
        await client.request("initialize", { processId: process.pid, rootUri: null, capabilities: {} });
      } finally {
        client.notify("initialized", {});
        await client.stop();
      }
    },
    { iterations: runs, warmup: 1 },
  );
}

export async function measureProtocol(corpus: Corpus, effort: ProtocolEffort): Promise<ProtocolResult> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "gen-bench-lsp-"));
  const uriOf = (name: string) => pathToFileURL(path.join(folder, name)).toString();
  const client = new LspClient();
  try {
    // Inlay hints are off unless the editor turns them on; the client answers workspace/configuration.
    client.settings = { gen: { inlayHints: { enabled: true } } };
    await client.initialize(pathToFileURL(folder).toString());
    // The server reads the settings after `initialized`, then asks the editor to refresh its lenses.
    await client.waitFor("workspace/codeLens/refresh", () => true, 30_000);

    // Generous: this measures, it does not judge; it only must not wait for ever on a server that hangs.
    const timeout = 600_000;
    const published = (uri: string, version: number) => client.waitFor("textDocument/publishDiagnostics", (p) => p.uri === uri && p.version === version, timeout);
    const open = (uri: string, text: string) => client.notify("textDocument/didOpen", { textDocument: { uri, languageId: "gen", version: 1, text } });
    const close = async (uri: string) => {
      client.notify("textDocument/didClose", { textDocument: { uri } });
      await client.waitFor("textDocument/publishDiagnostics", (p) => p.uri === uri && p.diagnostics.length === 0, timeout);
    };

    // didOpen → publishDiagnostics, each time a new document with the corpus's text.
    let opened = 0;
    const openOnce = async () => {
      const uri = uriOf(`open-${opened++}.gen`);
      const start = performance.now();
      open(uri, corpus.text);
      await published(uri, 1);
      const ms = performance.now() - start;
      await close(uri);
      return ms;
    };
    const firstOpenMs = await openOnce();
    const openSamples: number[] = [];
    await timeAsync(async () => openSamples.push(await openOnce()), { ...effort.opens, warmup: 0 });

    // The document every other measurement works on.
    const uri = uriOf("bench.gen");
    open(uri, corpus.text);
    const { diagnostics } = await published(uri, 1);
    let version = 1;
    const typingAt = positionAt(corpus.text, corpus.probes.typing);
    /** One character typed in the middle stage's prompt; resolves with the time to that version's diagnostics. */
    const type = async () => {
      version++;
      const start = performance.now();
      client.notify("textDocument/didChange", { textDocument: { uri, version }, contentChanges: [{ range: { start: typingAt, end: typingAt }, text: "x" }] });
      await published(uri, version);
      return performance.now() - start;
    };

    // Typing moves nothing these positions point at: it inserts at the end of a line, after them.
    const at = (offset: number) => positionAt(corpus.text, offset);
    const textDocument = { uri };
    const middle = typingAt.line;
    const finding = diagnostics.find((d: { range: { start: Position } }) => d.range.start.line >= middle) ?? diagnostics[0];
    const everything = { start: { line: 0, character: 0 }, end: at(corpus.text.length) };
    /** The id of the server's last semantic tokens answer, which a delta request names. */
    let tokensResultId: string | undefined;
    const requests: Record<RequestName, [method: string, params: unknown]> = {
      "hover: stage name": ["textDocument/hover", { textDocument, position: at(corpus.probes.stageName) }],
      "hover: value": ["textDocument/hover", { textDocument, position: at(corpus.probes.value) }],
      "hover: pipeline header": ["textDocument/hover", { textDocument, position: at(corpus.probes.header) }],
      "completion: model": ["textDocument/completion", { textDocument, position: at(corpus.probes.model) }],
      "code lens": ["textDocument/codeLens", { textDocument }],
      "inlay hints (60-line view)": ["textDocument/inlayHint", { textDocument, range: { start: { line: Math.max(0, middle - 30), character: 0 }, end: { line: middle + 30, character: 0 } } }],
      "quick fix": ["textDocument/codeAction", { textDocument, range: finding?.range ?? everything, context: { diagnostics: finding ? [finding] : [], triggerKind: 1 } }],
      "fix-all": ["textDocument/codeAction", { textDocument, range: everything, context: { diagnostics: [], only: ["source.fixAll.gen"], triggerKind: 1 } }],
      "semantic tokens": ["textDocument/semanticTokens/full", { textDocument }],
      "semantic tokens (delta)": ["textDocument/semanticTokens/full/delta", { textDocument, get previousResultId() { return tokensResultId; } }],
      "document symbols": ["textDocument/documentSymbol", { textDocument }],
      "folding ranges": ["textDocument/foldingRange", { textDocument }],
      "formatting": ["textDocument/formatting", { textDocument, options: { tabSize: 2, insertSpaces: true } }],
    };
    const answers = {} as Record<RequestName, unknown>;
    const ask = async (name: RequestName) => {
      const [method, params] = requests[name];
      const start = performance.now();
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer to ${name} within ${timeout / 1000} s`)), timeout)));
      answers[name] = await Promise.race([client.request(method, params), late]).finally(() => clearTimeout(timer));
      const ms = performance.now() - start;
      tokensResultId = (answers[name] as { resultId?: string } | null)?.resultId ?? tokensResultId;
      return ms;
    };

    // Typing, and the first request on each new version: what an editor asks right after an edit (code
    // actions for the cursor, lenses, hints) meets work that is done once per version.
    // As an editor does on opening the file: every request once (colours, outline, folding, lenses…).
    for (const name of requestNames) await ask(name);
    await type(); // warm up
    const typing: number[] = [];
    const afterEdit = Object.fromEntries(requestNames.map((name) => [name, [] as number[]])) as Record<RequestName, number[]>;
    const roundsStarted = performance.now();
    const { perRequest, minimum, budgetMs } = effort.rounds;
    for (let round = 0; ; round++) {
      const fewest = Math.min(...requestNames.map((name) => afterEdit[name].length));
      if (fewest >= perRequest || (fewest >= minimum && performance.now() - roundsStarted > budgetMs)) break;
      typing.push(await type());
      const name = requestNames[round % requestNames.length];
      afterEdit[name].push(await ask(name));
    }

    // Then each request again and again on the last version, as when you hover or open a menu after a
    // pause in typing.
    const results = {} as Record<RequestName, RequestTiming>;
    for (const name of requestNames) {
      const samples: number[] = [];
      await timeAsync(async (i) => (i < 0 ? ask(name) : samples.push(await ask(name))), effort.requests);
      results[name] = { ...summarize(samples), answer: describe(answers[name]) };
    }
    const peakBytes = peakMemory(client.pid);
    return {
      firstOpenMs,
      open: summarize(openSamples),
      typing: summarize(typing),
      requests: results,
      afterEdit: Object.fromEntries(requestNames.map((name) => [name, summarize(afterEdit[name])])) as Record<RequestName, Timing>,
      published: diagnostics.length,
      peakBytes,
    };
  } finally {
    await client.stop().catch(() => undefined);
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

/** A few words on an answer, so the table shows each request did real work. */
function describe(answer: any): string {
  if (answer === null || answer === undefined) return "empty answer";
  if (Array.isArray(answer)) return `${answer.length} item${answer.length === 1 ? "" : "s"}`;
  if (Array.isArray(answer.items)) return `${answer.items.length} items`;
  if (Array.isArray(answer.data)) return `${answer.data.length / 5} tokens`;
  if (Array.isArray(answer.edits)) return `${answer.edits.length} edit${answer.edits.length === 1 ? "" : "s"}, ${answer.edits.reduce((n: number, e: { data: unknown[] }) => n + e.data.length, 0)} integers`;
  if (answer.contents) return `${String(answer.contents.value ?? answer.contents).length} chars of markdown`;
  return "an answer";
}
