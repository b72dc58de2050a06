// Semantic tokens from marked documents: each token is written `⟨text|type.modifier…⟩`. The test removes
// the marks, asks for the tokens, draws them back the same way and compares, so a failure shows the text.
import * as assert from "assert";
import { tokensDelta } from "../../server/src/lsp/semanticTokens";
import type { Span } from "../../server/src/parser/ast";
import { checkDocument, CheckedDocument } from "../../server/src/service/check";
import { pack, packedTokens, SemanticToken, semanticTokens } from "../../server/src/service/semanticTokens";
import { corpus as benchCorpus } from "../bench/corpora";
import { corpus } from "../fuzz/properties";
import { afterRandomEdits } from "../support/afterEdits";

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
      "⟨preset|keyword⟩ ⟨old|struct.declaration⟩ { ⟨model|property⟩: ⟨veo-3|class.deprecated.defaultLibrary⟩ }",
      '⟨pipeline|keyword⟩ ⟨p|namespace.declaration⟩ {',
      "  ⟨video|type.defaultLibrary⟩ ⟨v|function.declaration⟩ { ⟨model|property⟩: ⟨ray-2|class.defaultLibrary⟩ ⟨duration|property⟩: ⟨5s|number⟩ ⟨final|keyword⟩ { ⟨model|property⟩: ⟨veo-3|class.deprecated.defaultLibrary⟩ } }",
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
    name: "comments inside a stage, after it, and across lines; two stages on one line; an output line",
    marked: [
      '⟨pipeline|keyword⟩ ⟨"p"|namespace.declaration⟩ {',
      "  ⟨image|type.defaultLibrary⟩ ⟨a|function.declaration⟩ {",
      "    ⟨// the hero|comment⟩",
      "    ⟨model|property⟩ ⟨photon-flash-1|class.defaultLibrary⟩ ⟨/* two|comment⟩",
      "⟨lines */|comment⟩ ⟨count|property⟩ ⟨2|number⟩",
      "  } ⟨// after a|comment⟩",
      "  ⟨image|type.defaultLibrary⟩ ⟨b|function.declaration⟩ { ⟨model|property⟩ ⟨photon-flash-1|class.defaultLibrary⟩ } ⟨keyframe|type.defaultLibrary⟩ ⟨k|function.declaration⟩ { ⟨from|property⟩ ⟨b|function⟩ ⟨/* b */|comment⟩ }",
      "  ⟨output|keyword⟩ ⟨k|function⟩, ⟨a|function⟩",
      "}",
    ].join("\n"),
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

  // The protocol's integers are put together from each stage's packed tokens, kept with its node (a new
  // version after an edit inside one stage reads only that stage); the tokens above are read back from them.
  const packedOneByOne = (document: CheckedDocument) => pack(semanticTokens(document), document.analysis.parse.lines.forward());
  const texts = [...corpus, generate(30), benchCorpus("lean", 40).text, benchCorpus("wasteful", 40).text];

  it("every sample, fixture and corpus: tokens apart, in order, each on one line, read back from the integers packed", () => {
    for (const text of texts) {
      const document = checkDocument(text, { bestFixes: false });
      let end = 0;
      for (const token of semanticTokens(document)) {
        const written = text.slice(token.span.start, token.span.end);
        assert.ok(token.span.start >= end && written.length > 0 && !/[\r\n]/.test(written), `${JSON.stringify(written)} at ${token.span.start}`);
        end = token.span.end;
      }
      assert.deepStrictEqual(packedTokens(document), packedOneByOne(document), text.slice(0, 80));
    }
  });

  it("after an edit, reads the edited stage again and gives the tokens of a check from scratch", () => {
    const snippets = ["a", " ", "\n", "2", '"', "}", "// c\n", "/* x\ny */", 'prompt: """a\nb""" ', "model: veo-3 ", "count: 3 ", "x: 1s "];
    // Asked before the edit, as an editor asks after each version: the stages' tokens are kept for the next.
    afterRandomEdits(texts, snippets, 400, packedTokens, ({ after, scratch }) => {
      assert.deepStrictEqual(packedTokens(after), packedOneByOne(scratch));
      assert.deepStrictEqual(semanticTokens(after), semanticTokens(scratch));
    });
  });
});

describe("semantic tokens: the delta between two answers", () => {
  const cases: [what: string, before: number[], after: number[], edit: ReturnType<typeof tokensDelta>][] = [
    ["the same", [1, 2, 3, 4, 5], [1, 2, 3, 4, 5], undefined],
    ["both empty", [], [], undefined],
    ["a token inserted in the middle", [0, 0, 5, 1, 0, 1, 2, 3, 4, 0], [0, 0, 5, 1, 0, 0, 6, 2, 7, 0, 1, 2, 3, 4, 0], { start: 5, deleteCount: 0, data: [0, 6, 2, 7, 0] }],
    ["a token deleted at the end", [0, 0, 5, 1, 0, 1, 2, 3, 4, 0], [0, 0, 5, 1, 0], { start: 5, deleteCount: 5, data: [] }],
    ["the first integer changed", [0, 0, 5, 1, 0], [1, 0, 5, 1, 0], { start: 0, deleteCount: 1, data: [1] }],
    ["everything replaced", [1, 1, 1], [2, 2], { start: 0, deleteCount: 3, data: [2, 2] }],
    ["from nothing", [], [0, 1, 2, 3, 0], { start: 0, deleteCount: 0, data: [0, 1, 2, 3, 0] }],
    // The common end is not counted twice into the common start: [1, 1] → [1, 1, 1] inserts one 1.
    ["a repeated integer added", [1, 1], [1, 1, 1], { start: 2, deleteCount: 0, data: [1] }],
  ];
  for (const [what, before, after, edit] of cases) {
    it(`${what}: ${edit ? `replaces ${edit.deleteCount} at ${edit.start} with ${edit.data.length}` : "no edit"}, which turns one into the other`, () => {
      const found = tokensDelta(before, after);
      assert.deepStrictEqual(found, edit);
      if (found) assert.deepStrictEqual([...before.slice(0, found.start), ...found.data, ...before.slice(found.start + found.deleteCount)], after);
    });
  }
});
