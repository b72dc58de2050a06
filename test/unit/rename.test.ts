// Rename of stages and presets, from cursor fixtures: `|` is the cursor and `«…»` marks every name the
// rename must edit (in every file); anything else, comments and strings included, must stay as it is.
import * as assert from "assert";
import { analyze } from "../../server/src/analysis/analyze";
import { applyEdits } from "../../server/src/rules/edits";
import { checkDocument } from "../../server/src/service/check";
import { nameProblem, prepareRename, renameAt } from "../../server/src/service/rename";
import { expectedMarks, Files, markPlaces, workspace } from "../support/markers";

const lib = 'preset «lib_look» { style: "lib_look watercolour" }  // lib_look\npreset lib_fast { model: ray-flash-2 }';

interface Case {
  name: string;
  files: Files | string;
  newName: string;
  /** Other open documents, by path. */
  open?: string[];
  /** Files neither open nor used by an open file that may use the preset: the workspace index's `usersOf`. */
  candidates?: string[];
  /** Files left naming the old name because no index gave them as candidates (the server always has one). */
  unknownWithoutIndex?: string[];
}

const renames: Case[] = [
  {
    name: "a stage from `hero[2]`: its declaration and references, not comments, strings or another pipeline's `hero`",
    newName: "still",
    files: [
      'pipeline "p" {',
      '  image «hero» { model: photon-flash-1 prompt: "hero shot" count: 2 }  // hero',
      "  keyframe k1 { from: «hero»[1] }",
      "  keyframe k2 { from: «he|ro»[2] }",
      "  /* from: hero */",
      "  output «hero», k1",
      "}",
      'pipeline "q" {',
      '  image hero { model: photon-flash-1 prompt: "x" }',
      "  output hero",
      "}",
    ].join("\n"),
  },
  {
    name: "a stage from its declaration, read by `start:`, `end:`, `over:` and `clips:` lists",
    newName: "shot_a",
    files: [
      'pipeline "p" {',
      '  image a { model: photon-flash-1 prompt: "x" }',
      "  video «|v» { model: ray-2 duration: 5s start: a end: a }",
      "  video w { model: ray-2 duration: 5s start: a }",
      "  sequence cut { clips: «v», w, «v» }",
      '  audio m { kind: music model: eleven-music prompt: "v" over: w, «v» }',
      "}",
    ].join("\n"),
  },
  {
    name: "a reference in a phase block is renamed with the others",
    newName: "b",
    files: 'pipeline "p" {\n  image «a» { model: photon-flash-1 prompt: "x" final { count: 1 } }\n  keyframe k { final { from: «|a» } }\n}',
  },
  {
    name: "a duplicate declaration alone: its references name the first",
    newName: "a2",
    files: 'pipeline "p" {\n  image a { model: photon-flash-1 prompt: "x" }\n  image «|a» { model: photon-flash-1 prompt: "y" }\n  keyframe k { from: a }\n}',
  },
  {
    name: "a name with `-` and `.`, as identifiers may have",
    newName: "shot-1.b",
    files: 'pipeline "p" {\n  video «|s» { model: ray-2 duration: 5s }\n  output «s»\n}',
  },
  {
    name: "a preset of the file, in `use:` lists and beside phase blocks",
    newName: "pastel",
    files: [
      'preset «look» { style: "look" final { resolution: 2k } }',
      'pipeline "p" {',
      '  image a { model: photon-flash-1 prompt: "x" use: «lo|ok» }',
      '  image b { model: photon-flash-1 prompt: "x" use: «look», «look» draft { count: 1 } }  // use: look',
      "}",
    ].join("\n"),
  },
  {
    name: "a preset of a `use`d file: its declaration there, its uses here",
    newName: "lib_style",
    files: {
      "/w/main.gen": 'use "lib/presets.gen"\npipeline "p" {\n  image a { model: photon-flash-1 prompt: "lib_look" use: «lib_|look» }\n}',
      "/w/lib/presets.gen": lib,
    },
  },
  {
    name: "through a file between, which uses it too",
    newName: "lib_style",
    files: {
      "/w/main.gen": 'use "mid.gen"\npipeline "p" {\n  image a { model: photon-flash-1 prompt: "x" use: «lib_lo|ok» }\n}',
      "/w/mid.gen": 'use "lib/presets.gen"\npipeline "m" {\n  image a { model: photon-flash-1 prompt: "x" use: lib_fast, «lib_look» }\n}',
      "/w/lib/presets.gen": lib,
    },
  },
  {
    name: "from the declaring file, in the open documents that use it and the files the index says use it",
    newName: "lib_style",
    open: ["/w/main.gen"],
    candidates: ["/w/closed.gen", "/w/far.gen", "/w/mine.gen"],
    files: {
      "/w/lib/presets.gen": lib.replace("«lib_look»", "«lib_l|ook»"),
      "/w/main.gen": 'use "lib/presets.gen"\npipeline "p" {\n  image a { model: photon-flash-1 prompt: "x" use: «lib_look» }\n}',
      "/w/closed.gen": 'use "lib/presets.gen"\npipeline "c" {\n  image a { model: photon-flash-1 prompt: "x" use: «lib_look» }\n}',
      // Through `closed.gen`, which it uses.
      "/w/far.gen": 'use "closed.gen"\npipeline "f" {\n  image a { model: photon-flash-1 prompt: "x" use: «lib_look» }\n}',
      // Its own `lib_look` comes first: left alone.
      "/w/mine.gen": 'use "lib/presets.gen"\npreset lib_look { style: "mine" }\npipeline "m" {\n  image a { model: photon-flash-1 prompt: "x" use: lib_look }\n}',
    },
  },
  {
    name: "without the index, a closed file no open one uses is not known",
    newName: "lib_style",
    open: ["/w/main.gen"],
    files: {
      "/w/lib/presets.gen": lib.replace("«lib_look»", "«lib_l|ook»"),
      "/w/main.gen": 'use "lib/presets.gen"\npipeline "p" {\n  image a { model: photon-flash-1 prompt: "x" use: «lib_look» }\n}',
      "/w/closed.gen": 'use "lib/presets.gen"\npipeline "c" {\n  image a { model: photon-flash-1 prompt: "x" use: lib_look }\n}',
    },
    unknownWithoutIndex: ["/w/closed.gen"],
  },
  {
    name: "not in a file with a preset of its own of that name",
    newName: "lib_style",
    open: ["/w/other.gen"],
    files: {
      "/w/main.gen": 'use "lib/presets.gen"\npipeline "p" {\n  image a { model: photon-flash-1 prompt: "x" use: «lib_|look» }\n}',
      "/w/other.gen": 'use "lib/presets.gen"\npreset lib_look { style: "mine" }\npipeline "o" {\n  image a { model: photon-flash-1 prompt: "x" use: lib_look }\n}',
      "/w/lib/presets.gen": lib,
    },
  },
];

