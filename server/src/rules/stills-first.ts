// Solve visuals in images first: a text-to-video stage pays for a whole clip on every try at its
// look; a still costs a fraction of a cent and, once approved, becomes the video's first frame.
import { setting, StageSymbol } from "../analysis/model";
import type { Catalog, CatalogModel } from "../catalog/catalog";
import { forPipeline } from "../cost/estimate";
import { priceImage } from "../cost/price";
import { formatAmount } from "../cost/format";
import type { AspectValue, Span, StringValue } from "../parser/ast";
import { addProperty, indentAt, insertLinesBefore, lineStart, openBraceOf } from "./edits";
import type { Fix, Rule } from "./rule";
import { freeName } from "./support";

/**
 * The model for the still: the cheapest active image model that takes the video's aspect, priced
 * as the inserted stage is (no resolution). With the bundled catalog: `photon-flash-1`.
 */
export function stillModel(catalog: Catalog, aspect?: AspectValue): { model: CatalogModel; usd: number } | undefined {
  let best: { model: CatalogModel; usd: number } | undefined;
  for (const model of catalog.models) {
    if (model.kind !== "image" || (model.lifecycle !== undefined && model.lifecycle !== "active")) continue;
    if (aspect && model.aspects && !model.aspects.includes(aspect.text)) continue;
    const priced = priceImage(model, model.defaultResolution ?? "default", aspect);
    if (!("usd" in priced)) continue;
    if (!best || priced.usd < best.usd) best = { model, usd: priced.usd };
  }
  return best;
}

/** A string literal for `value`, with the escapes the language knows. */
function quote(value: string): string {
  const escaped = value.replace(/[\\"\n\r\t]|[\u0000-\u001f\u007f]/g, (c) => {
    const named: Record<string, string> = { "\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t" };
    return named[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
  });
  return `"${escaped}"`;
}

/** A string setting as source text: copied as written in the stage, rewritten when a preset gives it. */
function stringText(text: string, stage: StageSymbol, key: string): string | undefined {
  const effective = stage.settings.get(key);
  if (effective?.value.type !== "string") return undefined;
  const value = effective.value as StringValue;
  if (!effective.preset && value.terminated) return text.slice(value.span.start, value.span.end);
  return quote(value.value);
}

/** `base_still`, or `base_still2`, … when the name is taken. */
const isComment = (line: string) => /^\s*\/\//.test(line);

/** Where the stage's own lines begin (after their indentation): the comment lines right above it speak of it and stay with it. */
function headOf(text: string, offset: number): number {
  let start = lineStart(text, offset);
  while (start > 0) {
    const above = lineStart(text, start - 1);
    if (!isComment(text.slice(above, start - 1))) break;
    start = above;
  }
  return start + /^[ \t]*/.exec(text.slice(start))![0].length;
}

/** Whether the line before the one starting at `start` is blank: the file spaces its stages. */
function setOffByBlankLine(text: string, start: number): boolean {
  if (start === 0) return false;
  const above = lineStart(text, start - 1);
  return text.slice(above, start - 1).trim() === "";
}

function startFromStill(text: string, video: StageSymbol, model: CatalogModel, comments: readonly Span[]): Fix | undefined {
  const decl = video.decl;
  const brace = openBraceOf(text, decl);
  if (!decl.name || brace === undefined) return undefined;
  // The pipeline's names, looked up, not listed: a storyboard has thousands of text-to-video shots.
  const still = freeName(video.pipeline, `${video.name}_still`);
  const start = freeName(video.pipeline, `${video.name}_start`, new Set([still]));

  const properties = [`model: ${model.id}`, `prompt: ${stringText(text, video, "prompt") ?? '""'}`];
  for (const key of ["style", "negative"]) {
    // Written in the video, they shape its look, so the still takes them; a preset's can be `use:`d by hand.
    const own = video.settings.get(key);
    const written = own && !own.preset ? stringText(text, video, key) : undefined;
    if (written) properties.push(`${key}: ${written}`);
  }
  const aspect = setting(video, "aspect", "aspect");
  if (aspect) properties.push(`aspect: ${aspect.text}`);

  const head = headOf(text, decl.span.start);
  const keyframe = `keyframe ${start} { from: ${still} }`;
  const multiline = text.slice(brace, decl.span.end).includes("\n");
  let lines: string[];
  if (multiline) {
    const header = indentAt(text, decl.span.start);
    const first = decl.properties[0];
    const inner = first ? indentAt(text, first.span.start) : "";
    const step = first && inner.startsWith(header) && inner.length > header.length ? inner.slice(header.length) : "  ";
    const gap = setOffByBlankLine(text, head - indentAt(text, head).length) ? [""] : [];
    lines = [`image ${still} {`, ...properties.map((p) => step + p), "}", ...gap, keyframe, ...gap];
  } else {
    lines = [`image ${still} { ${properties.join(" ")} }`, keyframe];
  }
  const wire = addProperty(text, decl, `start: ${start}`);
  const insert = insertLinesBefore(text, head, lines, comments);
  if (!wire || !insert) return undefined;
  return { title: "Start from a still", edits: [insert, wire] };
}

export const stillsFirst: Rule = {
  id: "stills-first",
  principle: "Solve visuals in images first",
  description: "A video has no `start` keyframe (text-to-video).",
  defaultSeverity: "info",
  scope: "component",
  inFixAll: false, // its fix adds a still: cheaper than video retries, but not cheaper than nothing
  check({ text, analysis, costs, settings, catalog, only, report }) {
    // The still's model depends on the aspect alone: priced once per aspect, not once per video of a storyboard.
    const stills = new Map<string | undefined, ReturnType<typeof stillModel>>();
    const stillFor = (aspect: AspectValue | undefined) => {
      if (!stills.has(aspect?.text)) stills.set(aspect?.text, stillModel(catalog, aspect));
      return stills.get(aspect?.text);
    };
    for (const pipeline of analysis.model.pipelines) {
      const cost = forPipeline(costs, pipeline);
      for (const video of pipeline.stageList) {
        if (video.kind !== "video" || !video.decl.name || (only && !only.has(video))) continue;
        // An end frame already anchors the look. Without a known model (a language error already) there is no
        // telling whether it makes video from text at all; a model that needs a start frame is a language error.
        if (video.settings.has("start") || video.settings.has("end") || !video.model || video.model.requiresStartFrame) continue;
        const unit = cost?.stages.get(video)?.unit;
        const clip = unit && "usd" in unit ? ` (${formatAmount(unit.usd, settings)})` : "";
        const still = stillFor(setting(video, "aspect", "aspect"));
        const instead = still
          ? `settle the look in a still first (${formatAmount(still.usd, settings)} with \`${still.model.id}\`) and start the video from it`
          : "settle the look in a still first and start the video from it";
        const fix = still && startFromStill(text, video, still.model, analysis.parse.file.comments);
        report({
          message: `\`${video.name}\` is text-to-video (no \`start:\`): every try at its look costs a whole clip${clip}; ${instead}`,
          span: video.decl.name.span,
          fixes: fix ? [fix] : [],
          stage: video,
        });
      }
    }
  },
};
