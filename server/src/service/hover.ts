// Hovers in Markdown: what a stage, a model, a costly value or a pipeline costs.
import type { StageSymbol } from "../analysis/model";
import { CatalogModel, describeCombination } from "../catalog/catalog";
import { provenanceSummary, sourceMarkdown } from "../catalog/provenance";
import { lifecycleOn, stalePrices } from "../catalog/dates";
import type { PipelineCost, StageCost } from "../cost/estimate";
import { CostSettings, formatAmount, formatDelta, formatPart, formatUsd } from "../cost/format";
import { hasPhases } from "../cost/phases";
import type { Property, Span, Value } from "../parser/ast";
import type { CheckedDocument } from "./check";
import { fixAll, FixAllResult } from "./fixes";
import { estimateWith } from "../cost/whatIf";
import { alternatives, compareValue, costlyKeys, show } from "./whatIf";
import { isRuleDiagnostic } from "../rules/runner";

export interface Hover {
  markdown: string;
  span: Span;
}

const inside = (span: Span, offset: number) => offset >= span.start && offset <= span.end;

/** Where the pipeline hover shows, if `offset` is there: the pipeline's header or its `budget:` line. */
function pipelineHoverSpan(cost: PipelineCost, offset: number): Span | undefined {
  const { decl } = cost.pipeline;
  const header = { start: decl.keyword.start, end: decl.name?.span.end ?? decl.keyword.end };
  if (inside(header, offset)) return header;
  const budget = decl.properties.find((p) => p.key.text === "budget");
  return budget && inside(budget.span, offset) ? budget.span : undefined;
}

/** Whether the hover at `offset` is a pipeline's, which says what fixing everything saves (a fix-all). */
export function isPipelineHoverAt(document: CheckedDocument, offset: number): boolean {
  return document.costs.some((cost) => pipelineHoverSpan(cost, offset) !== undefined);
}

/**
 * Where the pipeline hover gets fix-all: worked out on the spot by default; the server passes one that
 * answers only when it is known already, so a hover over a large file never waits for it.
 */
export type FixAllSource = (document: CheckedDocument) => FixAllResult | undefined;

export function hoverAt(document: CheckedDocument, offset: number, fixAllOf: FixAllSource = fixAll): Hover | undefined {
  for (const cost of document.costs) {
    const { pipeline } = cost;
    const span = pipelineHoverSpan(cost, offset);
    if (span) return { markdown: pipelineHover(cost, document, fixAllOf), span };
    for (const stage of pipeline.stageList) {
      const name = stage.decl.name?.span ?? stage.decl.kind.span;
      const head = { start: stage.decl.kind.span.start, end: name.end };
      if (inside(head, offset)) return { markdown: stageHover(cost, stage, document.settings), span: name };
      if (!inside(stage.decl.span, offset)) continue;
      const property = stage.decl.properties.find((p) => inside(p.span, offset));
      if (property) return propertyHover(cost, stage, property, document);
    }
  }
  return undefined;
}

function propertyHover(cost: PipelineCost, stage: StageSymbol, property: Property, document: CheckedDocument): Hover | undefined {
  const value = property.value;
  if (!value) return undefined;
  const key = property.key.text;
  if (key === "model" && stage.model) return { markdown: modelHover(stage.model, document.settings, document.options.today), span: value.span };
  if (costlyKeys.includes(key) && stage.settings.get(key)?.property === property) {
    const markdown = valueHover(cost, stage, key, value, document.settings);
    return markdown ? { markdown, span: value.span } : undefined;
  }
  return undefined;
}

function share(part: number, whole: number): string {
  return whole > 0 ? `${Math.round((part / whole) * 100)}%` : "—";
}

function amount(usd: number, settings: CostSettings): string {
  return settings.display === "usd" ? formatUsd(usd) : `${formatAmount(usd, settings)} (${formatUsd(usd)})`;
}

