// Text to diagnostics and a semantic model. Total: never throws; a check that
// fails is reported as an `internal` problem and the other checks still run.
import { Catalog, loadDefaultCatalog } from "../catalog/catalog";
import type { GenFile, PipelineDecl, Span, UseDecl } from "../parser/ast";
import type { Diagnostic } from "../parser/diagnostic";
import { LineIndex } from "../parser/lineIndex";
import { parse, ParseResult, parseWhole, tryReparse } from "../parser/parse";
import type { ParsedVersion } from "../parser/reparse";
import { linkStages, resolveReference } from "./graph";
import { reanalyze } from "./incremental";
import { allOf, AnalysisUnits, detached, PipelineUnits, rememberUnits, reportInto, stageReport } from "./units";
import type { PipelineSymbol, PresetSymbol, SemanticModel, StageSymbol } from "./model";
import { briefProperties, Phase, phases, pipelineProperties, referenceProperties, StageKind, stageKinds } from "./schema";
import { presetProperties, readPhaseBlocks, readProperties, readStageSettings } from "./settings";
import { checkGenerations } from "./generations";
import { finish, Steps } from "./steps";
import { checkModel, checkRequired, checkResolutionForMedia, modelSuggestion } from "./stageChecks";
import { checkOffered } from "./offered";
import { didYouMean } from "../parser/suggest";
import type { Report } from "./values";

/** How analysis reaches the files a document `use`s. The core does no IO itself. */
export interface UseHost {
  /** The path of a `use`d file, from the using file's path and the path as written. */
  resolve(fromPath: string, written: string): string;
  /**
   * The file's text; undefined when there is no such file; `{ refused }` when it may not or cannot be
   * read (outside the workspace, not a regular file, too large), `refused` ending the sentence "`<path>` …".
   */
  read(path: string): string | undefined | { refused: string };
}

export interface AnalyzeOptions {
  /** The document's own path, needed to resolve `use` lines. */
  path?: string;
  host?: UseHost;
  catalog?: Catalog;
  /** Past this many characters the file is not analysed: one `file-too-large` problem instead. */
  maxLength?: number;
  /** Parsed `use`d files, reused across analyses while their text is unchanged. */
  parseCache?: Map<string, { text: string; result: ParseResult }>;
  /**
   * Only what pricing needs (the models, the settings in effect, the graph): checks that only report
   * problems are skipped. For pricing a fix, where the problems are not read.
   */
  pricingOnly?: boolean;
  /**
   * Today's date (`2026-11-30`), against which a model's shutdown date is judged; the server and the
   * CLI pass the real one, tests a fixed one. Without it only the catalog's `lifecycle` counts.
   */
  today?: string;
  /**
   * The document's previous version, parsed and perhaps analysed: an edit inside one stage then parses that
   * stage alone and checks again only it and what reads it. It is taken over (its tree and symbols become
   * the new version's): whoever passes it must not read it again.
   */
  previous?: PreviousVersion;
  /** Told the new version's text and tree once parsed: what the next version can start from, should this analysis be dropped. */
  onParsed?: (version: ParsedVersion) => void;
}

export interface PreviousVersion extends ParsedVersion {
  /** Its analysis, when it finished, with the options of this one. */
  analysis?: Analysis;
}

export interface Analysis {
  parse: ParseResult;
  model: SemanticModel;
  /** Syntax and semantic problems, in source order. */
  diagnostics: Diagnostic[];
  /** Paths of the `use`d files this analysis read, transitively. */
  dependencies: string[];
}

/** The most text (UTF-16 code units: bytes, for most .gen files) one document's `use`d files may hold together. */
export const MAX_USE_TEXT = 20 * 1024 * 1024;

/** Past this many problems a file is not worth listing further (binary data, say). */
const MAX_DIAGNOSTICS = 1000;

/** The most the editor checks by default: past it, one diagnostic instead of a stalled server. */
export const DEFAULT_MAX_LENGTH = 5 * 1024 * 1024;

export function analyze(text: string, options: AnalyzeOptions = {}): Analysis {
  return finish(analyzeSteps(text, options));
}

