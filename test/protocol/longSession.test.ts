// A long editing session over the real protocol (issue 10): thousands of incremental edits to a real
// document (typed character by character, deleted, pasted, undone and redone, syntax broken and
// repaired, fix-all applied as on save), with hovers, completions, code actions, code lenses and
// outlines in flight between them, several at once. Every request must be answered, every range must
// lie inside the document as it was at that version, published versions must never go backwards, the
// last result must equal what a fresh server says of the final text, and the server's memory must stay
// bounded. Seeded, so a failure repeats; no timing assertions (speed is `npm run bench`'s business).
// GEN_LONG_SESSION_EDITS=30000 runs a longer session, GEN_LONG_SESSION_REPORT=1 prints what it did (requests,
// errors, slowest answers, memory), GEN_LONG_SESSION_TRACE=file writes every didChange and the text after it.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as util from "util";
import { LspClient, Message, repoRoot } from "./lspClient";

/** didChange notifications in the session (GEN_LONG_SESSION_EDITS for a longer one). */
const EDITS = Number(process.env.GEN_LONG_SESSION_EDITS ?? 3000);
const SEED = 20261210;
/** Requests sent and not yet answered before the client waits for the oldest. */
const IN_FLIGHT = 8;
/** The memory the server may gain between the warm-up and the end of the session (resident set, /proc). */
const MAX_GROWTH_MB = 150;
/** JSON-RPC errors a server may answer a superseded request with. */
const REQUEST_CANCELLED = -32800;
const CONTENT_MODIFIED = -32801;

interface Position { line: number; character: number }
interface Range { start: Position; end: Position }
/** One replacement as applied to the client's copy: offsets in the text before it. */
interface Applied { start: number; removed: string; inserted: string }
/** What one undo takes back; `breaks` when it is typing at random, which is undone a few actions later. */
interface Group { edits: Applied[]; breaks: boolean }
interface Replacement { start: number; end: number; text: string }

/** A version of the text with LSP positions: UTF-16 code units; a line ends at \n, \r\n or \r. */
class Lines {
  readonly starts: number[] = [0];
  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 && text.charCodeAt(i + 1) === 10) this.starts.push(++i + 1);
      else if (c === 10 || c === 13) this.starts.push(i + 1);
    }
  }

  /** Where `line`'s content ends, before its line break. */
  contentEnd(line: number): number {
    let end = line + 1 < this.starts.length ? this.starts[line + 1] : this.text.length;
    while (end > this.starts[line] && (this.text[end - 1] === "\n" || this.text[end - 1] === "\r")) end--;
    return end;
  }

  positionAt(offset: number): Position {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: offset - this.starts[low] };
  }

  offsetAt(position: Position): number {
    const line = Math.min(position.line, this.starts.length - 1);
    return Math.min(this.starts[line] + position.character, this.contentEnd(line));
  }

  inside(position: Position): boolean {
    const { line, character } = position;
    return Number.isInteger(line) && Number.isInteger(character) && line >= 0 && line < this.starts.length && character >= 0 &&
      this.starts[line] + character <= this.contentEnd(line);
  }

  /** Moves an offset off the middle of a \r\n or of a surrogate pair, where no editor puts a cursor. */
  snap(offset: number): number {
    const at = Math.max(0, Math.min(offset, this.text.length));
    const before = this.text.charCodeAt(at - 1);
    const after = this.text.charCodeAt(at);
    if (before === 13 && after === 10) return at - 1;
    if (before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff) return at - 1;
    return at;
  }
}

/** mulberry32: small, seeded, the same on every machine. */
function randomFrom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, chance: (p: number) => next() < p, pick: <T>(items: readonly T[]): T => items[int(items.length)] };
}

/** Every `{start, end}` of positions in a result, however deep (hover, text edits, diagnostics, symbols, lenses). */
function rangesIn(value: unknown, found: Range[] = []): Range[] {
  if (!value || typeof value !== "object") return found;
  const isPosition = (p: any) => p && typeof p.line === "number" && typeof p.character === "number";
  const candidate = value as any;
  if (isPosition(candidate.start) && isPosition(candidate.end)) found.push(candidate);
  for (const child of Object.values(value)) rangesIn(child, found);
  return found;
}

