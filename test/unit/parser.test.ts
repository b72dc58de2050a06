// Parser specs: the tree it builds, the errors it reports, and what survives recovery.
import * as assert from "assert";
import { parse } from "../../server/src/parser/parse";

/** `line:col code: message` for each problem, 1-based. */
function problems(text: string): string[] {
  const result = parse(text);
  return result.problems.map((p) => {
    const start = result.lines.positionAt(p.span.start);
    return `${start.line + 1}:${start.character + 1} ${p.code}: ${p.message}`;
  });
}

function stagesOf(text: string): string[] {
  return parse(text).file.pipelines.flatMap((p) => p.stages.map((s) => `${s.kind.text} ${s.name?.text ?? "?"}: ${s.properties.map((q) => q.key.text).join(" ")}`));
}

describe("parser", () => {
  it("builds the tree of the reference example with spans on every node", () => {
    const text = [
      'use "presets/brand.gen"',
      'preset brand { style: "pastel" }',
      'pipeline "spring-teaser" {',
      '  brief { goal: "teaser" }',
      "  budget: 150 credits",
      "  image hero { model: photon-flash-1 prompt: \"\"\"white sneaker,\n petals\"\"\" aspect: 16:9 count: 2 }",
      "  keyframe start { from: hero[2] }",
      "  video shot { model: ray-2 start: start duration: 2.5s resolution: 540p audio: off }",
      "  output shot, hero",
      "}",
    ].join("\n");
    const { file, problems } = parse(text);
    assert.deepStrictEqual(problems, []);
    assert.strictEqual(file.uses[0].path?.value, "presets/brand.gen");
    const pipeline = file.pipelines[0];
    assert.strictEqual(pipeline.name?.text, "spring-teaser");
    assert.deepStrictEqual(pipeline.properties[0].value, { type: "credits", credits: 150, span: { start: text.indexOf("150"), end: text.indexOf("150") + 11 } });
    const hero = pipeline.stages[0];
    assert.strictEqual(text.slice(hero.span.start, hero.span.end).startsWith("image hero {"), true);
    assert.strictEqual(text.slice(hero.span.end - 1, hero.span.end), "}");
    const prompt = hero.properties[1].value;
    assert.deepStrictEqual(prompt?.type === "string" && [prompt.value, prompt.triple], ["white sneaker,\n petals", true]);
    const from = pipeline.stages[1].properties[0].value;
    assert.deepStrictEqual(from?.type === "word" && [from.text, from.index, text.slice(from.span.start, from.span.end)], ["hero", 2, "hero[2]"]);
    const duration = pipeline.stages[2].properties[2].value;
    assert.deepStrictEqual(duration?.type === "duration" && duration.seconds, 2.5);
    assert.deepStrictEqual(pipeline.outputs[0].refs.map((r) => r.text), ["shot", "hero"]);
  });

  const recoveries: { name: string; text: string; problems: string[]; stages: string[] }[] = [
    {
      name: "a missing `}` closes the stage at the next stage header",
      text: 'pipeline "p" {\n  video shot {\n    model: ray-2\n  upscale hd { from: shot }\n}',
      problems: ["4:3 syntax: expected `}` to close stage `shot` opened on line 2, found `upscale`"],
      stages: ["video shot: model", "upscale hd: from"],
    },
    {
      name: "a missing `:` is reported and the value still read",
      text: 'pipeline "p" { image a { model photon-1 prompt: "x" } }',
      problems: ["1:26 syntax: expected `:` after `model`, like `model: value`"],
      stages: ["image a: model prompt"],
    },
    {
      name: "a property with no value yet does not swallow the next property",
      text: 'pipeline "p" { image a { model:\n prompt: "x" } }',
      problems: [],
      stages: ["image a: model prompt"],
    },
    {
      name: "an unterminated string stops at the end of its line",
      text: 'pipeline "p" {\n  image a { prompt: "open\n  model: ray-2 }\n  image b { }\n}',
      problems: ['2:21 unterminated-string: this string is never closed: add `"` at the end of the line'],
      stages: ["image a: prompt model", "image b: "],
    },
    {
      name: "a stray `}` ends the pipeline and the rest of the file is reported, then parsing resumes at the next pipeline",
      text: 'pipeline "p" { image a { } } }\npipeline "q" { video b { } }',
      problems: ["1:30 syntax: unexpected `}`: a .gen file holds only `use` lines, `preset` blocks and `pipeline` blocks"],
      stages: ["image a: ", "video b: "],
    },
    {
      name: "unknown characters are named, and a `#` comment is reported once",
      text: "# note\npipeline \"p\" { image a { model: @x } }",
      problems: ["1:1 syntax: comments start with `//`, not `#`", "2:33 syntax: unexpected character `@`"],
      stages: ["image a: model"],
    },
    {
      name: "the end of the file inside blocks names every open block",
      text: 'pipeline "p" {\n  image a {\n    model: x',
      problems: ['3:13 syntax: expected `}` to close stage `a` opened on line 2, found the end of the file'],
      stages: ["image a: model"],
    },
    {
      name: "a stage without a name is kept and reported",
      text: 'pipeline "p" { image { model: x } }',
      problems: ["1:16 syntax: the image stage needs a name, like `image hero { … }`"],
      stages: ["image ?: model"],
    },
    {
      name: "a forgotten `{` after a stage header still reads the stage and the ones after it",
      text: 'pipeline "p" {\n  image b\n    model: x\n  }\n  video v { }\n}',
      problems: ["3:5 syntax: expected `{` after `b`, found `model`"],
      stages: ["image b: model", "video v: "],
    },
    {
      name: "a keyword as a stage name is reported once and the stage kept",
      text: 'pipeline "p" { video output { model: x } video v { } }',
      problems: ["1:22 syntax: `output` is a keyword and cannot name a stage; try `output_video`"],
      stages: ["video output: model", "video v: "],
    },
    {
      name: "single-quoted strings are read as strings, with one error",
      text: "pipeline \"p\" { image a { prompt: 'a red kite' } }",
      problems: ['1:34 syntax: strings use double quotes: "a red kite"'],
      stages: ["image a: prompt"],
    },
    {
      name: "a malformed number is one token, for the analyser to explain",
      text: 'pipeline "p" { video a { duration: 10sec } }',
      problems: [],
      stages: ["video a: duration"],
    },
    {
      name: "an unclosed block comment and a lone triple quote are reported, not thrown",
      text: '/* open\n"""',
      problems: ["1:1 syntax: this /* comment is never closed: add `*/` where it ends"],
      stages: [],
    },
    {
      name: "unknown escapes are reported at the escape",
      text: 'pipeline "p" { image a { prompt: "a\\qb" } }',
      problems: ["1:36 syntax: unknown escape `\\q`: use \\n, \\t, \\r, \\\", \\\\ or \\u{…}"],
      stages: ["image a: prompt"],
    },
  ];

  for (const c of recoveries) {
    it(c.name, () => {
      assert.deepStrictEqual(problems(c.text), c.problems);
      assert.deepStrictEqual(stagesOf(c.text), c.stages);
    });
  }

  it("resolves string escapes, including astral code points", () => {
    const { file } = parse('pipeline "p" { image a { prompt: "say \\"hi\\"\\n\\u{1F338}\\u00e9\\\\" } }');
    const value = file.pipelines[0].stages[0].properties[0].value;
    assert.strictEqual(value?.type === "string" && value.value, 'say "hi"\n🌸é\\');
  });
});