/** `analyze`, yielding after the parse, the presets and each pipeline. */
export function* analyzeSteps(text: string, options: AnalyzeOptions = {}): Steps<Analysis> {
  if (options.maxLength !== undefined && text.length > options.maxLength) return tooLarge(text, options.maxLength);
  const catalog = options.catalog ?? loadDefaultCatalog();
  const reparsed = options.previous && tryReparse(options.previous, text);
  const parsed = reparsed?.parse ?? parseWhole(text);
  options.onParsed?.({ text, parse: parsed });
  // An edit inside one stage: that stage and what reads it are checked again, the rest kept.
  const previous = options.previous?.analysis;
  const again = reparsed && previous && reanalyze(previous, parsed, reparsed.edit, options, catalog);
  if (again) return again;
  yield;
  const model: SemanticModel = { pipelines: [], presets: new Map(), presetsComplete: true };
  const dependencies: string[] = [];
  const units: AnalysisUnits = { presets: [], file: [], pipelines: [], catalog, today: options.today, path: options.path };
  const into = (list: Diagnostic[]): Report => (d) => list.push(detached(d));
  const presetReport = into(units.presets);
  try {
    model.presetsComplete = collectPresets(parsed.file, options, catalog, model.presets, dependencies, presetReport);
  } catch (error) {
    units.file.push(internalError({ start: 0, end: 0 }, error));
  }
  const pipelineNames = new Map<string, Span>();
  for (const decl of parsed.file.pipelines) {
    yield;
    try {
      if (decl.name) checkDuplicate("pipeline", decl.name.text, decl.name.span, pipelineNames, into(units.file));
      const { pipeline, pipelineUnits } = yield* analyzePipelineSteps(decl, model, catalog, options);
      model.pipelines.push(pipeline);
      units.pipelines.push(pipelineUnits);
    } catch (error) {
      units.file.push(internalError(decl.keyword, error));
    }
  }
  const analysis: Analysis = { parse: parsed, model, diagnostics: finalList(allOf(units, parsed.problems)), dependencies };
  rememberUnits(analysis, units);
  return analysis;
}

function internalError(span: Span, error: unknown): Diagnostic {
  return { code: "internal", message: `internal error while checking this; please report it: ${String(error)}`, severity: "error", span: { ...span } };
}

/** Runs a check; one that throws is reported where it was, and the other checks still run. */
export function guarded(span: Span, report: Report, check: () => void): void {
  try {
    check();
  } catch (error) {
    report(internalError(span, error));
  }
}

/** The problems in source order, repeats dropped, at most `MAX_DIAGNOSTICS` and a line saying how many more. */
export function finalList(diagnostics: Diagnostic[]): Diagnostic[] {
  sortAndDedupe(diagnostics);
  if (diagnostics.length > MAX_DIAGNOSTICS) {
    const hidden = diagnostics.length - MAX_DIAGNOSTICS;
    diagnostics.length = MAX_DIAGNOSTICS;
    const last = diagnostics[MAX_DIAGNOSTICS - 1].span;
    diagnostics.push({ code: "syntax", message: `${hidden} more problems are not shown; is this a .gen file?`, severity: "info", span: last });
  }
  return diagnostics;
}

/** A file past the limit: nothing parsed, one problem at its first character saying why and what to do. */
function tooLarge(text: string, maxLength: number): Analysis {
  const parsed = parse("");
  const mb = (n: number) => `${Math.round((n / (1024 * 1024)) * 10) / 10} MB`;
  const diagnostic: Diagnostic = {
    code: "file-too-large",
    message: `this file is ${mb(text.length)}, past the ${mb(maxLength)} that is checked while you type: split it into files that \`use\` shared presets, or raise \`gen.maxFileSize\``,
    severity: "warning",
    span: { start: 0, end: Math.min(text.length, 1) },
  };
  return { parse: { ...parsed, lines: new LineIndex(text) }, model: { pipelines: [], presets: new Map(), presetsComplete: true }, diagnostics: [diagnostic], dependencies: [] };
}

