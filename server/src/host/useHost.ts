// How `use` lines reach the disk, for the command line and the language server alike: only inside the
// workspace (symbolic links resolved, so a link cannot lead out of it), and only regular files of at most
// MAX_FILE_BYTES. (The analysis bounds what one document's `use`d files hold together: MAX_USE_TEXT.)
import * as fs from "fs";
import * as path from "path";
import type { UseHost } from "../analysis/analyze";
import { isInside } from "./configFile";
import { readRegularFile } from "./readFile";

/** The real path of `file`, or of its nearest existing parent with the rest appended (a file not yet on disk). */
function realPath(file: string): string {
  let rest = "";
  for (let current = path.resolve(file); ; current = path.dirname(current)) {
    try {
      return path.join(fs.realpathSync.native(current), rest);
    } catch {
      if (path.dirname(current) === current) return path.join(current, rest);
      rest = path.join(path.basename(current), rest);
    }
  }
}

/** Whether a `use` in a file whose workspace folder is `root` may read `file`: inside it, symbolic links resolved. */
export function useMayRead(root: string, file: string): boolean {
  return isInside(realPath(root), realPath(file));
}

/**
 * A host for a document's analyses: `root` is the folder its `use`s stay in, `openText` the editor's
 * text of a file that is open (it wins over the disk).
 */
export function createUseHost(root: string, openText: (file: string) => string | undefined = () => undefined): UseHost {
  const realRoot = realPath(root);
  return {
    resolve: (from, written) => path.resolve(path.dirname(from), written),
    read: (file) => {
      const real = realPath(file);
      if (!isInside(realRoot, real)) return { refused: "is outside the workspace: `use` reads .gen files inside it" };
      const open = openText(file);
      if (open !== undefined) return open;
      const read = readRegularFile(real);
      return read.ok ? read.text : read.reason === "missing" ? undefined : { refused: read.detail };
    },
  };
}
