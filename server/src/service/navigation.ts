// Navigation as plain data: what names a stage or a preset at an offset, where it is declared, every
// place it is named, and the files `use` lines open. Everything is read from the syntax tree's spans
// and the analysis's symbols, never from a text search, so comments and strings are never matched.
import { analyze, Analysis, AnalyzeOptions } from "../analysis/analyze";
import { PipelineSymbol, PresetSymbol, referencedWords, StageSymbol } from "../analysis/model";
import { referenceProperties } from "../analysis/schema";
import type { GenFile, PipelineDecl, PresetDecl, Property, Span, Stage, UseDecl, Value } from "../parser/ast";
import { parse } from "../parser/parse";

/** A checked document as navigation needs it: its text, its analysis and how it was analysed. A `CheckedDocument` is one. */
export interface NavDocument {
  text: string;
  analysis: Analysis;
  /** `path` is the document's own file; `host` reads the files it `use`s. */
  options?: AnalyzeOptions;
}

/** A place a stage or preset is named: a declaration (`image hero {`, `preset brand {`) or a reference (`from: hero[2]`, `use: brand`). */
export interface Occurrence {
  kind: "stage" | "preset";
  name: string;
  /** The name only: `hero` of `hero[2]`. */
  span: Span;
  declaration: boolean;
  /** For stages: the pipeline the name is looked up in. */
  pipeline?: PipelineDecl;
  /** The stage or preset this occurrence declares. */
  stage?: Stage;
  preset?: PresetDecl;
}

/** What is at an offset: a stage or preset name, or a `use "path"` line (`path` set when the file was read). */
export type NavTarget =
  | { kind: "stage"; name: string; span: Span; pipeline: PipelineSymbol; stage?: StageSymbol }
  | { kind: "preset"; name: string; span: Span; preset?: PresetSymbol }
  | { kind: "use"; span: Span; use: UseDecl; path?: string };

/** A span in the document (`path` undefined) or in another file, with that file's text to read positions from. */
export interface Place {
  path?: string;
  /** The text of the file `span` is in, when it is another file. */
  text?: string;
  span: Span;
}

export interface Highlight {
  span: Span;
  /** `write` where the name is declared, `read` where it is used. */
  kind: "write" | "read";
}

export interface DocumentLink {
  /** The quoted path of the `use` line. */
  span: Span;
  path: string;
}

/** Another file that names the preset: its text, analysis, and the occurrences to edit or list. */
export interface FileOccurrences {
  /** Undefined for the document itself. */
  path?: string;
  text: string;
  occurrences: Occurrence[];
  analysis: Analysis;
}

const inside = (span: Span, offset: number) => span.start <= offset && offset <= span.end;

/** The properties of a block and of its `draft { }` / `final { }` blocks. */
function allProperties(owner: { properties: Property[]; phases?: { properties: Property[] }[] }): Property[] {
  const phases = owner.phases ?? [];
  return phases.length === 0 ? owner.properties : [...owner.properties, ...phases.flatMap((block) => block.properties)];
}

function references(value: Value | undefined, push: (name: string, span: Span) => void): void {
  for (const word of referencedWords(value)) {
    if (word.text) push(word.text, { start: word.span.start, end: word.span.start + word.text.length });
  }
}

const occurrenceCache = new WeakMap<GenFile, Occurrence[]>();

/**
 * Every stage and preset name of a file, in source order. References are the values of `from`, `start`,
 * `end`, `over`, `clips` and `output` (stages) and of `use:` (presets), wherever they are written, a
 * phase block included: renaming must keep even a misplaced reference pointing at its stage.
 */
export function occurrencesIn(file: GenFile): Occurrence[] {
  const cached = occurrenceCache.get(file);
  if (cached) return cached;
  const found: Occurrence[] = [];
  for (const preset of file.presets) presetOccurrences(preset, found);
  for (const pipeline of file.pipelines) {
    for (const stage of pipeline.stages) stageOccurrences(stage, pipeline, found);
    outputOccurrences(pipeline, found);
  }
  found.sort((a, b) => a.span.start - b.span.start);
  occurrenceCache.set(file, found);
  return found;
}

/** The `use:` references of a block. */
function presetReferences(owner: { properties: Property[]; phases?: { properties: Property[] }[] }, found: Occurrence[]): void {
  for (const property of allProperties(owner)) {
    if (property.key.text === "use") references(property.value, (name, span) => found.push({ kind: "preset", name, span, declaration: false }));
  }
}

