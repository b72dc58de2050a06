// What the workspace index keeps of a file: its pipelines, stages and presets (the names and where they
// are written) and its `use` paths as written. Parsed only, never analysed or priced: the index summarises
// every .gen file of the workspace, and a summary must stay cheap.
import type { Span } from "../parser/ast";
import { parse } from "../parser/parse";

export interface FileSummary {
  /** Named pipelines, in source order; `span` is the name's (quotes included). */
  pipelines: { name: string; span: Span }[];
  /** Named stages, in source order; `pipeline` is the name of the pipeline they are in ("" when it has none). */
  stages: { name: string; kind: string; pipeline: string; span: Span }[];
  /** Named presets, in source order. */
  presets: { name: string; span: Span }[];
  /** The paths of the `use` lines, as written (unterminated strings left out). */
  uses: string[];
}

/** The names a file declares and the files it `use`s, from its text alone. */
export function summarize(text: string): FileSummary {
  const { file } = parse(text);
  const summary: FileSummary = { pipelines: [], stages: [], presets: [], uses: [] };
  for (const use of file.uses) if (use.path?.terminated && use.path.value) summary.uses.push(use.path.value);
  for (const preset of file.presets) if (preset.name) summary.presets.push({ name: preset.name.text, span: preset.name.span });
  for (const pipeline of file.pipelines) {
    const name = pipeline.name?.text ?? "";
    if (pipeline.name) summary.pipelines.push({ name, span: pipeline.name.span });
    for (const stage of pipeline.stages) {
      if (stage.name) summary.stages.push({ name: stage.name.text, kind: stage.kind.text, pipeline: name, span: stage.name.span });
    }
  }
  return summary;
}
