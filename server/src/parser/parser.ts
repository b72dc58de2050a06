// The `.gen` parser. It builds the typed syntax tree directly (embedded actions)
// instead of a CST, which keeps allocation low on large files.
//
// Recovery: nodes attach to their parent as soon as their header is read, so a
// block that chevrotain abandons half-way still appears in the tree with what
// was read of it. The grammar is deliberately loose where users are mid-typing
// (`model:` with no value, `model ray-2` with no colon); those are reported as
// clear problems instead of confusing the parser.
import { EmbeddedActionsParser, EOF, IParserErrorMessageProvider, IToken, TokenType } from "chevrotain";
import type {
  BriefBlock, GenFile, Name, OutputDecl, PhaseBlock, PipelineDecl, PresetDecl, Property, Span, Stage, StringValue, Value, WordValue,
} from "./ast";
import { PHASE_NAMES, STAGE_KINDS } from "./language";
import type { Diagnostic } from "./diagnostic";
import {
  allTokens, Aspect, Brief, Colon, Comma, Credits, Duration, Identifier, LBracket, LCurly, Literal, MalformedNumber,
  Money, Name as NameToken, NumberLiteral, Output, Pipeline, Preset, RBracket, RCurly, Resolution, SingleQuoteString, StringLiteral, tokenLabels, TripleString, Use,
} from "./tokens";

/** A block whose `}` the parser is waiting for, for "expected `}` to close …" messages. */
interface OpenBlock {
  label: string;
  start: number;
}

interface PropertyOwner {
  properties: Property[];
  /** Present on stages and presets, the blocks that may hold `draft { … }` and `final { … }`. */
  phases?: PhaseBlock[];
  span: Span;
}

const tokenEnd = (token: IToken) => token.startOffset + token.image.length;
const spanOf = (token: IToken): Span => ({ start: token.startOffset, end: tokenEnd(token) });
const nameOf = (token: IToken): Name => ({ text: token.image, span: spanOf(token) });
const isName = (type: TokenType) => type === Identifier || type === Use || type === Preset || type === Pipeline || type === Brief || type === Output;
const isReal = (token: IToken | undefined): token is IToken => !!token && !token.isInsertedInRecovery && !isNaN(token.startOffset);

function describe(token: IToken): string {
  if (token.tokenType === EOF) return "the end of the file";
  const image = token.image.length > 24 ? token.image.slice(0, 24) + "…" : token.image;
  return "`" + image.replace(/\s+/g, " ") + "`";
}

function label(type: TokenType): string {
  return tokenLabels.get(type) ?? "`" + type.name + "`";
}

export class GenParser extends EmbeddedActionsParser {
  /** Problems the grammar actions find (missing colon, bad string), beside chevrotain's own errors. */
  problems: Diagnostic[] = [];
  openBlocks: OpenBlock[] = [];
  /** Set per parse, so messages can say "opened on line 12". */
  lineOf: (offset: number) => number = () => 0;

  constructor(messages: IParserErrorMessageProvider) {
    super(allTokens, { recoveryEnabled: true, maxLookahead: 3, errorMessageProvider: messages });
    this.performSelfAnalysis();
  }

  reset(): void {
    super.reset();
    this.problems = [];
    this.openBlocks = [];
  }

  /** Fills `file`, which the caller owns, so whatever was read survives a failed top-level rule. */
  public genFile = this.RULE("genFile", (file: GenFile) => {
    this.MANY(() =>
      this.OR([
        { ALT: () => this.SUBRULE(this.useDecl, { ARGS: [file] }) },
        { ALT: () => this.SUBRULE(this.presetDecl, { ARGS: [file] }) },
        { ALT: () => this.SUBRULE(this.pipelineDecl, { ARGS: [file] }) },
      ]),
    );
  });

  private useDecl = this.RULE("useDecl", (file: GenFile) => {
    const keyword = this.CONSUME(Use);
    const path = this.OPTION(() => this.CONSUME(StringLiteral));
    this.ACTION(() => {
      const span = { start: keyword.startOffset, end: tokenEnd(path ?? keyword) };
      if (!path) this.report("syntax", "`use` needs the path of a .gen file in quotes, like `use \"presets/brand.gen\"`", span);
      file.uses.push({ keyword: spanOf(keyword), path: path && this.stringValue(path), span });
    });
  });