function stageHover(cost: PipelineCost, stage: StageSymbol, settings: CostSettings): string {
  const stageCost = cost.stages.get(stage)!;
  const title = `**${stage.kind ?? stage.decl.kind.text} \`${stage.name}\`**`;
  if (stage.kind === "keyframe") return `${title}\n\nA keyframe selects a still: free. It passes on ${plural(stageCost.outputs, "frame")}.`;
  const rows: [string, string][] = [];
  rows.push(["model", stage.model ? `\`${stage.model.id}\` · ${stage.model.provider}` : "—"]);
  const unit = stageCost.unit;
  if (unit && "usd" in unit) {
    rows.push(["unit price", unit.basis], ["quantity", unit.quantity]);
    if (stage.model?.priceSources?.length) rows.push(["price source", provenanceSummary(stage.model)]);
  } else if (unit) {
    rows.push(["price", `unknown: ${unit.missing}`]);
  }
  if (stageCost.runs > 1) rows.push(["runs", `${stageCost.runs}, one per output of ${fanInputs(stage)}`]);
  rows.push(["variations × retries", `${stageCost.count} × (1 + ${stageCost.retries}) = ${stageCost.count * (1 + stageCost.retries)}`]);
  if (stageCost.audio !== undefined) rows.push(["native audio", stageCost.audio ? "on" : "off"]);
  rows.push(["subtotal", `**${amount(stageCost.usd, settings)}**`]);
  rows.push(["share of pipeline", share(stageCost.usd, cost.usd)]);
  return `${title}\n\n| | |\n|---|---|\n${rows.map(([k, v]) => `| ${k} | ${v} |`).join("\n")}`;
}

