// The typed syntax tree of a `.gen` file. Every node carries its source span as
// UTF-16 offsets [start, end), the unit LSP positions use.

export interface Span {
  start: number;
  end: number;
}

export interface Name {
  text: string;
  span: Span;
}

export interface GenFile {
  uses: UseDecl[];
  presets: PresetDecl[];
  pipelines: PipelineDecl[];
  /** Comments, kept for hovers and the formatter. */
  comments: Span[];
}

export interface UseDecl {
  keyword: Span;
  /** Missing when the user has typed only `use`. */
  path?: StringValue;
  span: Span;
}

export interface PresetDecl {
  name?: Name;
  properties: Property[];
  /** `draft { … }` and `final { … }` blocks: settings for one phase only. */
  phases: PhaseBlock[];
  span: Span;
}

/** `draft { … }` or `final { … }` inside a stage or preset; analysis checks the name. */
export interface PhaseBlock {
  keyword: Name;
  properties: Property[];
  span: Span;
}

export interface PipelineDecl {
  keyword: Span;
  name?: Name;
  properties: Property[];
  briefs: BriefBlock[];
  stages: Stage[];
  outputs: OutputDecl[];
  span: Span;
}

export interface BriefBlock {
  keyword: Span;
  properties: Property[];
  span: Span;
}

export interface OutputDecl {
  keyword: Span;
  refs: WordValue[];
  span: Span;
}

export interface Stage {
  /** The stage kind as written (`image`, `video`, …); analysis checks it. */
  kind: Name;
  name?: Name;
  properties: Property[];
  /** `draft { … }` and `final { … }` blocks: settings for one phase only. */
  phases: PhaseBlock[];
  span: Span;
}

export interface Property {
  key: Name;
  value?: Value;
  span: Span;
}

export type Value =
  | StringValue
  | NumberValue
  | DurationValue
  | ResolutionValue
  | AspectValue
  | MoneyValue
  | CreditsValue
  | WordValue
  | MalformedValue
  | ListValue;

export interface StringValue {
  type: "string";
  /** The text after escapes are resolved; triple-quoted strings are raw. */
  value: string;
  triple: boolean;
  terminated: boolean;
  span: Span;
}

export interface NumberValue {
  type: "number";
  value: number;
  span: Span;
}

export interface DurationValue {
  type: "duration";
  seconds: number;
  span: Span;
}

/** `540p`, `4k`, `1024x768`, as written; analysis reads it for the stage kind. */
export interface ResolutionValue {
  type: "resolution";
  text: string;
  span: Span;
}

export interface AspectValue {
  type: "aspect";
  width: number;
  height: number;
  text: string;
  span: Span;
}

export interface MoneyValue {
  type: "money";
  usd: number;
  span: Span;
}

export interface CreditsValue {
  type: "credits";
  credits: number;
  span: Span;
}

/** An identifier in value position: a model id, a keyword such as `on` or `draft`, or a reference (`hero`, `hero[2]`). */
export interface WordValue {
  type: "word";
  text: string;
  /** 1-based variation index from `hero[2]`. */
  index?: number;
  indexSpan?: Span;
  span: Span;
}

/** A number glued to an unknown unit, like `10sec`; kept so analysis can say what was meant. */
export interface MalformedValue {
  type: "malformed";
  text: string;
  span: Span;
}

export interface ListValue {
  type: "list";
  items: Value[];
  span: Span;
}
