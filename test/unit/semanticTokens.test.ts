// Semantic tokens from marked documents: each token is written `⟨text|type.modifier…⟩`. The test removes
// the marks, asks for the tokens, draws them back the same way and compares, so a failure shows the text.
import * as assert from "assert";
import type { Span } from "../../server/src/parser/ast";
import { checkDocument } from "../../server/src/service/check";
import { SemanticToken, semanticTokens } from "../../server/src/service/semanticTokens";

/** A pipeline of `stages` stages, image → keyframe → video, as `npm run bench` writes them (its module runs the bench). */
function generate(stages: number): string {
  const lines = ['pipeline "big" {', '  brief { goal: "many stages" }'];
  for (let i = 0; i < stages; i++) {
    const group = Math.floor(i / 3);
    if (i % 3 === 0) lines.push(`  image still_${group} { model: photon-flash-1 prompt: """white sneaker,\n  angle ${group}""" aspect: 16:9 }`);
    else if (i % 3 === 1) lines.push(`  keyframe key_${group} { from: still_${group} }  /* a\n comment */`);
    else lines.push(`  video shot_${group} { model: ray-2 start: key_${group} duration: 5s resolution: 540p audio: off }`);
  }
  lines.push("}");
  return lines.join("\n");
}

function unmark(marked: string): string {
  return marked.replace(/⟨([^|⟩]*)\|[^⟩]*⟩/g, "$1");
}

function draw(text: string, tokens: SemanticToken[]): string {
  let result = "";
  let last = 0;
  for (const token of tokens) {
    const label = [token.type, ...token.modifiers].join(".");
    result += text.slice(last, token.span.start) + `⟨${text.slice(token.span.start, token.span.end)}|${label}⟩`;
    last = token.span.end;
  }
  return result + text.slice(last);
}

function check(marked: string, range?: (text: string) => Span): void {
  const text = unmark(marked);
  const tokens = semanticTokens(checkDocument(text), range?.(text));
  assert.strictEqual(draw(text, tokens), marked);
}

interface Case {
  name: string;
  marked: string;
}

