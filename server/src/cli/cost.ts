// `gen cost`: what each pipeline costs, stage by stage, with the total and the budget use,
// as a table for the terminal, JSON for tools, or Markdown for a pull-request comment.
// The core prices everything (service/check.ts); this module only lays it out.
import type { PipelineCost } from "../cost/estimate";
import { explainStage, StageExplanation } from "../cost/explain";
import { CostSettings, formatAmount, formatPart } from "../cost/format";
import { hasPhases, PhasedCost } from "../cost/phases";
import type { Diagnostic } from "../parser/diagnostic";
import { graphMermaid } from "../render/mermaid";
import { isRuleDiagnostic } from "../rules/runner";
import { pipelineGraphs } from "../service/pipelineGraph";
import { codeInfo, JsonAmount, jsonAmount, JsonDiagnostic, jsonDiagnostic, jsonPath } from "./json";
import { bold, dim, green, plural, printable, red, table, underline, yellow, markdownCell } from "./output";
import { CheckedFile, checkPaths, ConfigFile, ConfigLoader, configOptionProblem, Workspace } from "./workspace";

export const COST_HELP = `Usage: gen cost [options] [paths…]

Shows what each pipeline in the .gen files under the given files and folders (default: .)
costs: a table per pipeline (stage, kind, model, quantity, cost), the total, the budget use
and the subtotals by kind. Amounts read in credits or dollars, as gen.config.json says.

Options:
  --format <name>   table (default), json, or markdown (for a pull-request comment)
  --graph           with --format markdown: each pipeline's graph too, as Mermaid
                    (GitHub draws it; \`gen graph\` draws it in other formats)
  --explain         each stage's arithmetic (unit price, what it is billed for, × runs,
                    versions and retries = its cost) and where its price comes from
                    (kind, date, site): a line under each stage, or \`explain\` in JSON
  --config <file>   use this gen.config.json instead of the nearest one above each file
  -h, --help        show this help

Exit codes: 0 every pipeline within its budget, 1 a pipeline over budget or a file (or a
gen.config.json) that cannot be read, 2 bad usage.

Examples:
  gen cost samples/spring-teaser.gen
  gen cost --explain samples/spring-teaser.gen
  gen cost --format markdown > cost.md
  gen cost --format markdown --graph samples/spring-edit.gen > cost.md`;

const formats = ["table", "json", "markdown"];

/** One stage as every format shows it. */
interface StageView {
  name: string;
  /** The stage kind, as written when it is not one. */
  kind: string;
  /** The catalog's model id, or as written when the catalog does not know it. */
  model?: string;
  generations: number;
  /** What one generation is billed for ("5s at 540p"); absent when the stage is free or unpriced. */
  quantity?: string;
  /** A keyframe: it selects a still. */
  free: boolean;
  /** Why the stage has no price; the total leaves it out. */
  unpriced?: string;
  /** In the current phase, from scratch. */
  usd: number;
  draftUsd: number;
  finalUsd: number;
  /** The final phase generates it again (its settings, model or inputs differ from the draft's). */
  regenerated: boolean;
  /** With `--explain`: the arithmetic of `usd`, and where the price comes from. */
  explain?: StageExplanation;
}

interface PipelineView {
  name: string;
  /** `pipeline "spring-teaser"` */
  title: string;
  mode: "draft" | "final";
  /** The current phase from scratch. */
  usd: number;
  draftUsd: number;
  finalUsd: number;
  /** The draft, then what the final generates again: what the budget bounds. */
  jobUsd: number;
  /** The phases differ: the views show both. */
  phased: boolean;
  budgetUsd?: number;
  /** Job ÷ budget (a budget is above 0: analysis refuses 0). */
  share?: number;
  over: boolean;
  byKind: [string, number][];
  stages: StageView[];
}

function stageView(cost: PipelineCost, phased: PhasedCost, stage: PipelineCost["pipeline"]["stageList"][number], explain?: CostSettings): StageView {
  const stageCost = cost.stages.get(stage)!;
  const written = stage.settings.get("model")?.value;
  const model = stage.model?.id ?? (written?.type === "word" ? written.text : undefined);
  const view: StageView = {
    name: stage.name || "(unnamed)",
    kind: stage.kind ?? stage.decl.kind.text,
    generations: stageCost.generations,
    free: stage.kind === "keyframe" || stage.kind === "sequence",
    usd: stageCost.usd,
    draftUsd: phased.draft.stages.get(stage)?.usd ?? 0,
    finalUsd: phased.final.stages.get(stage)?.usd ?? 0,
    regenerated: phased.regenerated.has(stage),
  };
  if (model !== undefined) view.model = model;
  if (explain) view.explain = explainStage(stage, stageCost, explain);
  const unit = stageCost.unit;
  if (!stage.kind) view.unpriced = "unknown stage kind";
  else if (unit && "missing" in unit) view.unpriced = unit.missing;
  else if (unit) view.quantity = unit.quantity;
  return view;
}

