// Text to diagnostics and a semantic model. Total: never throws; a check that
// fails is reported as an `internal` problem and the other checks still run.
import { Catalog, loadDefaultCatalog } from "../catalog/catalog";
import type { GenFile, PipelineDecl, Span } from "../parser/ast";
import type { Diagnostic } from "../parser/diagnostic";
import { parse, ParseResult } from "../parser/parse";
import { linkStages, resolveReference } from "./graph";
import type { PipelineSymbol, PresetSymbol, SemanticModel, StageSymbol } from "./model";
import { briefProperties, Phase, phases, pipelineProperties, referenceProperties, StageKind, stageKinds } from "./schema";
import { presetProperties, readPhaseBlocks, readProperties, readStageSettings } from "./settings";
import { checkModel, checkRequired, checkResolutionForMedia } from "./stageChecks";
import { didYouMean } from "./suggest";
import type { Report } from "./values";

/** How analysis reaches the files a document `use`s. The core does no IO itself. */
export interface UseHost {
  /** The path of a `use`d file, from the using file's path and the path as written. */
  resolve(fromPath: string, written: string): string;
  /** The file's text, or undefined when it cannot be read. */
  read(path: string): string | undefined;
}

export interface AnalyzeOptions {
  /** The document's own path, needed to resolve `use` lines. */
  path?: string;
  host?: UseHost;
  catalog?: Catalog;
  /** Parsed `use`d files, reused across analyses while their text is unchanged. */
  parseCache?: Map<string, { text: string; result: ParseResult }>;
}

export interface Analysis {
  parse: ParseResult;
  model: SemanticModel;
  /** Syntax and semantic problems, in source order. */
  diagnostics: Diagnostic[];
  /** Paths of the `use`d files this analysis read, transitively. */
  dependencies: string[];
}

/** Past this many problems a file is not worth listing further (binary data, say). */
const MAX_DIAGNOSTICS = 1000;

export function analyze(text: string, options: AnalyzeOptions = {}): Analysis {
  const parsed = parse(text);
  const diagnostics: Diagnostic[] = [...parsed.problems];
  const report: Report = (d) => diagnostics.push(d);
  const model: SemanticModel = { pipelines: [], presets: new Map(), presetsComplete: true };
  const dependencies: string[] = [];
  const guard = (span: Span, check: () => void) => {
    try {
      check();
    } catch (error) {
      report({ code: "internal", message: `internal error while checking this; please report it: ${String(error)}`, severity: "error", span });
    }
  };

  const catalog = options.catalog ?? loadDefaultCatalog();
  guard({ start: 0, end: 0 }, () => (model.presetsComplete = collectPresets(parsed.file, options, catalog, model.presets, dependencies, report)));
  const pipelineNames = new Map<string, Span>();
  for (const decl of parsed.file.pipelines) {
    guard(decl.keyword, () => {
      if (decl.name) checkDuplicate("pipeline", decl.name.text, decl.name.span, pipelineNames, report);
      model.pipelines.push(analyzePipeline(decl, model, catalog, report, guard));
    });
  }

  sortAndDedupe(diagnostics);
  if (diagnostics.length > MAX_DIAGNOSTICS) {
    const hidden = diagnostics.length - MAX_DIAGNOSTICS;
    diagnostics.length = MAX_DIAGNOSTICS;
    const last = diagnostics[MAX_DIAGNOSTICS - 1].span;
    diagnostics.push({ code: "syntax", message: `${hidden} more problems are not shown; is this a .gen file?`, severity: "info", span: last });
  }
  return { parse: parsed, model, diagnostics, dependencies };
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
function collectPresets(
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
        report({ code: "unknown-model", message: `unknown model \`${model.text}\`${didYouMean(model.text, catalog.models.map((m) => m.id))}`, severity: "error", span: model.span });
      }
    }
    if (!decl.name) continue;
    if (checkDuplicate("preset", decl.name.text, decl.name.span, own, report)) continue;
    presets.set(decl.name.text, { name: decl.name.text, decl });
  }

  const { host, path } = options;
  let complete = true;
  const visited = new Set<string>(path ? [path] : []);
  const load = (from: string, uses: GenFile["uses"], direct: boolean) => {
    for (const use of uses) {
      if (!use.path || !use.path.terminated || !host) {
        complete = false;
        continue;
      }
      const target = host.resolve(from, use.path.value);
      if (visited.has(target)) continue;
      visited.add(target);
      const text = host.read(target);
      if (text === undefined) {
        complete = false;
        if (direct) {
          report({ code: "use-not-found", message: `cannot read \`${use.path.value}\`: no such file (paths are relative to this file's folder)`, severity: "error", span: use.path.span });
        }
        continue;
      }
      dependencies.push(target);
      const cached = options.parseCache?.get(target);
      const result = cached && cached.text === text ? cached.result : parse(text);
      options.parseCache?.set(target, { text, result });
      for (const decl of result.file.presets) {
        if (decl.name && !presets.has(decl.name.text)) presets.set(decl.name.text, { name: decl.name.text, decl, path: target });
      }
      load(target, result.file.uses, false);
    }
  };
  // Without a path (an unsaved buffer) `use` files cannot be read, and unknown presets are not reported.
  if (path) load(path, file.uses, true);
  else if (file.uses.length > 0) complete = false;
  return complete;
}

