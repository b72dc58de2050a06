// Tokenizes `.gen` text with the extension's TextMate grammar (the same engine
// VS Code uses: vscode-textmate on oniguruma) and checks the scopes it gives.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as vsctm from "vscode-textmate";
import * as oniguruma from "vscode-oniguruma";

/** The repository root: the nearest directory up whose package.json is `gen-lang` (works from `test/` and `out/test/`). */
function findRepoRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, "utf8")).name === "gen-lang") return dir;
    if (path.dirname(dir) === dir) throw new Error(`no gen-lang package.json above ${start}`);
  }
}

const root = findRepoRoot(__dirname);
const grammarPath = path.join(root, "grammar", "gen.tmLanguage.json");
const configPath = path.join(root, "grammar", "language-configuration.json");

/** One token: its text and its scopes, outermost first, without the root `source.gen`. */
type Token = [text: string, scopes: string];

let grammar: vsctm.IGrammar;

/** Each line of `source` as its tokens. Bare whitespace between tokens (no scope of its own) is left out. */
function tokenize(source: string): Token[][] {
  let stack = vsctm.INITIAL;
  return source.split(/\r?\n/).map((line) => {
    const result = grammar.tokenizeLine(line, stack);
    stack = result.ruleStack;
    return result.tokens
      .map((t): Token => [line.slice(t.startIndex, t.endIndex), t.scopes.filter((s) => s !== "source.gen").join(" ")])
      .filter(([text, scopes]) => scopes !== "" || text.trim() !== "");
  });
}

/** The tokens of a one-line source. */
function line(source: string): Token[] {
  return tokenize(source)[0];
}

/** The scopes of the one token whose text is `text` (fails when there are none or several). */
function scopesOf(tokens: Token[], text: string): string {
  const found = tokens.filter(([t]) => t === text);
  assert.strictEqual(found.length, 1, `expected one token ${JSON.stringify(text)}, found ${found.length} in ${JSON.stringify(tokens)}`);
  return found[0][1];
}

const KEY = "support.type.property-name.gen";
const COLON: Token = [":", "punctuation.separator.key-value.gen"];
const OPEN: Token = ["{", "punctuation.section.block.begin.gen"];
const CLOSE: Token = ["}", "punctuation.section.block.end.gen"];
const Q = (where: "begin" | "end", scope = "string.quoted.double.gen"): Token =>
  [scope === "string.quoted.triple.gen" ? '"""' : '"', `${scope} punctuation.definition.string.${where}.gen`];
const STR = "string.quoted.double.gen";
const TRIPLE = "string.quoted.triple.gen";
const REF = "meta.reference.gen variable.other.reference.gen";

const SAMPLE = `// line comment, /* block comment */
use "presets/brand.gen"
preset brand {
  style: "pastel, soft morning light, 35mm"
  negative: "text, watermark"
}
pipeline "spring-teaser" {
  brief { goal: "15 s teaser" audience: "sneaker fans" tone: "playful" constraints: "no faces" }
  budget: 150 credits            // or: budget: $4.50
  mode: draft                    // draft | final
  image hero {
    model: photon-flash-1
    prompt: """white sneaker on a pastel pedestal,
               petals drifting"""
    use: brand
    resolution: 1080p            // also 4k, 1k, 2k, 1024x768
    aspect: 16:9
    count: 1
  }
  keyframe start { from: hero[2] }
  video shot { model: ray-2 start: start prompt: "slow dolly in" duration: 5s resolution: 540p audio: off retries: 0 }
  upscale shot_hd { from: shot  resolution: 1080p }
  reframe shot_vertical { from: shot_hd  aspect: 9:16 }
  audio voice { kind: voiceover model: eleven-multilingual-v2 text: "Spring is here.\\n" over: shot_hd }
  output shot_vertical, voice
}`;