/**
 * Sorts by place and drops exact repeats: stages sharing a preset from another
 * file would otherwise each report the same problem at the same `use:`.
 */
function sortAndDedupe(diagnostics: Diagnostic[]): void {
  diagnostics.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || a.message.localeCompare(b.message));
  let kept = 0;
  for (const d of diagnostics) {
    const last = diagnostics[kept - 1];
    if (last && last.span.start === d.span.start && last.span.end === d.span.end && last.code === d.code && last.message === d.message) continue;
    diagnostics[kept++] = d;
  }
  diagnostics.length = kept;
}

/** Reports a name declared twice; `firstSpans` remembers where each name was first declared. */
function checkDuplicate(what: string, name: string, span: Span, firstSpans: Map<string, Span>, report: Report): boolean {
  const first = firstSpans.get(name);
  if (!first) {
    firstSpans.set(name, span);
    return false;
  }
  report({
    code: "duplicate-name",
    message: `there is already a ${what} named \`${name}\``,
    severity: "error",
    span,
    related: [{ message: `first ${what} \`${name}\``, span: first }],
  });
  return true;
}

/**
 * This file's presets, then those of `use`d files (transitively); the first of a name wins.
 * Returns false when some `use`d file could not be read.
 */
export function collectPresets(
  file: GenFile, options: AnalyzeOptions, catalog: Catalog, presets: Map<string, PresetSymbol>, dependencies: string[], report: Report,
): boolean {
  const own = new Map<string, Span>();
  for (const decl of file.presets) {
    const settings = readProperties(decl.properties, presetProperties, `a preset`, report, (property) => {
      const key = property.key.text;
      if (key === "use") return "a preset cannot `use:` other presets; list them in the stage instead: `use: brand, night`";
      if (referenceProperties.includes(key)) return `a preset holds settings, not references: put \`${key}:\` in the stage`;
      return undefined;
    });
    const blocks = readPhaseBlocks(decl.phases, presetProperties, "a preset", report);
    // A preset's model is checked where it is written, even if no stage uses it yet.
    for (const model of [settings.get("model")?.value, ...[...blocks.values()].map((b) => b.get("model")?.value)]) {
      if (model?.type === "word" && !catalog.get(model.text)) {
        report({ code: "unknown-model", message: `unknown model \`${model.text}\`${modelSuggestion(catalog, model.text)}`, severity: "error", span: model.span });
      }
    }
    if (!decl.name) continue;
    if (checkDuplicate("preset", decl.name.text, decl.name.span, own, report)) continue;
    presets.set(decl.name.text, { name: decl.name.text, decl });
  }

  const { host, path } = options;
  // Without a path (an unsaved buffer) `use` files cannot be read, and unknown presets are not reported.
  if (!path) return file.uses.length === 0;
  let complete = true;
  let total = 0;
  const visited = new Set<string>([path]);
  // Depth first, in the order the lines are written (the first preset of a name wins), on a stack rather
  // than by recursion: a chain of thousands of files must not overflow the call stack.
  // `via` is the document's own `use` line a file is reached through, and the path its user wrote for it.
  type Via = { line: UseDecl; by: string };
  const stack: { from: string; use: UseDecl; via?: Via }[] = [];
  const push = (from: string, uses: GenFile["uses"], via?: Via) => {
    for (let i = uses.length - 1; i >= 0; i--) stack.push({ from, use: uses[i], via });
  };
  push(path, file.uses);
  for (let next = stack.pop(); next; next = stack.pop()) {
    const { from, use, via } = next;
    if (!use.path || !use.path.terminated || !host) {
      complete = false;
      continue;
    }
    const target = host.resolve(from, use.path.value);
    if (visited.has(target)) continue;
    visited.add(target);
    const text = host.read(target);
    if (typeof text !== "string") {
      complete = false;
      // A missing file further down is reported in the file that uses it; a refused one here too, since it may never be opened.
      if (!via && text === undefined) {
        report({ code: "use-not-found", message: `cannot read \`${use.path.value}\`: no such file (paths are relative to this file's folder)`, severity: "error", span: use.path.span });
      } else if (text !== undefined) {
        const message = via ? `\`${use.path.value}\`, used by \`${via.by}\`, ${text.refused}` : `\`${use.path.value}\` ${text.refused}`;
        report({ code: "use-not-found", message, severity: "error", span: (via?.line.path ?? use.path).span });
      }
      continue;
    }
    total += text.length;
    if (total > MAX_USE_TEXT) {
      // Stop reading: a workspace of many large files must not make every keystroke read them all.
      const tooMuch = `the files \`use\`d here pass ${MAX_USE_TEXT / (1024 * 1024)} MB together at \`${use.path.value}\`, the most one file may \`use\`: the rest are not read`;
      report({ code: "use-not-found", message: tooMuch, severity: "error", span: (via?.line.path ?? use.path).span });
      return false;
    }
    dependencies.push(target);
    const cached = options.parseCache?.get(target);
    const result = cached && cached.text === text ? cached.result : parse(text);
    options.parseCache?.set(target, { text, result });
    for (const decl of result.file.presets) {
      if (decl.name && !presets.has(decl.name.text)) presets.set(decl.name.text, { name: decl.name.text, decl, path: target });
    }
    push(target, result.file.uses, { line: via?.line ?? use, by: use.path.value });
  }
  return complete;
}

