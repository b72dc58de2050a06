// Hovers on what is not a stage: `use` lines, presets and `use:`, indexed references (`hero[2]`),
// `brief`, `mode` and `output`, and models inside presets (a file may hold presets only).
import type { PipelineSymbol, PresetSymbol, StageSymbol } from "../analysis/model";
import { briefProperties } from "../analysis/schema";
import { loadDefaultCatalog } from "../catalog/catalog";
import { forPipeline } from "../cost/estimate";
import type { PhasedCost } from "../cost/phases";
import { CostSettings, formatAmount } from "../cost/format";
import type { PhaseBlock, Property, Span, Value, WordValue } from "../parser/ast";
import type { CheckedDocument } from "./check";
import type { Hover } from "./hover";
import { modelHover } from "./hover";

const inside = (span: Span, offset: number) => offset >= span.start && offset <= span.end;
const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;

/** A value as it would be written, short enough for a table cell. */
export function valueText(value: Value | undefined): string {
  if (!value) return "—";
  switch (value.type) {
    case "string": {
      const oneLine = value.value.replace(/\s+/g, " ").trim();
      return JSON.stringify(oneLine.length > 60 ? `${oneLine.slice(0, 57)}…` : oneLine);
    }
    case "number": return String(value.value);
    case "duration": return `${value.seconds}s`;
    case "money": return `$${value.usd}`;
    case "credits": return `${value.credits} credits`;
    case "word": return value.index === undefined ? value.text : `${value.text}[${value.index}]`;
    case "list": return value.items.map(valueText).join(", ");
    default: return value.text;
  }
}

export function placeHoverAt(document: CheckedDocument, offset: number): Hover | undefined {
  const { file } = document.analysis.parse;
  for (const use of file.uses) if (inside(use.span, offset)) return useHover(document, use.path?.value, use.span);
  for (const decl of file.presets) {
    if (!inside(decl.span, offset)) continue;
    const preset = decl.name && document.analysis.model.presets.get(decl.name.text);
    if (decl.name && inside(decl.name.span, offset) && preset?.decl === decl) return { markdown: presetHover(document, preset), span: decl.name.span };
    const properties = [...decl.properties, ...decl.phases.flatMap((b) => b.properties)];
    const model = properties.find((p) => p.key.text === "model" && p.value && inside(p.value.span, offset));
    if (model?.value) return modelValueHover(document, model.value);
    // Any other setting of the preset: what the preset brings, and to which stages.
    const property = properties.find((p) => inside(p.span, offset));
    return property && preset?.decl === decl ? { markdown: presetHover(document, preset), span: property.span } : undefined;
  }
  for (const pipeline of document.analysis.model.pipelines) {
    if (!inside(pipeline.decl.span, offset)) continue;
    const phased = forPipeline(document.phases, pipeline);
    const brief = pipeline.decl.briefs.find((b) => inside(b.keyword, offset));
    if (brief) return { markdown: briefHover(pipeline), span: brief.keyword };
    const mode = pipeline.decl.properties.find((p) => p.key.text === "mode" && inside(p.span, offset));
    if (mode && phased) return { markdown: modeHover(phased, document.settings), span: mode.span };
    for (const output of pipeline.decl.outputs) {
      const ref = output.refs.find((r) => inside(r.span, offset));
      if (ref?.index !== undefined) return referenceHover(pipeline, phased, ref, document.settings);
      if ((ref || inside(output.keyword, offset)) && phased) return { markdown: outputHover(pipeline, phased, document.settings), span: ref?.span ?? output.keyword };
    }
    const stage = pipeline.stageList.find((s) => inside(s.decl.span, offset));
    if (stage) return stageValueHover(document, pipeline, phased, stage, offset);
  }
  return undefined;
}

/** `use: look` and references with an index (`hero[2]`) inside a stage. */
function stageValueHover(document: CheckedDocument, pipeline: PipelineSymbol, phased: PhasedCost | undefined, stage: StageSymbol, offset: number): Hover | undefined {
  const properties = [...stage.decl.properties, ...stage.decl.phases.flatMap((b: PhaseBlock) => b.properties)];
  const property = properties.find((p: Property) => p.value && inside(p.value.span, offset));
  if (!property?.value) return undefined;
  const words = property.value.type === "list" ? property.value.items : [property.value];
  const word = words.find((w): w is WordValue => w.type === "word" && inside(w.span, offset));
  if (!word) return undefined;
  if (property.key.text === "use") {
    const preset = document.analysis.model.presets.get(word.text);
    return preset ? { markdown: presetHover(document, preset), span: word.span } : undefined;
  }
  return word.index !== undefined ? referenceHover(pipeline, phased, word, document.settings) : undefined;
}

function modelValueHover(document: CheckedDocument, value: Value): Hover | undefined {
  if (value.type !== "word") return undefined;
  const model = (document.options.catalog ?? loadDefaultCatalog()).get(value.text);
  return model ? { markdown: modelHover(model, document.settings, document.options.today), span: value.span } : undefined;
}

function useHover(document: CheckedDocument, written: string | undefined, span: Span): Hover | undefined {
  if (written === undefined) return undefined;
  const { path: from, host } = document.options;
  const resolved = from && host ? host.resolve(from, written) : undefined;
  const presets = [...document.analysis.model.presets.values()].filter((p) => resolved !== undefined && p.path === resolved);
  const lines = [`**use** ${code(written)}`];
  if (resolved === undefined) lines.push("Read when the file is saved: an unsaved file reads no other files.");
  else if (!document.analysis.dependencies.includes(resolved)) lines.push(`${code(resolved)} could not be read: see the problem on this line.`);
  else if (presets.length === 0) lines.push(`${code(resolved)} holds no presets this file can use.`);
  else lines.push(`${code(resolved)} brings ${presets.length === 1 ? "the preset" : `${presets.length} presets:`} ${presets.map((p) => code(p.name)).join(", ")}.`);
  return { markdown: lines.join("\n\n"), span };
}

