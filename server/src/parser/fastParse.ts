// A fast path for files without a single problem: a hand-written lexer and recursive-descent parser
// that build exactly the tree the chevrotain parser builds, several times faster. At the first thing
// that would be a problem (an unknown character, an unclosed string, a missing colon, any token the
// grammar does not expect) it gives up and returns undefined, and `parse` runs the chevrotain parser,
// whose recovery and messages stay the only ones. So the fast path never decides what a user reads;
// test/unit/fastParse.test.ts checks that both build the same tree over every sample, fixture and
// fuzzed file.
//
// The token rules mirror parser/tokens.ts (first pattern in its order wins, keywords only when the
// identifier is no longer), and the gates mirror parser/parser.ts (`atProperty`, `atValue`, …).
import type {
  BriefBlock, GenFile, Name, OutputDecl, PhaseBlock, PipelineDecl, PresetDecl, Property, Span, Stage, StringValue, Value, WordValue,
} from "./ast";
import { PHASE_NAMES, STAGE_KINDS } from "./language";

const enum T {
  Eof, Identifier, Use, Preset, Pipeline, Brief, Output,
  String, Triple, Money, Credits, Aspect, Resolution, Duration, Malformed, Number,
  LCurly, RCurly, LBracket, RBracket, Colon, Comma,
}

const keywords = new Map<string, T>([["use", T.Use], ["preset", T.Preset], ["pipeline", T.Pipeline], ["brief", T.Brief], ["output", T.Output]]);

/** Thrown (and caught in `fastParse`) where the chevrotain parser would report something. */
class GiveUp {}
const giveUp = new GiveUp();

const isDigit = (c: number) => c >= 48 && c <= 57;
const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isWordChar = (c: number) => isLetter(c) || isDigit(c);
/** `(?![A-Za-z0-9_.-])`, the end of a unit. */
const endsUnit = (c: number) => !(isWordChar(c) || c === 46 || c === 45);

/** The tokens in columns (typed arrays, grown by doubling): a megabyte file has a hundred thousand. */
class Tokens {
  count = 0;
  types: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;
  /** The text of each identifier and keyword ("" for other tokens), sliced once: names, keys and words share it. */
  words: string[] = [];
  comments: Span[] = [];

  constructor(capacity: number) {
    this.types = new Uint8Array(capacity);
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
  }

  push(type: T, start: number, end: number, word = ""): void {
    if (this.count === this.types.length) this.grow();
    this.words.push(word); // one per token, so the array stays packed
    this.types[this.count] = type;
    this.starts[this.count] = start;
    this.ends[this.count++] = end;
  }

  private grow(): void {
    const grown = (from: Int32Array) => {
      const to = new Int32Array(from.length * 2);
      to.set(from);
      return to;
    };
    const types = new Uint8Array(this.types.length * 2);
    types.set(this.types);
    this.types = types;
    this.starts = grown(this.starts);
    this.ends = grown(this.ends);
  }
}

function digitsEnd(text: string, at: number): number {
  while (isDigit(text.charCodeAt(at))) at++;
  return at;
}

/** `\d+(?:\.\d+)?` from `start` (a digit): where it ends. */
function numberEnd(text: string, start: number): number {
  const end = digitsEnd(text, start);
  return text.charCodeAt(end) === 46 && isDigit(text.charCodeAt(end + 1)) ? digitsEnd(text, end + 1) : end;
}