const before = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.character <= b.character);

/** The resident set of a process in MB, or undefined where there is no /proc. */
function residentMb(pid: number | undefined): number | undefined {
  if (pid === undefined || !fs.existsSync(`/proc/${pid}/status`)) return undefined;
  const kb = /VmRSS:\s+(\d+)\s+kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  return kb === undefined ? undefined : Number(kb) / 1024;
}

// What the session types and pastes: the language's own words, and text that is not ASCII.
const stageLines = [
  (n: number) => `  image still_${n} { model: photon-flash-1 prompt: "café au lait ☕ on the boardwalk" aspect: 16:9 }`,
  (n: number) => `  video clip_${n} { model: ray-flash-2 start: look_frame duration: 5s resolution: 540p }`,
  (n: number) => `  upscale sharp_${n} { from: intro model: topaz-proteus resolution: 1080p }`,
  (n: number) => `  audio voice_${n} { kind: voiceover model: eleven-flash-v2.5 text: "夜の海 🌊, naïve" over: cut }`,
  (n: number) => `  reframe tall_${n} { from: outro aspect: 9:16 model: ray-3.2-reframe }`,
];
const propertyLines = ["duration: 9s", "count: 3", "audio: on", "resolution: 1080p", 'negative: "blur 🌸"', "retries: 2", "model: rya-2", "final { resolution: 4k }"];
const values = ["ray-2", "kling-v3", "ray-flash-2", "photon-flash-1", "10s", "720p", "16:9", "look_frame", "perfomer"];
const blocks = [
  (n: number) => `  // pasted ✂️\n  image paste_${n} {\n    model: flux-2-pro\n    prompt: "the same boardwalk, at dawn 🌅"\n    aspect: 9:16\n  }\n`,
  (n: number) => `  video shot_${n} {\r\n    model: kling-v3\r\n    prompt: "waves on the pier"\r\n    duration: 5s\r\n    resolution: 1080p\r\n    audio: on\r\n  }\r\n`,
  (n: number) => `pipeline "encore-${n}" {\n  brief { goal: "a 5 s sting — Ünïcödé title" }\n  budget: 50 credits\n  image card { model: photon-flash-1 prompt: "neon title card" }\n  output card\n}\n`,
  () => `use "presets/brand.gen"\n`,
];

interface Sent {
  method: string;
  /** The method, or "fix-all" for a code action request of that kind only. */
  label: string;
  version: number;
  lines: Lines;
  sentAt: number;
  answer?: Message;
  answeredAt?: number;
  response: Promise<void>;
}

/** The client side of the session: its copy of the text, its version, its undo history and its requests in flight. */
class Session {
  lines: Lines;
  version = 1;
  readonly sent: Sent[] = [];
  /** Problems found on the way, asserted empty at the end (an assertion inside a callback would be lost). */
  readonly problems: string[] = [];
  /** The text of each version a publish may still be for. */
  readonly versions = new Map<number, Lines>();
  lastPublished = 0;
  publishes = 0;
  edits = 0;
  private undo: Group[] = [];
  private redo: Group[] = [];
  /** Actions left before the edits that broke the syntax are undone; undefined while nothing is broken. */
  private repairIn: number | undefined;
  private names = 0;
  readonly random = randomFrom(SEED);

  constructor(readonly client: LspClient, readonly uri: string, text: string) {
    this.lines = new Lines(text);
    this.versions.set(1, this.lines);
    client.onNotification = (message) => this.received(message);
    client.notify("textDocument/didOpen", { textDocument: { uri, languageId: "gen", version: 1, text } });
  }

  get text(): string {
    return this.lines.text;
  }

  private received(message: Message): void {
    if (message.method === "window/logMessage" && message.params.type === 1) this.problems.push(`the server logged an error: ${message.params.message}`);
    if (message.method !== "textDocument/publishDiagnostics" || message.params.uri !== this.uri) return;
    const { version, diagnostics } = message.params;
    this.publishes++;
    if (typeof version !== "number") return void this.problems.push("diagnostics published without a version");
    if (version < this.lastPublished) this.problems.push(`diagnostics for version ${version} published after those for ${this.lastPublished}`);
    const lines = this.versions.get(version);
    if (lines) this.checkRanges(`diagnostics of version ${version}`, diagnostics, lines);
    else if (version >= this.lastPublished) this.problems.push(`diagnostics for version ${version}, which the client never sent`);
    this.lastPublished = Math.max(this.lastPublished, version);
    for (const old of this.versions.keys()) if (old < this.lastPublished) this.versions.delete(old);
  }

