// Renaming a stage (in its pipeline) or a preset (in the file that declares it and every known file that
// `use`s it), as text edits on the names the syntax tree holds: comments and strings are never touched.
import { STAGE_KINDS } from "../parser/language";
import type { Span } from "../parser/ast";
import { Brief, genLexer, Identifier, Output, Pipeline, Preset, Use } from "../parser/tokens";
import type { TextEdit } from "../rules/rule";
import { FileOccurrences, NavDocument, NavTarget, occurrencesOf, presetFiles, targetAt } from "./navigation";

/** The edits of one file: the document itself (`path` undefined) or another, with the text the spans are in. */
export interface FileEdits {
  path?: string;
  text: string;
  edits: TextEdit[];
}

export interface RenameOptions {
  /** The other open documents: files that `use` a renamed preset are found among them and the files they `use`. */
  others?: NavDocument[];
  /** More files that may use a renamed preset (from a workspace index: the files that `use` its file, directly or not). */
  candidates?: string[];
  /** Why a file may not be edited (read-only, say), or undefined when it may. */
  cannotEdit?: (path: string) => string | undefined;
}

export type PrepareRename = { span: Span; placeholder: string } | { error: string };
export type Rename = { files: FileEdits[] } | { error: string };

const onlyNames = "only stages and presets can be renamed";

/** The file's name, for messages. */
const fileName = (path: string) => path.slice(Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\")) + 1);

/** Why `name` cannot name a stage or preset, or undefined when it can: one identifier, not a keyword, not a stage kind. */
export function nameProblem(name: string, what: "stage" | "preset"): string | undefined {
  const lexed = genLexer.tokenize(name);
  const tokens = lexed.tokens;
  const comments = Object.values(lexed.groups).flat();
  const keyword = tokens.length === 1 && [Use, Preset, Pipeline, Brief, Output].includes(tokens[0].tokenType);
  if (lexed.errors.length > 0 || comments.length > 0 || tokens.length !== 1 || tokens[0].image !== name || (tokens[0].tokenType !== Identifier && !keyword)) {
    return `\`${name}\` is not a name: a name starts with a letter or \`_\`, then letters, digits and \`_\`, with single \`-\` or \`.\` between them (\`hero_2\`, \`shot-b\`)`;
  }
  if (keyword) return `\`${name}\` is a keyword of the language and cannot name a ${what}`;
  if (STAGE_KINDS.has(name)) return `\`${name}\` is a stage kind: a ${what} named so would read as the start of a stage`;
  return undefined;
}

/** The target at the offset when it can be renamed, else why not. */
function renameTarget(document: NavDocument, offset: number, options: RenameOptions): { target: Extract<NavTarget, { kind: "stage" | "preset" }> } | { error: string } {
  const target = targetAt(document, offset);
  if (!target || target.kind === "use") return { error: onlyNames };
  if (target.kind === "stage" && !target.stage) {
    return { error: `there is no stage \`${target.name}\` in pipeline \`${target.pipeline.name}\` to rename` };
  }
  if (target.kind === "preset") {
    if (!target.preset) return { error: `there is no preset \`${target.name}\` in this file or the files it \`use\`s to rename` };
    const origin = target.preset.path;
    const reason = origin && options.cannotEdit?.(origin);
    if (origin && reason) return { error: `preset \`${target.name}\` is declared in \`${fileName(origin)}\`, which cannot be edited: ${reason}` };
  }
  return { target };
}

/** Where the name to rename is, and the name, or why it cannot be renamed. */
export function prepareRename(document: NavDocument, offset: number, options: RenameOptions = {}): PrepareRename {
  const found = renameTarget(document, offset, options);
  if ("error" in found) return found;
  return { span: found.target.span, placeholder: found.target.name };
}

/**
 * The edits that rename what is at `offset` to `newName`, or why they cannot be made: a name that is not
 * one, a name another stage of the pipeline (or another preset a file sees) already has, a file that
 * cannot be read or edited.
 */
export function renameAt(document: NavDocument, offset: number, newName: string, options: RenameOptions = {}): Rename {
  const found = renameTarget(document, offset, options);
  if ("error" in found) return found;
  const { target } = found;
  const problem = nameProblem(newName, target.kind);
  if (problem) return { error: problem };
  if (newName === target.name) return { files: [] };
  const edit = (span: Span): TextEdit => ({ span, newText: newName });

  if (target.kind === "stage") {
    if (target.pipeline.stageList.some((s) => s !== target.stage && s.name === newName)) {
      return { error: `there is already a stage named \`${newName}\` in pipeline \`${target.pipeline.name}\`` };
    }
    return { files: [{ text: document.text, edits: occurrencesOf(document, target).map((o) => edit(o.span)) }] };
  }

  const { model } = document.analysis;
  const own = document.options?.path;
  const files: FileEdits[] = [];
  // The document itself: a preset of its name that is not this one would take over its `use:` lines.
  if (model.presets.has(newName)) return { error: collision(newName, model.presets.get(newName)!.path, undefined) };
  files.push({ text: document.text, edits: occurrencesOf(document, target).map((o) => edit(o.span)) });

  const origin = target.preset!.path ?? own;
  // A second declaration of a name (a duplicate) is named by no `use:`: only it is renamed.
  if (origin && target.preset === model.presets.get(target.name)) {
    const { files: others, unreadable } = presetFiles(document, target.name, origin, options.others ?? [], options.candidates);
    if (unreadable.includes(origin)) return { error: `preset \`${target.name}\` is declared in \`${fileName(origin)}\`, which cannot be read` };
    for (const file of others) {
      const problem = otherFileProblem(file, newName, options, origin);
      if (problem) return { error: problem };
      files.push({ path: file.path, text: file.text, edits: file.occurrences.map((o) => edit(o.span)) });
    }
  }
  return { files: files.filter((f) => f.edits.length > 0) };
}

function otherFileProblem(file: FileOccurrences, newName: string, options: RenameOptions, origin: string): string | undefined {
  const path = file.path!;
  const clash = file.analysis.model.presets.get(newName);
  if (clash) return collision(newName, clash.path, path);
  const reason = options.cannotEdit?.(path);
  if (!reason) return undefined;
  return path === origin
    ? `the preset is declared in \`${fileName(path)}\`, which cannot be edited: ${reason}`
    : `\`${fileName(path)}\` uses the preset and cannot be edited: ${reason}`;
}

/** "there is already a preset named `x`…", saying where: `declaredIn` undefined is the file `seenIn` (undefined: this file). */
function collision(name: string, declaredIn: string | undefined, seenIn: string | undefined): string {
  const where = declaredIn ?? seenIn;
  const place = where ? `in \`${fileName(where)}\`` : "in this file";
  const seen = seenIn && declaredIn && declaredIn !== seenIn ? `, which \`${fileName(seenIn)}\` uses` : "";
  return `there is already a preset named \`${name}\` ${place}${seen}`;
}