  private presetDecl = this.RULE("presetDecl", (file: GenFile) => {
    const keyword = this.CONSUME(Preset);
    const name = this.OPTION(() => this.CONSUME(Identifier));
    const preset = this.ACTION((): PresetDecl => {
      const node = { name: name && nameOf(name), properties: [], phases: [], span: { start: keyword.startOffset, end: tokenEnd(name ?? keyword) } };
      if (!name) this.report("syntax", "a preset needs a name, like `preset brand { … }`", spanOf(keyword));
      file.presets.push(node);
      return node;
    });
    this.SUBRULE(this.propertyBlock, { ARGS: [preset, name ? `preset \`${name.image}\`` : "the preset", keyword.startOffset] });
  });

  private pipelineDecl = this.RULE("pipelineDecl", (file: GenFile) => {
    const keyword = this.CONSUME(Pipeline);
    const name = this.OPTION(() => this.OR([{ ALT: () => this.CONSUME(StringLiteral) }, { ALT: () => this.CONSUME(Identifier) }]));
    const pipeline = this.ACTION((): PipelineDecl => {
      const nameNode = name && (name.tokenType === StringLiteral
        ? { text: this.stringValue(name).value, span: spanOf(name) }
        : nameOf(name));
      if (!name) this.report("syntax", 'a pipeline needs a name, like `pipeline "spring-teaser" { … }`', spanOf(keyword));
      const node: PipelineDecl = {
        keyword: spanOf(keyword), name: nameNode, properties: [], briefs: [], stages: [], outputs: [],
        span: { start: keyword.startOffset, end: tokenEnd(name ?? keyword) },
      };
      file.pipelines.push(node);
      return node;
    });
    const blockLabel = name ? `pipeline ${name.tokenType === StringLiteral ? name.image : "`" + name.image + "`"}` : "the pipeline";
    this.CONSUME(LCurly);
    this.openBlock(blockLabel, keyword.startOffset);
    try {
      this.MANY(() =>
        this.OR2([
          { ALT: () => this.SUBRULE(this.briefBlock, { ARGS: [pipeline] }) },
          { ALT: () => this.SUBRULE(this.outputDecl, { ARGS: [pipeline] }) },
          { ALT: () => this.SUBRULE(this.stageOrProperty, { ARGS: [pipeline] }) },
        ]),
      );
      this.CONSUME(RCurly);
    } finally {
      this.closeBlock(pipeline);
    }
  });

  private briefBlock = this.RULE("briefBlock", (pipeline: PipelineDecl) => {
    const keyword = this.CONSUME(Brief);
    const brief = this.ACTION((): BriefBlock => {
      const node = { keyword: spanOf(keyword), properties: [], span: spanOf(keyword) };
      pipeline.briefs.push(node);
      return node;
    });
    this.SUBRULE(this.propertyBlock, { ARGS: [brief, "`brief`", keyword.startOffset] });
  });

  private outputDecl = this.RULE("outputDecl", (pipeline: PipelineDecl) => {
    const keyword = this.CONSUME(Output);
    const output = this.ACTION((): OutputDecl => {
      const node = { keyword: spanOf(keyword), refs: [], span: spanOf(keyword) };
      pipeline.outputs.push(node);
      return node;
    });
    this.OPTION(() => {
      this.SUBRULE(this.reference, { ARGS: [output] });
      this.MANY(() => {
        this.CONSUME(Comma);
        this.SUBRULE2(this.reference, { ARGS: [output] });
      });
    });
    this.ACTION(() => {
      if (output.refs.length === 0) {
        this.report("syntax", "`output` needs the stages to deliver, like `output shot_hd, voice`", output.keyword);
      }
    });
  });

  private reference = this.RULE("reference", (output: OutputDecl) => {
    const value = this.SUBRULE(this.word);
    this.ACTION(() => {
      if (!value.text) return;
      output.refs.push(value);
      output.span.end = value.span.end;
    });
  });

  /**
   * In a pipeline, a name starts either a stage (`image hero {`) or a property
   * (`budget: …`). Which one is decided after the first name, so a stage whose `{`
   * was forgotten is still read as a stage.
   */
  private stageOrProperty = this.RULE("stageOrProperty", (pipeline: PipelineDecl) => {
    const first = this.CONSUME(Identifier);
    // One token of lookahead, so the gate alone decides: a `{` further on must not be required.
    this.OR({
      IGNORE_AMBIGUITIES: true,
      MAX_LOOKAHEAD: 1,
      DEF: [
        { GATE: () => this.stageHeaderFollows(first), ALT: () => this.SUBRULE(this.stageRest, { ARGS: [pipeline, first] }) },
        { ALT: () => this.SUBRULE(this.propertyRest, { ARGS: [pipeline, first] }) },
      ],
    });
  });

