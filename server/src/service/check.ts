// One document, fully checked: syntax, meaning and cost. The server and the CLI
// both call this, so they always agree.
import { analyze, Analysis, AnalyzeOptions } from "../analysis/analyze";
import { checkBudget } from "../cost/budget";
import { estimatePipeline, PipelineCost } from "../cost/estimate";
import { CostSettings, defaultCostSettings } from "../cost/format";
import type { Diagnostic } from "../parser/diagnostic";

export interface CheckOptions extends AnalyzeOptions {
  cost?: CostSettings;
}

export interface CheckedDocument {
  analysis: Analysis;
  costs: PipelineCost[];
  settings: CostSettings;
  diagnostics: Diagnostic[];
}

export function checkDocument(text: string, options: CheckOptions = {}): CheckedDocument {
  const analysis = analyze(text, options);
  const settings = options.cost ?? defaultCostSettings;
  const diagnostics = [...analysis.diagnostics];
  const costs: PipelineCost[] = [];
  for (const pipeline of analysis.model.pipelines) {
    try {
      const cost = estimatePipeline(pipeline, settings.creditsPerUsd);
      costs.push(cost);
      const budget = checkBudget(cost, settings);
      if (budget) diagnostics.push(budget);
    } catch (error) {
      diagnostics.push({ code: "internal", message: `internal error while estimating this pipeline; please report it: ${String(error)}`, severity: "error", span: pipeline.decl.keyword });
    }
  }
  diagnostics.sort((a, b) => a.span.start - b.span.start);
  return { analysis, costs, settings, diagnostics };
}
