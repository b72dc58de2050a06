// The WorkspaceEdit of a rename (of a name, or of files): with versioned `documentChanges` when the client
// takes them, so an editor refuses edits computed on text that has changed since, else a plain `changes` map.
import type { ClientCapabilities, TextEdit, WorkspaceEdit } from "vscode-languageserver/node";

/** The edits of one file, and the version of the open document they were computed on (null: the file on disk). */
export interface EditedFile {
  uri: string;
  version: number | null;
  edits: TextEdit[];
}

/** Whether the client takes `documentChanges` in a WorkspaceEdit. */
export const takesVersionedEdits = (client: ClientCapabilities) => client.workspace?.workspaceEdit?.documentChanges === true;

export function workspaceEdit(files: EditedFile[], versioned: boolean): WorkspaceEdit {
  if (versioned) return { documentChanges: files.map((file) => ({ textDocument: { uri: file.uri, version: file.version }, edits: file.edits })) };
  const changes: Record<string, TextEdit[]> = {};
  for (const file of files) changes[file.uri] = file.edits;
  return { changes };
}
