// The pure parts of the workspace index: a file's summary, the fuzzy matcher of workspace symbols, and
// which folders a scan skips (the `.gitignore` patterns it honours).
import * as assert from "assert";
import { summarize } from "../../server/src/service/fileSummary";
import { fuzzyFilter, fuzzyScore } from "../../server/src/service/fuzzy";
import { gitignoreFolders, skippedFolder } from "../../server/src/lsp/workspaceIndex";

describe("file summary", () => {
  it("names the pipelines, stages (with kind and pipeline) and presets, and the use paths as written", () => {
    const text = [
      'use "lib/presets.gen"',
      'use "../shared.gen"',
      "use",                                  // only the keyword: no path
      'preset look { style: "pastel" }',
      'pipeline "teaser" {',
      '  image hero { model: photon-flash-1 prompt: "x" use: look }',
      "  video shot { model: ray-2 start: hero }",
      "}",
      "pipeline {",                           // no name: its stages have pipeline ""
      "  image a { }",
      "}",
      "",
    ].join("\n");
    const summary = summarize(text);
    const at = (span: { start: number; end: number }) => text.slice(span.start, span.end);
    assert.deepStrictEqual(summary.uses, ["lib/presets.gen", "../shared.gen"]);
    assert.deepStrictEqual(summary.presets.map((p) => [p.name, at(p.span)]), [["look", "look"]]);
    assert.deepStrictEqual(summary.pipelines.map((p) => [p.name, at(p.span)]), [["teaser", '"teaser"']]);
    assert.deepStrictEqual(summary.stages.map((s) => [s.name, s.kind, s.pipeline, at(s.span)]), [
      ["hero", "image", "teaser", "hero"],
      ["shot", "video", "teaser", "shot"],
      ["a", "image", "", "a"],
    ]);
  });

  it("summarises a file that does not parse as far as it can, and an empty one as nothing", () => {
    assert.deepStrictEqual(summarize(""), { pipelines: [], stages: [], presets: [], uses: [] });
    const broken = summarize('pipeline "p" {\n  image hero { model: \n  video v {');
    assert.deepStrictEqual(broken.pipelines.map((p) => p.name), ["p"]);
    assert.ok(broken.stages.some((s) => s.name === "hero"));
  });
});

describe("fuzzy matching of symbol names", () => {
  const matches: [query: string, name: string, matches: boolean][] = [
    ["", "anything", true],
    ["hero", "hero", true],
    ["HERO", "hero", true],
    ["hr", "hero", true],
    ["sv", "shot_vertical", true],
    ["oreh", "hero", false],
    ["heroes", "hero", false],
    ["x", "hero", false],
  ];
  for (const [query, name, expected] of matches) {
    it(`${JSON.stringify(query)} ${expected ? "matches" : "does not match"} ${name}`, () => {
      assert.strictEqual(fuzzyScore(query, name) !== undefined, expected);
    });
  }

  const rankings: [query: string, names: string[], best: string[]][] = [
    // exact, then prefix (shorter first), then word starts, then anywhere
    ["hero", ["superhero", "hero_wide", "the_hero", "hero"], ["hero", "hero_wide", "the_hero", "superhero"]],
    ["sv", ["haystack_value", "shot_vertical", "sv"], ["sv", "shot_vertical", "haystack_value"]],
    ["shot", ["shot_hd", "shotVertical", "reshot", "s_h_o_t"], ["shot_hd", "shotVertical", "s_h_o_t", "reshot"]],
    ["sH", ["shotHd", "sh"], ["sh", "shotHd"]],
  ];
  for (const [query, names, best] of rankings) {
    it(`ranks ${JSON.stringify(query)}: ${best.join(", ")}`, () => {
      assert.deepStrictEqual(fuzzyFilter(query, names, (n) => n, 100), best);
    });
  }

  it("the best few of many are the first few of all, in the same order", () => {
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const letters = "abcdeh_rosv";
    const names = Array.from({ length: 2000 }, () => Array.from({ length: 1 + Math.floor(random() * 12) }, () => letters[Math.floor(random() * letters.length)]).join(""));
    for (const query of ["", "h", "sv", "hero", "a_b"]) {
      const all = fuzzyFilter(query, names, (n) => n, names.length);
      assert.deepStrictEqual(fuzzyFilter(query, names, (n) => n, 20), all.slice(0, 20), query);
    }
  });

  it("matches names whose lower case is longer, without throwing", () => {
    assert.notStrictEqual(fuzzyScore("i", "İstanbul"), undefined);
    assert.strictEqual(fuzzyScore("x", "İ"), undefined);
  });

  it("keeps at most the limit, the best ones", () => {
    const names = Array.from({ length: 50 }, (_, i) => `stage_${i}`).concat(["s"]);
    const found = fuzzyFilter("s", names, (n) => n, 3);
    assert.strictEqual(found.length, 3);
    assert.strictEqual(found[0], "s");
  });
});

describe("folders the workspace index skips", () => {
  const patterns = gitignoreFolders([
    "# build output",
    "build/",
    "/out",
    "tmp-*",
    "docs/site",
    "!keep",          // negation: not honoured
    "**/cache",       // `**`: not honoured
    "[ab]uild",       // character class: not honoured
    "",
  ].join("\n"));
  const cases: [folder: string, skipped: boolean][] = [
    ["node_modules", true],
    ["lib/node_modules", true],
    [".git", true],
    ["a/.hidden", true],
    ["build", true],
    ["lib/build", true],        // a name without `/` inside matches at any depth
    ["out", true],
    ["lib/out", false],         // `/out` is anchored to the root
    ["tmp-1", true],
    ["docs/site", true],
    ["lib/docs/site", false],   // a path with `/` inside is from the root
    ["cache", false],
    ["auild", false],
    ["pipelines", false],
  ];
  for (const [folder, skipped] of cases) {
    it(`${folder}: ${skipped ? "skipped" : "indexed"}`, () => assert.strictEqual(skippedFolder(folder, patterns), skipped));
  }
});