describe("parser totality", () => {
  // Deterministic pseudo-random inputs: fragments of real syntax shuffled with junk.
  const fragments = ['pipeline "p" {', "}", "{", "image a", "video", "model:", "ray-2", '"', '"""', "/*", "*/", "//", "\n", "\r\n",
    "[", "]", "2", "hero[", ":", ",", "5s", "16:9", "$", "150 credits", "\u0000", "🌸", "\uFEFF", "preset", "use", "output", "brief {"];
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);

  it("never throws and keeps every span inside the text", () => {
    for (let i = 0; i < 500; i++) {
      let text = "";
      const length = Math.floor(random() * 40);
      for (let j = 0; j < length; j++) text += fragments[Math.floor(random() * fragments.length)] + (random() < 0.5 ? " " : "");
      const result = parse(text);
      for (const p of result.problems) {
        assert.ok(p.span.start >= 0 && p.span.end <= text.length && p.span.start <= p.span.end, `bad span in ${JSON.stringify(text)}`);
      }
    }
  });

  it("handles a 10 MB line and megabyte-long tokens", () => {
    const text = 'pipeline "p" { image a { prompt: "' + "x".repeat(10_000_000) + '" } }';
    assert.deepStrictEqual(parse(text).problems, []);
    for (const big of ['"""' + "x\n".repeat(1_000_000), "/*" + "*".repeat(1_000_000), "a-".repeat(1_000_000) + "a", '"' + "\\n".repeat(1_000_000)]) {
      assert.ok(parse(big).problems.every((p) => p.code !== "internal"));
    }
  });
});