/** A preset's name and the presets it uses, in the order written. */
export function presetOccurrences(preset: PresetDecl, found: Occurrence[]): void {
  if (preset.name) found.push({ kind: "preset", name: preset.name.text, span: preset.name.span, declaration: true, preset });
  presetReferences(preset, found);
}

/** The stages a pipeline's `output` lines name. */
export function outputOccurrences(pipeline: PipelineDecl, found: Occurrence[]): void {
  for (const output of pipeline.outputs) for (const ref of output.refs) references(ref, (name, span) => found.push({ kind: "stage", name, span, declaration: false, pipeline }));
}

/** A stage's name, the stages it reads and the presets it uses (not in source order: references, then `use:`). */
export function stageOccurrences(stage: Stage, pipeline: PipelineDecl, found: Occurrence[]): void {
  if (stage.name) found.push({ kind: "stage", name: stage.name.text, span: stage.name.span, declaration: true, pipeline, stage });
  for (const property of allProperties(stage)) {
    if (referenceProperties.includes(property.key.text)) references(property.value, (name, span) => found.push({ kind: "stage", name, span, declaration: false, pipeline }));
  }
  presetReferences(stage, found);
}

/** The occurrence whose name holds `offset` (its end included, where a cursor after the name stands). */
function occurrenceAt(file: GenFile, offset: number): Occurrence | undefined {
  const all = occurrencesIn(file);
  let low = 0;
  let high = all.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (all[mid].span.end < offset) low = mid + 1;
    else high = mid - 1;
  }
  const found = all[low];
  return found && inside(found.span, offset) ? found : undefined;
}

/** The file a `use` line names, when the analysis read it. */
export function usedFile(document: NavDocument, use: UseDecl): string | undefined {
  const { path, host } = document.options ?? {};
  if (!use.path?.terminated || !path || !host) return undefined;
  const target = host.resolve(path, use.path.value);
  return document.analysis.dependencies.includes(target) ? target : undefined;
}

/** What is at `offset`: a stage or preset name (declared or referenced), or a `use` line. */
export function targetAt(document: NavDocument, offset: number): NavTarget | undefined {
  const { file } = document.analysis.parse;
  const use = file.uses.find((u) => inside(u.span, offset));
  if (use) return { kind: "use", span: use.path?.span ?? use.keyword, use, path: usedFile(document, use) };
  const occurrence = occurrenceAt(file, offset);
  if (!occurrence) return undefined;
  const { model } = document.analysis;
  const { name, span } = occurrence;
  if (occurrence.kind === "stage") {
    const pipeline = model.pipelines.find((p) => p.decl === occurrence.pipeline);
    if (!pipeline) return undefined;
    // A declaration is its own stage (a duplicate too); a reference is to the first stage of its name.
    const stage = occurrence.stage ? pipeline.stageList.find((s) => s.decl === occurrence.stage) : pipeline.stages.get(name);
    return { kind: "stage", name, span, pipeline, stage };
  }
  const visible = model.presets.get(name);
  // A second preset of a name is its own symbol: `use:` lines name the first.
  const preset = occurrence.preset && visible?.decl !== occurrence.preset ? { name, decl: occurrence.preset } : visible;
  return { kind: "preset", name, span, preset };
}

/** Whether an occurrence in the document names the target. */
function names(document: NavDocument, target: NavTarget, occurrence: Occurrence): boolean {
  if (target.kind === "use" || occurrence.kind !== target.kind || occurrence.name !== target.name) return false;
  if (target.kind === "stage") {
    if (occurrence.pipeline !== target.pipeline.decl) return false;
    if (occurrence.declaration) return !!target.stage && occurrence.stage === target.stage.decl;
    // A reference to no stage is one with every other reference of its name.
    return target.pipeline.stages.get(occurrence.name) === target.stage;
  }
  if (occurrence.declaration) return !!target.preset && occurrence.preset === target.preset.decl && !target.preset.path;
  return document.analysis.model.presets.get(occurrence.name) === target.preset;
}

/** The occurrences of the target in the document itself, in source order. */
export function occurrencesOf(document: NavDocument, target: NavTarget): Occurrence[] {
  return occurrencesIn(document.analysis.parse.file).filter((occurrence) => names(document, target, occurrence));
}

/** The text and parse of another file, as the analysis read it (else read through the host now). */
export function otherFile(document: NavDocument, path: string): { text: string; file: GenFile } | undefined {
  const cached = document.options?.parseCache?.get(path);
  if (cached) return { text: cached.text, file: cached.result.file };
  const text = document.options?.host?.read(path);
  if (typeof text !== "string") return undefined;
  return { text, file: parse(text).file };
}

