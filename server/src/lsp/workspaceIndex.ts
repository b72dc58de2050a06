// The workspace index: every .gen file of the workspace folders, summarised (service/fileSummary.ts: its
// pipelines, stages, presets and `use` paths), found by a scan at start and kept current from file events
// and the open documents' text (which wins over the disk). It answers `workspace/symbol` and tells
// navigation which files `use` a file, directly or not, so references and rename reach files never opened.
//
// The scan never holds the server for long: folders are listed and files read with fs.promises, one file
// at a time, and a turn of the event loop is given back after each file. What is skipped and capped:
// - folders named `node_modules`, folders whose name starts with `.` (`.git`, `.vscode`…), and folders the
//   `.gitignore` at the root of a workspace folder names (see `gitignoreFolders`; read once, at the scan);
// - symbolic links, to files and to folders alike (a link could lead out of the workspace or make a cycle),
//   and, for a file event, a path that passes through one;
// - files larger than MAX_FILE_BYTES, anything not a regular file (a FIFO, a device), unreadable files;
// - past MAX_FILES files or MAX_TOTAL_BYTES read together, the rest (said once in the log).
import * as fs from "fs";
import * as path from "path";
import { CancellationToken, FileChangeType, SymbolInformation, SymbolKind } from "vscode-languageserver/node";
import { isInside } from "../host/configFile";
import { MAX_FILE_BYTES, readRegularFileAsync } from "../host/readFile";
import { LineIndex } from "../parser/lineIndex";
import { FileSummary, summarize } from "../service/fileSummary";
import { fuzzyFilter } from "../service/fuzzy";
import { cancelled } from "./slices";
import { pathToUri } from "./documents";

export const MAX_FILES = 10_000;
export const MAX_TOTAL_BYTES = 200 * 1024 * 1024;
/** The most workspace symbols one query answers. */
export const MAX_SYMBOLS = 200;

type Range = { start: { line: number; character: number }; end: { line: number; character: number } };

interface IndexedSymbol {
  name: string;
  kind: "pipeline" | "stage" | "preset";
  /** A stage's pipeline. */
  container?: string;
  uri: string;
  range: Range;
}

interface Entry {
  symbols: IndexedSymbol[];
  /** The `use`d files, resolved against the file's folder as the analysis (host/useHost.ts) resolves them. */
  uses: string[];
  bytes: number;
}

export interface IndexOptions {
  /** The editor's text of an open file (it wins over the disk). */
  openText(filePath: string): string | undefined;
  /** The paths of the open documents. */
  openPaths(): Iterable<string>;
  log(message: string): void;
  maxFiles?: number;
  maxTotalBytes?: number;
}

/** A file's entry: its summary's names with their ranges, and its `use` paths. */
function entryOf(file: string, text: string): Entry {
  const summary: FileSummary = summarize(text);
  const lines = new LineIndex(text);
  const uri = pathToUri(file);
  const range = (span: { start: number; end: number }) => ({ start: lines.positionAt(span.start), end: lines.positionAt(span.end) });
  const symbols: IndexedSymbol[] = [
    ...summary.pipelines.map((p) => ({ name: p.name, kind: "pipeline" as const, uri, range: range(p.span) })),
    ...summary.stages.map((s) => ({ name: s.name, kind: "stage" as const, container: s.pipeline || undefined, uri, range: range(s.span) })),
    ...summary.presets.map((p) => ({ name: p.name, kind: "preset" as const, uri, range: range(p.span) })),
  ];
  return { symbols, uses: summary.uses.map((written) => path.resolve(path.dirname(file), written)), bytes: Buffer.byteLength(text) };
}

/** One `.gitignore` line the index honours: a folder name (`build`, `dist/`, `tmp-*`) anywhere, or a folder path from the root (`/out`, `docs/site`). */
interface FolderPattern {
  /** Matched against the folder's path from the root, segment by segment; else against any folder's name. */
  anchored: boolean;
  segments: RegExp[];
}