/**
 * The checks of one stage in each phase, as a stage of its own (what both phases share is reported once:
 * sortAndDedupe); sets the model of each phase and of the current one. `onePhase`: no stage of the
 * pipeline has a phase of its own, so flows are followed once.
 */
export function checkStagePhases(
  stage: StageSymbol, catalog: Catalog, report: Report, { pricingOnly, today, onePhase }: Pick<AnalyzeOptions, "pricingOnly" | "today"> & { onePhase: boolean },
): void {
  for (const phase of phases) {
    if (phase === "final" && stage.phaseSettings.final === stage.phaseSettings.draft) {
      stage.phaseModels.final = stage.phaseModels.draft;
      continue;
    }
    // A view of one phase; when both phases share their settings, the stage itself (no copy per stage).
    const shared = stage.phaseSettings.final === stage.phaseSettings.draft;
    const view: StageSymbol = shared ? stage : { ...stage, settings: stage.phaseSettings[phase], model: undefined };
    if (!pricingOnly) {
      checkGenerations(view, report, onePhase);
      checkRequired(view, report);
    }
    checkResolutionForMedia(view, catalog, report);
    checkModel(view, catalog, report, today);
    stage.phaseModels[phase] = view.model;
  }
  stage.model = stage.phaseModels[stage.pipeline.mode];
}

/**
 * Stages analysed between two yields: a storyboard's one pipeline of thousands of stages is checked in
 * steps of a few milliseconds, so the server answers requests in between.
 */
const STAGES_PER_STEP = 1000;

