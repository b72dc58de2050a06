// The structure of a file for the editor: folding ranges (blocks, triple-quoted prompts, runs of comment
// lines and of `use` lines) and selection ranges (expand selection: value → property → block → stage →
// pipeline → file). Plain data, read from the syntax tree's spans.
import type { Analysis } from "../analysis/analyze";
import type { GenFile, Property, Span, Value } from "../parser/ast";

export interface Fold {
  /** Zero-based lines: the line the fold starts on stays visible, the lines after it up to `endLine` fold. */
  startLine: number;
  endLine: number;
  kind?: "comment" | "imports";
}

interface Structured {
  text: string;
  analysis: Analysis;
}

interface Block {
  span: Span;
  properties: Property[];
  phases?: Block[];
}

/** Every block of the file: presets, pipelines, briefs, stages and their phase blocks. */
function blocks(file: GenFile): Block[] {
  const found: Block[] = [];
  const add = (block: Block) => {
    found.push(block);
    for (const phase of block.phases ?? []) found.push(phase);
  };
  file.presets.forEach(add);
  for (const pipeline of file.pipelines) {
    found.push(pipeline);
    pipeline.briefs.forEach(add);
    pipeline.stages.forEach(add);
  }
  return found;
}

/** The values of properties, list items included. */
function values(properties: Property[]): Value[] {
  const found: Value[] = [];
  for (const property of properties) {
    const value = property.value;
    if (!value) continue;
    found.push(value);
    if (value.type === "list") found.push(...value.items);
  }
  return found;
}

/**
 * The folds of a file: each block that spans lines (its closing `}` left visible when it starts its line),
 * each triple-quoted string, block comment, run of two or more lines of `//` comments, and run of `use`
 * lines. One fold a line: the outer one where two start on the same line.
 */
export function foldingRanges({ text, analysis }: Structured): Fold[] {
  const { file, lines } = analysis.parse;
  const line = (offset: number) => lines.positionAt(offset).line;
  const folds: Fold[] = [];
  const add = (startLine: number, endLine: number, kind?: Fold["kind"]) => {
    if (endLine > startLine) folds.push(kind ? { startLine, endLine, kind } : { startLine, endLine });
  };
  // From the line index: searching back for a `\r` that a file without one never has read the whole file each time.
  const lineStart = (offset: number) => lines.offsetAt({ line: line(offset), character: 0 });
  const aloneOnLine = (offset: number) => /^[ \t]*$/.test(text.slice(lineStart(offset), offset));

  for (const block of blocks(file)) {
    const closed = text[block.span.end - 1] === "}";
    const last = line(Math.max(block.span.start, block.span.end - 1));
    add(line(block.span.start), closed && aloneOnLine(block.span.end - 1) ? last - 1 : last);
    for (const value of values(block.properties)) {
      if (value.type === "string" && value.triple) add(line(value.span.start), line(value.span.end));
    }
  }

  let run: { start: number; end: number } | undefined;
  const endRun = () => {
    if (run) add(run.start, run.end, "comment");
    run = undefined;
  };
  for (const comment of file.comments) {
    const first = line(comment.start);
    const isLineComment = !text.startsWith("/*", comment.start);
    if (!isLineComment) {
      endRun();
      add(first, line(comment.end), "comment");
    } else if (!aloneOnLine(comment.start)) {
      endRun(); // a comment after code on its line belongs to that line
    } else if (run && first === run.end + 1) {
      run.end = first;
    } else {
      endRun();
      run = { start: first, end: first };
    }
  }
  endRun();

  let uses: { start: number; end: number } | undefined;
  for (const use of file.uses) {
    const first = line(use.span.start);
    if (uses && first <= uses.end + 1) uses.end = line(use.span.end);
    else {
      if (uses) add(uses.start, uses.end, "imports");
      uses = { start: first, end: line(use.span.end) };
    }
  }
  if (uses) add(uses.start, uses.end, "imports");

  folds.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
  return folds.filter((fold, i) => i === 0 || folds[i - 1].startLine !== fold.startLine);
}

const contains = (span: Span, offset: number) => span.start <= offset && offset <= span.end;

/** The spans a value offers to select: a name without its `[2]`, a string's text without its quotes, a list's items. */
function valueSpans(value: Value, push: (span: Span) => void): void {
  push(value.span);
  if (value.type === "list") for (const item of value.items) valueSpans(item, push);
  else if (value.type === "word") {
    push({ start: value.span.start, end: value.span.start + value.text.length });
    if (value.indexSpan) push(value.indexSpan);
  } else if (value.type === "string" && value.terminated) {
    const quote = value.triple ? 3 : 1;
    if (value.span.end - value.span.start >= 2 * quote) push({ start: value.span.start + quote, end: value.span.end - quote });
  }
}

function propertySpans(properties: Property[], push: (span: Span) => void): void {
  for (const property of properties) {
    push(property.span);
    push(property.key.span);
    if (property.value) valueSpans(property.value, push);
  }
}

function blockSpans(block: Block & { name?: { span: Span }; kind?: { span: Span } }, push: (span: Span) => void): void {
  push(block.span);
  if (block.name) push(block.name.span);
  propertySpans(block.properties, push);
  for (const phase of block.phases ?? []) blockSpans(phase, push);
}

/**
 * What expand selection grows through from `offset`, smallest first: the word (a name without its index,
 * a string's text), the value, the property, the phase block, the stage or brief, the pipeline, the file.
 * Each span holds the one before it.
 */
export function selectionRanges({ text, analysis }: Structured, offset: number): Span[] {
  const { file } = analysis.parse;
  const candidates: Span[] = [{ start: 0, end: text.length }];
  const push = (span: Span) => {
    if (contains(span, offset)) candidates.push(span);
  };
  for (const use of file.uses) {
    if (!contains(use.span, offset)) continue;
    push(use.span);
    if (use.path) valueSpans(use.path, push);
  }
  for (const preset of file.presets) if (contains(preset.span, offset)) blockSpans(preset, push);
  for (const pipeline of file.pipelines) {
    if (!contains(pipeline.span, offset)) continue;
    push(pipeline.span);
    if (pipeline.name) push(pipeline.name.span);
    propertySpans(pipeline.properties, push);
    for (const block of [...pipeline.briefs, ...pipeline.stages]) if (contains(block.span, offset)) blockSpans(block, push);
    for (const output of pipeline.outputs) {
      if (!contains(output.span, offset)) continue;
      push(output.span);
      for (const ref of output.refs) valueSpans(ref, push);
    }
  }
  for (const comment of file.comments) push(comment);

  candidates.sort((a, b) => a.end - a.start - (b.end - b.start) || b.start - a.start);
  const chain: Span[] = [];
  for (const span of candidates) {
    const previous = chain[chain.length - 1];
    if (previous && (span.start > previous.start || span.end < previous.end || (span.start === previous.start && span.end === previous.end))) continue;
    chain.push(span);
  }
  return chain;
}