  private stageRest = this.RULE("stageRest", (pipeline: PipelineDecl, kind: IToken) => {
    const name = this.OPTION(() => this.CONSUME(NameToken));
    const stage = this.ACTION((): Stage => {
      const node = { kind: nameOf(kind), name: name && nameOf(name), properties: [], phases: [], span: { start: kind.startOffset, end: tokenEnd(name ?? kind) } };
      if (!name) this.report("syntax", `the ${kind.image} stage needs a name, like \`${kind.image} hero { … }\``, spanOf(kind));
      else if (name.tokenType !== Identifier) {
        this.report("syntax", `\`${name.image}\` is a keyword and cannot name a stage; try \`${name.image}_${kind.image}\``, spanOf(name));
      }
      pipeline.stages.push(node);
      return node;
    });
    // `kind` is undefined while chevrotain records the grammar, hence the `?.`.
    this.SUBRULE(this.propertyBlock, { ARGS: [stage, `stage \`${name ? name.image : kind?.image}\``, kind?.startOffset] });
  });

  /** `{ key: value … }`, shared by presets, briefs, stages and phase blocks. */
  private propertyBlock = this.RULE("propertyBlock", (owner: PropertyOwner, blockLabel: string, start: number) => {
    this.CONSUME(LCurly);
    this.openBlock(blockLabel, start);
    try {
      this.MANY({
        GATE: () => this.atProperty() || (!!owner?.phases && this.atPhaseBlock()),
        DEF: () => this.SUBRULE(this.property, { ARGS: [owner, blockLabel] }),
      });
      this.CONSUME(RCurly);
    } finally {
      this.closeBlock(owner);
    }
  });

  /** A property, or in a stage or preset a phase block (`final {`): decided after the key, like a stage header. */
  private property = this.RULE("property", (owner: PropertyOwner, ownerLabel: string) => {
    const key = this.OR([
      { ALT: () => this.CONSUME(Identifier) },
      { ALT: () => this.CONSUME(Use) },
    ]);
    // An OPTION with a gate, not an OR: this runs for every property, and an OR with gates costs more.
    const block = this.OPTION3({
      GATE: () => !!owner?.phases && this.LA(1).tokenType === LCurly,
      DEF: () => {
        this.SUBRULE(this.phaseRest, { ARGS: [owner, key, ownerLabel] });
        return true;
      },
    });
    if (!block || this.RECORDING_PHASE) this.SUBRULE(this.propertyRest, { ARGS: [owner, key] });
  });

  private phaseRest = this.RULE("phaseRest", (owner: PropertyOwner, keyword: IToken, ownerLabel: string) => {
    const block = this.ACTION((): PhaseBlock => {
      const node = { keyword: nameOf(keyword), properties: [], span: spanOf(keyword) };
      owner.phases!.push(node);
      return node;
    });
    this.SUBRULE(this.propertyBlock, { ARGS: [block, `the \`${keyword?.image}\` block of ${ownerLabel}`, keyword?.startOffset] });
  });

  /** What follows a property's key: `: value`, with the colon or the value possibly still missing. */
  private propertyRest = this.RULE("propertyRest", (owner: PropertyOwner, key: IToken) => {
    const colon = this.OPTION(() => this.CONSUME(Colon));
    const read = this.OPTION2({ GATE: () => this.atValue(), DEF: () => this.SUBRULE(this.value) });
    const value = read?.type === "word" && !read.text ? undefined : read;
    this.ACTION(() => {
      if (!colon) {
        this.report("syntax", `expected \`:\` after \`${key.image}\`, like \`${key.image}: value\``, spanOf(key));
      }
      const end = value ? value.span.end : tokenEnd(colon ?? key);
      owner.properties.push({ key: nameOf(key), value, span: { start: key.startOffset, end } });
    });
  });

  private value = this.RULE("value", (): Value => {
    const first = this.SUBRULE(this.atom);
    const items: Value[] = [];
    this.MANY(() => {
      this.CONSUME(Comma);
      items.push(this.SUBRULE2(this.atom));
    });
    return this.ACTION((): Value => {
      if (items.length === 0) return first;
      items.unshift(first);
      const imagined = (item: Value | undefined) => !item || (item.type === "word" && !item.text);
      if (items.some(imagined)) items.splice(0, items.length, ...items.filter((item) => !imagined(item)));
      if (items.length <= 1) return items[0] ?? first;
      return { type: "list", items, span: { start: items[0].span.start, end: items[items.length - 1].span.end } };
    });
  });

