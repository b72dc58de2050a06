// An analysis's problems kept by where they came from: the file's presets, each pipeline's own
// settings, each stage's header, settings and checks. A full analysis fills them; an edit inside one
// stage (analysis/incremental.ts) checks that stage and what reads it again and keeps the rest.
import type { Catalog } from "../catalog/catalog";
import type { Diagnostic } from "../parser/diagnostic";
import type { PipelineSymbol, StageSymbol } from "./model";
import type { Analysis } from "./analyze";
import type { Report } from "./values";

export interface StageUnits {
  /** Its kind and name: an edit inside its block cannot change them. */
  header: Diagnostic[];
  /** Reading its settings (presets, properties, phase blocks): the stage alone. */
  settings: Diagnostic[];
  /** Its references, and checks that read its inputs (what flows in): again when an input changes. */
  checks: Diagnostic[];
}

export interface PipelineUnits {
  /** Its own settings and brief. */
  own: Diagnostic[];
  /** Its stages in source order, duplicates included. */
  stageList: StageSymbol[];
  /** The problems of each stage that has any (most have none: nothing is kept for them). */
  stages: Map<StageSymbol, StageUnits>;
  /** Its `output` lines (an index past a stage's `count`). */
  outputs: Diagnostic[];
  cycles: Diagnostic[];
  /** Whether no stage has a phase of its own, which every stage's checks read. */
  onePhase: boolean;
}

export interface AnalysisUnits {
  /** The file's presets and the files it `use`s. */
  presets: Diagnostic[];
  /** Duplicate pipeline names, and checks that failed. */
  file: Diagnostic[];
  pipelines: PipelineUnits[];
  /** What the analysis was run with: another catalog or date checks everything again. */
  catalog: Catalog;
  today?: string;
  path?: string;
}

const unitsOf = new WeakMap<Analysis, AnalysisUnits>();

export function rememberUnits(analysis: Analysis, units: AnalysisUnits): void {
  unitsOf.set(analysis, units);
}

export function unitsFor(analysis: Analysis): AnalysisUnits | undefined {
  return unitsOf.get(analysis);
}

/** What an analysis made from the previous one checked again: the pipeline edited and which of its stages. */
export interface AnalysisEdit {
  pipeline: PipelineSymbol;
  /** The stage edited, inside its block. */
  stage: StageSymbol;
  /** The edited stage and every stage downstream of it: what pricing prices again. */
  checked: ReadonlySet<StageSymbol>;
  /** Where the stage ended in the previous text, and how the length changed: what lay after moved by `delta`. */
  oldEnd: number;
  delta: number;
}

const editOf = new WeakMap<Analysis, AnalysisEdit>();

export function rememberEdit(analysis: Analysis, edit: AnalysisEdit): void {
  editOf.set(analysis, edit);
}

/** Undefined when the analysis was made whole. */
export function editFor(analysis: Analysis): AnalysisEdit | undefined {
  return editOf.get(analysis);
}

/** Adds a problem to one part of a stage's problems; the stage's entry is made with its first problem. */
export function reportInto(units: PipelineUnits, stage: StageSymbol, part: keyof StageUnits, diagnostic: Diagnostic): void {
  let stageUnits = units.stages.get(stage);
  if (!stageUnits) units.stages.set(stage, (stageUnits = { header: [], settings: [], checks: [] }));
  stageUnits[part].push(detached(diagnostic));
}

/** `reportInto` as a reporter, for checks that take one. */
export const stageReport = (units: PipelineUnits, stage: StageSymbol, part: keyof StageUnits): Report => (diagnostic) => reportInto(units, stage, part, diagnostic);

/**
 * A problem with spans of its own: the tree's spans move in place when a later version is parsed from
 * it (parser/reparse.ts), and a kept problem is moved once, by `moved`, not also with the node it points at.
 */
export function detached(diagnostic: Diagnostic): Diagnostic {
  const copy: Diagnostic = { ...diagnostic, span: { start: diagnostic.span.start, end: diagnostic.span.end } };
  if (diagnostic.related) copy.related = diagnostic.related.map((related) => ({ ...related, span: { ...related.span } }));
  if (diagnostic.fixes) copy.fixes = diagnostic.fixes.map((fix) => ({ title: fix.title, edits: fix.edits.map((edit) => ({ span: { ...edit.span }, newText: edit.newText })) }));
  return copy;
}

/** The problems as they read after an edit that ended at `oldEnd` and changed the length by `delta`: what lay after it moves. */
export function moved(diagnostics: Diagnostic[], oldEnd: number, delta: number): Diagnostic[] {
  if (delta === 0) return diagnostics;
  const at = (offset: number) => (offset >= oldEnd ? offset + delta : offset);
  const span = (s: Diagnostic["span"]) => (s.end >= oldEnd ? { start: at(s.start), end: at(s.end) } : s);
  // In place: the list belongs to the analysis being taken over.
  for (let i = 0; i < diagnostics.length; i++) {
    const d = diagnostics[i];
    const after = d.span.end >= oldEnd || d.related?.some((r) => !r.path && r.span.end >= oldEnd) || d.fixes?.some((f) => f.edits.some((e) => e.span.end >= oldEnd));
    if (!after) continue;
    const copy: Diagnostic = { ...d, span: span(d.span) };
    if (d.related) copy.related = d.related.map((r) => (r.path ? r : { ...r, span: span(r.span) }));
    if (d.fixes) copy.fixes = d.fixes.map((f) => ({ title: f.title, edits: f.edits.map((e) => ({ span: span(e.span), newText: e.newText })) }));
    diagnostics[i] = copy;
  }
  return diagnostics;
}

/** Every problem in a fixed order (so ties sort the same however the units were made). */
export function allOf(units: AnalysisUnits, parseProblems: Diagnostic[]): Diagnostic[] {
  const all: Diagnostic[] = [];
  const add = (list: Diagnostic[]) => {
    for (const d of list) all.push(d);
  };
  add(parseProblems);
  add(units.presets);
  add(units.file);
  for (const pipeline of units.pipelines) {
    add(pipeline.own);
    // In source order, however the entries were made: ties in the final sort keep this order.
    if (pipeline.stages.size > 0) {
      for (const stage of pipeline.stageList) {
        const own = pipeline.stages.get(stage);
        if (!own) continue;
        add(own.header);
        add(own.settings);
        add(own.checks);
      }
    }
    add(pipeline.outputs);
    add(pipeline.cycles);
  }
  return all;
}