/** The token starting with a digit at `start`, tried in the order of tokens.ts. */
function lexNumber(text: string, start: number): [T, number] {
  const integerEnd = digitsEnd(text, start);
  const end = numberEnd(text, start);
  // Credits: number, spaces or tabs, `credit` or `credits`, end of unit.
  let at = end;
  while (text.charCodeAt(at) === 32 || text.charCodeAt(at) === 9) at++;
  if (text.startsWith("credit", at)) {
    let unitEnd = at + 6;
    if (text.charCodeAt(unitEnd) === 115 && endsUnit(text.charCodeAt(unitEnd + 1))) return [T.Credits, unitEnd + 1];
    if (endsUnit(text.charCodeAt(unitEnd))) return [T.Credits, unitEnd];
  }
  // Aspect: digits `:` digits.
  if (text.charCodeAt(integerEnd) === 58 && isDigit(text.charCodeAt(integerEnd + 1))) return [T.Aspect, digitsEnd(text, integerEnd + 1)];
  // Resolution: digits then `x` digits, `p` or `k`, end of unit.
  const unit = text.charCodeAt(integerEnd);
  if (unit === 120 && isDigit(text.charCodeAt(integerEnd + 1))) {
    const resolutionEnd = digitsEnd(text, integerEnd + 1);
    if (endsUnit(text.charCodeAt(resolutionEnd))) return [T.Resolution, resolutionEnd];
  } else if ((unit === 112 || unit === 107) && endsUnit(text.charCodeAt(integerEnd + 1))) {
    return [T.Resolution, integerEnd + 1];
  }
  // Duration: number then `s`, end of unit.
  if (text.charCodeAt(end) === 115 && endsUnit(text.charCodeAt(end + 1))) return [T.Duration, end + 1];
  // A number glued to an unknown unit.
  if (isLetter(text.charCodeAt(end))) {
    let malformedEnd = end + 1;
    for (let c = text.charCodeAt(malformedEnd); isWordChar(c) || c === 46 || c === 45; c = text.charCodeAt(++malformedEnd));
    return [T.Malformed, malformedEnd];
  }
  return [T.Number, end];
}

/** `[A-Za-z_][A-Za-z0-9_]*(?:[-.][A-Za-z0-9_]+)*` from `start`. */
function identifierEnd(text: string, start: number): number {
  let at = start + 1;
  for (;;) {
    while (isWordChar(text.charCodeAt(at))) at++;
    const c = text.charCodeAt(at);
    if ((c === 45 || c === 46) && isWordChar(text.charCodeAt(at + 1))) at += 1;
    else return at;
  }
}

const punctuation = new Map<number, T>([[123, T.LCurly], [125, T.RCurly], [91, T.LBracket], [93, T.RBracket], [58, T.Colon], [44, T.Comma]]);

function lex(text: string): Tokens {
  // About one token in seven characters in real files; the arrays double when that is short.
  const tokens = new Tokens((text.length >> 3) + 16);
  const push = (type: T, start: number, end: number) => tokens.push(type, start, end);
  const length = text.length;
  let at = 0;
  while (at < length) {
    const c = text.charCodeAt(at);
    if (c === 32 || c === 10 || c === 13 || c === 9) {
      at++;
    } else if (isLetter(c)) {
      const end = identifierEnd(text, at);
      const word = text.slice(at, end);
      tokens.push(end - at <= 8 ? keywords.get(word) ?? T.Identifier : T.Identifier, at, end, word);
      at = end;
    } else if (isDigit(c)) {
      const [type, end] = lexNumber(text, at);
      push(type, at, end);
      at = end;
    } else if (c === 34) {
      // A triple string, or a one-line string without escapes; anything else is the slow path's to report.
      if (text.startsWith('"""', at)) {
        const close = text.indexOf('"""', at + 3);
        if (close < 0) throw giveUp;
        push(T.Triple, at, close + 3);
        at = close + 3;
        continue;
      }
      let end = at + 1;
      for (let d = text.charCodeAt(end); d !== 34; d = text.charCodeAt(++end)) {
        if (d === 92 || d === 10 || d === 13 || end >= length) throw giveUp;
      }
      push(T.String, at, end + 1);
      at = end + 1;
    } else if (c === 47 && text.charCodeAt(at + 1) === 47) {
      let end = at + 2;
      for (let d = text.charCodeAt(end); end < length && d !== 10 && d !== 13; d = text.charCodeAt(++end));
      tokens.comments.push({ start: at, end });
      at = end;
    } else if (c === 47 && text.charCodeAt(at + 1) === 42) {
      const close = text.indexOf("*/", at + 2);
      if (close < 0) throw giveUp;
      tokens.comments.push({ start: at, end: close + 2 });
      at = close + 2;
    } else if (c === 36 && isDigit(text.charCodeAt(at + 1))) {
      const end = numberEnd(text, at + 1);
      push(T.Money, at, end);
      at = end;
    } else {
      const type = punctuation.get(c);
      if (type === undefined) throw giveUp; // `#`, `'`, a stray character, Unicode white space: the slow path says what
      push(type, at, at + 1);
      at++;
    }
  }
  push(T.Eof, length, length);
  return tokens;
}