describe("rename", () => {
  for (const c of renames) {
    it(c.name, () => {
      const ws = workspace(c.files);
      const others = (c.open ?? []).map((file) => ws.open(file));
      const result = renameAt(ws.main, ws.cursor, c.newName, { others, candidates: c.candidates });
      assert.ok(!("error" in result), "error" in result ? result.error : "");
      const edits = result.files.flatMap((file) => file.edits.map((edit) => ({ path: file.path, span: edit.span, newText: edit.newText })));
      assert.deepStrictEqual(markPlaces(ws, edits), expectedMarks(ws));
      assert.ok(edits.every((edit) => edit.newText === c.newName));
      // No file has a problem it did not have: no reference is left dangling (a duplicate name may be gone).
      const renamed = new Map(ws.texts);
      for (const file of result.files) {
        const path = file.path ?? ws.mainPath;
        assert.strictEqual(file.text, ws.texts.get(path), `the edits of ${path} are in its text`);
        renamed.set(path, applyEdits(file.text, file.edits));
      }
      const host = { resolve: ws.host.resolve, read: (file: string) => renamed.get(file) };
      for (const path of renamed.keys()) {
        const before = analyze(ws.texts.get(path)!, { path, host: ws.host }).diagnostics.map((d) => d.message);
        const after = analyze(renamed.get(path)!, { path, host }).diagnostics.map((d) => d.message);
        const added = after.filter((message) => !before.includes(message));
        if (c.unknownWithoutIndex?.includes(path)) assert.match(added.join(), /no preset `lib_look`/, "left behind: only the index finds it");
        else assert.deepStrictEqual(added, [], `new problems in ${path}`);
      }
    });
  }

  it("writes the new text, byte for byte elsewhere", () => {
    const ws = workspace('pipeline "p" {\n  image hero { model: photon-flash-1 prompt: "hero" count: 2 } // hero\n  keyframe k { from: |hero[2] }\n}');
    const result = renameAt(ws.main, ws.cursor, "still");
    assert.ok("files" in result);
    assert.strictEqual(applyEdits(ws.main.text, result.files[0].edits),
      'pipeline "p" {\n  image still { model: photon-flash-1 prompt: "hero" count: 2 } // hero\n  keyframe k { from: still[2] }\n}');
  });

  it("renaming to the same name changes nothing", () => {
    const ws = workspace('pipeline "p" {\n  image |hero { model: photon-flash-1 prompt: "x" }\n}');
    assert.deepStrictEqual(renameAt(ws.main, ws.cursor, "hero"), { files: [] });
  });

  it("works on a checked document", () => {
    const checked = checkDocument('pipeline "p" {\n  image hero { model: photon-flash-1 prompt: "x" }\n  keyframe k { from: hero }\n}');
    const result = renameAt(checked, checked.text.indexOf("hero"), "still");
    assert.ok("files" in result && result.files[0].edits.length === 2);
  });
});

