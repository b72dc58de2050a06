// `workspace/willRenameFiles`: before .gen files or folders are renamed or moved, the edits that keep the
// `use` lines naming them (service/fileMoves.ts). A thin adapter: it gathers the files that may need edits
// (the indexed files that are moved or `use` a moved file, and the open documents), reads their text (an
// open document's wins over the disk) and converts the edits. `use` reads only inside a file's workspace
// folder (host/useHost.ts), so a line is rewritten only when it reaches its file before and after the move.
import * as fs from "fs";
import * as path from "path";
import type { CancellationToken, Connection, FileOperationRegistrationOptions, WorkspaceEdit } from "vscode-languageserver/node";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { readRegularFileAsync } from "../host/readFile";
import { useMayRead } from "../host/useHost";
import { LineIndex } from "../parser/lineIndex";
import { FileMove, UseFile, useEditsForMoves } from "../service/fileMoves";
import { pathToUri, uriToPath } from "./documents";
import { EditedFile, workspaceEdit } from "./workspaceEdit";

/** The renames the client is to tell of: a .gen file, and any folder (it may hold .gen files). */
export const FILE_RENAME_OPERATIONS: { willRename: FileOperationRegistrationOptions } = {
  willRename: {
    filters: [
      { scheme: "file", pattern: { glob: "**/*.gen", matches: "file" } },
      { scheme: "file", pattern: { glob: "**/*", matches: "folder" } },
    ],
  },
};

export interface FileRenameHost {
  runSafe<T>(what: string, fallback: T, handler: () => T | Promise<T>): Promise<T>;
  /** The open document of a path, if open. */
  openDocument(filePath: string): TextDocument | undefined;
  openPaths(): Iterable<string>;
  /** The folder a file's `use` lines may read in: its workspace folder, or its own folder. */
  rootFor(filePath: string): string;
  versionedEdits(): boolean;
  index: { filesTouchedBy(paths: string[], token: CancellationToken): Promise<string[]> };
  log(message: string): void;
}

export function registerFileRenames(connection: Connection, host: FileRenameHost): void {
  connection.workspace.onWillRenameFiles(({ files }, token) =>
    host.runSafe("updating `use` lines for renamed files", null as WorkspaceEdit | null, async () => {
      const moves: FileMove[] = [];
      for (const file of files) {
        const from = uriToPath(file.oldUri);
        const to = uriToPath(file.newUri);
        if (from && to) moves.push({ from, to });
      }
      if (moves.length === 0) return null;
      const candidates = new Set([...(await host.index.filesTouchedBy(moves.map((m) => m.from), token)), ...host.openPaths()]);
      const texts: UseFile[] = [];
      const versions = new Map<string, number>();
      for (const file of [...candidates].sort()) {
        const open = host.openDocument(file);
        if (open) {
          // The text and the version it is: edits computed on it are refused by the editor once it changes.
          texts.push({ path: file, text: open.getText() });
          versions.set(file, open.version);
          continue;
        }
        const read = await readRegularFileAsync(file);
        if (read.ok && writable(file, host.log)) texts.push({ path: file, text: read.text });
      }
      const mayRead = (user: string, target: string) => useMayRead(host.rootFor(user), target);
      const edited = useEditsForMoves(texts, moves, path, { mayRead });
      if (edited.length === 0) return null;
      const changes: EditedFile[] = edited.map((file) => {
        const lines = new LineIndex(file.text);
        const edits = file.edits.map((e) => ({ range: { start: lines.positionAt(e.span.start), end: lines.positionAt(e.span.end) }, newText: e.newText }));
        return { uri: host.openDocument(file.path)?.uri ?? pathToUri(file.path), version: versions.get(file.path) ?? null, edits };
      });
      return workspaceEdit(changes, host.versionedEdits());
    }),
  );
}

/** Whether a file on disk may be written; when not, its `use` lines are left and the log says so. */
function writable(file: string, log: (message: string) => void): boolean {
  try {
    fs.accessSync(file, fs.constants.W_OK);
    return true;
  } catch {
    log(`renamed files: the \`use\` lines of ${file} are not updated: you may not write to it`);
    return false;
  }
}