/** One pipeline's symbols, settings, graph and checks, and its problems by where they came from; yields every `STAGES_PER_STEP` stages of each pass. */
function* analyzePipelineSteps(
  decl: PipelineDecl, model: SemanticModel, catalog: Catalog, { pricingOnly, today }: AnalyzeOptions,
): Steps<{ pipeline: PipelineSymbol; pipelineUnits: PipelineUnits }> {
  const pipeline: PipelineSymbol = {
    name: decl.name?.text ?? "(unnamed)", decl, stages: new Map(), stageList: [], edges: [], outputs: [], mode: "draft", modeWritten: false,
  };
  const units: PipelineUnits = { own: [], stageList: pipeline.stageList, stages: new Map(), outputs: [], cycles: [], onePhase: true };
  const into = (list: Diagnostic[]): Report => (d) => list.push(detached(d));
  const own = into(units.own);
  const settings = readProperties(decl.properties, pipelineProperties, "a pipeline", own, (property) =>
    stageKinds.includes(property.key.text as StageKind) ? `\`${property.key.text}\` starts a stage: write \`${property.key.text} name { … }\`` : undefined);
  const mode = settings.get("mode")?.value;
  if (mode?.type === "word") pipeline.mode = mode.text as Phase;
  pipeline.modeWritten = decl.properties.some((p) => p.key.text === "mode");

  decl.briefs.forEach((brief, i) => {
    if (i > 0) own({ code: "duplicate-property", message: "a pipeline has one `brief`; merge this one into the first", severity: "warning", span: brief.keyword });
    readProperties(brief.properties, briefProperties, "a brief", own);
  });

  const stageNames = new Map<string, Span>();
  // Index loops here: `entries()` would make a pair for every stage of every pass.
  for (let i = 0; i < decl.stages.length; i++) {
    const stageDecl = decl.stages[i];
    if (i > 0 && i % STAGES_PER_STEP === 0) yield;
    const kindText = stageDecl.kind.text;
    const kind = stageKinds.includes(kindText as StageKind) ? (kindText as StageKind) : undefined;
    // One map for both phases until a phase block asks for two (readStageSettings).
    const shared = new Map();
    const phaseSettings = { draft: shared, final: shared };
    const stage: StageSymbol = {
      name: stageDecl.name?.text ?? "", kind, decl: stageDecl, pipeline, settings: phaseSettings[pipeline.mode], phaseSettings, phaseModels: {}, inputs: [], consumers: [],
    };
    pipeline.stageList.push(stage);
    if (!kind) {
      stageReport(units, stage, "header")({
        code: "unknown-stage-kind",
        message: `unknown stage kind \`${kindText}\`${didYouMean(kindText, stageKinds) || `; stages are ${stageKinds.map((k) => "`" + k + "`").join(", ")}`}`,
        severity: "error",
        span: stageDecl.kind.span,
      });
    }
    if (!stageDecl.name) continue;
    // (A reporter only for a repeated name: most stages report nothing.)
    if (!stageNames.has(stage.name)) {
      stageNames.set(stage.name, stageDecl.name.span);
      pipeline.stages.set(stage.name, stage);
    } else {
      checkDuplicate("stage", stage.name, stageDecl.name.span, stageNames, stageReport(units, stage, "header"));
    }
  }

  const checksOf = (stage: StageSymbol) => stageReport(units, stage, "checks");
  const reportChecks = (stage: StageSymbol, diagnostic: Diagnostic) => reportInto(units, stage, "checks", diagnostic);
  for (let i = 0; i < pipeline.stageList.length; i++) {
    const stage = pipeline.stageList[i];
    if (i % STAGES_PER_STEP === 0) yield;
    const report = stageReport(units, stage, "settings");
    guarded(stage.decl.span, report, () => readStageSettings(stage, model, report));
  }
  yield;
  guarded(decl.keyword, own, () => linkStages(pipeline, reportChecks, into(units.cycles)));
  // Without a phase block anywhere, the final phase is the draft again: flows are followed once.
  const onePhase = (units.onePhase = hasOnePhase(pipeline));
  for (let i = 0; i < pipeline.stageList.length; i++) {
    const stage = pipeline.stageList[i];
    if (i % STAGES_PER_STEP === 0) yield;
    const report = checksOf(stage);
    guarded(stage.decl.span, report, () => checkStagePhases(stage, catalog, report, { pricingOnly, today, onePhase }));
  }
  yield;
  if (!pricingOnly) guarded(decl.keyword, own, () => checkOffered(pipeline, reportChecks));
  // A set beside the list: an ad matrix's `output` line can name thousands of stages.
  const delivered = new Set<StageSymbol>();
  const outputs = into(units.outputs);
  for (const output of decl.outputs) {
    for (const ref of output.refs) {
      const target = resolveReference(pipeline, ref, outputs);
      if (target && !delivered.has(target)) {
        delivered.add(target);
        pipeline.outputs.push(target);
      }
    }
  }
  return { pipeline, pipelineUnits: units };
}

/** Whether no stage of the pipeline has a phase of its own: the final phase is then the draft again. */
export function hasOnePhase(pipeline: PipelineSymbol): boolean {
  return pipeline.stageList.every((stage) => stage.phaseSettings.final === stage.phaseSettings.draft);
}
