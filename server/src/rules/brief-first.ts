// Plan before you create: a pipeline starts with a brief that says what it is for.
import type { PipelineDecl, Span } from "../parser/ast";
import { indentAt, insertLinesBefore } from "./edits";
import type { Fix, Rule } from "./rule";

function skeleton(text: string, pipeline: PipelineDecl, comments: readonly Span[]): Fix | undefined {
  const first = [...pipeline.properties, ...pipeline.stages, ...pipeline.outputs].sort((a, b) => a.span.start - b.span.start)[0];
  const lines = ["brief {", '  goal: ""', '  audience: ""', '  tone: ""', '  constraints: ""', "}"];
  const header = pipeline.keyword.start;
  const sameLine = (offset: number) => !text.slice(header, offset).includes("\n");
  if (first && sameLine(first.span.start)) {
    // A one-line pipeline: the brief goes on the line too, inside the braces.
    return { title: "Insert a brief", edits: [{ span: { start: first.span.start, end: first.span.start }, newText: 'brief { goal: "" } ' }] };
  }
  if (first) {
    const insert = insertLinesBefore(text, first.span.start, lines, comments);
    return insert && { title: "Insert a brief", edits: [insert] };
  }
  // An empty pipeline: the skeleton fills the braces.
  const brace = text.indexOf("{", (pipeline.name ?? pipeline).span.end);
  const close = text.indexOf("}", brace);
  if (brace < 0 || close < 0 || text.slice(brace + 1, close).trim()) return undefined;
  const outer = indentAt(text, pipeline.span.start);
  const body = lines.map((l) => outer + "  " + l).join("\n");
  return { title: "Insert a brief", edits: [{ span: { start: brace + 1, end: close }, newText: `\n${body}\n${outer}` }] };
}

export const briefFirst: Rule = {
  id: "brief-first",
  principle: "Plan before you create",
  description: "A pipeline has no `brief` with a `goal`: write down what it is for before generating.",
  defaultSeverity: "warning",
  check({ text, analysis, report }) {
    for (const pipeline of analysis.model.pipelines) {
      const briefs = pipeline.decl.briefs;
      // A `goal:` being written (even empty, as the fix leaves it) counts: the rule asks for the plan, not its wording.
      if (briefs.some((b) => b.properties.some((p) => p.key.text === "goal"))) continue;
      if (briefs.length > 0) {
        report({ message: "the brief has no `goal`: say what this pipeline must achieve before generating", span: briefs[0].keyword });
        continue;
      }
      const fix = skeleton(text, pipeline.decl, analysis.parse.file.comments);
      report({
        // The name in backticks, as every message quotes what the user wrote (a pipeline may be named `Infinity`).
        message: `pipeline ${pipeline.decl.name ? `\`${pipeline.name}\` ` : ""}has no brief: write its goal, audience, tone and constraints before generating`,
        span: pipeline.decl.name?.span ?? pipeline.decl.keyword,
        fixes: fix ? [fix] : [],
      });
    }
  },
};