function pipelineView(cost: PipelineCost, phased: PhasedCost, explain?: CostSettings): PipelineView {
  const { pipeline } = cost;
  const view: PipelineView = {
    name: pipeline.name,
    title: pipeline.decl.name ? `pipeline "${pipeline.name}"` : "pipeline (unnamed)",
    mode: pipeline.mode,
    usd: cost.usd,
    draftUsd: phased.draft.usd,
    finalUsd: phased.final.usd,
    jobUsd: phased.jobUsd,
    phased: hasPhases(phased),
    over: false,
    byKind: Object.entries(cost.byKind).filter(([, usd]) => usd > 0),
    stages: pipeline.stageList.map((stage) => stageView(cost, phased, stage, explain)),
  };
  if (cost.budgetUsd !== undefined && cost.budgetUsd > 0) {
    // As the over-budget rule measures it: the whole job.
    view.budgetUsd = cost.budgetUsd;
    view.share = phased.jobUsd / cost.budgetUsd;
    view.over = view.share > 1;
  }
  return view;
}

/** "4 × 5s at 540p", "free", or why there is no price. */
function quantityText(stage: StageView): string {
  if (stage.free) return "free";
  if (stage.unpriced !== undefined) return stage.unpriced;
  if (stage.quantity === undefined) return "—";
  return stage.generations === 1 ? stage.quantity : `${stage.generations} × ${stage.quantity}`;
}

const costText = (stage: StageView, settings: CostSettings) => (stage.unpriced !== undefined ? "—" : formatAmount(stage.usd, settings));

/** "84 of 150 credits, 56%", with "over budget" past it; "none" without a budget. */
function budgetText(view: PipelineView, settings: CostSettings): string {
  if (view.budgetUsd === undefined || view.share === undefined) return "none";
  const share = Number.isFinite(view.share) ? `, ${Math.round(view.share * 100)}%` : "";
  return `${formatPart(view.jobUsd, view.budgetUsd, settings)}${share}${view.over ? ", over budget" : ""}`;
}

/** "job: 422 credits: the draft, then 380 credits for the final (2 stages generated again)" */
function jobText(view: PipelineView, settings: CostSettings): string {
  const again = view.stages.filter((stage) => stage.regenerated && stage.finalUsd > 0).length;
  return `job: ${formatAmount(view.jobUsd, settings)}: the draft, then ${formatAmount(view.jobUsd - view.draftUsd, settings)} for the final (${plural(again, "stage")} generated again)`;
}

/** A stage's final-phase cell: its price when the final generates it again, else `= draft`. */
const finalText = (stage: StageView, settings: CostSettings) =>
  stage.unpriced !== undefined ? "—" : stage.regenerated ? formatAmount(stage.finalUsd, settings) : "= draft";

/** "without 2 unpriced stages", or nothing when every stage has a price. */
function unpricedNote(view: PipelineView): string {
  const unpriced = view.stages.filter((stage) => stage.unpriced !== undefined).length;
  return unpriced ? `without ${plural(unpriced, "unpriced stage")}` : "";
}

const byKindText = (view: PipelineView, settings: CostSettings) => view.byKind.map(([kind, usd]) => `${kind} ${formatAmount(usd, settings)}`).join(" · ");