const glob = (segment: string) => new RegExp(`^${segment.replace(/[.+^${}()|\\]/g, "\\$&").replace(/\*/g, "[^/]*").replace(/\?/g, "[^/]")}$`);

/**
 * The folder patterns of a `.gitignore` that are simple to honour: lines of names and `/`-separated paths
 * with `*` and `?`. Comments, negations (`!keep`), `**`, character classes (`[abc]`) and escapes are left
 * out, so a folder they alone name is indexed. Every kept pattern is applied to folders only.
 */
export function gitignoreFolders(text: string): FolderPattern[] {
  const patterns: FolderPattern[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith("#") || line.startsWith("!") || /\*\*|[[\]\\]/.test(line)) continue;
    const body = line.replace(/\/+$/, "");
    const anchored = body.includes("/");
    const segments = body.replace(/^\//, "").split("/");
    if (segments.some((s) => s === "" || s === "." || s === "..")) continue;
    patterns.push({ anchored, segments: segments.map(glob) });
  }
  return patterns;
}

/** Whether a folder (its path from the workspace folder, `/`-separated) is one the index skips. */
export function skippedFolder(relative: string, patterns: FolderPattern[]): boolean {
  const segments = relative.split("/");
  const name = segments[segments.length - 1];
  if (name === "node_modules" || name.startsWith(".")) return true;
  return patterns.some((p) => (p.anchored ? p.segments.length === segments.length && p.segments.every((s, i) => s.test(segments[i])) : p.segments[0].test(name)));
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export class WorkspaceIndex {
  private folders: string[] = [];
  private readonly disk = new Map<string, Entry>();
  /** Summaries of open documents, by path, with the text they are of. */
  private readonly open = new Map<string, { text: string; entry: Entry | undefined }>();
  private readonly ignores = new Map<string, FolderPattern[]>();
  /** Bumped for a path each time it is to be read again: a read that finishes late is dropped. */
  private readonly generations = new Map<string, number>();
  private readonly work = new Set<Promise<void>>();
  private totalBytes = 0;
  private readonly said = new Set<string>();
  private readonly maxFiles: number;
  private readonly maxTotalBytes: number;

  constructor(private readonly options: IndexOptions) {
    this.maxFiles = options.maxFiles ?? MAX_FILES;
    this.maxTotalBytes = options.maxTotalBytes ?? MAX_TOTAL_BYTES;
  }

  /** The workspace folders now: new ones are scanned, the files of removed ones forgotten. */
  setFolders(folders: string[]): void {
    const before = this.folders;
    this.folders = [...folders];
    for (const gone of before.filter((f) => !folders.includes(f))) {
      this.ignores.delete(gone);
      for (const file of [...this.disk.keys()]) if (isInside(gone, file) && !this.folderOf(file)) this.forget(file);
    }
    for (const added of folders.filter((f) => !before.includes(f))) this.track(this.scan(added));
  }

  /** A `workspace/didChangeWatchedFiles` change: the file (or, when deleted, the folder) is read again or forgotten. */
  fileChanged(filePath: string, type: FileChangeType): void {
    if (type === FileChangeType.Deleted) {
      this.generations.set(filePath, (this.generations.get(filePath) ?? 0) + 1);
      for (const file of [...this.disk.keys()]) if (file === filePath || isInside(filePath, file)) this.forget(file);
      return;
    }
    if (!filePath.endsWith(".gen") || !this.indexable(filePath)) return;
    this.track(this.refresh(filePath, true));
  }

  /** Waits until the scans and file reads under way are done; a request cancelled meanwhile stops waiting. */
  async settled(token?: CancellationToken): Promise<void> {
    if (this.work.size === 0) return;
    let listener: { dispose(): void } | undefined;
    const stop = new Promise<void>((resolve) => (listener = token?.onCancellationRequested(() => resolve())));
    try {
      while (this.work.size > 0) {
        await Promise.race([Promise.all([...this.work]), stop]);
        if (token?.isCancellationRequested) throw cancelled();
      }
    } finally {
      listener?.dispose();
    }
  }

  /** The symbols whose name matches `query` (fuzzily), best first, at most MAX_SYMBOLS. */
  async symbols(query: string, token?: CancellationToken): Promise<SymbolInformation[]> {
    await this.settled(token);
    const all: IndexedSymbol[] = [];
    for (const entry of this.entries().values()) for (const symbol of entry.symbols) all.push(symbol);
    const kinds = { pipeline: SymbolKind.Module, stage: SymbolKind.Function, preset: SymbolKind.Struct };
    return fuzzyFilter(query, all, (s) => s.name, MAX_SYMBOLS).map((symbol) => ({
      name: symbol.name,
      kind: kinds[symbol.kind],
      location: { uri: symbol.uri, range: symbol.range },
      ...(symbol.container ? { containerName: symbol.container } : {}),
    }));
  }

  /** The indexed files that `use` `filePath`, directly or through others, sorted. */
  async usersOf(filePath: string, token?: CancellationToken): Promise<string[]> {
    await this.settled(token);
    const usedBy = new Map<string, string[]>();
    for (const [file, entry] of this.entries()) {
      for (const target of entry.uses) {
        const users = usedBy.get(target);
        if (users) users.push(file);
        else usedBy.set(target, [file]);
      }
    }
    const found = new Set<string>([filePath]);
    const queue = [filePath];
    for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
      for (const user of usedBy.get(next) ?? []) {
        if (!found.has(user)) {
          found.add(user);
          queue.push(user);
        }
      }
    }
    found.delete(filePath);
    return [...found].sort();
  }

  /** The indexed files at or under one of `paths` (files or folders), and those with a `use` line naming a file that is. */
  async filesTouchedBy(paths: string[], token?: CancellationToken): Promise<string[]> {
    await this.settled(token);
    const touched = (file: string) => paths.some((p) => isInside(p, file));
    const found: string[] = [];
    for (const [file, entry] of this.entries()) if (touched(file) || entry.uses.some(touched)) found.push(file);
    return found.sort();
  }

  /** The summaries of the indexed files, an open document's text winning over the disk. */
  private entries(): Map<string, Entry> {
    const entries = new Map(this.disk);
    const open = new Set<string>();
    for (const file of this.options.openPaths()) {
      if (!file.endsWith(".gen") || !this.indexable(file)) continue;
      const text = this.options.openText(file);
      if (text === undefined) continue;
      open.add(file);
      let cached = this.open.get(file);
      if (cached?.text !== text) {
        cached = { text, entry: Buffer.byteLength(text) <= MAX_FILE_BYTES ? entryOf(file, text) : undefined };
        this.open.set(file, cached);
      }
      if (cached.entry) entries.set(file, cached.entry);
      else entries.delete(file);
    }
    for (const file of [...this.open.keys()]) if (!open.has(file)) this.open.delete(file);
    return entries;
  }

  private track(work: Promise<void>): void {
    const done = work.catch((error) => this.options.log(`workspace index: ${error instanceof Error ? error.stack ?? error.message : String(error)}`)).finally(() => this.work.delete(done));
    this.work.add(done);
  }

  /** The workspace folder a file is indexed under (the outer one when folders nest), if any. */
  private folderOf(file: string): string | undefined {
    const holding = this.folders.filter((f) => isInside(f, file));
    return holding.sort((a, b) => a.length - b.length)[0];
  }

  /** Whether a file's path lies in a workspace folder and in no skipped folder. */
  private indexable(file: string): boolean {
    const folder = this.folderOf(file);
    if (!folder || file === folder) return false;
    const parts = path.relative(folder, file).split(path.sep).slice(0, -1);
    const patterns = this.ignores.get(folder) ?? [];
    return parts.every((_, i) => !skippedFolder(parts.slice(0, i + 1).join("/"), patterns));
  }

  private forget(file: string): void {
    const entry = this.disk.get(file);
    if (entry) this.totalBytes -= entry.bytes;
    this.disk.delete(file);
  }

  /** Says something once per kind (caps reached), not once per file. */
  private sayOnce(key: string, message: string): void {
    if (this.said.has(key)) return;
    this.said.add(key);
    this.options.log(message);
  }

  /** Reads a file and keeps its summary; `checkLinks` refuses a path through a symbolic link (a scan never takes one). */
  private async refresh(file: string, checkLinks: boolean): Promise<void> {
    const generation = (this.generations.get(file) ?? 0) + 1;
    this.generations.set(file, generation);
    if (!this.disk.has(file) && this.disk.size >= this.maxFiles) {
      this.sayOnce("files", `workspace index: ${this.maxFiles} files indexed, the most it holds: the other .gen files are not searched`);
      return;
    }
    if (checkLinks) {
      const folder = this.folderOf(file);
      const real = await fs.promises.realpath(file).catch(() => undefined);
      const realFolder = folder && (await fs.promises.realpath(folder).catch(() => undefined));
      if (this.generations.get(file) !== generation) return;
      if (!real || !realFolder || real !== path.join(realFolder, path.relative(folder, file))) {
        this.forget(file); // gone, or reached through a symbolic link: not indexed
        return;
      }
    }
    const read = await readRegularFileAsync(file);
    if (this.generations.get(file) !== generation || !this.folderOf(file)) return;
    if (!read.ok) {
      this.forget(file);
      return;
    }
    const bytes = read.stat.size;
    const before = this.disk.get(file)?.bytes ?? 0;
    if (this.totalBytes - before + bytes > this.maxTotalBytes) {
      this.sayOnce("bytes", `workspace index: the .gen files read pass ${this.maxTotalBytes / (1024 * 1024)} MB together, the most it reads: the others are not searched`);
      this.forget(file);
      return;
    }
    this.forget(file);
    const entry = entryOf(file, read.text);
    this.disk.set(file, entry);
    this.totalBytes += entry.bytes;
  }

  /** Lists a workspace folder depth first, reading each .gen file; stops when the folder is removed. */
  private async scan(folder: string): Promise<void> {
    const gitignore = await readRegularFileAsync(path.join(folder, ".gitignore"), 1024 * 1024);
    const patterns = gitignore.ok ? gitignoreFolders(gitignore.text) : [];
    if (!this.folders.includes(folder)) return;
    this.ignores.set(folder, patterns);
    const stack = [folder];
    for (let dir = stack.pop(); dir !== undefined; dir = stack.pop()) {
      let entries: fs.Dirent[];
      try {
        entries = await fs.promises.readdir(dir, { withFileTypes: true });
      } catch (error) {
        // An unreadable folder is left out; the rest is indexed.
        this.options.log(`workspace index: cannot list ${dir}: ${(error as NodeJS.ErrnoException).code ?? String(error)}; its files are not indexed`);
        continue;
      }
      if (!this.folders.includes(folder)) return;
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const entry of entries) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          if (!skippedFolder(path.relative(folder, full).split(path.sep).join("/"), patterns)) stack.push(full);
        } else if (entry.isFile() && entry.name.endsWith(".gen")) {
          if (this.folderOf(full) !== folder) continue; // in a nested workspace folder: the outer folder's scan reads it
          if (this.disk.size >= this.maxFiles && !this.disk.has(full)) {
            this.sayOnce("files", `workspace index: ${this.maxFiles} files indexed, the most it holds: the other .gen files are not searched`);
            return;
          }
          await this.refresh(full, false);
          await nextTurn();
          if (!this.folders.includes(folder)) return;
        }
      }
    }
  }
}