/** Where the target is declared: a stage's or preset's name (in a `use`d file for a preset from one), the start of a `use`d file. */
export function definitionAt(document: NavDocument, offset: number): Place | undefined {
  const target = targetAt(document, offset);
  if (!target) return undefined;
  if (target.kind === "use") return target.path ? { path: target.path, text: otherFile(document, target.path)?.text, span: { start: 0, end: 0 } } : undefined;
  if (target.kind === "stage") {
    const name = target.stage?.decl.name;
    return name && { span: name.span };
  }
  const preset = target.preset;
  if (!preset?.decl.name) return undefined;
  if (!preset.path) return { span: preset.decl.name.span };
  return { path: preset.path, text: otherFile(document, preset.path)?.text, span: preset.decl.name.span };
}

/**
 * The files besides the document that name the same preset: the file that declares it, the other open
 * documents (`others`), every file they or the document `use`, and `candidates` (from a workspace index:
 * the files that `use` the declaring file, directly or not), each kept when its `use:` lines reach this
 * very preset (not one of the same name declared elsewhere). `origin` is the declaring file's path.
 */
export function presetFiles(document: NavDocument, name: string, origin: string, others: NavDocument[], candidates: string[] = []): { files: FileOccurrences[]; unreadable: string[] } {
  const own = document.options?.path;
  const known = new Map<string, NavDocument | undefined>();
  for (const other of others) if (other.options?.path && other.options.path !== own) known.set(other.options.path, other);
  for (const path of [origin, ...[document, ...others].flatMap((d) => d.analysis.dependencies), ...candidates]) {
    if (path !== own && !known.has(path)) known.set(path, undefined);
  }
  const files: FileOccurrences[] = [];
  const unreadable: string[] = [];
  for (const [path, open] of known) {
    let analysis = open?.analysis;
    let text = open?.text;
    if (!analysis) {
      const read = otherFile(document, path);
      if (!read) {
        unreadable.push(path);
        continue;
      }
      const { host, parseCache, catalog } = document.options ?? {};
      analysis = analyze(read.text, { path, host, parseCache, catalog });
      text = read.text;
    }
    const preset = analysis.model.presets.get(name);
    if (!preset || (preset.path ?? path) !== origin) continue;
    const occurrences = occurrencesIn(analysis.parse.file).filter((o) => o.kind === "preset" && o.name === name && (!o.declaration || (o.preset === preset.decl && !preset.path)));
    if (occurrences.length > 0) files.push({ path, text: text!, occurrences, analysis });
  }
  files.sort((a, b) => (a.path! < b.path! ? -1 : a.path! > b.path! ? 1 : 0));
  return { files, unreadable };
}

/**
 * Every place the target is named, the declaration included when asked: stages in their pipeline; presets
 * in the document and, for one shared through `use`, in the files of `presetFiles` (`others`: the other
 * open documents; `candidates`: more files that may use it, such as a workspace index finds).
 */
export function referencesAt(document: NavDocument, offset: number, includeDeclaration: boolean, others: NavDocument[] = [], candidates: string[] = []): Place[] | undefined {
  const target = targetAt(document, offset);
  if (!target || target.kind === "use") return undefined;
  const keep = (o: Occurrence) => includeDeclaration || !o.declaration;
  const places: Place[] = occurrencesOf(document, target).filter(keep).map((o) => ({ span: o.span }));
  const origin = target.kind === "preset" && target.preset ? target.preset.path ?? document.options?.path : undefined;
  if (target.kind === "preset" && origin && target.preset === document.analysis.model.presets.get(target.name)) {
    for (const file of presetFiles(document, target.name, origin, others, candidates).files) {
      places.push(...file.occurrences.filter(keep).map((o) => ({ path: file.path, text: file.text, span: o.span })));
    }
  }
  return places;
}

/** The target's occurrences in the document: its declaration written, its references read. */
export function highlightsAt(document: NavDocument, offset: number): Highlight[] | undefined {
  const target = targetAt(document, offset);
  if (!target || target.kind === "use") return undefined;
  return occurrencesOf(document, target).map((o) => ({ span: o.span, kind: o.declaration ? "write" : "read" }));
}

/** The quoted path of each `use` line whose file was read, and that file. */
export function documentLinks(document: NavDocument): DocumentLink[] {
  const links: DocumentLink[] = [];
  for (const use of document.analysis.parse.file.uses) {
    const path = usedFile(document, use);
    if (path && use.path) links.push({ span: use.path.span, path });
  }
  return links;
}