const cases: Case[] = [
  {
    name: "stage kinds, stage names declared and referenced, models, keys, numbers and units",
    marked: [
      '⟨pipeline|keyword⟩ ⟨"p"|namespace.declaration⟩ {',
      "  ⟨budget|property⟩: ⟨150 credits|number⟩",
      "  ⟨mode|property⟩: ⟨draft|enumMember⟩",
      '  ⟨image|type.defaultLibrary⟩ ⟨hero|function.declaration⟩ { ⟨model|property⟩: ⟨photon-flash-1|class.defaultLibrary⟩ ⟨prompt|property⟩: ⟨"x"|string⟩ ⟨count|property⟩: ⟨2|number⟩ ⟨aspect|property⟩: ⟨16:9|number⟩ }',
      "  ⟨keyframe|type.defaultLibrary⟩ ⟨k|function.declaration⟩ { ⟨from|property⟩: ⟨hero|function⟩[⟨2|number⟩] }",
      "  ⟨video|type.defaultLibrary⟩ ⟨v|function.declaration⟩ { ⟨model|property⟩: ⟨ray-2|class.defaultLibrary⟩ ⟨start|property⟩: ⟨k|function⟩ ⟨duration|property⟩: ⟨5s|number⟩ ⟨resolution|property⟩: ⟨540p|number⟩ ⟨audio|property⟩: ⟨off|enumMember⟩ }",
      "  ⟨output|keyword⟩ ⟨v|function⟩",
      "}",
    ].join("\n"),
  },
  {
    name: "a deprecated model is marked deprecated, in a stage, a phase block and a preset",
    marked: [
      "⟨preset|keyword⟩ ⟨old|struct.declaration⟩ { ⟨model|property⟩: ⟨veo-3|class.defaultLibrary.deprecated⟩ }",
      '⟨pipeline|keyword⟩ ⟨p|namespace.declaration⟩ {',
      "  ⟨video|type.defaultLibrary⟩ ⟨v|function.declaration⟩ { ⟨model|property⟩: ⟨ray-2|class.defaultLibrary⟩ ⟨duration|property⟩: ⟨5s|number⟩ ⟨final|keyword⟩ { ⟨model|property⟩: ⟨veo-3|class.defaultLibrary.deprecated⟩ } }",
      "}",
    ].join("\n"),
  },
  {
    name: "an unknown model is a class without defaultLibrary; an unknown kind a type without it",
    marked: '⟨pipeline|keyword⟩ ⟨"p"|namespace.declaration⟩ {\n  ⟨imag|type⟩ ⟨a|function.declaration⟩ { ⟨model|property⟩: ⟨rya-2|class⟩ }\n}',
  },
  {
    name: "presets: declared, used from a stage (a list), `use` lines and their paths",
    marked: [
      '⟨use|keyword⟩ ⟨"lib/x.gen"|string⟩',
      '⟨preset|keyword⟩ ⟨look|struct.declaration⟩ { ⟨style|property⟩: ⟨"pastel"|string⟩ }',
      '⟨pipeline|keyword⟩ ⟨"p"|namespace.declaration⟩ {',
      '  ⟨image|type.defaultLibrary⟩ ⟨a|function.declaration⟩ { ⟨model|property⟩: ⟨photon-flash-1|class.defaultLibrary⟩ ⟨prompt|property⟩: ⟨"x"|string⟩ ⟨use|property⟩: ⟨look|struct⟩, ⟨night|struct⟩ }',
      "}",
    ].join("\n"),
  },
  {
    name: "a brief, money, and a list of stage references",
    marked: [
      '⟨pipeline|keyword⟩ ⟨"p"|namespace.declaration⟩ {',
      '  ⟨brief|keyword⟩ { ⟨goal|property⟩: ⟨"a teaser"|string⟩ }',
      "  ⟨budget|property⟩: ⟨$4.50|number⟩",
      "  ⟨video|type.defaultLibrary⟩ ⟨a|function.declaration⟩ { ⟨model|property⟩: ⟨ray-2|class.defaultLibrary⟩ ⟨duration|property⟩: ⟨5s|number⟩ }",
      "  ⟨sequence|type.defaultLibrary⟩ ⟨cut|function.declaration⟩ { ⟨clips|property⟩: ⟨a|function⟩, ⟨a|function⟩ }",
      "  ⟨audio|type.defaultLibrary⟩ ⟨m|function.declaration⟩ { ⟨kind|property⟩: ⟨music|enumMember⟩ ⟨model|property⟩: ⟨eleven-music|class.defaultLibrary⟩ ⟨prompt|property⟩: ⟨\"x\"|string⟩ ⟨over|property⟩: ⟨cut|function⟩ }",
      "}",
    ].join("\n"),
  },
  {
    name: "triple-quoted strings and block comments are split at line ends (CRLF too)",
    marked: [
      "⟨// a comment|comment⟩",
      "⟨/* two|comment⟩",
      "⟨   lines */|comment⟩",
      "⟨pipeline|keyword⟩ ⟨p|namespace.declaration⟩ {",
      '  ⟨image|type.defaultLibrary⟩ ⟨a|function.declaration⟩ { ⟨model|property⟩: ⟨photon-flash-1|class.defaultLibrary⟩ ⟨prompt|property⟩: ⟨"""white sneaker,|string⟩',
      '⟨     petals"""|string⟩ }',
      "}",
    ].join("\r\n"),
  },
  {
    name: "escapes inside a string are left to the grammar; a triple-quoted string is raw",
    marked: '⟨pipeline|keyword⟩ ⟨p|namespace.declaration⟩ { ⟨brief|keyword⟩ { ⟨goal|property⟩: ⟨"say |string⟩\\"⟨hi|string⟩\\"⟨ |string⟩\\u{1F338}⟨ |string⟩\\u00e9⟨x|string⟩\\u⟨12"|string⟩ ⟨notes|property⟩: ⟨"""a \\n b"""|string⟩ } }',
  },
  {
    name: "values of unknown keys: literals by their kind, words not at all",
    marked: '⟨pipeline|keyword⟩ ⟨p|namespace.declaration⟩ { ⟨image|type.defaultLibrary⟩ ⟨a|function.declaration⟩ { ⟨colour|property⟩: blue ⟨size|property⟩: ⟨3|number⟩ ⟨prompt|property⟩: word } }',
  },
  {
    name: "UTF-16: a token after an emoji starts where LSP counts",
    marked: '⟨pipeline|keyword⟩ ⟨p|namespace.declaration⟩ { ⟨image|type.defaultLibrary⟩ ⟨a|function.declaration⟩ { ⟨prompt|property⟩: ⟨"🌸🌸"|string⟩ ⟨model|property⟩: ⟨nope|class⟩ } }',
  },
  {
    name: "a file with syntax errors still gets its tokens",
    marked: '⟨pipeline|keyword⟩ ⟨"p"|namespace.declaration⟩ {\n  ⟨image|type.defaultLibrary⟩ ⟨a|function.declaration⟩ { ⟨model|property⟩ ⟨photon-flash-1|class.defaultLibrary⟩ }\n  ⟨video|type.defaultLibrary⟩ ⟨v|function.declaration⟩ {',
  },
];

describe("semantic tokens", () => {
  for (const c of cases) it(c.name, () => check(c.marked));

  it("a range gives the tokens that overlap it, a multi-line token's pieces each by their line", () => {
    const lines = ["pipeline p {", '  image a { prompt: """one', 'two""" model: ray-2 }', "}"];
    const text = lines.join("\n");
    const from = text.indexOf("one");
    const marked = semanticTokens(checkDocument(text), { start: from, end: text.indexOf("model") + 2 });
    assert.strictEqual(draw(text, marked), text
      .replace('"""one', '⟨"""one|string⟩')
      .replace('two"""', '⟨two"""|string⟩')
      .replace("model", "⟨model|property⟩"));
    assert.deepStrictEqual(semanticTokens(checkDocument(text), { start: text.length, end: text.length }), []);
  });

  it("an empty file and a file past the size limit have none", () => {
    assert.deepStrictEqual(semanticTokens(checkDocument("")), []);
    assert.deepStrictEqual(semanticTokens(checkDocument('pipeline "p" { }', { maxLength: 3 })), []);
  });

  it("a 10,000-stage file: every token apart, sorted, on one line, and the same by range", () => {
    const text = generate(10_000);
    const document = checkDocument(text, { bestFixes: false });
    const tokens = semanticTokens(document);
    // Each stage line has its kind, its name, and a key and a value at least.
    assert.ok(tokens.length > 40_000, `${tokens.length} tokens`);
    let end = 0;
    for (const token of tokens) {
      assert.ok(token.span.start >= end && token.span.end > token.span.start && !/[\r\n]/.test(text.slice(token.span.start, token.span.end)));
      end = token.span.end;
    }
    const half = Math.floor(text.length / 2);
    const before = semanticTokens(document, { start: 0, end: half });
    const after = semanticTokens(document, { start: half, end: text.length });
    const shared = before.length + after.length - tokens.length;
    assert.ok(shared === 0 || shared === 1, "the halves cover every token once, save one across the middle");
  });
});