  private checkRanges(what: string, result: unknown, lines: Lines): void {
    for (const range of rangesIn(result)) {
      if (!lines.inside(range.start) || !lines.inside(range.end) || !before(range.start, range.end)) {
        const line = (n: number) => (n >= 0 && n < lines.starts.length ? JSON.stringify(lines.text.slice(lines.starts[n], lines.contentEnd(n))) : "no such line");
        this.problems.push(`${what}: range ${JSON.stringify(range)} is not inside the document (${lines.starts.length} lines; line ${range.start.line}: ${line(range.start.line)}, line ${range.end.line}: ${line(range.end.line)})`);
        return;
      }
    }
  }

  /** One didChange of one or more replacements, each in the text the previous ones left (as LSP applies them). */
  change(replacements: Replacement[]): Applied[] {
    const applied: Applied[] = [];
    const contentChanges = replacements.map(({ start, end, text }) => {
      // No position in LSP lies between \r and \n: an edit there would be read elsewhere by the server.
      assert.ok(this.lines.snap(start) === start && this.lines.snap(end) === end, `the session's own edit at ${start}-${end} splits a line break or a character`);
      const range = { start: this.lines.positionAt(start), end: this.lines.positionAt(end) };
      applied.push({ start, removed: this.text.slice(start, end), inserted: text });
      this.lines = new Lines(this.text.slice(0, start) + text + this.text.slice(end));
      return { range, text };
    });
    this.send(contentChanges);
    return applied;
  }

  /** A change without a range: the whole text at once, which a client may send at any time. */
  replaceAll(text: string): Applied[] {
    const applied = [{ start: 0, removed: this.text, inserted: text }];
    this.lines = new Lines(text);
    this.send([{ text }]);
    return applied;
  }

  private send(contentChanges: unknown[]): void {
    this.version++;
    this.edits++;
    this.versions.set(this.version, this.lines);
    this.client.notify("textDocument/didChange", { textDocument: { uri: this.uri, version: this.version }, contentChanges });
    if (process.env.GEN_LONG_SESSION_TRACE) fs.appendFileSync(process.env.GEN_LONG_SESSION_TRACE, JSON.stringify({ version: this.version, contentChanges, text: this.text }) + "\n");
  }

  /** Sends a request now and checks its answer when it comes; `cancel` also sends `$/cancelRequest` at once, as editors do. */
  request(method: string, params: object, cancel = false): Sent {
    const { id, response } = this.client.requestMessage(method, { textDocument: { uri: this.uri }, ...params });
    if (cancel) this.client.notify("$/cancelRequest", { id });
    const label = (params as { context?: { only?: string[] } }).context?.only ? "fix-all" : method;
    const sent: Sent = { method, label, version: this.version, lines: this.lines, sentAt: Date.now(), response: undefined as unknown as Promise<void> };
    sent.response = response.then((answer) => {
      sent.answer = answer;
      sent.answeredAt = Date.now();
      const what = `${method} at version ${sent.version}`;
      if (answer.error) {
        if (answer.error.code !== REQUEST_CANCELLED && answer.error.code !== CONTENT_MODIFIED) this.problems.push(`${what}: error ${answer.error.code} ${answer.error.message}`);
        return;
      }
      this.checkRanges(what, answer.result, sent.lines);
      if (method === "textDocument/codeAction") {
        for (const action of answer.result ?? []) {
          const uris = Object.keys(action.edit?.changes ?? {});
          if (uris.some((u) => u !== this.uri)) this.problems.push(`${what}: an edit to another document: ${uris.join(", ")}`);
        }
      }
    });
    this.sent.push(sent);
    return sent;
  }

