// Where a gen.config.json is looked for, and when it is trusted. A config decides which rules fail a
// build and what models cost, so one is taken only from inside the workspace (never from a shared
// folder above it) and only when nobody else could have written it: refused when every user may write
// it, or when it belongs to another user than the current one or root (as ssh refuses such a key).
import * as fs from "fs";
import * as path from "path";
import { CONFIG_FILE } from "../config/config";
import { readRegularFile } from "./readFile";

/** Whether `file` is `folder` or lies below it (paths compared as written: resolve symlinks first where it matters). */
export function isInside(folder: string, file: string): boolean {
  const relative = path.relative(folder, file);
  return relative === "" || (relative !== ".." && !relative.startsWith(".." + path.sep) && !path.isAbsolute(relative));
}

/** The nearest gen.config.json in `folder` or its parents up to `top` (inclusive); only `folder` itself when it is not inside `top`. */
export function findConfig(folder: string, top: string): string | undefined {
  const last = isInside(top, folder) ? path.resolve(top) : path.resolve(folder);
  for (let current = path.resolve(folder); ; current = path.dirname(current)) {
    const candidate = path.join(current, CONFIG_FILE);
    if (fs.existsSync(candidate)) return candidate;
    if (current === last || path.dirname(current) === current) return undefined;
  }
}

/** Why a config may not be trusted, from the status of its opened handle; undefined when it may. */
function distrust(stat: fs.Stats, checkOwner: boolean): string | undefined {
  if (typeof process.getuid !== "function") return undefined; // Windows: no POSIX owner or mode to go by
  if (stat.mode & 0o002) {
    return `is writable by every user (mode ${(stat.mode & 0o777).toString(8)}), so anyone could change its rules and prices: it is not applied, and the files under it are checked without it; \`chmod o-w ${CONFIG_FILE}\` to use it`;
  }
  const uid = process.getuid();
  if (checkOwner && stat.uid !== uid && stat.uid !== 0) {
    return `belongs to another user (uid ${stat.uid}), not to you (uid ${uid}) or root, so it is not applied, and the files under it are checked without it; own it (\`chown\`) to use it`;
  }
  return undefined;
}

/** `missing`: the file is gone (deleted since it was found), which is no problem of the file's. */
export type ConfigRead = { ok: true; text: string } | { ok: false; message: string; missing: boolean };

/**
 * A gen.config.json's text, or why it is not applied: not a regular file, too large, unreadable or
 * untrusted. `named` (a `--config` the user gave) skips the owner check: naming a file trusts it.
 */
export function readConfigFile(configPath: string, named = false): ConfigRead {
  const read = readRegularFile(configPath);
  if (!read.ok) return { ok: false, message: `${CONFIG_FILE} ${read.detail}, so it is not applied: the files under it are checked without it`, missing: read.reason === "missing" };
  const refused = distrust(read.stat, !named);
  return refused ? { ok: false, message: `${CONFIG_FILE} ${refused}`, missing: false } : { ok: true, text: read.text };
}