  private atom = this.RULE("atom", (): Value =>
    this.OR([
      { ALT: () => this.literal(this.CONSUME(Literal)) },
      { ALT: () => this.SUBRULE(this.word) },
    ]),
  );

  /** An identifier in value position, with an optional variation index: `hero`, `hero[2]`, `ray-2`. */
  private word = this.RULE("word", (): WordValue => {
    const name = this.CONSUME(Identifier);
    let indexToken: IToken | undefined;
    let close: IToken | undefined;
    this.OPTION(() => {
      this.CONSUME(LBracket);
      indexToken = this.CONSUME(NumberLiteral);
      close = this.CONSUME(RBracket);
    });
    return this.ACTION((): WordValue => {
      // A name the parser imagined while recovering (`output a,, b`) has no place: an empty word at the
      // end of the last real token, which the callers drop.
      if (!isReal(name)) {
        const previous = this.LA(0);
        const at = isReal(previous) ? tokenEnd(previous) : 0;
        return { type: "word", text: "", span: { start: at, end: at } };
      }
      const node: WordValue = { type: "word", text: name.image, span: spanOf(name) };
      if (isReal(indexToken)) {
        node.index = Number(indexToken.image);
        node.indexSpan = spanOf(indexToken);
        node.span.end = isReal(close) ? tokenEnd(close) : tokenEnd(indexToken);
      }
      return node;
    });
  });

  private openBlock(blockLabel: string, start: number): void {
    this.ACTION(() => this.openBlocks.push({ label: blockLabel, start }));
  }

  /** Ends a block's span at the last real token read, even when its `}` was missing. */
  private closeBlock(owner: { span: Span }): void {
    this.ACTION(() => {
      this.openBlocks.pop();
      const last = this.LA(0);
      if (isReal(last)) owner.span.end = Math.max(owner.span.end, tokenEnd(last));
    });
  }

  /** `image hero {`, `image {`, or a known kind and a name (its `{` forgotten). */
  private atStageHeader(): boolean {
    const first = this.LA(1);
    if (first.tokenType !== Identifier) return false;
    // `model: ray-2 final {` on one line: a value, then a phase block.
    if (!STAGE_KINDS.has(first.image) && PHASE_NAMES.has(this.LA(2).image) && this.LA(3).tokenType === LCurly) return false;
    return this.stageHeaderFollows(first, 1);
  }

  /** Whether the tokens after `kind` (at `offset` tokens ahead) continue a stage header. */
  private stageHeaderFollows(kind: IToken, offset = 0): boolean {
    const next = this.LA(offset + 1).tokenType;
    if (next === LCurly) return true;
    if (!isName(next)) return false;
    const after = this.LA(offset + 2).tokenType;
    return after === LCurly || (STAGE_KINDS.has(kind.image) && after !== Colon);
  }

  /** `final {`: a name that is not a stage kind, then `{`. A stage kind there starts the next stage (this one's `}` forgotten). */
  private atPhaseBlock(): boolean {
    const first = this.LA(1);
    return first.tokenType === Identifier && this.LA(2).tokenType === LCurly && !STAGE_KINDS.has(first.image);
  }

  private atProperty(): boolean {
    const first = this.LA(1).tokenType;
    return (first === Identifier || first === Use) && !this.atStageHeader();
  }

  /** A value follows unless the next tokens begin the next property or stage. */
  private atValue(): boolean {
    const first = this.LA(1).tokenType;
    if (first !== Identifier) return true;
    const second = this.LA(2).tokenType;
    return second !== Colon && !this.atStageHeader();
  }

  private report(code: string, message: string, span: Span): void {
    this.problems.push({ code, message, severity: "error", span });
  }