  /** Waits until no more than `limit` requests are unanswered, oldest first. */
  async drain(limit = IN_FLIGHT): Promise<void> {
    while (this.sent.length - this.oldestUnanswered > limit) {
      const oldest = this.sent[this.oldestUnanswered];
      if (!oldest.answer) await oldest.response;
      this.oldestUnanswered++;
    }
  }

  private oldestUnanswered = 0;

  // Offsets and positions the session works at.

  randomOffset(): number {
    return this.lines.snap(this.random.int(this.text.length + 1));
  }

  position(offset: number): Position {
    return this.lines.positionAt(offset);
  }

  /** Offsets of line starts whose line matches `pattern`. */
  linesMatching(pattern: RegExp): number[] {
    return this.lines.starts.filter((start, line) => pattern.test(this.text.slice(start, this.lines.contentEnd(line))));
  }

  // Requests, as an editor sends them while the user types.

  someRequests(cursor: number): void {
    const { random } = this;
    const count = random.int(4);
    for (let i = 0; i < count; i++) {
      const at = random.chance(0.5) ? cursor : this.randomOffset();
      const kind = random.int(10);
      const cancel = random.chance(0.1);
      if (kind <= 2) this.request("textDocument/hover", { position: this.position(at) }, cancel);
      else if (kind <= 4) this.request("textDocument/completion", { position: this.position(at), context: { triggerKind: 1 } }, cancel);
      else if (kind === 5) {
        const end = this.lines.snap(at + random.int(200));
        this.request("textDocument/codeAction", { range: { start: this.position(at), end: this.position(end) }, context: { diagnostics: [] } }, cancel);
      } else if (kind === 6) {
        this.request("textDocument/codeAction", { range: { start: this.position(0), end: this.position(0) }, context: { diagnostics: [], only: ["source.fixAll.gen"] } }, cancel);
      } else if (kind === 7 || kind === 8) this.request("textDocument/codeLens", {}, cancel);
      else this.request("textDocument/documentSymbol", {}, cancel);
    }
  }

  // Edits, each an undo group.

  /** Types `text` a keystroke at a time (a code point, or Enter's \r\n); a completion after a trigger character, sometimes a hover. */
  type(at: number, text: string): Applied[] {
    const group: Applied[] = [];
    let cursor = at;
    for (const [char] of text.matchAll(/\r\n|./gsu)) {
      group.push(...this.change([{ start: cursor, end: cursor, text: char }]));
      cursor += char.length;
      if ((char === ":" || char === " ") && this.random.chance(0.3)) {
        this.request("textDocument/completion", { position: this.position(cursor), context: { triggerKind: 2, triggerCharacter: char } }, this.random.chance(0.3));
      } else if (this.random.chance(0.05)) this.request("textDocument/hover", { position: this.position(cursor) });
    }
    return group;
  }

  /** Deletes up to `count` characters before `at`, one keystroke each (a surrogate pair or a \r\n at once). */
  backspace(at: number, count: number): Applied[] {
    const group: Applied[] = [];
    let cursor = at;
    for (let i = 0; i < count && cursor > 0; i++) {
      const start = this.lines.snap(cursor - 1);
      group.push(...this.change([{ start, end: cursor, text: "" }]));
      cursor = start;
    }
    return group;
  }

  newline(): string {
    return this.random.chance(0.25) ? "\r\n" : "\n";
  }

  /** A new stage, typed before a stage or the `output` line of a pipeline: the braces are open until its end. */
  typeStage(): Applied[] {
    const starts = this.linesMatching(/^\s+(image|video|keyframe|upscale|reframe|audio|sequence|output)\b/);
    if (starts.length === 0) return this.paste();
    return this.type(this.random.pick(starts), this.random.pick(stageLines)(++this.names) + this.newline());
  }

  /** A property typed on a new line after a property of a stage. */
  typeProperty(): Applied[] {
    const lines = this.lines.starts.map((_, line) => line).filter((line) => /^\s+(model|prompt|duration|resolution|aspect|start|from)\s*:/.test(this.text.slice(this.lines.starts[line], this.lines.contentEnd(line))));
    if (lines.length === 0) return this.type(this.randomOffset(), this.random.pick(propertyLines));
    const end = this.lines.contentEnd(this.random.pick(lines));
    return this.type(end, this.newline() + "    " + this.random.pick(propertyLines));
  }