/** Recursive descent over the tokens, building the nodes parser.ts builds, field for field. */
class FastParser {
  private next = 0;
  private readonly count: number;
  private readonly types: Uint8Array;
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private readonly words: string[];

  constructor(private readonly text: string, tokens: Tokens) {
    this.count = tokens.count;
    this.types = tokens.types;
    this.starts = tokens.starts;
    this.ends = tokens.ends;
    this.words = tokens.words;
  }

  /** The type `ahead` tokens on (1 is the next); the end of the file repeats. */
  private la(ahead: number): T {
    const i = this.next + ahead - 1;
    return i < this.count ? this.types[i] : T.Eof;
  }

  /** The text of the identifier or keyword `ahead` tokens on, "" for any other token. */
  private image(ahead: number): string {
    const i = this.next + ahead - 1;
    return i < this.count ? this.words[i] : "";
  }

  /** Consumes a token of `type` and returns its index. */
  private consume(type: T): number {
    if (this.la(1) !== type) throw giveUp;
    return this.next++;
  }

  private span(i: number): Span {
    return { start: this.starts[i], end: this.ends[i] };
  }

  /** An identifier or keyword token as a name. */
  private name(i: number): Name {
    return { text: this.words[i], span: this.span(i) };
  }

  file(comments: Span[]): GenFile {
    const file: GenFile = { uses: [], presets: [], pipelines: [], comments };
    for (;;) {
      const type = this.la(1);
      if (type === T.Use) this.useDecl(file);
      else if (type === T.Preset) this.presetDecl(file);
      else if (type === T.Pipeline) this.pipelineDecl(file);
      else if (type === T.Eof) return file;
      else throw giveUp;
    }
  }

  private useDecl(file: GenFile): void {
    const keyword = this.consume(T.Use);
    const path = this.consume(T.String);
    file.uses.push({ keyword: this.span(keyword), path: this.stringValue(path), span: { start: this.starts[keyword], end: this.ends[path] } });
  }

  private presetDecl(file: GenFile): void {
    const keyword = this.consume(T.Preset);
    const name = this.consume(T.Identifier);
    const node: PresetDecl = { name: this.name(name), properties: [], phases: [], span: { start: this.starts[keyword], end: this.ends[name] } };
    file.presets.push(node);
    this.propertyBlock(node);
  }

  private pipelineDecl(file: GenFile): void {
    const keyword = this.consume(T.Pipeline);
    const name = this.la(1) === T.String || this.la(1) === T.Identifier ? this.next++ : this.consume(T.String);
    const nameNode = this.types[name] === T.String ? { text: this.stringValue(name).value, span: this.span(name) } : this.name(name);
    const node: PipelineDecl = {
      keyword: this.span(keyword), name: nameNode, properties: [], briefs: [], stages: [], outputs: [],
      span: { start: this.starts[keyword], end: this.ends[name] },
    };
    file.pipelines.push(node);
    this.consume(T.LCurly);
    for (;;) {
      const type = this.la(1);
      if (type === T.Brief) this.briefBlock(node);
      else if (type === T.Output) this.outputDecl(node);
      else if (type === T.Identifier) this.stageOrProperty(node);
      else break;
    }
    this.close(node);
  }