describe("TextMate grammar (grammar/gen.tmLanguage.json)", () => {
  before(async () => {
    await oniguruma.loadWASM(fs.readFileSync(path.join(root, "node_modules", "vscode-oniguruma", "release", "onig.wasm")));
    const registry = new vsctm.Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
        createOnigString: (text: string) => new oniguruma.OnigString(text),
      }),
      loadGrammar: async (scopeName: string) =>
        scopeName === "source.gen" ? vsctm.parseRawGrammar(fs.readFileSync(grammarPath, "utf8"), grammarPath) : null,
    });
    const loaded = await registry.loadGrammar("source.gen");
    assert.ok(loaded, "the grammar did not load");
    grammar = loaded;
  });

  describe("the grammar file", () => {
    const raw = JSON.parse(fs.readFileSync(grammarPath, "utf8"));

    it("is source.gen, as package.json declares", () => {
      assert.strictEqual(raw.scopeName, "source.gen");
      const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
      const declared = manifest.contributes.grammars.find((g: { language: string }) => g.language === "gen");
      assert.strictEqual(declared.scopeName, "source.gen");
      assert.strictEqual(path.resolve(root, declared.path), grammarPath);
    });

    it("has only regexes that oniguruma compiles", () => {
      const regexes: string[] = [];
      const walk = (node: unknown): void => {
        if (Array.isArray(node)) node.forEach(walk);
        else if (node && typeof node === "object") {
          for (const [key, value] of Object.entries(node)) {
            if (["match", "begin", "end", "while"].includes(key) && typeof value === "string") regexes.push(value);
            else walk(value);
          }
        }
      };
      walk(raw);
      assert.ok(regexes.length > 20, `only ${regexes.length} regexes found`);
      for (const regex of regexes) {
        assert.doesNotThrow(() => new oniguruma.OnigScanner([regex]).dispose(), `does not compile: ${regex}`);
      }
    });

    it("includes only rules its repository defines", () => {
      const text = fs.readFileSync(grammarPath, "utf8");
      for (const [, name] of text.matchAll(/"include":\s*"#([^"]+)"/g)) {
        assert.ok(name in raw.repository, `#${name} is included but not defined`);
      }
    });
  });

  describe("the sample pipeline", () => {
    let lines: Token[][];
    before(() => {
      lines = tokenize(SAMPLE);
    });

    it("scopes a line comment, and a /* inside it is not a block comment", () => {
      assert.deepStrictEqual(lines[0], [
        ["//", "comment.line.double-slash.gen punctuation.definition.comment.gen"],
        [" line comment, /* block comment */", "comment.line.double-slash.gen"],
      ]);
      // The /* in the comment opened nothing: the next line is code again.
      assert.strictEqual(lines[1][0][1], "keyword.control.import.gen");
    });

    it("scopes `draft {` and `final {` as phase keywords, after a model on the same line too", () => {
      const tokens = line("  video shot { model: ray-flash-2 final { model: ray-2 resolution: 1080p } }");
      assert.strictEqual(scopesOf(tokens, "final"), "keyword.control.phase.gen");
      assert.strictEqual(scopesOf(tokens, "ray-flash-2"), "support.class.model.gen");
      assert.strictEqual(scopesOf(tokens, "ray-2"), "support.class.model.gen");
      assert.strictEqual(scopesOf(line("  draft { audio: off }"), "draft"), "keyword.control.phase.gen");
      assert.strictEqual(scopesOf(line("  sequence cut"), "sequence"), "storage.type.stage.gen");
    });

    it("scopes `use \"path\"` as an import keyword and a string", () => {
      assert.deepStrictEqual(lines[1], [
        ["use", "keyword.control.import.gen"],
        Q("begin"),
        ["presets/brand.gen", STR],
        Q("end"),
      ]);
    });

    it("scopes `preset NAME {` with the name as a type", () => {
      assert.deepStrictEqual(lines[2], [
        ["preset", "keyword.other.preset.gen"],
        ["brand", "entity.name.type.preset.gen"],
        OPEN,
      ]);
    });

    it("scopes property keys and string values", () => {
      assert.deepStrictEqual(lines[3], [
        ["style", KEY],
        COLON,
        Q("begin"),
        ["pastel, soft morning light, 35mm", STR],
        Q("end"),
      ]);
      assert.deepStrictEqual(lines[5], [CLOSE]);
    });

    it("scopes `pipeline \"name\" {`", () => {
      assert.deepStrictEqual(lines[6], [
        ["pipeline", "keyword.other.pipeline.gen"],
        Q("begin"),
        ["spring-teaser", STR],
        Q("end"),
        OPEN,
      ]);
    });

    it("scopes a one-line brief block", () => {
      const brief = lines[7];
      assert.deepStrictEqual(brief.slice(0, 7), [
        ["brief", "keyword.other.brief.gen"],
        OPEN,
        ["goal", KEY],
        COLON,
        Q("begin"),
        ["15 s teaser", STR],
        Q("end"),
      ]);
      for (const key of ["audience", "tone", "constraints"]) assert.strictEqual(scopesOf(brief, key), KEY);
      assert.deepStrictEqual(brief[brief.length - 1], CLOSE);
    });

    it("scopes `150 credits` as one credits literal, with a trailing comment", () => {
      assert.deepStrictEqual(lines[8], [
        ["budget", KEY],
        COLON,
        ["150 credits", "constant.numeric.credits.gen"],
        ["//", "comment.line.double-slash.gen punctuation.definition.comment.gen"],
        [" or: budget: $4.50", "comment.line.double-slash.gen"],
      ]);
    });

    it("scopes the mode `draft` as a language constant", () => {
      assert.deepStrictEqual(lines[9].slice(0, 3), [["mode", KEY], COLON, ["draft", "constant.language.enum.gen"]]);
    });

    it("scopes a stage header `kind name {`", () => {
      assert.deepStrictEqual(lines[10], [
        ["image", "storage.type.stage.gen"],
        ["hero", "entity.name.function.stage.gen"],
        OPEN,
      ]);
      for (const [i, kind, name] of [[19, "keyframe", "start"], [20, "video", "shot"], [21, "upscale", "shot_hd"],
        [22, "reframe", "shot_vertical"], [23, "audio", "voice"]] as const) {
        assert.deepStrictEqual(lines[i].slice(0, 3), [
          [kind, "storage.type.stage.gen"],
          [name, "entity.name.function.stage.gen"],
          OPEN,
        ]);
      }
    });

    it("scopes a hyphenated model id as one model token", () => {
      assert.deepStrictEqual(lines[11], [["model", KEY], COLON, ["photon-flash-1", "support.class.model.gen"]]);
      assert.strictEqual(scopesOf(lines[20], "ray-2"), "support.class.model.gen");
      assert.strictEqual(scopesOf(lines[23], "eleven-multilingual-v2"), "support.class.model.gen");
    });

    it('scopes a """ string across lines', () => {
      assert.deepStrictEqual(lines[12], [
        ["prompt", KEY],
        COLON,
        Q("begin", TRIPLE),
        ["white sneaker on a pastel pedestal,", TRIPLE],
      ]);
      assert.deepStrictEqual(lines[13], [
        ["               petals drifting", TRIPLE],
        Q("end", TRIPLE),
      ]);
      // ...and the string is closed: the next line is a property again.
      assert.deepStrictEqual(lines[14], [["use", KEY], COLON, ["brand", "entity.name.type.preset.gen"]]);
    });

    it("scopes resolutions, aspect ratios, durations, counts and booleans", () => {
      assert.deepStrictEqual(lines[15].slice(0, 3), [["resolution", KEY], COLON, ["1080p", "constant.numeric.resolution.gen"]]);
      assert.deepStrictEqual(lines[16], [["aspect", KEY], COLON, ["16:9", "constant.numeric.aspect.gen"]]);
      assert.deepStrictEqual(lines[17], [["count", KEY], COLON, ["1", "constant.numeric.integer.gen"]]);
      assert.deepStrictEqual(lines[18], [CLOSE]);
      const video = lines[20];
      assert.strictEqual(scopesOf(video, "5s"), "constant.numeric.duration.gen");
      assert.strictEqual(scopesOf(video, "540p"), "constant.numeric.resolution.gen");
      assert.strictEqual(scopesOf(video, "off"), "constant.language.boolean.gen");
      assert.strictEqual(scopesOf(video, "0"), "constant.numeric.integer.gen");
      assert.strictEqual(scopesOf(lines[22], "9:16"), "constant.numeric.aspect.gen");
    });

    it("scopes `audio: off` as a property, not as an audio stage", () => {
      assert.strictEqual(scopesOf(lines[20], "audio"), KEY);
    });

    it("scopes a reference with a variation index `hero[2]`", () => {
      assert.deepStrictEqual(lines[19], [
        ["keyframe", "storage.type.stage.gen"],
        ["start", "entity.name.function.stage.gen"],
        OPEN,
        ["from", KEY],
        COLON,
        ["hero", REF],
        ["[", "meta.reference.gen punctuation.section.brackets.begin.gen"],
        ["2", "meta.reference.gen constant.numeric.integer.gen"],
        ["]", "meta.reference.gen punctuation.section.brackets.end.gen"],
        CLOSE,
      ]);
    });

    it("tells a key from a reference of the same name (`start: start`)", () => {
      const video = lines[20].map(([text, scopes]) => `${text} => ${scopes}`);
      const at = video.indexOf(`start => ${KEY}`);
      assert.ok(at > 0, video.join("\n"));
      assert.strictEqual(video[at + 2], `start => ${REF}`);
    });

    it("scopes the audio stage: enum kind, escape in a string, reference", () => {
      const audio = lines[23];
      assert.strictEqual(scopesOf(audio, "voiceover"), "constant.language.enum.gen");
      assert.strictEqual(scopesOf(audio, "\\n"), `${STR} constant.character.escape.gen`);
      assert.strictEqual(scopesOf(audio, "Spring is here."), STR);
      assert.strictEqual(scopesOf(audio, "shot_hd"), REF);
    });

    it("scopes `output a, b`", () => {
      assert.deepStrictEqual(lines[24], [
        ["output", "keyword.control.output.gen"],
        ["shot_vertical", REF],
        [",", "punctuation.separator.comma.gen"],
        ["voice", REF],
      ]);
      assert.deepStrictEqual(lines[25], [CLOSE]);
    });
  });

  describe("edge cases", () => {
    it("ends an unterminated string at the end of its line", () => {
      const [first, second] = tokenize('prompt: "never closed\nmodel: ray-2');
      assert.deepStrictEqual(first, [["prompt", KEY], COLON, Q("begin"), ["never closed", STR]]);
      assert.deepStrictEqual(second, [["model", KEY], COLON, ["ray-2", "support.class.model.gen"]]);
    });

    it("ends an unterminated string that ends in a backslash at the end of its line", () => {
      const [first, second] = tokenize('text: "trailing \\\ncount: 2');
      assert.deepStrictEqual(first, [["text", KEY], COLON, Q("begin"), ["trailing \\", STR]]);
      assert.deepStrictEqual(second, [["count", KEY], COLON, ["2", "constant.numeric.integer.gen"]]);
    });

    it('keeps an unclosed """ string open to the end of the file, as the lexer does', () => {
      const lines = tokenize('prompt: """open\nmodel: ray-2\n}');
      assert.deepStrictEqual(lines[1], [["model: ray-2", TRIPLE]]);
      assert.deepStrictEqual(lines[2], [["}", TRIPLE]]);
    });

    it('treats a """ string as raw: no escapes, quotes and // inside', () => {
      assert.deepStrictEqual(line('prompt: """say "hi" \\n // not a comment"""'), [
        ["prompt", KEY],
        COLON,
        Q("begin", TRIPLE),
        ['say "hi" \\n // not a comment', TRIPLE],
        Q("end", TRIPLE),
      ]);
    });

    it("does not read // inside a string as a comment", () => {
      assert.deepStrictEqual(line('use "https://example.com/brand.gen" // real'), [
        ["use", "keyword.control.import.gen"],
        Q("begin"),
        ["https://example.com/brand.gen", STR],
        Q("end"),
        ["//", "comment.line.double-slash.gen punctuation.definition.comment.gen"],
        [" real", "comment.line.double-slash.gen"],
      ]);
    });

    it("scopes a block comment across lines, and code after it", () => {
      const lines = tokenize("/* first\n   second\n*/ count: 3");
      assert.deepStrictEqual(lines[0], [
        ["/*", "comment.block.gen punctuation.definition.comment.begin.gen"],
        [" first", "comment.block.gen"],
      ]);
      assert.deepStrictEqual(lines[1], [["   second", "comment.block.gen"]]);
      assert.deepStrictEqual(lines[2], [
        ["*/", "comment.block.gen punctuation.definition.comment.end.gen"],
        ["count", KEY],
        COLON,
        ["3", "constant.numeric.integer.gen"],
      ]);
    });

    it("does not open a block comment inside a string", () => {
      assert.deepStrictEqual(line('negative: "a /* b" count: 1'), [
        ["negative", KEY],
        COLON,
        Q("begin"),
        ["a /* b", STR],
        Q("end"),
        ["count", KEY],
        COLON,
        ["1", "constant.numeric.integer.gen"],
      ]);
    });

    it("scopes every escape the parser knows, and marks unknown ones", () => {
      const tokens = line('text: "\\n\\t\\r\\"\\\\\\u{1F600}\\u00e9\\q"');
      assert.deepStrictEqual(tokens.slice(2), [
        Q("begin"),
        ...["\\n", "\\t", "\\r", '\\"', "\\\\", "\\u{1F600}", "\\u00e9"].map((e): Token => [e, `${STR} constant.character.escape.gen`]),
        ["\\q", `${STR} invalid.illegal.unknown-escape.gen`],
        Q("end"),
      ]);
    });

    it("scopes money, credits and other unit literals as single tokens", () => {
      const cases: [string, string][] = [
        ["$4.50", "constant.numeric.money.gen"],
        ["$12", "constant.numeric.money.gen"],
        ["150 credits", "constant.numeric.credits.gen"],
        ["1 credit", "constant.numeric.credits.gen"],
        ["2.5 credits", "constant.numeric.credits.gen"],
        ["5s", "constant.numeric.duration.gen"],
        ["2.5s", "constant.numeric.duration.gen"],
        ["720p", "constant.numeric.resolution.gen"],
        ["1440p", "constant.numeric.resolution.gen"],
        ["4k", "constant.numeric.resolution.gen"],
        ["1024x768", "constant.numeric.resolution.gen"],
        ["21:9", "constant.numeric.aspect.gen"],
        ["42", "constant.numeric.integer.gen"],
        ["0.75", "constant.numeric.float.gen"],
        ["10sec", "invalid.illegal.number.gen"],
        ["720px", "invalid.illegal.number.gen"],
      ];
      for (const [literal, scope] of cases) {
        assert.deepStrictEqual(line(`value: ${literal}`), [["value", KEY], COLON, [literal, scope]], literal);
      }
    });

    it("keeps dotted and hyphenated model ids whole", () => {
      for (const id of ["ray-3.2", "veo-3.1-fast", "photon-flash-1", "gen4_turbo"]) {
        assert.deepStrictEqual(line(`model: ${id}`), [["model", KEY], COLON, [id, "support.class.model.gen"]], id);
      }
    });

    it("does not take the next key as the value of an empty `model:`", () => {
      assert.deepStrictEqual(line('model: prompt: "x"').slice(0, 4), [["model", KEY], COLON, ["prompt", KEY], COLON]);
    });

    it("scopes a list of presets after `use:`", () => {
      assert.deepStrictEqual(line("use: brand, night"), [
        ["use", KEY],
        COLON,
        ["brand", "entity.name.type.preset.gen"],
        [",", "punctuation.separator.comma.gen"],
        ["night", "entity.name.type.preset.gen"],
      ]);
    });

    it("scopes a stage header whose { is on the next line, and a stage with no name", () => {
      const lines = tokenize("  video clip\n  {\n  image {");
      assert.deepStrictEqual(lines[0], [["video", "storage.type.stage.gen"], ["clip", "entity.name.function.stage.gen"]]);
      assert.deepStrictEqual(lines[1], [OPEN]);
      assert.deepStrictEqual(lines[2], [["image", "storage.type.stage.gen"], OPEN]);
    });

    it("reads keywords only as whole words, like the lexer", () => {
      assert.deepStrictEqual(line("output-cut"), [["output-cut", REF]]);
      assert.deepStrictEqual(line("presets"), [["presets", REF]]);
      assert.deepStrictEqual(line("final_cut, finale, onward"), [
        ["final_cut", REF],
        [",", "punctuation.separator.comma.gen"],
        ["finale", REF],
        [",", "punctuation.separator.comma.gen"],
        ["onward", REF],
      ]);
      assert.deepStrictEqual(line("pipeline teaser {"), [
        ["pipeline", "keyword.other.pipeline.gen"],
        ["teaser", "entity.name.type.pipeline.gen"],
        OPEN,
      ]);
    });

    it("handles a whole one-line pipeline", () => {
      const tokens = line('pipeline p { budget: $4.50 image a { model: ray-3.2 } output a }');
      assert.strictEqual(scopesOf(tokens, "$4.50"), "constant.numeric.money.gen");
      assert.strictEqual(scopesOf(tokens, "image"), "storage.type.stage.gen");
      assert.strictEqual(scopesOf(tokens, "ray-3.2"), "support.class.model.gen");
      assert.strictEqual(scopesOf(tokens, "output"), "keyword.control.output.gen");
    });
  });
});

