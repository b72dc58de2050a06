// A minimal LSP client over stdio, written from the protocol spec, so the
// server is tested the way Neovim, Helix or Emacs would talk to it.
import { ChildProcessWithoutNullStreams, spawn } from "child_process";
import * as path from "path";

export interface Message {
  id?: number;
  method?: string;
  params?: any;
  result?: any;
  error?: { code: number; message: string };
}

export const repoRoot = path.resolve(__dirname, "../../..");

/** The day the server under test is told it is (`GEN_TODAY`). */
export const PROTOCOL_TODAY = "2026-11-30";

export class LspClient {
  private readonly process: ChildProcessWithoutNullStreams;
  private buffer = Buffer.alloc(0);
  /** Chunks not yet joined to `buffer`, while a long body arrives (joined once, not per chunk). */
  private chunks: Buffer[] = [];
  private chunkBytes = 0;
  /** How many more bytes the message at the head of `buffer` needs. */
  private missing = 0;
  private nextId = 1;
  private readonly waiting = new Map<number, (message: Message) => void>();
  /** Every notification received, in order. */
  readonly notifications: Message[] = [];
  private listeners: (() => void)[] = [];
  stderr = "";
  /** What the client answers to `workspace/configuration`, by section. */
  settings: Record<string, unknown> = {};
  /** What the client answers to `workspace/applyEdit` (some editors answer `null`). */
  applyEditResult: unknown = { applied: true };

  constructor() {
    // A fixed day for shutdown dates and the age of prices: no test depends on the day it runs.
    this.process = spawn(process.execPath, [path.join(repoRoot, "dist/server.js"), "--stdio"], { stdio: "pipe", env: { ...process.env, GEN_TODAY: PROTOCOL_TODAY } });
    this.process.stdout.on("data", (chunk: Buffer) => this.receive(chunk));
    this.process.stderr.on("data", (chunk: Buffer) => (this.stderr += chunk.toString()));
    // A server that dies fails the test at once, with what it printed, instead of timing out.
    this.process.on("exit", (code) => {
      const error: Message = { error: { code: -1, message: `server exited (${code}): ${this.stderr}` } };
      for (const resolve of this.waiting.values()) resolve(error);
      this.waiting.clear();
      for (const listener of this.listeners) listener();
    });
  }

  get exited(): boolean {
    return this.process.exitCode !== null;
  }

  /** The server's process id, to read its memory from `/proc/<pid>/status`. */
  get pid(): number | undefined {
    return this.process.pid;
  }

  /** Told of every message from the server that is not a response, in order, as it arrives (before `waitFor` can take it). */
  onNotification?: (message: Message) => void;

  private remember(message: Message): void {
    this.onNotification?.(message);
    this.notifications.push(message);
    for (const listener of this.listeners) listener();
  }

  private receive(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.chunkBytes += chunk.length;
    if (this.chunkBytes < this.missing) return;
    this.buffer = Buffer.concat([this.buffer, ...this.chunks]);
    this.chunks = [];
    this.chunkBytes = 0;
    this.missing = 0;
    for (;;) {
      const headerEnd = this.buffer.indexOf("\r\n\r\n");
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString())?.[1]);
      const bodyStart = headerEnd + 4;
      if (this.buffer.length < bodyStart + length) {
        this.missing = bodyStart + length - this.buffer.length;
        return;
      }
      const message: Message = JSON.parse(this.buffer.subarray(bodyStart, bodyStart + length).toString("utf8"));
      this.buffer = this.buffer.subarray(bodyStart + length);
      if (message.id !== undefined && !message.method) {
        this.waiting.get(message.id)?.(message);
        this.waiting.delete(message.id);
      } else if (message.id !== undefined && message.method === "workspace/applyEdit") {
        this.send({ id: message.id, result: this.applyEditResult }); // recorded below, for the test to apply
        this.remember(message);
      } else if (message.id !== undefined && message.method === "workspace/configuration") {
        this.send({ id: message.id, result: message.params.items.map((item: { section?: string }) => this.settings[item.section ?? ""] ?? null) });
      } else if (message.id !== undefined) {
        this.send({ id: message.id, result: null }); // other server-to-client requests (registrations, refreshes): accept
        this.remember(message); // …and remember them, so a test can wait for a refresh
      } else {
        this.remember(message);
      }
    }
  }

  private send(message: object): void {
    const body = Buffer.from(JSON.stringify({ jsonrpc: "2.0", ...message }), "utf8");
    this.process.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.process.stdin.write(body);
  }

  request(method: string, params: unknown): Promise<any> {
    return this.requestMessage(method, params).response.then((message) => {
      if (message.error) throw new Error(message.error.message);
      return message.result;
    });
  }

  /**
   * Sends a request; `response` resolves with the server's whole answer, a result or an error, so a test
   * can read error codes (-32800 cancelled, -32801 content modified). `id` is for `$/cancelRequest`.
   */
  requestMessage(method: string, params: unknown): { id: number; response: Promise<Message> } {
    const id = this.nextId++;
    const response = new Promise<Message>((resolve) => this.waiting.set(id, resolve));
    this.send({ id, method, params });
    return { id, response };
  }

  notify(method: string, params: unknown): void {
    this.send({ method, params });
  }

  /** Resolves with the first notification (past or future) that matches. */
  waitFor(method: string, matches: (params: any) => boolean = () => true, timeoutMs = 10000): Promise<any> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.exited) {
          clearTimeout(timer);
          reject(new Error(`server exited while waiting for ${method}: ${this.stderr}`));
          return true;
        }
        const found = this.notifications.find((n) => n.method === method && matches(n.params));
        if (!found) return false;
        this.notifications.splice(this.notifications.indexOf(found), 1);
        this.listeners = this.listeners.filter((l) => l !== listener);
        clearTimeout(timer);
        resolve(found.params);
        return true;
      };
      const listener = () => void check();
      const timer = setTimeout(() => {
        this.listeners = this.listeners.filter((l) => l !== listener);
        reject(new Error(`no ${method} within ${timeoutMs} ms; stderr: ${this.stderr}`));
      }, timeoutMs);
      if (!check()) this.listeners.push(listener);
    });
  }

  async initialize(rootUri: string | null = null, initializationOptions?: unknown, workspace: Record<string, unknown> = {}): Promise<any> {
    const capabilities = { workspace: { configuration: Object.keys(this.settings).length > 0, codeLens: { refreshSupport: true }, ...workspace } };
    const result = await this.request("initialize", { processId: process.pid, rootUri, capabilities, initializationOptions });
    this.notify("initialized", {});
    return result;
  }

  async stop(): Promise<void> {
    if (this.exited || this.process.exitCode !== null) return;
    const exited = new Promise((resolve) => this.process.once("exit", resolve));
    await this.request("shutdown", null);
    this.notify("exit", null);
    await exited;
  }
}