  private briefBlock(pipeline: PipelineDecl): void {
    const keyword = this.consume(T.Brief);
    const node: BriefBlock = { keyword: this.span(keyword), properties: [], span: this.span(keyword) };
    pipeline.briefs.push(node);
    this.propertyBlock(node);
  }

  private outputDecl(pipeline: PipelineDecl): void {
    const keyword = this.consume(T.Output);
    const node: OutputDecl = { keyword: this.span(keyword), refs: [], span: this.span(keyword) };
    pipeline.outputs.push(node);
    if (this.la(1) !== T.Identifier) throw giveUp; // `output` with nothing to deliver
    for (;;) {
      const ref = this.word();
      node.refs.push(ref);
      node.span.end = ref.span.end;
      if (this.la(1) !== T.Comma) return;
      this.next++;
    }
  }

  private stageOrProperty(pipeline: PipelineDecl): void {
    const first = this.consume(T.Identifier);
    if (this.stageHeaderFollows(this.image(0), 0)) this.stageRest(pipeline, first);
    else this.propertyRest(pipeline, first);
  }

  private stageRest(pipeline: PipelineDecl, kind: number): void {
    const name = this.consume(T.Identifier); // no name, or a keyword for one: the slow path reports it
    const node: Stage = { kind: this.name(kind), name: this.name(name), properties: [], phases: [], span: { start: this.starts[kind], end: this.ends[name] } };
    pipeline.stages.push(node);
    this.propertyBlock(node);
  }

  private propertyBlock(owner: { properties: Property[]; phases?: PhaseBlock[]; span: Span }): void {
    this.consume(T.LCurly);
    while (this.atProperty() || (!!owner.phases && this.atPhaseBlock())) {
      const key = this.next++;
      if (owner.phases && this.la(1) === T.LCurly) {
        const block: PhaseBlock = { keyword: this.name(key), properties: [], span: this.span(key) };
        owner.phases.push(block);
        this.propertyBlock(block);
      } else {
        this.propertyRest(owner, key);
      }
    }
    this.close(owner);
  }

  /** The `}` of a block, which ends its span. */
  private close(owner: { span: Span }): void {
    const brace = this.consume(T.RCurly);
    owner.span.end = Math.max(owner.span.end, this.ends[brace]);
  }

  private propertyRest(owner: { properties: Property[] }, key: number): void {
    const colon = this.consume(T.Colon); // a missing colon is the slow path's to report
    const value = this.atValue() && this.startsValue(this.la(1)) ? this.value() : undefined;
    owner.properties.push({ key: this.name(key), value, span: { start: this.starts[key], end: value ? value.span.end : this.ends[colon] } });
  }

  private startsValue(type: T): boolean {
    return type === T.Identifier || (type >= T.String && type <= T.Number);
  }

  private value(): Value {
    const first = this.atom();
    if (this.la(1) !== T.Comma) return first;
    const items = [first];
    while (this.la(1) === T.Comma) {
      this.next++;
      items.push(this.atom());
    }
    return { type: "list", items, span: { start: first.span.start, end: items[items.length - 1].span.end } };
  }

  private atom(): Value {
    const type = this.la(1);
    if (type === T.Identifier) return this.word();
    if (!this.startsValue(type)) throw giveUp;
    const i = this.next++;
    const text = this.text.slice(this.starts[i], this.ends[i]);
    const span = this.span(i);
    switch (type) {
      case T.String:
      case T.Triple:
        return this.stringValue(i);
      case T.Number:
        return { type: "number", value: Number(text), span };
      case T.Duration:
        return { type: "duration", seconds: Number(text.slice(0, -1)), span };
      case T.Resolution:
        return { type: "resolution", text, span };
      case T.Aspect: {
        const [width, height] = text.split(":").map(Number);
        return { type: "aspect", width, height, text, span };
      }
      case T.Money:
        return { type: "money", usd: Number(text.slice(1)), span };
      case T.Credits:
        return { type: "credits", credits: parseFloat(text), span };
      default:
        return { type: "malformed", text, span };
    }
  }

