// The formatter. A table of cases as files: each `test/fixtures-format/x.gen` is formatted into
// `x.formatted.gen` beside it (with two spaces), or, when `x.refused` is there instead, left alone
// with that message. `UPDATE_EXPECT=1 npm test` rewrites them (review the diff). Then properties over
// every sample and fixture: idempotent, whitespace-only, comments and strings byte for byte, the same
// syntax tree, line endings, byte-order mark and the editor's indentation kept.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import fc from "fast-check";
import { genLexer } from "../../server/src/parser/tokens";
import { parse } from "../../server/src/parser/parse";
import { applyEdits } from "../../server/src/rules/edits";
import { applySortedEdits, editsKeepTokens, formatAfterEdit, formatDocument, FormatOptions, formatRange, formatText } from "../../server/src/service/format";
import { genFiles, repoRoot } from "../support/render";

const update = process.env.UPDATE_EXPECT === "1";
const caseDir = path.join(repoRoot, "test/fixtures-format");
const read = (file: string) => fs.readFileSync(file, "utf8");

function formatted(text: string, options?: FormatOptions): string {
  const result = formatText(text, options);
  if ("refused" in result) assert.fail(`refused: ${result.refused.message}`);
  return result.text;
}

describe("formatter cases (test/fixtures-format)", () => {
  const cases = fs.readdirSync(caseDir).filter((f) => f.endsWith(".gen") && !f.endsWith(".formatted.gen")).sort();
  it("exist", () => assert.ok(cases.length >= 8));
  for (const name of cases) {
    it(name, () => {
      const file = path.join(caseDir, name);
      const outFile = file.replace(/\.gen$/, ".formatted.gen");
      const refusedFile = file.replace(/\.gen$/, ".refused");
      const text = read(file);
      const result = formatText(text);
      if (update) {
        if ("refused" in result) fs.writeFileSync(refusedFile, result.refused.message + "\n");
        else fs.writeFileSync(outFile, result.text);
        return;
      }
      if (fs.existsSync(refusedFile)) {
        assert.ok("refused" in result, `${name} should be refused`);
        assert.strictEqual(result.refused.message, read(refusedFile).trimEnd());
        assert.deepStrictEqual(formatDocument(text).edits, []);
        return;
      }
      assert.ok(fs.existsSync(outFile), `${path.relative(repoRoot, outFile)} is missing; run UPDATE_EXPECT=1 npm test`);
      assert.ok("text" in result, `${name} was refused: ${"refused" in result ? result.refused.message : ""}`);
      assert.strictEqual(result.text, read(outFile));
      assert.strictEqual(formatted(result.text), result.text, "formatting the result again changes nothing");
    });
  }
});

/** Every token and comment with its text, in order; `//` comments without their trailing spaces, credits with one space. */
function tokenImages(text: string): string[] {
  const lexed = genLexer.tokenize(text);
  return [...lexed.tokens, ...(lexed.groups.comments ?? [])]
    .sort((a, b) => a.startOffset - b.startOffset)
    .map((t) => (t.tokenType.name === "LineComment" ? t.image.trimEnd() : t.tokenType.name === "Credits" ? t.image.replace(/^([\d.]+)[ \t]*/, "$1 ") : t.image));
}

/** A syntax tree without positions: what the file says, not where. */
function shape(text: string): unknown {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (value && typeof value === "object") {
      const entries = Object.entries(value).filter(([key, v]) => key !== "span" && key !== "indexSpan" && !(v && typeof v === "object" && "start" in v && "end" in v && Object.keys(v).length === 2));
      return Object.fromEntries(entries.map(([key, v]) => [key, strip(v)]));
    }
    return value;
  };
  const { file } = parse(text);
  return { ...(strip(file) as object), comments: file.comments.map((c) => text.slice(c.start, c.end).trimEnd()) };
}

const corpus = [...genFiles("samples"), ...genFiles("test/fixtures"), ...genFiles("test/fixtures-cli"), ...genFiles("test/fixtures-format")];
const clean = corpus.filter((file) => parse(read(file).replace(/^\uFEFF/, "")).problems.length === 0);
const optionSets: FormatOptions[] = [{ tabSize: 2, insertSpaces: true }, { tabSize: 4, insertSpaces: true }, { tabSize: 8, insertSpaces: false }];