function analyzePipeline(
  decl: PipelineDecl, model: SemanticModel, catalog: Catalog, report: Report, guard: (span: Span, check: () => void) => void,
): PipelineSymbol {
  const pipeline: PipelineSymbol = {
    name: decl.name?.text ?? "(unnamed)", decl, stages: new Map(), stageList: [], edges: [], outputs: [], mode: "draft", modeWritten: false,
  };
  const settings = readProperties(decl.properties, pipelineProperties, "a pipeline", report, (property) =>
    stageKinds.includes(property.key.text as StageKind) ? `\`${property.key.text}\` starts a stage: write \`${property.key.text} name { … }\`` : undefined);
  const mode = settings.get("mode")?.value;
  if (mode?.type === "word") pipeline.mode = mode.text as Phase;
  pipeline.modeWritten = decl.properties.some((p) => p.key.text === "mode");

  decl.briefs.forEach((brief, i) => {
    if (i > 0) report({ code: "duplicate-property", message: "a pipeline has one `brief`; merge this one into the first", severity: "warning", span: brief.keyword });
    readProperties(brief.properties, briefProperties, "a brief", report);
  });

  const stageNames = new Map<string, Span>();
  for (const stageDecl of decl.stages) {
    const kindText = stageDecl.kind.text;
    const kind = stageKinds.includes(kindText as StageKind) ? (kindText as StageKind) : undefined;
    if (!kind) {
      report({
        code: "unknown-stage-kind",
        message: `unknown stage kind \`${kindText}\`${didYouMean(kindText, stageKinds) || `; stages are ${stageKinds.map((k) => "`" + k + "`").join(", ")}`}`,
        severity: "error",
        span: stageDecl.kind.span,
      });
    }
    // One map for both phases until a phase block asks for two (readStageSettings).
    const shared = new Map();
    const phaseSettings = { draft: shared, final: shared };
    const stage: StageSymbol = {
      name: stageDecl.name?.text ?? "", kind, decl: stageDecl, pipeline, settings: phaseSettings[pipeline.mode], phaseSettings, phaseModels: {}, inputs: [], consumers: [],
    };
    pipeline.stageList.push(stage);
    if (!stageDecl.name) continue;
    if (!checkDuplicate("stage", stage.name, stageDecl.name.span, stageNames, report)) {
      pipeline.stages.set(stage.name, stage);
    }
  }

  for (const stage of pipeline.stageList) guard(stage.decl.span, () => readStageSettings(stage, model, report));
  guard(decl.keyword, () => linkStages(pipeline, report));
  for (const stage of pipeline.stageList) {
    guard(stage.decl.span, () => {
      // Each phase is checked as a stage of its own; what both phases share is reported once (sortAndDedupe).
      for (const phase of phases) {
        if (phase === "final" && stage.phaseSettings.final === stage.phaseSettings.draft) {
          stage.phaseModels.final = stage.phaseModels.draft;
          continue;
        }
        const view: StageSymbol = { ...stage, settings: stage.phaseSettings[phase], model: undefined };
        checkRequired(view, report);
        checkResolutionForMedia(view, catalog, report);
        checkModel(view, catalog, report);
        stage.phaseModels[phase] = view.model;
      }
      stage.model = stage.phaseModels[pipeline.mode];
    });
  }
  for (const output of decl.outputs) {
    for (const ref of output.refs) {
      const target = resolveReference(pipeline, ref, report);
      if (target && !pipeline.outputs.includes(target)) pipeline.outputs.push(target);
    }
  }
  return pipeline;
}