  private word(): WordValue {
    const name = this.consume(T.Identifier);
    const node: WordValue = { type: "word", text: this.words[name], span: this.span(name) };
    if (this.la(1) === T.LBracket) {
      this.next++;
      const index = this.consume(T.Number);
      const close = this.consume(T.RBracket);
      node.index = Number(this.text.slice(this.starts[index], this.ends[index]));
      node.indexSpan = this.span(index);
      node.span.end = this.ends[close];
    }
    return node;
  }

  private stringValue(i: number): StringValue {
    const text = this.text.slice(this.starts[i], this.ends[i]);
    const triple = this.types[i] === T.Triple;
    return { type: "string", value: triple ? text.slice(3, -3) : text.slice(1, -1), triple, terminated: true, span: this.span(i) };
  }

  // The gates of parser.ts, on this parser's tokens.

  private isName(type: T): boolean {
    return type >= T.Identifier && type <= T.Output;
  }

  private atStageHeader(): boolean {
    if (this.la(1) !== T.Identifier) return false;
    const first = this.image(1);
    if (!STAGE_KINDS.has(first) && PHASE_NAMES.has(this.image(2)) && this.la(3) === T.LCurly) return false;
    return this.stageHeaderFollows(first, 1);
  }

  private stageHeaderFollows(kind: string, offset: number): boolean {
    const next = this.la(offset + 1);
    if (next === T.LCurly) return true;
    if (!this.isName(next)) return false;
    const after = this.la(offset + 2);
    return after === T.LCurly || (STAGE_KINDS.has(kind) && after !== T.Colon);
  }

  private atPhaseBlock(): boolean {
    return this.la(1) === T.Identifier && this.la(2) === T.LCurly && !STAGE_KINDS.has(this.image(1));
  }

  private atProperty(): boolean {
    const first = this.la(1);
    return (first === T.Identifier || first === T.Use) && !this.atStageHeader();
  }

  private atValue(): boolean {
    if (this.la(1) !== T.Identifier) return true;
    return this.la(2) !== T.Colon && !this.atStageHeader();
  }
}

/** The tree of a file without problems, or undefined where the chevrotain parser must run. */
export function fastParse(text: string): GenFile | undefined {
  try {
    const tokens = lex(text);
    return new FastParser(text, tokens).file(tokens.comments);
  } catch (error) {
    if (error === giveUp) return undefined;
    throw error;
  }
}

/** The tokens the formatter tells apart; every other token is `other`. */
export type LayoutKind = "lineComment" | "blockComment" | "{" | "}" | ":" | "," | "[" | "]" | "credits" | "other";

const layoutKinds = new Map<T, LayoutKind>([
  [T.LCurly, "{"], [T.RCurly, "}"], [T.Colon, ":"], [T.Comma, ","], [T.LBracket, "["], [T.RBracket, "]"], [T.Credits, "credits"],
]);

/**
 * Every token of a text, comments included, in source order, as the chevrotain lexer cuts them, each as
 * `make` builds it; undefined where this lexer gives up (the chevrotain lexer then runs). For the
 * formatter, which reads every token.
 */
export function fastTokens<Token>(text: string, make: (start: number, end: number, kind: LayoutKind) => Token): Token[] | undefined {
  let tokens: Tokens;
  try {
    tokens = lex(text);
  } catch (error) {
    if (error === giveUp) return undefined;
    throw error;
  }
  const { comments, types, starts, ends } = tokens;
  const all: Token[] = [];
  const code = tokens.count - 1; // the last is the end of the file
  let c = 0;
  for (let i = 0; i <= code; i++) {
    const start = i < code ? starts[i] : Infinity;
    for (; c < comments.length && comments[c].start < start; c++) {
      const { start: at, end } = comments[c];
      all.push(make(at, end, text.startsWith("/*", at) ? "blockComment" : "lineComment"));
    }
    if (i < code) all.push(make(start, ends[i], layoutKinds.get(types[i]) ?? "other"));
  }
  return all;
}

