// Token definitions. Order matters: chevrotain tries patterns in this order and
// takes the first match, so specific literals (`150 credits`, `16:9`, `1080p`,
// `5s`) come before plain numbers, and keywords before identifiers.
import { createToken, Lexer, TokenType } from "chevrotain";

/** Category of every literal that can stand as a value, so the parser consumes them in one step. */
export const Literal = createToken({ name: "Literal", pattern: Lexer.NA });
const digits = [..."0123456789"];
const unitEnd = "(?![A-Za-z0-9_.-])";

export const WhiteSpace = createToken({ name: "WhiteSpace", pattern: /\s+/, group: Lexer.SKIPPED });
export const LineComment = createToken({ name: "LineComment", pattern: /\/\/[^\r\n]*/, group: "comments" });
// An unterminated comment or triple string runs to the end of the file; the parser reports it.
export const BlockComment = createToken({ name: "BlockComment", pattern: /\/\*[\s\S]*?(?:\*\/|(?![\s\S]))/, group: "comments" });
export const TripleString = createToken({ name: "TripleString", pattern: /"""[\s\S]*?(?:"""|(?![\s\S]))/, categories: [Literal] });
// An unterminated string stops at the end of its line, so the next line still parses.
// (Written as an unrolled loop: an alternation inside `*` overflows V8's stack on megabyte strings.)
export const StringLiteral = createToken({ name: "StringLiteral", pattern: /"[^"\\\r\n]*(?:\\[^\r\n][^"\\\r\n]*)*(?:"|\\?)/, categories: [Literal] });
/** `# …` is not a comment here; lexed as one so the error says so once, not once per word. */
export const HashComment = createToken({ name: "HashComment", pattern: /#[^\r\n]*/, group: "comments" });
/** 'single quotes' are not strings here; lexed as one token so the error says so once. */
export const SingleQuoteString = createToken({ name: "SingleQuoteString", pattern: /'[^'\r\n]*'?/, categories: [Literal] });
export const Money = createToken({ name: "Money", pattern: /\$\d+(?:\.\d+)?/, categories: [Literal] });
export const Credits = createToken({
  name: "Credits",
  pattern: new RegExp(`\\d+(?:\\.\\d+)?[ \\t]*credits?${unitEnd}`),
  start_chars_hint: digits,
  categories: [Literal],
});
export const Aspect = createToken({ name: "Aspect", pattern: /\d+:\d+/, categories: [Literal] });
export const Resolution = createToken({
  name: "Resolution",
  pattern: new RegExp(`\\d+(?:x\\d+|p|k)${unitEnd}`),
  start_chars_hint: digits,
  categories: [Literal],
});
export const Duration = createToken({
  name: "Duration",
  pattern: new RegExp(`\\d+(?:\\.\\d+)?s${unitEnd}`),
  start_chars_hint: digits,
  categories: [Literal],
});
/** A number glued to an unknown unit (`10sec`, `720px`): one token, so the error can name it. */
export const MalformedNumber = createToken({ name: "MalformedNumber", pattern: /\d+(?:\.\d+)?[A-Za-z_][A-Za-z0-9_.-]*/, categories: [Literal] });
export const NumberLiteral = createToken({ name: "NumberLiteral", pattern: /\d+(?:\.\d+)?/, categories: [Literal] });

/** Category of identifiers and keywords: a stage's name may be either (a keyword is then reported). */
export const Name = createToken({ name: "Name", pattern: Lexer.NA });
export const Identifier = createToken({ name: "Identifier", pattern: /[A-Za-z_][A-Za-z0-9_]*(?:[-.][A-Za-z0-9_]+)*/, categories: [Name] });
const keyword = (word: string) =>
  createToken({ name: word[0].toUpperCase() + word.slice(1), pattern: new RegExp(word), longer_alt: Identifier, categories: [Name] });
export const Use = keyword("use");
export const Preset = keyword("preset");
export const Pipeline = keyword("pipeline");
export const Brief = keyword("brief");
export const Output = keyword("output");

export const LCurly = createToken({ name: "LCurly", pattern: /{/ });
export const RCurly = createToken({ name: "RCurly", pattern: /}/ });
export const LBracket = createToken({ name: "LBracket", pattern: /\[/ });
export const RBracket = createToken({ name: "RBracket", pattern: /]/ });
export const Colon = createToken({ name: "Colon", pattern: /:/ });
export const Comma = createToken({ name: "Comma", pattern: /,/ });

export const allTokens: TokenType[] = [
  WhiteSpace, LineComment, BlockComment, HashComment, TripleString, StringLiteral, SingleQuoteString,
  Money, Credits, Aspect, Resolution, Duration, MalformedNumber, NumberLiteral,
  Use, Preset, Pipeline, Brief, Output, Identifier,
  LCurly, RCurly, LBracket, RBracket, Colon, Comma, Literal, Name,
];

/** How each expected token reads in an error message. */
export const tokenLabels = new Map<TokenType, string>([
  [Literal, "a value"], [Name, "a name"], [StringLiteral, "a string"], [NumberLiteral, "a number"], [Identifier, "a name"],
  [Use, "`use`"], [Preset, "`preset`"], [Pipeline, "`pipeline`"], [Brief, "`brief`"], [Output, "`output`"],
  [LCurly, "`{`"], [RCurly, "`}`"], [LBracket, "`[`"], [RBracket, "`]`"], [Colon, "`:`"], [Comma, "`,`"],
]);

let lexer: Lexer | undefined;
/**
 * The chevrotain lexer, built on first use (its set-up takes a good part of the server's start): most
 * files are read by the fast path (fastParse.ts) and never need it.
 */
export const genLexer = {
  tokenize: (text: string) => (lexer ??= new Lexer(allTokens, { positionTracking: "onlyOffset", ensureOptimizations: true })).tokenize(text),
};