describe("language configuration (grammar/language-configuration.json)", () => {
  const config = JSON.parse(fs.readFileSync(configPath, "utf8"));

  it("declares the comment tokens and brackets", () => {
    assert.deepStrictEqual(config.comments, { lineComment: "//", blockComment: ["/*", "*/"] });
    assert.deepStrictEqual(config.brackets, [["{", "}"], ["[", "]"]]);
  });

  it("has a wordPattern that keeps model ids whole", () => {
    const words = (text: string) => text.match(new RegExp(config.wordPattern, "g"));
    assert.deepStrictEqual(words("model: veo-3.1-fast"), ["model", "veo-3.1-fast"]);
    assert.deepStrictEqual(words("from: hero[2]"), ["from", "hero", "2"]);
    assert.deepStrictEqual(words("budget: $4.50 duration: 2.5s"), ["budget", "$4.50", "duration", "2.5s"]);
    assert.ok(!new RegExp(config.wordPattern).test(""), "the wordPattern must not match empty text");
  });

  it("indents after a line ending in { and outdents a line starting with }", () => {
    const increase = new RegExp(config.indentationRules.increaseIndentPattern);
    const decrease = new RegExp(config.indentationRules.decreaseIndentPattern);
    assert.ok(increase.test("  image hero {"));
    assert.ok(increase.test("  image hero {   // the hero shot"));
    assert.ok(!increase.test('  brief { goal: "x" }'));
    assert.ok(!increase.test("  // image hero {"));
    assert.ok(decrease.test("  }"));
    assert.ok(!decrease.test("  count: 1"));
  });

  it("has regexes JavaScript compiles", () => {
    for (const rule of config.onEnterRules) {
      for (const key of ["beforeText", "afterText", "previousLineText"]) if (rule[key]) new RegExp(rule[key]);
    }
    new RegExp(config.folding.markers.start);
    new RegExp(config.folding.markers.end);
    new RegExp(config.indentationRules.unIndentedLinePattern);
  });
});
