// What a user sees of a check, as plain data to compare: every problem with its fixes, the costs, and the
// model's symbols that hovers, lenses and the graph read.
import type { CheckedDocument } from "../../server/src/service/check";

/** What a user sees of a check: every problem with its fixes, the costs, and the model's symbols. */
export function seen(checked: CheckedDocument): unknown {
  const model = checked.analysis.model;
  return {
    diagnostics: checked.diagnostics.map((d) => ({ ...d, fixes: (d as { fixes?: { title: string; edits: unknown[] }[] }).fixes?.map((f) => ({ title: f.title, edits: f.edits })) })),
    costs: checked.costs.map((c) => ({
      pipeline: c.pipeline.name, usd: c.usd, byKind: c.byKind, unpriced: c.unpriced.map((s) => s.name), budget: c.budgetUsd,
      stages: [...c.stages].map(([stage, cost]) => [stage.name, cost.usd, cost.generations, cost.outputs, cost.audio, cost.unit]),
      flow: [...c.flow.resolution].map(([stage, resolution]) => [stage.name, resolution, c.flow.seconds.get(stage), c.flow.fps.get(stage)]),
    })),
    phases: checked.phases.map((p) => ({ job: p.jobUsd, extra: p.finalExtraUsd, regenerated: [...p.regenerated].map((s) => s.name) })),
    presets: [...model.presets.keys()],
    pipelines: model.pipelines.map((p) => ({
      name: p.name,
      span: p.decl.span,
      outputs: p.outputs.map((s) => s.name),
      edges: p.edges.map((e) => [e.property, e.from.name, e.to.name, e.ref.span]),
      stages: p.stageList.map((s) => ({
        name: s.name,
        kind: s.kind,
        span: s.decl.span,
        models: [s.model?.id, s.phaseModels.draft?.id, s.phaseModels.final?.id],
        settings: (["draft", "final"] as const).map((phase) => [...s.phaseSettings[phase]].map(([key, e]) => [key, e.value.span, e.preset?.name, e.phase])),
      })),
    })),
  };
}