  /** A value selected, deleted and typed anew: a model, a duration, a reference. */
  retypeValue(): Applied[] {
    const found = [...this.text.matchAll(/\b(model|duration|resolution|aspect|start|from|over): *([^\s}"]+)/g)];
    if (found.length === 0) return this.type(this.randomOffset(), this.random.pick(values));
    const match = this.random.pick(found);
    const start = match.index! + match[0].length - match[2].length;
    const group = this.change([{ start, end: start + match[2].length, text: "" }]);
    return [...group, ...this.type(start, this.random.pick(values))];
  }

  /** A whole stage deleted, from its line's start to the line that closes its braces. */
  deleteStage(): Applied[] {
    const starts = this.linesMatching(/^\s+(image|video|keyframe|upscale|reframe|audio|sequence)\s+\w+\s*\{/);
    if (starts.length === 0) return this.paste();
    const start = this.random.pick(starts);
    let depth = 0;
    for (let i = this.text.indexOf("{", start); i < this.text.length; i++) {
      if (this.text[i] === "{") depth++;
      else if (this.text[i] === "}" && --depth === 0) {
        const line = this.lines.positionAt(i).line;
        return this.change([{ start, end: line + 1 < this.lines.starts.length ? this.lines.starts[line + 1] : this.text.length, text: "" }]);
      }
    }
    return this.change([{ start, end: this.text.length, text: "" }]);
  }

  deleteLine(): Applied[] {
    const line = this.random.int(this.lines.starts.length);
    const start = this.lines.starts[line];
    const end = line + 1 < this.lines.starts.length ? this.lines.starts[line + 1] : this.text.length;
    return this.change([{ start, end, text: "" }]);
  }

  deleteSpan(max: number): Applied[] {
    const start = this.randomOffset();
    return this.change([{ start, end: this.lines.snap(start + 1 + this.random.int(max)), text: "" }]);
  }

  /** A block pasted at the start of a line, at once: a stage (some with CRLF), a pipeline, a `use`. */
  paste(): Applied[] {
    const block = this.random.pick(blocks)(++this.names);
    const at = block.startsWith("use") ? 0 : block.startsWith("pipeline") ? this.text.length : this.random.pick(this.lines.starts);
    return this.change([{ start: at, end: at, text: block }]);
  }

  /** The same text typed at two or three cursors: one didChange with several changes. */
  multiCursor(): Applied[] {
    const offsets = [this.randomOffset(), this.randomOffset(), this.randomOffset()].slice(0, 2 + this.random.int(2)).sort((a, b) => b - a);
    const text = this.random.pick(["x", "🌸", " ", "é", "//", "\t"]);
    return this.change(offsets.map((start) => ({ start, end: start, text })));
  }

  /** A `{`, `}`, `"` or `:` deleted, some typing elsewhere while the syntax is broken, then the character typed back. */
  breakAndRepair(): Applied[] {
    const marks = [...this.text.matchAll(/[{}":]/g)].map((m) => m.index!);
    if (marks.length === 0) return this.type(this.randomOffset(), "}");
    const at = this.random.pick(marks);
    const mark = this.text[at];
    const group = this.change([{ start: at, end: at + 1, text: "" }]);
    this.someRequests(at);
    const elsewhere = this.lines.snap(at + this.random.int(this.text.length - at + 1));
    group.push(...this.type(elsewhere, this.random.pick(values)));
    this.someRequests(elsewhere);
    group.push(...this.type(at, mark));
    return group;
  }

  /** Undo: the inverse of the last group, in one didChange of several changes. */
  undoLast(): void {
    const group = this.undo.pop();
    if (!group) return;
    this.change([...group.edits].reverse().map((a) => ({ start: a.start, end: a.start + a.inserted.length, text: a.removed })));
    this.redo.push(group);
  }

  redoLast(): void {
    const group = this.redo.pop();
    if (!group) return;
    this.change(group.edits.map((a) => ({ start: a.start, end: a.start + a.removed.length, text: a.inserted })));
    this.undo.push(group);
  }

  /** Remembers a group for undo (after a new edit, there is nothing to redo). */
  done(edits: Applied[], breaks = false): void {
    this.undo.push({ edits, breaks });
    if (this.undo.length > 200) this.undo.shift();
    this.redo = [];
  }

  /**
   * Typing at random leaves the syntax broken for good, which no session does for long: a few actions
   * after such edits, they are undone (one undo at a time, with what came after them), so the document
   * is mostly well formed, as while one works, and broken for stretches.
   */
  private repairLater(): void {
    if (!this.undo.some((group) => group.breaks)) this.repairIn = undefined;
    else if (this.repairIn === undefined) this.repairIn = this.random.int(4);
    else if (this.repairIn-- === 0) {
      while (this.undo.some((group) => group.breaks)) {
        this.undoLast();
        if (this.random.chance(0.3)) this.someRequests(this.randomOffset());
      }
      this.repairIn = undefined;
    }
  }

  /** Asks for fix-all and waits: its edits as replacements, last first, or undefined when there is nothing to fix. */
  async fixAllEdits(): Promise<Replacement[] | undefined> {
    const sent = this.request("textDocument/codeAction", { range: { start: this.position(0), end: this.position(0) }, context: { diagnostics: [], only: ["source.fixAll.gen"] } });
    await sent.response;
    const action = (sent.answer?.result ?? [])[0]; // none, or a cancelled or superseded request
    if (sent.version !== this.version || !action) return undefined;
    const edits: { range: Range; newText: string }[] = action.edit.changes[this.uri];
    // Edits of one WorkspaceEdit refer to the text before all of them: applied from the last to the first,
    // each change's positions still hold; inserts at one place keep their order.
    return edits.map((edit, index) => ({ edit, index, start: this.lines.offsetAt(edit.range.start), end: this.lines.offsetAt(edit.range.end) }))
      .sort((a, b) => b.start - a.start || b.index - a.index)
      .map(({ start, end, edit }) => ({ start, end, text: edit.newText }));
  }

  fixAllApplied = 0;

  /** Fix on save: applies fix-all's edits as one didChange; fix-all then has nothing left to change. */
  async fixAllNow(): Promise<void> {
    const edits = await this.fixAllEdits();
    if (!edits) return;
    this.done(this.change(edits));
    this.fixAllApplied++;
    const again = await this.fixAllEdits();
    const text = again?.reduce((text, { start, end, text: inserted }) => text.slice(0, start) + inserted + text.slice(end), this.text);
    if (text !== undefined && text !== this.text) this.problems.push(`version ${this.version}: fix-all after fix-all changes the text again: ${JSON.stringify(again).slice(0, 400)}`);
  }

  /** One thing the user does; its edits count towards EDITS. */
  async act(): Promise<void> {
    const { random } = this;
    const size = this.text.length / this.initialLength;
    const roll = random.int(100);
    // Edits that keep a well-formed document well formed (though not always meaningful: a reference may go)…
    if (size > 1.6 && roll < 50) this.done(this.deleteStage());
    else if (size < 0.5 && roll < 50) this.done(this.paste());
    else if (roll < 12) this.done(this.typeStage());
    else if (roll < 20) this.done(this.typeProperty());
    else if (roll < 30) this.done(this.retypeValue());
    else if (roll < 35) this.done(this.paste());
    else if (roll < 39) this.done(this.deleteStage());
    else if (roll < 40) this.done(this.replaceAll(random.chance(0.5) ? this.text + this.newline() : this.text.trimEnd()));
    else if (roll < 42) await this.fixAllNow();
    // …edits at random, undone a few actions later…
    else if (roll < 55) this.done(this.type(this.randomOffset(), random.pick([...values, ...propertyLines, "🌸", "{", "}", '"', "\n"])), true);
    else if (roll < 61) this.done(this.backspace(this.randomOffset(), 1 + random.int(12)), true);
    else if (roll < 65) this.done(this.deleteLine(), true);
    else if (roll < 69) this.done(this.deleteSpan(60), true);
    else if (roll < 73) this.done(this.multiCursor(), true);
    else if (roll < 80) this.done(this.breakAndRepair(), true);
    // …and undo and redo.
    else if (roll < 92) this.undoLast();
    else this.redoLast();
    this.repairLater();
    this.someRequests(this.randomOffset());
    await this.drain();
  }

  initialLength = 1;

  /**
   * Waits for the diagnostics of the current version, as when the user pauses, and compares them with
   * those of the `oracle`, a second server that opens the whole text afresh each time: the incremental
   * edits (and the checks that reuse the one before, analysis/incremental.ts) must leave the server where
   * a check from scratch does.
   */
  /** The last pause's version and what was published for it: `waitFor` takes the notification it finds. */
  private paused?: { version: number; published: { version: number; diagnostics: unknown[] } };

  async pause(): Promise<{ version: number; diagnostics: unknown[] }> {
    const version = this.version;
    // A second pause with no edit since (the loop paused on the session's last action): the same publish.
    if (this.paused?.version === version) return this.paused.published;
    const published = await this.client.waitFor("textDocument/publishDiagnostics", (p) => p.uri === this.uri && p.version === version, 20000);
    if (this.oracle) {
      // Closed and opened again: a check of the whole text from scratch, not from the version before.
      this.oracle.notify("textDocument/didClose", { textDocument: { uri: this.uri } });
      this.oracle.notify("textDocument/didOpen", { textDocument: { uri: this.uri, languageId: "gen", version, text: this.text } });
      const expected = await this.oracle.waitFor("textDocument/publishDiagnostics", (p) => p.uri === this.uri && p.version === version, 20000);
      if (!util.isDeepStrictEqual(published.diagnostics, expected.diagnostics)) {
        this.problems.push(`version ${version}: the diagnostics differ from those of the whole text: ${JSON.stringify(published.diagnostics).slice(0, 400)} against ${JSON.stringify(expected.diagnostics).slice(0, 400)}`);
      }
    }
    this.paused = { version, published };
    return published;
  }

  /** A second server, opened on the same text, for `pause` to compare with. */
  oracle?: LspClient;

  /** Waits for every request sent; fails, naming them, if some are not answered. */
  async answered(ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<"late">((resolve) => (timer = setTimeout(() => resolve("late"), ms)));
    const all = await Promise.race([Promise.all(this.sent.map((s) => s.response)), late]);
    clearTimeout(timer);
    const unanswered = this.sent.filter((s) => !s.answer);
    assert.ok(all !== "late" && unanswered.length === 0, `${unanswered.length} requests unanswered after ${ms} ms: ${unanswered.slice(0, 10).map((s) => `${s.method}@${s.version}`).join(", ")}`);
  }
}

/** What a server says of a document: the requests compared between the long session and a fresh server. */
async function describeDocument(client: LspClient, uri: string, lines: Lines): Promise<unknown> {
  const at = (offset: number) => lines.positionAt(lines.snap(offset));
  const probes = Array.from({ length: 24 }, (_, i) => Math.floor((lines.text.length * i) / 23));
  const ask = (method: string, params: object) => client.request(method, { textDocument: { uri }, ...params });
  return {
    symbols: await ask("textDocument/documentSymbol", {}),
    // The git lens comes when git has answered, in the background: a fresh server may not know it yet.
    lenses: (await ask("textDocument/codeLens", {})).filter((lens: any) => !/ vs HEAD$|^new since HEAD$/.test(lens.command.title)),
    fixAll: await ask("textDocument/codeAction", { range: { start: at(0), end: at(0) }, context: { diagnostics: [], only: ["source.fixAll.gen"] } }),
    actions: await ask("textDocument/codeAction", { range: { start: at(0), end: at(lines.text.length) }, context: { diagnostics: [] } }),
    hovers: await Promise.all(probes.map((offset) => ask("textDocument/hover", { position: at(offset) }))),
    completions: await Promise.all(probes.map((offset) => ask("textDocument/completion", { position: at(offset) }))),
  };
}

describe("a long editing session over the protocol", function () {
  // Generous, for a busy machine: the whole test takes about 3.5 s on a quiet 2-core one.
  this.timeout(60000);

  it(`answers every request through ${EDITS} incremental edits, ends where a fresh server starts, and keeps its memory bounded`, async () => {
    const started = Date.now();
    // A file beside the samples (never written): the git lens sees a new file, `use` reads samples/presets.
    const uri = `file://${path.join(repoRoot, "samples", "long-session.gen").split(path.sep).join("/")}`;
    // The biggest sample, its header comment in CRLF: line ends are mixed.
    const sample = fs.readFileSync(path.join(repoRoot, "samples", "music-video.gen"), "utf8");
    const header = sample.indexOf("\npipeline");
    const text = sample.slice(0, header).replace(/\n/g, "\r\n") + sample.slice(header);

    const client = new LspClient();
    const oracle = new LspClient();
    let fresh: LspClient | undefined;
    try {
      await client.initialize();
      await oracle.initialize();
      oracle.notify("textDocument/didOpen", { textDocument: { uri, languageId: "gen", version: 1, text } });
      const session = new Session(client, uri, text);
      session.oracle = oracle;
      session.initialLength = text.length;
      await session.pause();

      let warmMb: number | undefined;
      let peakMb = 0;
      let actions = 0;
      while (session.edits < EDITS) {
        await session.act();
        actions++;
        if (actions % 20 === 0) await session.pause(); // the user stops typing: the current version's diagnostics arrive
        if (actions % 50 === 0) await session.fixAllNow(); // and saves, with fix-all on save
        if (warmMb === undefined && session.edits >= 300) {
          await session.answered(20000);
          await session.pause();
          warmMb = residentMb(client.pid);
        }
        if (actions % 25 === 0) peakMb = Math.max(peakMb, residentMb(client.pid) ?? 0);
      }
      await session.answered(20000);
      // The last diagnostics, of the final text.
      const last = await session.pause();
      const endMb = residentMb(client.pid);
      assert.strictEqual(client.exited, false, "the server is alive");
      assert.deepStrictEqual(session.problems.slice(0, 10), [], `${session.problems.length} problems`);

      // The last diagnostics are those of the final text, as a fresh server sees it at once.
      const final = session.lines;
      const finalVersion = session.version;
      const longDescription = await describeDocument(client, uri, final);
      fresh = new LspClient();
      await fresh.initialize();
      fresh.notify("textDocument/didOpen", { textDocument: { uri, languageId: "gen", version: finalVersion, text: final.text } });
      const first = await fresh.waitFor("textDocument/publishDiagnostics", (p) => p.uri === uri);
      assert.deepStrictEqual(last.diagnostics, first.diagnostics, "the session's last diagnostics are a fresh server's");
      assert.deepStrictEqual(longDescription, await describeDocument(fresh, uri, final), "and so are its answers to every request");
      for (const range of rangesIn(longDescription)) assert.ok(final.inside(range.start) && final.inside(range.end), `inside the final text: ${JSON.stringify(range)}`);
      assert.deepStrictEqual(session.problems.slice(0, 10), [], `${session.problems.length} problems`);

      // Memory: the growth after the warm-up is bounded (skipped where /proc does not exist).
      if (warmMb !== undefined && endMb !== undefined) {
        assert.ok(endMb - warmMb < MAX_GROWTH_MB, `the server grew from ${warmMb.toFixed(0)} MB to ${endMb.toFixed(0)} MB`);
      }

      if (process.env.GEN_LONG_SESSION_REPORT) {
        const byMethod = new Map<string, { count: number; errors: Record<number, number>; slowestMs: number }>();
        for (const s of session.sent) {
          const entry = byMethod.get(s.label) ?? { count: 0, errors: {}, slowestMs: 0 };
          entry.count++;
          if (s.answer?.error) entry.errors[s.answer.error.code] = (entry.errors[s.answer.error.code] ?? 0) + 1;
          entry.slowestMs = Math.max(entry.slowestMs, (s.answeredAt ?? 0) - s.sentAt);
          byMethod.set(s.label, entry);
        }
        console.log(JSON.stringify({
          seconds: (Date.now() - started) / 1000, edits: session.edits, actions, finalLength: final.text.length, finalLines: final.starts.length,
          publishes: session.publishes, fixAllApplied: session.fixAllApplied, finalDiagnostics: last.diagnostics.length, warmMb, peakMb, endMb, requests: Object.fromEntries(byMethod),
        }, null, 1));
      }
    } finally {
      await fresh?.stop();
      await oracle.stop();
      await client.stop();
    }
  });
});