/** Counts by code, most frequent first: "`brief-first` ×2". */
function countByCode(diagnostics: Diagnostic[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const d of diagnostics) counts.set(d.code, (counts.get(d.code) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

const errorsIn = (diagnostics: Diagnostic[]) => diagnostics.filter((d) => d.severity === "error").length;

/** Errors in the text itself (not rule findings such as over-budget): what the estimate may have missed. */
const languageErrorsIn = (diagnostics: Diagnostic[]) => diagnostics.filter((d) => d.severity === "error" && !isRuleDiagnostic(d)).length;

// ── table ──────────────────────────────────────────────────────────────────

function printTable(workspace: Workspace, views: Map<CheckedFile, PipelineView[]>): void {
  for (const problem of workspace.unreadable) console.error(`${red("error")} ${printable(problem.message)}`);
  for (const config of brokenConfigs(workspace)) {
    for (const d of config.diagnostics) {
      const { line, character } = config.lines.positionAt(d.span.start);
      console.error(`${d.severity === "error" ? red("error") : yellow(d.severity)} ${printable(config.path)}:${line + 1}:${character + 1} ${printable(d.message)}`);
    }
  }
  let pipelines = 0;
  let over = 0;
  for (const file of workspace.files) {
    const settings = file.document.settings;
    console.log(underline(printable(file.path)));
    const pipelineViews = views.get(file)!;
    if (pipelineViews.length === 0) console.log(`  ${dim("no pipelines")}\n`);
    for (const view of pipelineViews) {
      pipelines++;
      if (view.over) over++;
      console.log(`  ${bold(printable(view.title))}${view.phased ? dim(` (${view.mode} mode: models and quantities of the ${view.mode})`) : ""}`);
      const columns = view.phased
        ? [{ head: "draft", cells: view.stages.map((stage) => costText({ ...stage, usd: stage.draftUsd }, settings)), total: formatAmount(view.draftUsd, settings) },
          { head: "final", cells: view.stages.map((stage) => finalText(stage, settings)), total: formatAmount(view.finalUsd, settings) }]
        : [{ head: "cost", cells: view.stages.map((stage) => costText(stage, settings)), total: formatAmount(view.usd, settings) }];
      const pad = columns.map((column) => Math.max(column.head.length, column.total.length, ...column.cells.map((cell) => cell.length)));
      const rows = [
        ["stage", "kind", "model", "quantity", ...columns.map((column, c) => column.head.padStart(pad[c]))],
        ...view.stages.map((stage, i) => [stage.name, stage.kind, stage.model ?? "—", quantityText(stage), ...columns.map((column, c) => column.cells[i].padStart(pad[c]))]),
        ["total", "", "", unpricedNote(view), ...columns.map((column, c) => column.total.padStart(pad[c]))],
      ];
      const lines = table(rows).split("\n");
      // With --explain, each stage's arithmetic and price source on indented lines under it.
      const explained = (i: number) => {
        const explain = i > 0 && i < lines.length - 1 ? view.stages[i - 1].explain : undefined;
        return explain ? [`      ${printable(explain.arithmetic)}`, ...(explain.source ? [dim(`      ${printable(explain.source)}`)] : [])] : [];
      };
      console.log(lines.flatMap((line, i) => [`    ${i === 0 ? dim(line) : i === lines.length - 1 ? bold(line) : line}`, ...explained(i)]).join("\n"));
      if (view.phased) console.log(`    ${jobText(view, settings)}`);
      const budget = `budget: ${budgetText(view, settings)}`;
      console.log(`    ${view.over ? red(budget) : budget}`);
      if (view.byKind.length) console.log(`    by kind: ${byKindText(view, settings)}`);
      console.log("");
    }
    const errors = languageErrorsIn(file.document.diagnostics);
    if (errors) console.log(`  ${yellow(`${plural(errors, "error")} in this file: the estimate may be incomplete (see \`gen check\`)`)}\n`);
  }
  const summary = `${plural(pipelines, "pipeline")} in ${plural(workspace.files.length, "file")}, ${over ? `${over} over budget` : "none over budget"}`;
  console.log(over ? red(`✖ ${summary}`) : green(`✔ ${summary}`));
}

// ── markdown ───────────────────────────────────────────────────────────────


function printMarkdown(workspace: Workspace, views: Map<CheckedFile, PipelineView[]>, graphs: boolean): void {
  const blocks: string[] = [];
  for (const problem of workspace.unreadable) blocks.push(`### \`${markdownCell(problem.path)}\`\n\n**Error:** ${markdownCell(problem.message)}`);
  for (const config of brokenConfigs(workspace)) {
    blocks.push(`### \`${markdownCell(config.path)}\`\n\n${config.diagnostics.map((d) => `- **${d.severity}:** ${markdownCell(d.message)}`).join("\n")}`);
  }
  for (const file of workspace.files) {
    const settings = file.document.settings;
    const parts = [`### \`${markdownCell(file.path)}\``];
    const pipelineViews = views.get(file)!;
    if (pipelineViews.length === 0) parts.push("No pipelines.");
    const drawn = graphs ? pipelineGraphs(file.document) : [];
    for (const [index, view] of pipelineViews.entries()) {
      parts.push(`#### ${markdownCell(view.title)}`);
      const cells = (stage: StageView) => (view.phased ? `${costText({ ...stage, usd: stage.draftUsd }, settings)} | ${finalText(stage, settings)}` : costText(stage, settings));
      const rows = view.stages.map((stage) => `| \`${markdownCell(stage.name)}\` | ${markdownCell(stage.kind)} | ${stage.model ? `\`${markdownCell(stage.model)}\`` : "—"} | ${markdownCell(quantityText(stage))} | ${cells(stage)} |`);
      const head = view.phased ? ["| stage | kind | model | quantity | draft | final |", "|---|---|---|---|---:|---:|"] : ["| stage | kind | model | quantity | cost |", "|---|---|---|---|---:|"];
      const totals = view.phased ? `**${formatAmount(view.draftUsd, settings)}** | **${formatAmount(view.finalUsd, settings)}**` : `**${formatAmount(view.usd, settings)}**`;
      parts.push([...head, ...rows, `| **total** | | | ${unpricedNote(view) && `${unpricedNote(view)} `}| ${totals} |`].join("\n"));
      const lines = view.phased ? [`${jobText(view, settings).replace(/^job/, "Job")}.`] : [];
      lines.push(`Budget: ${view.over ? `**${budgetText(view, settings)}**` : budgetText(view, settings)}.`);
      if (view.byKind.length) lines.push(`By kind: ${byKindText(view, settings)}.`);
      parts.push(lines.join("  \n"));
      const explained = view.stages.filter((stage) => stage.explain);
      if (explained.length) {
        // The arithmetic in a code span: GitHub reads text between two dollar signs as math.
        parts.push(explained.map((stage) => `- \`${markdownCell(stage.name)}\`: \`${markdownCell(stage.explain!.arithmetic).replace(/`/g, "'")}\`${stage.explain!.source ? ` · ${markdownCell(stage.explain!.source)}` : ""}`).join("\n"));
      }
      if (drawn[index]) parts.push("```mermaid\n" + graphMermaid(drawn[index]) + "```");
    }
    const diagnostics = file.document.diagnostics;
    const errors = languageErrorsIn(diagnostics);
    if (errors) parts.push(`⚠ ${plural(errors, "error")} in this file: the estimate may be incomplete (see \`gen check\`).`);
    if (diagnostics.length === 0) parts.push("No findings.");
    else {
      const list = countByCode(diagnostics).map(([code, n]) => `- [\`${code}\`](${codeInfo(code).helpUri})${n > 1 ? ` ×${n}` : ""}`);
      parts.push(`Findings (${diagnostics.length}):\n\n${list.join("\n")}`);
    }
    blocks.push(parts.join("\n\n"));
  }
  console.log(blocks.join("\n\n"));
}

