// Folding ranges and selection ranges (expand selection), from small documents.
import * as assert from "assert";
import { analyze } from "../../server/src/analysis/analyze";
import { foldingRanges, selectionRanges } from "../../server/src/service/structure";
import { unmark } from "../support/markers";

const folds = (text: string) => foldingRanges({ text, analysis: analyze(text) }).map((f) => `${f.startLine}-${f.endLine}${f.kind ? " " + f.kind : ""}`);

const foldCases: { name: string; lines: string[]; expected: string[] }[] = [
  {
    name: "use lines, comment runs, blocks (closing brace left visible), triple-quoted prompts, phase blocks and block comments",
    lines: [
      'use "a.gen"', //                              0
      'use "b.gen"', //                              1
      "// one", //                                   2
      "// two", //                                   3
      "   // three", //                              4
      'pipeline "p" {', //                           5
      "  brief {", //                                6
      '    goal: "x"', //                            7
      "  }", //                                      8
      "  image hero {", //                           9
      '    prompt: """a', //                         10
      '       b"""', //                              11
      "    final {", //                              12
      "      count: 1", //                           13
      "    }", //                                    14
      "  }", //                                      15
      "  video v { model: ray-2 duration: 5s } // inline", // 16
      "  /* a", //                                   17
      "     b */", //                                18
      "}", //                                        19
    ],
    expected: ["0-1 imports", "2-4 comment", "5-18", "6-7", "9-14", "10-11", "12-13", "17-18 comment"],
  },
  {
    name: "a brace after the last property folds with its line; one-line blocks do not fold",
    lines: ['preset look { style: "x" }', "preset night {", '  style: "y"', '  final { style: "z" } }', 'pipeline "p" { }'],
    expected: ["1-3"],
  },
  {
    name: "a comment after code does not start or join a run; a blank line ends one",
    lines: ['pipeline "p" { // a', "// b", "", "// c", "// d", "}"],
    expected: ["0-4", "3-4 comment"],
  },
  {
    name: "an unclosed block folds to its last line",
    lines: ['pipeline "p" {', "  image a {", "    count: 2"],
    expected: ["0-2", "1-2"],
  },
  {
    name: "where two folds start on one line, the outer one",
    lines: ['pipeline "p" { image a { prompt: """x', 'y""" }', "}"],
    expected: ["0-1"],
  },
];

describe("folding ranges", () => {
  for (const c of foldCases) {
    it(c.name, () => assert.deepStrictEqual(folds(c.lines.join("\n")), c.expected));
  }

  it("counts lines as LSP does with CRLF", () => {
    assert.deepStrictEqual(folds('pipeline "p" {\r\n  image a {\r\n    count: 2\r\n  }\r\n}\r\n'), ["0-3", "1-2"]);
  });
});

/** Each span of the chain as its text, a span of several lines as its first and last line. */
function selections(marked: string): string[] {
  const { text, cursor } = unmark(marked);
  const chain = selectionRanges({ text, analysis: analyze(text) }, cursor!);
  return chain.map((span) => {
    const lines = text.slice(span.start, span.end).split("\n");
    return lines.length === 1 ? lines[0] : `${lines[0]}…${lines[lines.length - 1]}`;
  });
}

const doc = (...lines: string[]) => lines.join("\n");

const selectionCases: { name: string; text: string; expected: string[] }[] = [
  {
    name: "a reference with an index: the name, the reference, the property, the stage, the pipeline (the whole file)",
    text: doc('pipeline "p" {', "  keyframe k { from: he|ro[2] }", "}"),
    expected: ["hero", "hero[2]", "from: hero[2]", "keyframe k { from: hero[2] }", 'pipeline "p" {…}'],
  },
  {
    name: "an item of an `over:` list, then the list",
    text: doc('pipeline "p" {', "  audio m { over: a, |b }", "}", ""),
    expected: ["b", "a, b", "over: a, b", "audio m { over: a, b }", 'pipeline "p" {…}', 'pipeline "p" {…'],
  },
  {
    name: "a prompt in a phase block: its text, the string, the property, the phase block, the stage",
    text: doc('pipeline "p" {', "  image a {", '    final { prompt: "x|y" }', "  }", "}", ""),
    expected: ["xy", '"xy"', 'prompt: "xy"', 'final { prompt: "xy" }', "image a {…  }", 'pipeline "p" {…}', 'pipeline "p" {…'],
  },
  {
    name: "a triple-quoted prompt's text",
    text: doc('preset look { prompt: """a', ' |b""" }'),
    expected: ["a… b", '"""a… b"""', 'prompt: """a… b"""', 'preset look { prompt: """a… b""" }'],
  },
  {
    name: "a stage's name, then the stage",
    text: doc('pipeline "p" {', "  image he|ro { count: 2 }", "}"),
    expected: ["hero", "image hero { count: 2 }", 'pipeline "p" {…}'],
  },
  {
    name: "an output name, then the output line",
    text: doc('pipeline "p" {', "  output a, |b", "}"),
    expected: ["b", "output a, b", 'pipeline "p" {…}'],
  },
  {
    name: "a `use` path: the path, the string, the line, the file",
    text: doc('use "li|b.gen"', 'pipeline "p" { }'),
    expected: ["lib.gen", '"lib.gen"', 'use "lib.gen"', 'use "lib.gen"…pipeline "p" { }'],
  },
  {
    name: "between properties: the stage, the pipeline, the file",
    text: doc('pipeline "p" {', "  image a { count: 2 | seed: 1 }", "}"),
    expected: ["image a { count: 2  seed: 1 }", 'pipeline "p" {…}'],
  },
  {
    name: "a property key, then the property",
    text: doc('pipeline "p" {', "  budget: 1|0 credits", "}"),
    expected: ["10 credits", "budget: 10 credits", 'pipeline "p" {…}'],
  },
  {
    name: "a comment in a stage",
    text: doc('pipeline "p" {', "  image a { // no|te", "  }", "}"),
    expected: ["// note", "image a { // note…  }", 'pipeline "p" {…}'],
  },
];

describe("selection ranges", () => {
  for (const c of selectionCases) {
    it(c.name, () => assert.deepStrictEqual(selections(c.text), c.expected));
  }

  it("grows strictly, each span holding the one before", () => {
    const { text } = unmark(doc('use "x.gen"', 'preset look { final { style: "a" } }', 'pipeline "p" {', "  image a { use: look count: 2 }", "  output a", "}"));
    const analysis = analyze(text);
    for (let offset = 0; offset <= text.length; offset++) {
      const chain = selectionRanges({ text, analysis }, offset);
      assert.deepStrictEqual(chain[chain.length - 1], { start: 0, end: text.length });
      chain.forEach((span, i) => {
        assert.ok(span.start <= offset && offset <= span.end);
        if (i > 0) assert.ok(chain[i - 1].start >= span.start && chain[i - 1].end <= span.end && chain[i - 1].end - chain[i - 1].start < span.end - span.start);
      });
    }
  });
});
