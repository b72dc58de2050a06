// Replacing a file's bytes without ever leaving it half written: the new bytes go to a temporary
// file in the same folder, are synced to disk, take the file's mode (and owner where allowed),
// and are renamed over the file, after one last check that it still holds what was read. A write
// that fails (no space, the file size limit, permissions) leaves the file as it was.
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { readRegularBytes as readBytes } from "../host/readFile";

/** Why a replacement failed, in words: `code (reason)`. */
export class ReplaceError extends Error {
  constructor(readonly code: string, reason: string | undefined) {
    super(reason ? `${code} (${reason})` : code);
  }
}

const reasons: Record<string, string> = {
  EFBIG: "its new size is over the file size limit, `ulimit -f`",
  ENOSPC: "no space left on the device",
  EDQUOT: "over the disk quota",
  EROFS: "the file system is read-only",
};

/** Runs one step of the replacement; its failure becomes a ReplaceError, `denied` saying why for EACCES and EPERM. */
function step<T>(denied: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (!code) throw error;
    throw new ReplaceError(code, code === "EACCES" || code === "EPERM" ? denied : reasons[code]);
  }
}

/**
 * The bytes of a regular file, read as every file is (host/readFile.ts: through one handle, never
 * waiting on a FIFO); a file it cannot read throws with a code, as the system's own errors do.
 */
export function readRegularBytes(file: string): Buffer {
  const read = readBytes(file);
  if (read.ok) return read.bytes;
  const code = read.code ?? (read.reason === "kind" ? "not a regular file" : read.reason === "size" ? "too large" : "unreadable");
  throw Object.assign(new Error(`${file} ${read.detail}`), { code });
}

function writeAll(fd: number, data: Buffer): void {
  for (let written = 0; written < data.length; ) written += fs.writeSync(fd, data, written, data.length - written);
}

/** The file's owner and group on the new file: both as root, the group alone where its owner may set it, else neither. */
function keepOwner(fd: number, stat: fs.Stats): void {
  if (process.getuid === undefined || (stat.uid === process.getuid() && stat.gid === process.getgid?.())) return;
  try {
    fs.fchownSync(fd, stat.uid, stat.gid);
  } catch {
    try {
      fs.fchownSync(fd, -1, stat.gid);
    } catch {
      // Not allowed: the new file is the user's own, as when an editor saves it.
    }
  }
}

function removeQuietly(file: string): void {
  try {
    fs.rmSync(file, { force: true });
  } catch {
    // The failure that brought us here is the one to report.
  }
}

/** Makes the rename itself durable; some systems cannot sync a folder, and the data is synced already. */
function syncFolder(folder: string): void {
  try {
    const fd = fs.openSync(folder, "r");
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // best effort
  }
}

/**
 * Replaces the bytes of `file` with `data`, unless it no longer holds `expected` (what was read):
 * "changed" then, and nothing is written. A symlink is written through: its target is replaced and
 * the link stays. Hard links to the file keep the old bytes (the file is a new one). Throws a
 * ReplaceError when a step fails; the file is then untouched and the temporary file removed.
 */
export function replaceFile(file: string, expected: Buffer, data: Buffer): "replaced" | "changed" {
  const target = step("a folder on its path cannot be read", () => fs.realpathSync(file));
  const stat = step("a folder on its path cannot be read", () => fs.statSync(target));
  // Renaming would replace a file its permissions say may not be written: a read-only file stays so.
  step("the file is read-only", () => fs.accessSync(target, fs.constants.W_OK));
  const folder = path.dirname(target);
  const name = `.${Array.from(path.basename(target)).slice(0, 40).join("")}.${crypto.randomBytes(6).toString("hex")}.tmp`;
  const temp = path.join(folder, name);
  const fd = step("gen cannot create a file in its folder: it writes the new text beside the file, then renames it over the file", () =>
    fs.openSync(temp, "wx", 0o600),
  );
  let renamed = false;
  try {
    try {
      step("permission denied", () => {
        writeAll(fd, data);
        keepOwner(fd, stat);
        fs.fchmodSync(fd, stat.mode & 0o7777); // after the owner: changing it clears set-id bits
        fs.fsyncSync(fd);
      });
    } finally {
      fs.closeSync(fd);
    }
    if (!step("it can no longer be read", () => readRegularBytes(target)).equals(expected)) return "changed";
    step("gen cannot replace a file in its folder", () => fs.renameSync(temp, target));
    renamed = true;
  } finally {
    if (!renamed) removeQuietly(temp);
  }
  syncFolder(folder);
  return "replaced";
}
