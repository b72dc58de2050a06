// When `.gen` files or folders are renamed or moved: the edits that keep every `use "…"` line naming the
// file it named. A file that `use`s a moved file gets the path from its folder to the new place; a moved
// file (or one inside a moved folder) gets its relative `use` lines rewritten so they resolve from its new
// folder. An edit replaces the text between the quotes only, so the quotes, the rest of the line and every
// other line keep their bytes. Paths go through `PathOps` (node's `path` in the server): no IO here.
import type { StringValue } from "../parser/ast";
import { parse } from "../parser/parse";
import type { TextEdit } from "../rules/rule";

/** The path functions used: node's `path` (or `path.posix`, `path.win32`) is one. */
export interface PathOps {
  resolve(...paths: string[]): string;
  dirname(path: string): string;
  relative(from: string, to: string): string;
  isAbsolute(path: string): boolean;
  sep: string;
}

/** A file or folder renamed or moved, by absolute path. */
export interface FileMove {
  from: string;
  to: string;
}

export interface UseFile {
  path: string;
  text: string;
}

/** A file's edits (on `text`, the text they were computed on), by its path before the moves. */
export interface UseEdits extends UseFile {
  edits: TextEdit[];
}

export interface MoveOptions {
  /**
   * Whether a `use` in file `user` may read `target` (only inside its workspace folder). A line is rewritten
   * only when it reaches its file both before the moves and after: one `use` cannot follow is left as written.
   */
  mayRead?(user: string, target: string): boolean;
}

/** Where a path is after the moves (moved itself, or inside a moved folder), or undefined when it stays. */
export function movedPath(paths: PathOps, moves: FileMove[], file: string): string | undefined {
  for (const move of moves) {
    const below = paths.relative(paths.resolve(move.from), file);
    if (below === "") return paths.resolve(move.to);
    if (below !== ".." && !below.startsWith(".." + paths.sep) && !paths.isAbsolute(below)) return paths.resolve(move.to, below);
  }
  return undefined;
}

/**
 * The path to write for `target` in a file in `folder`, in the style of `before` (what was written): an
 * absolute path stays absolute; a relative one is relative to the folder, with forward slashes, and keeps a
 * leading `./` when it had one and still goes down.
 */
function pathToWrite(paths: PathOps, folder: string, target: string, before: string): string {
  const slashes = (p: string) => p.split(paths.sep).join("/");
  if (paths.isAbsolute(before)) return slashes(target);
  const relative = slashes(paths.relative(folder, target));
  return /^\.[/\\]/.test(before) && !relative.startsWith("../") ? `./${relative}` : relative;
}

/** The edit replacing the text between a string's quotes with `value`, escaped as a `"…"` string needs. */
function replaceQuoted(written: StringValue, value: string): TextEdit {
  const quote = written.triple ? 3 : 1;
  const newText = written.triple ? value : value.replace(/[\\"]/g, (c) => `\\${c}`);
  return { span: { start: written.span.start + quote, end: written.span.end - quote }, newText };
}

/**
 * The edits that keep the `use` lines of `files` naming the same files once `moves` are made. `files` are
 * the files that may need them (those that `use` a moved file, and the moved files themselves); paths are
 * absolute, as `PathOps.resolve` gives them. Files with nothing to change are left out.
 */
export function useEditsForMoves(files: UseFile[], moves: FileMove[], paths: PathOps, options: MoveOptions = {}): UseEdits[] {
  const result: UseEdits[] = [];
  for (const file of files) {
    const newPath = movedPath(paths, moves, file.path) ?? file.path;
    const folder = paths.dirname(file.path);
    const newFolder = paths.dirname(newPath);
    const edits: TextEdit[] = [];
    for (const use of parse(file.text).file.uses) {
      const written = use.path;
      if (!written?.terminated || !written.value) continue;
      const target = paths.resolve(folder, written.value);
      const newTarget = movedPath(paths, moves, target) ?? target;
      if (paths.resolve(newFolder, written.value) === newTarget) continue; // still names its file
      if (options.mayRead && !(options.mayRead(file.path, target) && options.mayRead(newPath, newTarget))) continue;
      edits.push(replaceQuoted(written, pathToWrite(paths, newFolder, newTarget, written.value)));
    }
    if (edits.length > 0) result.push({ ...file, edits });
  }
  return result;
}