// ── json ───────────────────────────────────────────────────────────────────

/** `gen cost --format json`: a public interface, documented in the README. */
export interface CostJson {
  files: CostJsonFile[];
}

export interface CostJsonFile {
  path: string;
  /** Set when the file (or its gen.config.json) could not be read; `pipelines` is then empty. */
  error?: string;
  display?: CostSettings["display"];
  creditsPerUsd?: number;
  pipelines: CostJsonPipeline[];
  diagnostics: JsonDiagnostic[];
}

export interface CostJsonPipeline extends JsonAmount {
  name: string;
  /** The current phase: `credits`/`usd` price it from scratch. */
  mode: "draft" | "final";
  /** Each phase from scratch, and the job: the draft, then what the final generates again. */
  draft: JsonAmount;
  final: JsonAmount;
  job: JsonAmount;
  /** Absent without a `budget:`; `share` is job ÷ budget. */
  budget?: JsonAmount & { share: number; over: boolean };
  byKind: Record<string, JsonAmount>;
  /** Names of the stages without a price: the total leaves them out. */
  unpriced: string[];
  stages: CostJsonStage[];
}

export interface CostJsonStage extends JsonAmount {
  name: string;
  kind: string;
  model?: string;
  /** Billed generations: runs × count × (1 + retries). */
  generations: number;
  /** What one generation is billed for: "5s at 540p". */
  quantity?: string;
  /** Why there is no price. */
  unpriced?: string;
  draft: JsonAmount;
  final: JsonAmount;
  /** Whether the final phase generates the stage again, and so whether `final` counts in the job. */
  regenerated: boolean;
  /** With `--explain`: how the current phase's amount is reached, and where the price comes from. */
  explain?: StageExplanation;
}