function presetHover(document: CheckedDocument, preset: PresetSymbol): string {
  const where = preset.path ? `from ${code(preset.path)}` : "in this file";
  const rows = preset.decl.properties.map((p) => [p.key.text, valueText(p.value)]);
  for (const block of preset.decl.phases) for (const p of block.properties) rows.push([`${block.keyword.text}: ${p.key.text}`, valueText(p.value)]);
  const lines = [`**preset ${code(preset.name)}** ${where}`];
  lines.push(rows.length === 0 ? "It sets nothing." : `| setting | value |\n|---|---|\n${rows.map(([k, v]) => `| ${k} | ${code(v)} |`).join("\n")}`);
  const users = document.analysis.model.pipelines.flatMap((p) => p.stageList).filter((s) => [...s.settings.values()].some((e) => e.preset === preset)
    || (s.settings.get("use")?.value && valueText(s.settings.get("use")!.value).split(", ").includes(preset.name)));
  if (users.length === 0) {
    lines.push("No stage in this file uses it.");
  } else {
    const overridden = users.flatMap((stage) => {
      const keys = preset.decl.properties.map((p) => p.key.text).filter((key) => key !== "use" && stage.settings.get(key) && stage.settings.get(key)!.preset !== preset);
      return keys.length > 0 ? [`${code(stage.name)} (${keys.join(", ")})`] : [];
    });
    const shown = users.slice(0, 10).map((s) => code(s.name)).join(", ") + (users.length > 10 ? ` and ${users.length - 10} more` : "");
    lines.push(`Used by ${users.length === 1 ? "one stage" : `${users.length} stages`}: ${shown}.`);
    if (overridden.length > 0) lines.push(`Overridden in ${overridden.slice(0, 10).join(", ")}${overridden.length > 10 ? ` and ${overridden.length - 10} more` : ""}.`);
  }
  return lines.join("\n\n");
}

function briefHover(pipeline: PipelineSymbol): string {
  const written = new Set(pipeline.decl.briefs.flatMap((b) => b.properties.map((p) => p.key.text)));
  const missing = Object.keys(briefProperties).filter((key) => key !== "notes" && !written.has(key));
  const lines = [
    "**brief**: what the pipeline is for, written before anything is generated (plan before you create). It is not billed.",
    "The rules read it: a brief that asks for 4k or a single final take keeps the final at what it asks for.",
  ];
  if (missing.length > 0) lines.push(`Not written yet: ${missing.map(code).join(", ")}.`);
  return lines.join("\n\n");
}

function modeHover(phased: PhasedCost, settings: CostSettings): string {
  const amount = (usd: number) => formatAmount(usd, settings);
  const { pipeline } = phased;
  const now = pipeline.mode;
  const lines = [`**mode: ${now}**${pipeline.modeWritten ? "" : " (the default)"}`];
  if (now === "draft") {
    lines.push(`Priced as a draft: ${amount(phased.draft.usd)}. The final phase costs ${amount(phased.final.usd)}; the whole job, draft then what the final makes again, ${amount(phased.jobUsd)}.`);
    lines.push("\"Promote to final\" (a code action on this line) writes the final settings, never below what the brief asks for.");
  } else {
    lines.push(`Priced as the final: ${amount(phased.final.usd)}. Drafting first costs ${amount(phased.draft.usd)}; the whole job, ${amount(phased.jobUsd)}.`);
  }
  return lines.join("\n\n");
}

function outputHover(pipeline: PipelineSymbol, phased: PhasedCost, settings: CostSettings): string {
  const delivered = pipeline.outputs;
  if (delivered.length === 0) return "**output**: the deliverables. None is named yet.";
  const rows = delivered.map((stage) => {
    const flow = phased.final.flow;
    const resolution = flow.resolution.get(stage);
    const seconds = flow.seconds.get(stage);
    const what = [stage.kind ?? "", resolution && resolution !== "default" ? resolution : "", seconds !== undefined ? `${seconds}s` : ""].filter(Boolean).join(" · ");
    return `| ${code(stage.name)} | ${what} | ${formatAmount(phased.final.stages.get(stage)?.usd ?? 0, settings)} |`;
  });
  return `**output**: what the pipeline delivers, as the final phase makes it\n\n| stage | delivered | final |\n|---|---|---|\n${rows.join("\n")}`;
}

/** `hero[2]`: which variation, and what one costs. */
function referenceHover(pipeline: PipelineSymbol, phased: PhasedCost | undefined, word: WordValue, settings: CostSettings): Hover | undefined {
  const stage = pipeline.stages.get(word.text);
  if (!stage) return undefined;
  const cost = phased && (pipeline.mode === "final" ? phased.final : phased.draft).stages.get(stage);
  const variations = cost ? cost.count : 1;
  if (word.index === undefined) return undefined;
  const lines = [`**${code(`${word.text}[${word.index}]`)}**: variation ${word.index} of ${variations} of ${stage.kind ?? "stage"} ${code(stage.name)}`];
  if (cost && cost.unit && "usd" in cost.unit) lines.push(`One variation costs ${formatAmount(cost.unit.usd, settings)}; the stage makes ${variations} for ${formatAmount(cost.usd, settings)}.`);
  return { markdown: lines.join("\n\n"), span: word.span };
}