interface Refusal {
  name: string;
  files: Files | string;
  newName: string;
  error: RegExp;
  open?: string[];
  readOnly?: string[];
}

const stages = 'pipeline "p" {\n  image hero { model: photon-flash-1 prompt: "hero" } // hero\n  image |b { model: photon-flash-1 prompt: "x" }\n  keyframe k { from: hero }\n  output b\n}';

const refusals: Refusal[] = [
  { name: "a model id", newName: "x", files: 'pipeline "p" {\n  image a { model: photon-fl|ash-1 prompt: "x" }\n}', error: /^only stages and presets can be renamed$/ },
  { name: "a comment", newName: "x", files: 'pipeline "p" {\n  image hero { model: photon-flash-1 prompt: "x" } // he|ro\n}', error: /^only stages and presets can be renamed$/ },
  { name: "a string", newName: "x", files: 'pipeline "p" {\n  image hero { model: photon-flash-1 prompt: "he|ro" }\n}', error: /^only stages and presets can be renamed$/ },
  { name: "a `use` line", newName: "x", files: 'use "li|b.gen"\npipeline "p" { }', error: /^only stages and presets can be renamed$/ },
  { name: "a pipeline name", newName: "x", files: 'pipeline "|p" { }', error: /^only stages and presets can be renamed$/ },
  { name: "a reference to no stage", newName: "x", files: 'pipeline "p" {\n  keyframe k { from: nob|ody }\n}', error: /^there is no stage `nobody` in pipeline `p` to rename$/ },
  { name: "an unknown preset", newName: "x", files: 'pipeline "p" {\n  image a { model: photon-flash-1 prompt: "x" use: nob|ody }\n}', error: /^there is no preset `nobody` in this file or the files it `use`s to rename$/ },
  { name: "a name starting with a digit", newName: "9lives", files: stages, error: /^`9lives` is not a name: a name starts with a letter or `_`/ },
  { name: "two words", newName: "b c", files: stages, error: /^`b c` is not a name/ },
  { name: "a name with a comment", newName: "c//x", files: stages, error: /^`c\/\/x` is not a name/ },
  { name: "a quoted name", newName: '"c"', files: stages, error: /is not a name/ },
  { name: "an index", newName: "c[2]", files: stages, error: /is not a name/ },
  { name: "nothing", newName: "", files: stages, error: /^`` is not a name/ },
  { name: "a trailing dash", newName: "c-", files: stages, error: /is not a name/ },
  { name: "a keyword", newName: "output", files: stages, error: /^`output` is a keyword of the language and cannot name a stage$/ },
  { name: "a stage kind", newName: "video", files: stages, error: /^`video` is a stage kind: a stage named so would read as the start of a stage$/ },
  { name: "another stage's name", newName: "hero", files: stages, error: /^there is already a stage named `hero` in pipeline `p`$/ },
  {
    name: "a preset of the file",
    newName: "night",
    files: 'preset look { style: "x" }\npreset night { style: "y" }\npipeline "p" {\n  image a { model: photon-flash-1 prompt: "x" use: lo|ok }\n}',
    error: /^there is already a preset named `night` in this file$/,
  },
  {
    name: "a preset of a `use`d file",
    newName: "lib_fast",
    files: { "/w/main.gen": 'use "lib/presets.gen"\npreset |look { style: "x" }\n', "/w/lib/presets.gen": lib },
    error: /^there is already a preset named `lib_fast` in `presets.gen`$/,
  },
  {
    name: "a preset the declaring file has",
    newName: "lib_fast",
    files: { "/w/main.gen": 'use "lib/presets.gen"\npipeline "p" {\n  image a { model: photon-flash-1 prompt: "x" use: lib_|look }\n}', "/w/lib/presets.gen": lib },
    error: /^there is already a preset named `lib_fast` in `presets.gen`$/,
  },
  {
    name: "a preset an open document that uses it has",
    newName: "mine",
    open: ["/w/other.gen"],
    files: {
      "/w/main.gen": 'use "lib/presets.gen"\npipeline "p" {\n  image a { model: photon-flash-1 prompt: "x" use: lib_|look }\n}',
      "/w/other.gen": 'use "lib/presets.gen"\npreset mine { style: "y" }\npipeline "o" {\n  image a { model: photon-flash-1 prompt: "x" use: lib_look }\n}',
      "/w/lib/presets.gen": lib,
    },
    error: /^there is already a preset named `mine` in `other.gen`$/,
  },
  {
    name: "a preset declared in a file that cannot be edited",
    newName: "lib_style",
    readOnly: ["/w/lib/presets.gen"],
    files: { "/w/main.gen": 'use "lib/presets.gen"\npipeline "p" {\n  image a { model: photon-flash-1 prompt: "x" use: lib_|look }\n}', "/w/lib/presets.gen": lib },
    error: /^preset `lib_look` is declared in `presets.gen`, which cannot be edited: it is read-only$/,
  },
  {
    name: "a preset a read-only file uses",
    newName: "lib_style",
    readOnly: ["/w/mid.gen"],
    files: {
      "/w/main.gen": 'use "mid.gen"\npipeline "p" {\n  image a { model: photon-flash-1 prompt: "x" use: lib_|look }\n}',
      "/w/mid.gen": 'use "lib/presets.gen"\npipeline "m" {\n  image a { model: photon-flash-1 prompt: "x" use: lib_look }\n}',
      "/w/lib/presets.gen": lib,
    },
    error: /^`mid.gen` uses the preset and cannot be edited: it is read-only$/,
  },
];