describe("formatting every sample and fixture without syntax errors", () => {
  it("covers most of them", () => assert.ok(clean.length >= 60, `${clean.length} of ${corpus.length}`));

  for (const file of clean) {
    it(path.relative(repoRoot, file), () => {
      const text = read(file);
      for (const options of optionSets) {
        const result = formatDocument(text, options);
        assert.strictEqual(result.refused, undefined);
        // Sorted, apart, and only whitespace in and out, but for a `credits` literal's spaces.
        let last = -1;
        for (const edit of result.edits) {
          assert.ok(edit.span.start >= last && edit.span.start <= edit.span.end, "sorted and apart");
          last = edit.span.end;
          assert.match(text.slice(edit.span.start, edit.span.end), /^\s*$/u);
          assert.match(edit.newText, /^\s*$/u);
        }
        const once = applySortedEdits(text, result.edits);
        assert.strictEqual(applyEdits(text, result.edits), once);
        assert.strictEqual(formatted(once, options), once, "idempotent");
        assert.deepStrictEqual(tokenImages(once), tokenImages(text), "the same tokens and comments, byte for byte");
        assert.deepStrictEqual(shape(once), shape(text), "the same syntax tree");
        assert.strictEqual(parse(once).problems.length, 0);
        assert.ok(once === "" || once === "\uFEFF" || once.endsWith("\n"), "a final line break");
        assert.ok(!/[ \t]$/m.test(once.replace(/"""[\s\S]*?"""|\/\*[\s\S]*?\*\//g, "x")), "no trailing spaces outside strings and block comments");
        // Indentation is made of the unit asked for.
        const unit = options.insertSpaces ? " ".repeat(options.tabSize) : "\t";
        for (const line of once.replace(/"""[\s\S]*?"""|\/\*[\s\S]*?\*\//g, "x").split(/\r?\n/)) {
          const indent = /^[ \t]*/.exec(line)![0];
          assert.ok(indent.split(unit).every((part) => part === ""), `indentation ${JSON.stringify(indent)} in ${JSON.stringify(line)}`);
        }
      }
    });
  }

  it("leaves the samples as they are: they are the canonical layout", () => {
    const samples = genFiles("samples").filter((file) => !file.includes(`${path.sep}mistakes${path.sep}`));
    assert.deepStrictEqual(samples.filter((file) => formatDocument(read(file)).edits.length > 0).map((f) => path.relative(repoRoot, f)), []);
  });
});

describe("formatting documents re-spaced at random", () => {
  // Between any two tokens of a clean document: other whitespace, and comments, as a user might write them.
  const fillers = [" ", "  ", "\t", "\n", "\n\n\n", "\r\n", " \n    ", "\n\t\t", "", " /* c */ ", "/* a\n   b */", " // note\n", "\n// own line\n", "\n/* own */ "];
  const texts = clean.map(read);

  function respace(text: string, picks: { gap: number; filler: number }[]): string {
    const lexed = genLexer.tokenize(text);
    const tokens = [...lexed.tokens, ...(lexed.groups.comments ?? [])].sort((a, b) => a.startOffset - b.startOffset);
    const gaps = tokens.slice(1).map((t, i) => ({ start: tokens[i].startOffset + tokens[i].image.length, end: t.startOffset }));
    if (gaps.length === 0) return text;
    const chosen = new Map<number, string>();
    for (const pick of picks) {
      const gap = pick.gap % gaps.length;
      let filler = fillers[pick.filler % fillers.length];
      // A gap that held a line break (after a `//` comment, say) keeps one; an empty gap only between tokens that allow it.
      if (/[\r\n]/.test(text.slice(gaps[gap].start, gaps[gap].end)) && !/\n/.test(filler)) filler += "\n";
      if (filler === "" && text.slice(gaps[gap].start, gaps[gap].end) !== "") filler = " ";
      chosen.set(gap, filler);
    }
    let out = "";
    let kept = 0;
    for (const [gap, filler] of [...chosen].sort((a, b) => a[0] - b[0])) {
      out += text.slice(kept, gaps[gap].start) + filler;
      kept = gaps[gap].end;
    }
    return out + text.slice(kept);
  }

  it("formats them idempotently, to the same tokens and syntax tree", () => {
    const picks = fc.array(fc.record({ gap: fc.nat(), filler: fc.nat() }), { minLength: 1, maxLength: 30 });
    fc.assert(
      fc.property(fc.nat({ max: texts.length - 1 }), picks, fc.constantFrom(...optionSets), (index, chosen, options) => {
        const text = respace(texts[index], chosen);
        fc.pre(parse(text.replace(/^\uFEFF/, "")).problems.length === 0); // a comment glued to a token may not lex apart
        const once = formatted(text, options);
        assert.strictEqual(formatted(once, options), once, "idempotent");
        assert.deepStrictEqual(tokenImages(once), tokenImages(text));
        assert.deepStrictEqual(shape(once), shape(text));
      }),
      { seed: 20261201, numRuns: 400, endOnFailure: true },
    );
  });
});

describe("formatting a version from the version before", () => {
  // After an edit inside one stage, the next version's tree is made from the previous one's, and its format
  // from the previous format: the edits outside the stage are kept, moved, and the stage is laid out again.
  // As written (most are formatted) and indented twice as deep (every line has an edit).
  const texts = clean.map(read).filter((text) => !text.startsWith("\uFEFF")).flatMap((text) => [text, text.replace(/^( +)/gm, "$1$1")]);
  const snippets = ["x", " ", "\n", "\r\n", "\n\n\n", "  count: 2 ", "// c\n", "/* c */", "\n    prompt: \"a\"\n", "final { count: 2 }", "150credits", ""];

  it("gives the edits a format from scratch gives, for random edits of the samples and fixtures, and reuses the format before for many", () => {
    let reused = 0;
    let runs = 0;
    fc.assert(
      fc.property(fc.noBias(fc.nat(texts.length - 1)), fc.noBias(fc.nat(1 << 20)), fc.nat(3), fc.constantFrom(...snippets), fc.constantFrom(...optionSets), (which, where, deleted, inserted, options) => {
        const text = texts[which];
        const at = where % (text.length + 1);
        const edited = text.slice(0, at) + inserted + text.slice(at + deleted);
        const before = parse(text);
        const previous = formatAfterEdit(undefined, text, options, before);
        const after = formatAfterEdit(previous, edited, options, parse(edited, { text, parse: before }));
        assert.deepStrictEqual(after.result, formatDocument(edited, options));
        // Reuse shows where the format before had edits, the first of them before the stage: it is kept as it was.
        if (previous.result.edits.length > 0) runs++;
        if (previous.result.edits.length > 0 && after.result.edits[0] === previous.result.edits[0]) reused++;
      }),
      { seed: 20261130, numRuns: 800 },
    );
    assert.ok(reused > runs / 10, `the format before reused in ${reused} of ${runs} edits of files with edits`);
  });

  it("lays the whole file out again when the edit changes what the rest is laid out by", () => {
    const cases: [what: string, before: string, after: string][] = [
      ["a one-line pipeline written over two lines by a line break in a stage", 'preset look { style: "s" }\npipeline p { image a { model: photon-flash-1  prompt: "x" } }', 'preset look { style: "s" }\npipeline p { image a { model: photon-flash-1\n  prompt: "x" } }'],
      ["the only line break of a pipeline deleted inside a stage", 'preset look { style: "s" }\npipeline p { image a { model: photon-flash-1\n prompt: "x" }   }\n', 'preset look { style: "s" }\npipeline p { image a { model: photon-flash-1 prompt: "x" }   }\n'],
      ["the file's line break decided inside the edited stage", 'pipeline p { image a {\r\n model: photon-flash-1 }\n  image b { model: photon-flash-1 } }', 'pipeline p { image a { model: photon-flash-1 }\n  image b { model: photon-flash-1 } }'],
    ];
    for (const [what, text, edited] of cases) {
      const before = parse(text);
      const previous = formatAfterEdit(undefined, text, optionSets[0], before);
      const after = formatAfterEdit(previous, edited, optionSets[0], parse(edited, { text, parse: before }));
      assert.deepStrictEqual(after.result, formatDocument(edited), what);
    }
  });
});

describe("formatter", () => {
  const messy = 'pipeline "p" {\n    image a { model: x }\n  video b {\n        model: ray-2\n      duration: 5s\n  }\n}\n';

  it("keeps CRLF line endings and a byte-order mark, and uses the file's line break for new lines", () => {
    const crlf = "\uFEFF" + messy.replace(/\n/g, "\r\n");
    const out = formatted(crlf);
    assert.strictEqual(out, "\uFEFF" + formatted(messy).replace(/\n/g, "\r\n"));
    assert.strictEqual(formatted('pipeline "p" { image a {\r\nmodel: x prompt: "y" } }'), 'pipeline "p" {\r\n  image a {\r\n    model: x\r\n    prompt: "y"\r\n  }\r\n}\r\n');
    // The layout's line break is the first between tokens, not one inside a comment or string.
    assert.strictEqual(formatted('pipeline "p" { /* a\nb */\r\n image a { model: x } }'), 'pipeline "p" { /* a\nb */\r\n  image a { model: x }\r\n}\r\n');
    for (const edit of formatDocument(crlf).edits) {
      const { start, end } = edit.span;
      assert.ok(!(crlf[start - 1] === "\r" && crlf[start] === "\n") && !(crlf[end - 1] === "\r" && crlf[end] === "\n"), "no edit splits a CRLF");
    }
  });

  it("indents with the editor's tab size, or with tabs", () => {
    const text = 'pipeline "p" {\nimage a {\nmodel: x\nfinal {\nmodel: y\n}\n}\n}\n';
    assert.strictEqual(formatted(text, { tabSize: 4, insertSpaces: true }), 'pipeline "p" {\n    image a {\n        model: x\n        final {\n            model: y\n        }\n    }\n}\n');
    assert.strictEqual(formatted(text, { tabSize: 4, insertSpaces: false }), 'pipeline "p" {\n\timage a {\n\t\tmodel: x\n\t\tfinal {\n\t\t\tmodel: y\n\t\t}\n\t}\n}\n');
    assert.strictEqual(formatted(text, { tabSize: 0, insertSpaces: true }), formatted(text), "a tab size that makes no sense is two");
  });

  it("changes only what differs: a formatted file gets no edits, one wrong indentation one small edit", () => {
    const good = formatted(messy);
    assert.deepStrictEqual(formatDocument(good).edits, []);
    const bad = good.replace("    model: ray-2", "      model: ray-2");
    const { edits } = formatDocument(bad);
    assert.deepStrictEqual(edits, [{ span: { start: bad.indexOf("      model: ray-2") + 4, end: bad.indexOf("      model: ray-2") + 6 }, newText: "" }]);
  });

  it("leaves a file with syntax errors alone and names the first error", () => {
    const text = 'pipeline "p" {\n  image   a { model imagen-4 }\n  video b { model: ray-2 duration: 5s\n}\n';
    const result = formatDocument(text);
    assert.deepStrictEqual(result.edits, []);
    assert.match(result.refused!.message, /^has 2 syntax errors, so it was not formatted; the first, at 2:15: expected `:` after `model`/);
    assert.deepStrictEqual(formatRange(text, { start: 0, end: text.length }).edits, []);
    assert.match(formatDocument('pipeline "p" { budget: 1 credit\n').refused!.message, /^has a syntax error, so it was not formatted: 2:1: expected `}` to close pipeline "p"/);
  });

  it("formats no more than the lines a range touches", () => {
    const text = 'pipeline "p" {\n      budget: 1 credit  \n image a {  model:x }\n\n\n\n    image b { model: y }\n}\n';
    const lines = text.split("\n");
    const offsetOfLine = (line: number) => lines.slice(0, line).join("\n").length + (line > 0 ? 1 : 0);
    const rangeOf = (first: number, last: number) => formatRange(text, { start: offsetOfLine(first), end: offsetOfLine(last) + 3 });
    // Line 2 only: its indentation and spacing, not line 1's trailing spaces nor the blank lines after it.
    assert.strictEqual(applySortedEdits(text, rangeOf(2, 2).edits), 'pipeline "p" {\n      budget: 1 credit  \n  image a { model: x }\n\n\n\n    image b { model: y }\n}\n');
    // Lines 1 to 6: everything there, blank lines included.
    assert.strictEqual(applySortedEdits(text, rangeOf(1, 6).edits), 'pipeline "p" {\n  budget: 1 credit\n  image a { model: x }\n\n  image b { model: y }\n}\n');
    // A selection that ends at the start of a line leaves that line out.
    const selected = formatRange(text, { start: offsetOfLine(2), end: offsetOfLine(3) });
    assert.strictEqual(applySortedEdits(text, selected.edits), applySortedEdits(text, rangeOf(2, 2).edits));
    // The whole text: the whole format.
    assert.deepStrictEqual(formatRange(text, { start: 0, end: text.length }).edits, formatDocument(text).edits);
    // An empty range on a line formats that line.
    assert.strictEqual(applySortedEdits(text, formatRange(text, { start: offsetOfLine(2) + 2, end: offsetOfLine(2) + 2 }).edits), applySortedEdits(text, rangeOf(2, 2).edits));
  });

  it("adds a final line break and empties a file of whitespace", () => {
    assert.strictEqual(formatted('pipeline "p" { budget: 1 credit }'), 'pipeline "p" { budget: 1 credit }\n');
    assert.strictEqual(formatted(" \n\t\n"), "");
    assert.strictEqual(formatted("\uFEFF\n\n"), "\uFEFF");
    assert.strictEqual(formatted(""), "");
  });

  it("is linear: 20,000 stages and 50,000 comment lines in a row format in moments", () => {
    const stages = Array.from({ length: 20000 }, (_, i) => `      image s${i} {   model: imagen-4-fast prompt: "p${i}"  }\n  // note ${i}\n`).join("");
    const text = `pipeline "big" {\n${stages}${"    // more\n".repeat(50000)}}\n`;
    const started = Date.now();
    const out = formatted(text);
    assert.ok(Date.now() - started < 15000, `${Date.now() - started} ms`);
    assert.ok(out.startsWith('pipeline "big" {\n  image s0 { model: imagen-4-fast prompt: "p0" }\n  // note 0\n'));
  });
});

describe("the formatter's safety net: edits that change more than whitespace are refused", () => {
  const text = 'pipeline p { // note\n  budget: 150  credits\n  image a { model: imagen-4 prompt: "a  b" }\n}\n';
  const at = (find: string, offset = 0) => text.indexOf(find) + offset;
  const edit = (start: number, end: number, newText: string) => ({ span: { start, end }, newText });
  // Each set of edits, and whether the tokens read back the same.
  const cases: [what: string, edits: { span: { start: number; end: number }; newText: string }[], keeps: boolean][] = [
    ["indentation changed", [edit(at("  budget"), at("budget"), "    ")], true],
    ["a line break added between two settings", [edit(at(" prompt"), at("prompt"), "\n    ")], true],
    ["a credits literal's spaces", [edit(at("150") + 3, at("credits"), " ")], true],
    ["leading and trailing whitespace", [edit(0, 0, "\n"), edit(text.length - 1, text.length, "")], true],
    ["two words run together", [edit(at("image") + 5, at(" a {") + 1, "")], false],
    ["the line break after a `//` comment removed", [edit(at("// note") + 7, at("budget"), " ")], false],
    ["a space inside a string", [edit(at('"a  b"') + 2, at('"a  b"') + 4, " ")], false],
    ["a character of a word", [edit(at("imagen"), at("imagen") + 1, "I")], false],
    ["whitespace that is not whitespace", [edit(at(" prompt"), at("prompt"), " x ")], false],
    ["an edit across a token", [edit(at(" prompt"), at("prompt") + 2, " ")], false],
  ];
  for (const [what, edits, keeps] of cases) {
    it(`${what}: ${keeps ? "kept" : "refused"}`, () => {
      assert.strictEqual(editsKeepTokens(text, edits), keeps);
      // The net agrees with lexing the edited text whole.
      const after = applySortedEdits(text, edits);
      const images = (t: string) => genLexer.tokenize(t).tokens.map((token) => token.image.replace(/(\d)\s+(credit)/, "$1 $2"));
      const comments = (t: string) => (genLexer.tokenize(t).groups.comments ?? []).map((token) => token.image.trimEnd());
      assert.strictEqual(JSON.stringify([images(after), comments(after)]) === JSON.stringify([images(text), comments(text)]), keeps, "lexed whole");
    });
  }
});