  private literal(token: IToken): Value {
    return this.ACTION((): Value => {
      const span = spanOf(token);
      const text = token.image;
      switch (token.tokenType) {
        case StringLiteral:
        case TripleString:
          return this.stringValue(token);
        case SingleQuoteString: {
          const terminated = text.length >= 2 && text.endsWith("'");
          this.report("syntax", `strings use double quotes: "${text.slice(1, terminated ? -1 : undefined)}"`, span);
          return { type: "string", value: text.slice(1, terminated ? -1 : undefined), triple: false, terminated, span };
        }
        case NumberLiteral:
          return { type: "number", value: Number(text), span };
        case Duration:
          return { type: "duration", seconds: Number(text.slice(0, -1)), span };
        case Resolution:
          return { type: "resolution", text, span };
        case Aspect: {
          const [width, height] = text.split(":").map(Number);
          return { type: "aspect", width, height, text, span };
        }
        case Money:
          return { type: "money", usd: Number(text.slice(1)), span };
        case Credits:
          return { type: "credits", credits: parseFloat(text), span };
        case MalformedNumber:
        default:
          return { type: "malformed", text, span };
      }
    });
  }

  private stringValue(token: IToken): StringValue {
    const text = token.image;
    const span = spanOf(token);
    if (token.tokenType === TripleString) {
      const terminated = text.length >= 6 && text.endsWith('"""');
      if (!terminated) this.report("unterminated-string", 'this """ string is never closed: add `"""` where it ends', span);
      return { type: "string", value: terminated ? text.slice(3, -3) : text.slice(3), triple: true, terminated, span };
    }
    const terminated = text.length >= 2 && text.endsWith('"') && !/(^|[^\\])(\\\\)*\\"$/.test(text);
    if (!terminated) this.report("unterminated-string", 'this string is never closed: add `"` at the end of the line', span);
    const body = text.slice(1, terminated ? -1 : undefined);
    return { type: "string", value: this.unescape(body, token.startOffset + 1), triple: false, terminated, span };
  }

  private unescape(body: string, start: number): string {
    if (!body.includes("\\")) return body;
    return body.replace(/\\(u\{[0-9a-fA-F]{1,6}\}|u[0-9a-fA-F]{4}|.)/g, (match, escape: string, at: number) => {
      switch (escape[0]) {
        case "n": return "\n";
        case "t": return "\t";
        case "r": return "\r";
        case '"': return '"';
        case "\\": return "\\";
        case "u":
          if (escape.length > 1) {
            const code = parseInt(escape.replace(/[u{}]/g, ""), 16);
            if (code <= 0x10ffff) return String.fromCodePoint(code);
          }
      }
      this.problems.push({
        code: "syntax",
        message: `unknown escape \`${match}\`: use \\n, \\t, \\r, \\", \\\\ or \\u{…}`,
        severity: "error",
        span: { start: start + at, end: start + at + match.length },
      });
      return escape;
    });
  }
}

/** Turns chevrotain's failures into sentences that say what was expected where. */
export function createMessageProvider(getParser: () => GenParser): IParserErrorMessageProvider {
  return {
    buildMismatchTokenMessage({ expected, actual, previous }) {
      const parser = getParser();
      const open = parser.openBlocks[parser.openBlocks.length - 1];
      if (expected === RCurly && open) {
        return `expected \`}\` to close ${open.label} opened on line ${parser.lineOf(open.start) + 1}, found ${describe(actual)}`;
      }
      if (expected === EOF) {
        return `unexpected ${describe(actual)}: a .gen file holds only \`use\` lines, \`preset\` blocks and \`pipeline\` blocks`;
      }
      if (expected === LCurly && previous && isReal(previous)) return `expected \`{\` after \`${previous.image}\`, found ${describe(actual)}`;
      return `expected ${label(expected)}, found ${describe(actual)}`;
    },
    buildNotAllInputParsedMessage({ firstRedundant }) {
      return `unexpected ${describe(firstRedundant)}: a .gen file holds only \`use\` lines, \`preset\` blocks and \`pipeline\` blocks`;
    },
    buildNoViableAltMessage({ actual, ruleName }) {
      const found = describe(actual[0]);
      switch (ruleName) {
        case "atom":
        case "value":
          return `expected a value, found ${found}`;
        case "genFile":
          return `unexpected ${found}: a .gen file holds only \`use\` lines, \`preset\` blocks and \`pipeline\` blocks`;
        case "pipelineDecl":
          return `unexpected ${found} in a pipeline: expected a stage (\`image hero { … }\`), a property (\`budget: 150 credits\`), \`brief { … }\` or \`output …\``;
        default:
          return `unexpected ${found}`;
      }
    },
    buildEarlyExitMessage({ actual }) {
      return `unexpected ${describe(actual[0])}`;
    },
  };
}