function fanInputs(stage: StageSymbol): string {
  return stage.inputs.filter((e) => e.property !== "over" && e.ref.index === undefined).map((e) => `\`${e.from.name}\``).join(" × ");
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/**
 * What a model is, supports and costs, and where its prices come from. `today` (`2026-11-30`) judges its
 * shutdown date and the age of its prices; without it neither is judged.
 */
export function modelHover(model: CatalogModel, settings: CostSettings, today?: string): string {
  const lines = [`**\`${model.id}\`** · ${model.provider} · ${model.kind} model`];
  const state = lifecycleOn(model, today);
  if (state.lifecycle === "deprecated" || state.lifecycle === "retired") {
    const shutdown = !state.shutdownDate ? "" : state.shutDown ? ` (cannot be called since ${state.shutdownDate})` : ` (shuts down on ${state.shutdownDate})`;
    lines.push(`⚠ ${state.lifecycle}${shutdown}${model.lifecycleNote ? `: ${model.lifecycleNote}` : ""}${model.replacement ? ` Use \`${model.replacement}\` instead.` : ""}`);
  }
  const stale = stalePrices(model, today);
  if (stale) lines.push(`ℹ Prices as of ${stale.asOf}, ${stale.days} days ago: check the provider's page.`);
  const supports: string[] = [];
  if (model.resolutions) supports.push(`resolutions ${model.resolutions.join(", ")}`);
  if (model.durations) supports.push(`durations ${Array.isArray(model.durations) ? model.durations.map((d) => d + "s").join(", ") : `${model.durations.min}–${model.durations.max}s`}`);
  if (model.aspects) supports.push(`aspects ${model.aspects.join(", ")}`);
  if (model.nativeAudio) supports.push(`native audio ${model.nativeAudio}`);
  if (model.audioKinds) supports.push(model.audioKinds.join(", "));
  if (supports.length) lines.push(`Supports ${supports.join(" · ")}.`);
  for (const combo of model.notOffered ?? []) lines.push(`Does not offer ${describeCombination(combo)}: ${combo.note}`);
  if (model.cheaper) lines.push(`Cheaper sibling: \`${model.cheaper}\`.`);
  const table = priceTable(model, settings);
  if (table) lines.push(table);
  if (model.priceSources?.length) lines.push(`Prices: ${model.priceSources.map(sourceMarkdown).join(" · ")}.`);
  if (model.priceNotes) lines.push(`_${model.priceNotes}_`);
  const sources = model.sources.map((s) => (/^https?:\/\//.test(s.url) ? `[${s.url.split("/")[2]}](${s.url})` : s.url) + ` (${s.date})`).join(", ");
  lines.push(`${model.pricesAsOf ? `Prices as of ${model.pricesAsOf}. ` : ""}Sources: ${sources}`);
  return lines.join("\n\n");
}

function priceTable(model: CatalogModel, settings: CostSettings): string | undefined {
  const cell = (usd: number) => formatAmount(usd, settings);
  const grid = (rows: [string, Record<string, number>][], unitLabel: string) => {
    const columns = [...new Set(rows.flatMap(([, table]) => Object.keys(table)))];
    // `default` prices any resolution not listed: said in words, not as a key that reads like a tier.
    const label = (column: string) => (column !== "default" ? column : columns.length > 1 ? "any other" : "any resolution");
    return `| ${unitLabel} | ${columns.map(label).join(" | ")} |\n|---|${columns.map(() => "---").join("|")}|\n` +
      rows.map(([label, table]) => `| ${label} | ${columns.map((c) => (table[c] === undefined ? "—" : cell(table[c]))).join(" | ")} |`).join("\n");
  };
  if (model.perClip) return grid(Object.entries(model.perClip), "per clip");
  const rows: [string, Record<string, number>][] = [];
  const extras: string[] = [];
  if (model.perFrame) {
    // Billed per output frame: what a second costs at the default frame rate (before credits are rounded up), and the rule.
    const { framesPerCredit, usdPerCredit } = model.perFrame;
    const fps = model.defaultFps;
    if (fps) rows.push([`per second at ${fps} fps`, Object.fromEntries(Object.entries(framesPerCredit).map(([res, frames]) => [res, (fps / frames) * usdPerCredit]))]);
    extras.push(`billed per output frame: ${Object.entries(framesPerCredit).map(([res, frames]) => `${Number(frames.toPrecision(6))} frames per credit at ${res}`).join(", ")}; ${cell(usdPerCredit)} per credit; credits rounded up per job; \`fps:\` sets the frame rate`);
  }
  if (model.perSecond) rows.push(["per second", model.perSecond]);
  if (model.withAudio?.perSecond) rows.push(["per second, with audio", model.withAudio.perSecond]);
  if (model.qualities) {
    for (const [tier, table] of Object.entries(model.qualities)) rows.push([`per image, \`quality: ${tier}\`${tier === model.defaultQuality ? " (default)" : ""}`, table]);
  } else if (model.perImage) rows.push(["per image", model.perImage]);
  if (model.audioPerSecond) extras.push(`native audio +${cell(model.audioPerSecond)}/s`);
  if (model.perMegapixel !== undefined) extras.push(`${model.firstMegapixel !== undefined ? `${cell(model.firstMegapixel)} first megapixel, ` : ""}${cell(model.perMegapixel)} per megapixel`);
  if (model.perCharacter !== undefined) extras.push(`${cell(model.perCharacter * 1000)} per 1,000 characters`);
  if (model.perGeneration !== undefined) extras.push(`${cell(model.perGeneration)} per generation`);
  if (model.billedStep) extras.push(`billed in ${model.billedStep}s steps`);
  if (model.minimumSeconds) extras.push(`at least ${model.minimumSeconds}s billed`);
  if (model.minimumCharge) extras.push(`minimum ${cell(model.minimumCharge)}`);
  if (model.hdrMultiplier) extras.push(`HDR ×${model.hdrMultiplier}`);
  const parts = [rows.length ? grid(rows, "price") : "", extras.join(" · ")].filter(Boolean);
  return parts.length ? parts.join("\n\n") : undefined;
}

/** What this value costs the pipeline against the cheapest alternative, and for `count`, what it causes downstream. */
function valueHover(cost: PipelineCost, stage: StageSymbol, key: string, value: Value, settings: CostSettings): string | undefined {
  const lines: string[] = [];
  if (key === "count" || key === "retries") {
    const baseline = estimateWith(cost, stage, key, alternatives(stage, key, value)[0], settings.creditsPerUsd);
    const caused = cost.usd - baseline.usd;
    const label = `${key} ${show(value)}`;
    if (caused <= 0) return `**${label}** adds nothing: ${key === "count" ? "one variation" : "no retries"} would cost the same.`;
    lines.push(`**${label}** → ${downstreamChanges(cost, baseline).join(", ")}: **${formatPart(caused, cost.usd, settings)}** (${share(caused, cost.usd)} of the pipeline).`);
    lines.push(key === "count" ? "Generate one version at a time unless you want alternatives to choose from." : "Retries model rejected outputs, which are billed; failed generations are not.");
    return lines.join("\n\n");
  }
  const comparison = compareValue(cost, stage, key, value, settings.creditsPerUsd);
  if (!comparison) return undefined;
  const here = show(value);
  const extra = comparison.extraUsd;
  lines.push(extra < 1e-9
    ? `**${here}**: the cheapest choice here (pipeline ≈ ${formatAmount(cost.usd, settings)}).`
    : `**${here}**: ${formatDelta(extra, settings)} against ${show(comparison.cheapest)}.`);
  const rows = comparison.options.map((o) => `| ${show(o.candidate)}${show(o.candidate) === here ? " (this)" : ""} | ${formatAmount(o.usd, settings)} |`);
  lines.push(`| ${key} | pipeline total |\n|---|---|\n${rows.join("\n")}`);
  return lines.join("\n\n");
}

/** "4 videos, 2 upscales": generations that differ between the actual and a what-if estimate. */
function downstreamChanges(actual: PipelineCost, baseline: PipelineCost): string[] {
  const byKind = new Map<string, number>();
  for (const [stage, cost] of actual.stages) {
    const before = baseline.stages.get(stage) as StageCost;
    if (!stage.kind || stage.kind === "keyframe" || cost.generations === before.generations) continue;
    byKind.set(stage.kind, (byKind.get(stage.kind) ?? 0) + cost.generations);
  }
  const names: Record<string, string> = { image: "image", video: "video", upscale: "upscale", reframe: "reframe", audio: "audio clip" };
  return [...byKind].map(([kind, n]) => plural(n, names[kind]));
}

/** The first names of a long list and how many more: a hover over a storyboard of thousands stays readable. */
function some(names: string[], shown = 12): string[] {
  return names.length <= shown ? names : [...names.slice(0, shown), `and ${names.length - shown} more`];
}

export function pipelineHover(cost: PipelineCost, document: CheckedDocument, fixAllOf: FixAllSource = fixAll): string {
  const { pipeline } = cost;
  const settings = document.settings;
  const phased = document.phases[document.costs.indexOf(cost)];
  const job = phased?.jobUsd ?? cost.usd;
  const title = `**pipeline ${pipeline.decl.name ? `"${pipeline.name}"` : ""}** ≈ ${amount(job, settings)}`;
  const lines = [title];
  if (phased && hasPhases(phased)) {
    const regenerated = some([...phased.regenerated].filter((s) => (phased.final.stages.get(s)?.usd ?? 0) > 0).map((s) => `\`${s.name}\``));
    lines.push(`| phase | cost |\n|---|---|\n` +
      `| draft${pipeline.mode === "draft" ? " (current)" : ""} | ${formatAmount(phased.draft.usd, settings)} |\n` +
      `| final${pipeline.mode === "final" ? " (current)" : ""} | ${formatAmount(phased.final.usd, settings)} |\n` +
      `| **job**: the draft, then ${regenerated.length ? regenerated.join(", ") : "nothing"} again for the final | **${formatAmount(job, settings)}** |`);
  }
  if (!pipeline.modeWritten) lines.push("No `mode:` is written, so this is the draft phase (`mode: draft` is the default).");
  if (cost.budgetUsd !== undefined) {
    lines.push(`Budget ${formatAmount(cost.budgetUsd, settings)}: ${share(job, cost.budgetUsd)} used by the job${job > cost.budgetUsd ? " — **over budget**" : ""}.`);
  }
  const kinds = Object.entries(cost.byKind).filter(([, usd]) => usd > 0);
  if (kinds.length) lines.push(`| kind | cost | share |\n|---|---|---|\n${kinds.map(([kind, usd]) => `| ${kind} | ${formatAmount(usd, settings)} | ${share(usd, cost.usd)} |`).join("\n")}`);
  if (cost.unpriced.length) {
    lines.push(`Not counted (no price): ${some(cost.unpriced.map((s) => {
      const unit = cost.stages.get(s)?.unit;
      return `\`${s.name}\`${unit && "missing" in unit ? ` (${unit.missing})` : ""}`;
    })).join(", ")}.`);
  }
  lines.push(...findings(cost, document, fixAllOf));
  return lines.join("\n\n");
}

/** The rule findings inside a pipeline, and what fixing them all would save. */
function findings(cost: PipelineCost, document: CheckedDocument, fixAllOf: FixAllSource): string[] {
  const span = cost.pipeline.decl.span;
  const inPipeline = document.diagnostics.filter(isRuleDiagnostic).filter((d) => d.span.start >= span.start && d.span.end <= span.end);
  if (inPipeline.length === 0) return [];
  const byRule = new Map<string, number>();
  for (const d of inPipeline) byRule.set(d.rule, (byRule.get(d.rule) ?? 0) + 1);
  const list = [...byRule].map(([rule, n]) => `\`${rule}\`${n > 1 ? ` ×${n}` : ""}`).join(", ");
  const all = fixAllOf(document);
  const saving = !all
    ? " What applying every fix in the file saves is still being worked out: hover again in a moment."
    : all.savedUsd > 1e-9 ? ` Applying every fix in the file saves ${formatAmount(all.savedUsd, document.settings)} ("Apply all credit-saving fixes").` : "";
  return [`Findings: ${list}.${saving}`];
}