describe("rename refusals", () => {
  for (const c of refusals) {
    it(`refuses ${c.name}`, () => {
      const ws = workspace(c.files);
      const options = { others: (c.open ?? []).map((file) => ws.open(file)), cannotEdit: (path: string) => (c.readOnly?.includes(path) ? "it is read-only" : undefined) };
      const result = renameAt(ws.main, ws.cursor, c.newName, options);
      assert.ok("error" in result, `expected a refusal, got ${JSON.stringify(result)}`);
      assert.match(result.error, c.error);
    });
  }

  it("says which names a preset may not take, in words", () => {
    assert.strictEqual(nameProblem("brand", "preset"), undefined);
    assert.strictEqual(nameProblem("_b-2.x", "preset"), undefined);
    assert.match(nameProblem("image", "preset")!, /^`image` is a stage kind: a preset named so/);
    assert.match(nameProblem("use", "preset")!, /cannot name a preset$/);
  });
});

describe("prepare rename", () => {
  const prepare = (files: Files | string, readOnly: string[] = []) => {
    const ws = workspace(files);
    const result = prepareRename(ws.main, ws.cursor, { cannotEdit: (path) => (readOnly.includes(path) ? "it is read-only" : undefined) });
    return "error" in result ? result : { text: ws.main.text.slice(result.span.start, result.span.end), placeholder: result.placeholder };
  };

  it("gives the name at the cursor, without its index", () => {
    assert.deepStrictEqual(prepare('pipeline "p" {\n  image hero { model: photon-flash-1 prompt: "x" count: 2 }\n  keyframe k { from: hero[|2] }\n}'), { error: "only stages and presets can be renamed" });
    assert.deepStrictEqual(prepare('pipeline "p" {\n  image hero { model: photon-flash-1 prompt: "x" count: 2 }\n  keyframe k { from: he|ro[2] }\n}'), { text: "hero", placeholder: "hero" });
  });

  it("allows a preset of a `use`d file that can be edited, and says why not one that cannot", () => {
    const files = { "/w/main.gen": 'use "lib/presets.gen"\npipeline "p" {\n  image a { model: photon-flash-1 prompt: "x" use: lib_|look }\n}', "/w/lib/presets.gen": lib };
    assert.deepStrictEqual(prepare(files), { text: "lib_look", placeholder: "lib_look" });
    assert.deepStrictEqual(prepare(files, ["/w/lib/presets.gen"]), { error: "preset `lib_look` is declared in `presets.gen`, which cannot be edited: it is read-only" });
  });

  it("refuses what is not a stage or preset", () => {
    assert.deepStrictEqual(prepare('pipeline "p" {\n  image a { mo|del: photon-flash-1 }\n}'), { error: "only stages and presets can be renamed" });
    assert.deepStrictEqual(prepare("// a comment|\n"), { error: "only stages and presets can be renamed" });
  });
});
