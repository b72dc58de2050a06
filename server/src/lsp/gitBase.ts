// A file's text at a git revision, for the "+12 credits vs HEAD" code lens. Read with git itself, run
// asynchronously (a slow repository never holds up the server), and remembered: the revision a ref
// names briefly (a commit moves HEAD), a file's text at a commit for as long as it is asked for.
import { execFile } from "child_process";
import * as path from "path";

/** How long the commit a ref names, and the repository a folder is in, are trusted before git is asked again. */
const FRESH_MS = 10_000;
/** Texts remembered at once; the oldest asked for is forgotten first. */
const MAX_TEXTS = 64;
/** A slow repository gets this long; after it, the lens shows no cost change. */
const GIT_TIMEOUT_MS = 5000;
/** A base larger than this is not read (the editor would not check such a file either). */
const MAX_BASE_BYTES = 5 * 1024 * 1024;

export type BaseText =
  | { state: "outside" } // not in a git repository, or the revision is unknown: show nothing
  | { state: "new" } // in a repository, but not at the revision
  | { state: "found"; text: string };

interface Fresh<T> {
  at: number;
  value: Promise<T>;
}

export class GitBase {
  /** Folder → the repository's root, or undefined outside one. */
  private readonly roots = new Map<string, Fresh<string | undefined>>();
  /** Root and ref → the commit it names, or undefined when it names none. */
  private readonly commits = new Map<string, Fresh<string | undefined>>();
  /** Commit and path → the file's text there; a commit never changes, so neither does this. */
  private readonly texts = new Map<string, Promise<BaseText>>();
  /** Answers known now, by file and ref, for `known`. */
  private readonly answers = new Map<string, BaseText>();

  /** The answer for this file and ref as of the last time it was read, without waiting; undefined before that. */
  known(filePath: string, ref: string): BaseText | undefined {
    return this.answers.get(`${ref}\0${filePath}`);
  }

  /** The file's text at `ref`. Never rejects. */
  async read(filePath: string, ref: string): Promise<BaseText> {
    const base = await this.ask(filePath, ref).catch((): BaseText => ({ state: "outside" }));
    this.answers.set(`${ref}\0${filePath}`, base);
    return base;
  }

  private async ask(filePath: string, ref: string): Promise<BaseText> {
    const folder = path.dirname(filePath);
    const root = await fresh(this.roots, folder, () => git(folder, ["rev-parse", "--show-toplevel"]).then((out) => out?.trim()));
    if (!root) return { state: "outside" };
    const commit = await fresh(this.commits, `${root}\0${ref}`, () =>
      git(root, ["rev-parse", "--verify", "--quiet", "--end-of-options", `${ref}^{commit}`]).then((out) => out?.trim()));
    if (!commit) return { state: "outside" };
    const relative = path.relative(root, filePath).split(path.sep).join("/");
    const key = `${commit}:${relative}`;
    let text = this.texts.get(key);
    if (text) this.texts.delete(key); // re-inserted below: the map's order is the order last asked
    else text = git(root, ["cat-file", "blob", key]).then((out): BaseText => (out === undefined ? { state: "new" } : { state: "found", text: out }));
    this.texts.set(key, text);
    if (this.texts.size > MAX_TEXTS) this.texts.delete(this.texts.keys().next().value as string);
    return text;
  }
}

/** The remembered value while fresh, or a new one from `get`. */
function fresh<T>(cache: Map<string, Fresh<T>>, key: string, get: () => Promise<T>): Promise<T> {
  const cached = cache.get(key);
  if (cached && Date.now() - cached.at < FRESH_MS) return cached.value;
  const value = get();
  cache.set(key, { at: Date.now(), value });
  if (cache.size > MAX_TEXTS) cache.delete(cache.keys().next().value as string);
  return value;
}

/** Git's output, or undefined when it fails, times out or says too much. */
function git(cwd: string, args: string[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile("git", args, { cwd, encoding: "utf8", timeout: GIT_TIMEOUT_MS, maxBuffer: MAX_BASE_BYTES, windowsHide: true }, (error, stdout) =>
      resolve(error ? undefined : stdout));
  });
}
