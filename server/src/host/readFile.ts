// Reading a file nobody vetted: a `.gen` file, a file it `use`s, a gen.config.json found above it.
// The path is opened without blocking (a FIFO would otherwise wait forever for a writer), its type is
// checked on the opened handle (a check before opening could be answered by another file than the one
// read), and at most MAX_FILE_BYTES are read: /proc files say they are empty, so the size is counted
// while reading, not taken from the handle alone.
import * as fs from "fs";

/** The largest `.gen` file or gen.config.json that is read from disk. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

/** Why a file was not read. `detail` ends the sentence "`<path>` …". */
export interface ReadFailure {
  ok: false;
  /** `missing`: no such file; `kind`: a folder, FIFO or device; `size`: past the cap; `error`: the system refused. */
  reason: "missing" | "kind" | "size" | "error";
  detail: string;
  /** The system's error code (ENOENT, EACCES…), when it gave one. */
  code?: string;
}

export type ReadResult = { ok: true; text: string; stat: fs.Stats } | ReadFailure;
export type BytesResult = { ok: true; bytes: Buffer; stat: fs.Stats } | ReadFailure;

// Windows has no O_NONBLOCK (nor FIFOs to block on).
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);

export function formatBytes(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MB` : `${Math.round(bytes / 1024)} KB`;
}

/** What a file that is not a regular file is, in words. */
function kindOf(stat: fs.Stats): string {
  if (stat.isDirectory()) return "a folder";
  if (stat.isFIFO()) return "a FIFO (named pipe)";
  if (stat.isSocket()) return "a socket";
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return "a device";
  return "not a regular file";
}

function systemFailure(error: unknown): ReadFailure {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT" || code === "ENOTDIR") return { ok: false, reason: "missing", detail: "does not exist", code };
  if (code === "EISDIR") return { ok: false, reason: "kind", detail: "is a folder, not a file", code };
  const words: Record<string, string> = { EACCES: "permission denied", EPERM: "permission denied", ELOOP: "too many symbolic links" };
  return { ok: false, reason: "error", detail: `cannot be read: ${code ? (words[code] ? `${words[code]} (${code})` : code) : String(error)}`, code };
}

/** The text of `file` when it is a regular file of at most `maxBytes`; else why not. Never blocks, never throws. */
export function readRegularFile(file: string, maxBytes = MAX_FILE_BYTES): ReadResult {
  const read = readRegularBytes(file, maxBytes);
  return read.ok ? { ok: true, text: read.bytes.toString("utf8"), stat: read.stat } : read;
}

/** The bytes of `file` when it is a regular file of at most `maxBytes` (for rewriting it byte for byte); else why not. */
/** Why an opened file is not read: not a regular file (a FIFO would block), or past the cap; undefined when it is read. */
function refusal(stat: fs.Stats, maxBytes: number): ReadFailure | undefined {
  if (!stat.isFile()) {
    const kind = kindOf(stat);
    return { ok: false, reason: "kind", detail: `is ${kind === "not a regular file" ? "" : `${kind}, `}not a regular file` };
  }
  return stat.size > maxBytes ? tooLargeFailure(maxBytes) : undefined;
}

/** A file that grows past the cap while it is read is refused as one that was too large to begin with. */
const tooLargeFailure = (maxBytes: number): ReadFailure => ({ ok: false, reason: "size", detail: `is larger than ${formatBytes(maxBytes)}, the most that is read of one file` });

export function readRegularBytes(file: string, maxBytes = MAX_FILE_BYTES): BytesResult {
  let fd: number;
  try {
    fd = fs.openSync(file, OPEN_FLAGS);
  } catch (error) {
    return systemFailure(error);
  }
  try {
    const stat = fs.fstatSync(fd);
    const refused = refusal(stat, maxBytes);
    if (refused) return refused;
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(64 * 1024, maxBytes + 1 - total));
      const read = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) break;
      total += read;
      if (total > maxBytes) return tooLargeFailure(maxBytes);
      chunks.push(read === chunk.length ? chunk : chunk.subarray(0, read));
    }
    return { ok: true, bytes: Buffer.concat(chunks, total), stat };
  } catch (error) {
    return systemFailure(error);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * `readRegularFile` without blocking the caller: for reading many files (the language server's workspace
 * index) while requests are answered. The same checks on the opened handle, the same cap.
 */
export async function readRegularFileAsync(file: string, maxBytes = MAX_FILE_BYTES): Promise<ReadResult> {
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(file, OPEN_FLAGS);
  } catch (error) {
    return systemFailure(error);
  }
  try {
    const stat = await handle.stat();
    const refused = refusal(stat, maxBytes);
    if (refused) return refused;
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(64 * 1024, maxBytes + 1 - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > maxBytes) return tooLargeFailure(maxBytes);
      chunks.push(bytesRead === chunk.length ? chunk : chunk.subarray(0, bytesRead));
    }
    return { ok: true, text: Buffer.concat(chunks, total).toString("utf8"), stat };
  } catch (error) {
    return systemFailure(error);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** "cannot read x: ENOENT" for a missing file (as the CLI always said), "x is a folder, not a regular file" for the rest. */
export function describeFailure(name: string, failure: ReadFailure): string {
  return failure.reason === "missing" ? `cannot read ${name}: ${failure.code ?? "ENOENT"}` : `${name} ${failure.detail}`;
}