function pipelineJson(view: PipelineView, cost: PipelineCost, settings: CostSettings): CostJsonPipeline {
  // Keys in reading order; JSON.stringify leaves out the undefined ones.
  const stages = view.stages.map((stage): CostJsonStage => ({
    name: stage.name,
    kind: stage.kind,
    model: stage.model,
    generations: stage.generations,
    quantity: stage.quantity,
    unpriced: stage.unpriced,
    ...jsonAmount(stage.usd, settings),
    draft: jsonAmount(stage.draftUsd, settings),
    final: jsonAmount(stage.finalUsd, settings),
    regenerated: stage.regenerated,
    explain: stage.explain,
  }));
  const share = Math.round((view.share ?? 0) * 1e4) / 1e4;
  return {
    name: view.name,
    ...jsonAmount(view.usd, settings),
    mode: view.mode,
    draft: jsonAmount(view.draftUsd, settings),
    final: jsonAmount(view.finalUsd, settings),
    job: jsonAmount(view.jobUsd, settings),
    budget: view.budgetUsd === undefined ? undefined : { ...jsonAmount(view.budgetUsd, settings), share, over: view.over },
    byKind: Object.fromEntries(Object.entries(cost.byKind).map(([kind, usd]) => [kind, jsonAmount(usd, settings)])),
    unpriced: view.stages.filter((stage) => stage.unpriced !== undefined).map((stage) => stage.name),
    stages,
  };
}

function toJson(workspace: Workspace, views: Map<CheckedFile, PipelineView[]>): CostJson {
  const files: CostJsonFile[] = [];
  for (const problem of workspace.unreadable) files.push({ path: jsonPath(problem.path), error: problem.message, pipelines: [], diagnostics: [] });
  for (const config of brokenConfigs(workspace)) {
    files.push({ path: jsonPath(config.path), pipelines: [], diagnostics: config.diagnostics.map((d) => jsonDiagnostic(d, config.lines)) });
  }
  for (const file of workspace.files) {
    const { settings, costs, diagnostics, analysis } = file.document;
    const pipelineViews = views.get(file)!;
    files.push({
      path: jsonPath(file.path),
      display: settings.display,
      creditsPerUsd: settings.creditsPerUsd,
      pipelines: pipelineViews.map((view, i) => pipelineJson(view, costs[i], settings)),
      diagnostics: diagnostics.map((d) => jsonDiagnostic(d, analysis.parse.lines)),
    });
  }
  return { files };
}

// ── the command ────────────────────────────────────────────────────────────

/** The gen.config.json files that applied and have errors: their amounts and models may not be what the team set. */
const brokenConfigs = (workspace: Workspace): ConfigFile[] => workspace.configs.filter((config) => config.diagnostics.length > 0);

export function runCost(values: Record<string, unknown>, paths: string[]): number {
  const format = (values.format as string | undefined) ?? "table";
  const config = values.config as string | undefined;
  if (!formats.includes(format)) {
    console.error(`gen cost: unknown format \`${printable(format)}\`: use table, json or markdown`);
    return 2;
  }
  if (values.graph === true && format !== "markdown") {
    console.error("gen cost: --graph draws the graphs in Markdown: use it with --format markdown (or run `gen graph`)");
    return 2;
  }
  const configProblem = configOptionProblem(config);
  if (configProblem) {
    console.error(`gen cost: ${printable(configProblem)}`);
    return 2;
  }

  const workspace = checkPaths(paths, new ConfigLoader(config));
  const explain = values.explain === true;
  const views = new Map(workspace.files.map((file) => [file, file.document.costs.map((cost, i) => pipelineView(cost, file.document.phases[i], explain ? file.document.settings : undefined))]));
  if (format === "json") console.log(JSON.stringify(toJson(workspace, views), null, 2));
  else if (format === "markdown") printMarkdown(workspace, views, values.graph === true);
  else printTable(workspace, views);

  const overBudget = [...views.values()].some((list) => list.some((view) => view.over));
  const configErrors = brokenConfigs(workspace).some((file) => errorsIn(file.diagnostics) > 0);
  return overBudget || workspace.unreadable.length > 0 || configErrors ? 1 : 0;
}
