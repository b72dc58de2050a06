// Go to definition, find references, document highlights and `use` links, from cursor fixtures:
// `|` is the cursor, `«…»` the places expected (`‹…›` the written ones, for highlights).
import * as assert from "assert";
import { checkDocument } from "../../server/src/service/check";
import { definitionAt, documentLinks, highlightsAt, referencesAt, targetAt } from "../../server/src/service/navigation";
import { expectedMarks, Files, markPlaces, workspace } from "../support/markers";

const lib = [
  "// shared presets",
  "preset «lib_look» {",
  '  style: "storybook watercolour"',
  "}",
  "preset lib_fast { model: ray-flash-2 }",
].join("\n");
const libPlain = lib.replace(/[«»]/g, "");

interface Case {
  name: string;
  files: Files | string;
}

/** Each case: the cursor, and the place(s) marked where the definition is; a case without marks expects none. */
const definitions: Case[] = [
  {
    name: "`from:` goes to the stage",
    files: 'pipeline "p" {\n  image «hero» { model: photon-flash-1 prompt: "hero" }\n  keyframe k { from: he|ro }\n}',
  },
  {
    name: "`start:` and `end:` go to their stages",
    files: 'pipeline "p" {\n  image a { model: photon-flash-1 prompt: "x" }\n  image «b» { model: photon-flash-1 prompt: "x" }\n  video v { model: ray-2 duration: 5s start: a end: |b }\n}',
  },
  {
    name: "`hero[2]` goes to `hero`, the cursor on the name or just after it",
    files: 'pipeline "p" {\n  image «hero» { model: photon-flash-1 prompt: "x" count: 2 }\n  keyframe k { from: hero|[2] }\n}',
  },
  {
    name: "the second item of an `over:` list",
    files: 'pipeline "p" {\n  video a { model: ray-2 duration: 5s }\n  video «b» { model: ray-2 duration: 5s }\n  audio m { kind: music model: eleven-music prompt: "x" over: a, |b }\n}',
  },
  {
    name: "an item of a `clips:` list",
    files: 'pipeline "p" {\n  video «a» { model: ray-2 duration: 5s }\n  video b { model: ray-2 duration: 5s }\n  sequence cut { clips: |a, b }\n}',
  },
  {
    name: "an `output` name",
    files: 'pipeline "p" {\n  video a { model: ray-2 duration: 5s }\n  video «b» { model: ray-2 duration: 5s }\n  output a, b|\n}',
  },
  {
    name: "stage names are looked up in their own pipeline",
    files: 'pipeline "one" {\n  image hero { model: photon-flash-1 prompt: "x" }\n}\npipeline "two" {\n  image «hero» { model: photon-flash-1 prompt: "x" }\n  keyframe k { from: |hero }\n}',
  },
  {
    name: "a reference in a phase block (misplaced, still a reference) goes to its stage",
    files: 'pipeline "p" {\n  image «a» { model: photon-flash-1 prompt: "x" }\n  keyframe k { final { from: |a } }\n}',
  },
  {
    name: "a duplicate stage's references go to the first of the name",
    files: 'pipeline "p" {\n  image «a» { model: photon-flash-1 prompt: "x" }\n  image a { model: photon-flash-1 prompt: "y" }\n  keyframe k { from: a| }\n}',
  },
  {
    name: "a declaration is its own definition",
    files: 'pipeline "p" {\n  image «he|ro» { model: photon-flash-1 prompt: "x" }\n}',
  },
  {
    name: "a reference to no stage has no definition",
    files: 'pipeline "p" {\n  keyframe k { from: nob|ody }\n}',
  },
  {
    name: "`use:` goes to the preset in the file",
    files: 'preset «look» { style: "pastel" }\npipeline "p" {\n  image a { model: photon-flash-1 prompt: "x" use: lo|ok }\n}',
  },
  {
    name: "`use:` goes to a preset in a `use`d file",
    files: {
      "/w/main.gen": 'use "lib/presets.gen"\npipeline "p" {\n  image a { model: photon-flash-1 prompt: "x" use: lib_|look }\n}',
      "/w/lib/presets.gen": lib,
    },
  },
  {
    name: "`use:` in a list with phase blocks in the stage",
    files: {
      "/w/main.gen": 'use "lib/presets.gen"\npreset «night» { style: "dark" }\npipeline "p" {\n  video v { use: lib_fast, nig|ht duration: 5s final { resolution: 1080p } }\n}',
      "/w/lib/presets.gen": libPlain,
    },
  },
  {
    name: "a `use` line goes to the file",
    files: { "/w/main.gen": 'use "lib/pre|sets.gen"\npipeline "p" { }', "/w/lib/presets.gen": "«»" + libPlain },
  },
  {
    name: "a `use` line of a file that is not there goes nowhere",
    files: 'use "mis|sing.gen"\npipeline "p" { }',
  },
  {
    name: "nothing in a comment or a string",
    files: 'pipeline "p" {\n  image hero { model: photon-flash-1 prompt: "he|ro" } // hero\n}',
  },
  {
    name: "nothing on a model id",
    files: 'pipeline "p" {\n  image hero { model: photon-fl|ash-1 prompt: "x" }\n}',
  },
];

describe("navigation: go to definition", () => {
  for (const c of definitions) {
    it(c.name, () => {
      const ws = workspace(c.files);
      const place = definitionAt(ws.main, ws.cursor);
      assert.deepStrictEqual(markPlaces(ws, place ? [place] : []), expectedMarks(ws));
      if (place?.path) assert.strictEqual(place.text, ws.texts.get(place.path), "the text the span is in");
    });
  }
});

/** References with the declaration (as LSP's `includeDeclaration: true` asks). */
const references: Case[] = [
  {
    name: "a stage: its declaration and every reference, `hero[2]` by its name, comments and strings left out",
    files: [
      'pipeline "p" {',
      '  image «hero» { model: photon-flash-1 prompt: "hero shot" count: 2 }  // hero',
      "  keyframe k1 { from: «hero»[1] }",
      "  keyframe k2 { from: «he|ro»[2] }",
      "  upscale u { from: «hero» resolution: 4k }",
      "  /* output hero */",
      "  output «hero», u",
      "}",
      'pipeline "q" {',
      '  image hero { model: photon-flash-1 prompt: "x" }',
      "  output hero",
      "}",
    ].join("\n"),
  },
  {
    name: "a stage read by `start:`, `end:`, `over:` and `clips:`",
    files: [
      'pipeline "p" {',
      '  image a { model: photon-flash-1 prompt: "x" }',
      "  video «|v» { model: ray-2 duration: 5s start: a end: a }",
      "  video w { model: ray-2 duration: 5s start: a }",
      "  sequence cut { clips: «v», w, «v» }",
      '  audio m { kind: music model: eleven-music prompt: "x" over: w, «v» }',
      "}",
    ].join("\n"),
  },
  {
    name: "references to no stage are found together",
    files: 'pipeline "p" {\n  keyframe k { from: «nob|ody» }\n  keyframe j { from: «nobody» }\n}',
  },
  {
    name: "a duplicate declaration has only itself: references name the first",
    files: 'pipeline "p" {\n  image a { model: photon-flash-1 prompt: "x" }\n  image «|a» { model: photon-flash-1 prompt: "y" }\n  keyframe k { from: a }\n}',
  },
  {
    name: "a preset of the file: its declaration and each `use:`, in lists and beside phase blocks",
    files: [
      'preset «look» { style: "pastel" final { resolution: 2k } }',
      'preset night { style: "look" }',
      'pipeline "p" {',
      '  image a { model: photon-flash-1 prompt: "look" use: «lo|ok» }',
      '  image b { model: photon-flash-1 prompt: "x" use: night, «look» draft { count: 1 } }',
      "}",
    ].join("\n"),
  },
  {
    name: "a preset from a `use`d file: its declaration there and its uses here",
    files: {
      "/w/main.gen": 'use "lib/presets.gen"\npipeline "p" {\n  image a { model: photon-flash-1 prompt: "x" use: «lib_look» }\n  image b { model: photon-flash-1 prompt: "x" use: «lib_lo|ok» }\n}',
      "/w/lib/presets.gen": lib,
    },
  },
  {
    name: "through two `use`s, the declaring file's own uses included",
    files: {
      "/w/main.gen": 'use "mid.gen"\npipeline "p" {\n  image a { model: photon-flash-1 prompt: "x" use: «lib_lo|ok» }\n}',
      "/w/mid.gen": 'use "lib/presets.gen"\npipeline "m" {\n  image a { model: photon-flash-1 prompt: "x" use: «lib_look» }\n}',
      "/w/lib/presets.gen": lib + '\npipeline "l" {\n  image a { model: photon-flash-1 prompt: "x" use: «lib_look» }\n}',
    },
  },
  {
    name: "a file that declares its own preset of the name is not one of them",
    files: {
      "/w/main.gen": 'use "lib/presets.gen"\nuse "other.gen"\npipeline "p" {\n  image a { model: photon-flash-1 prompt: "x" use: «lib_lo|ok» }\n}',
      "/w/other.gen": 'use "lib/presets.gen"\npreset lib_look { style: "mine" }\npipeline "o" {\n  image a { model: photon-flash-1 prompt: "x" use: lib_look }\n}',
      "/w/lib/presets.gen": lib,
    },
  },
];

describe("navigation: find references", () => {
  for (const c of references) {
    it(c.name, () => {
      const ws = workspace(c.files);
      const places = referencesAt(ws.main, ws.cursor, true) ?? [];
      assert.deepStrictEqual(markPlaces(ws, places), expectedMarks(ws));
      for (const place of places) if (place.path) assert.strictEqual(place.text, ws.texts.get(place.path));
    });
  }

  it("leaves the declaration out when asked", () => {
    const ws = workspace('pipeline "p" {\n  image «hero» { model: photon-flash-1 prompt: "x" }\n  keyframe k { from: |hero }\n}');
    const places = referencesAt(ws.main, ws.cursor, false)!;
    assert.deepStrictEqual(places.map((p) => ws.main.text.slice(p.span.start, p.span.end)), ["hero"]);
    assert.strictEqual(places[0].span.start, ws.main.text.indexOf("hero }"));
  });

  it("finds the uses in other open documents that `use` the same file", () => {
    const ws = workspace({
      "/w/main.gen": 'use "lib/presets.gen"\npipeline "p" {\n  image a { model: photon-flash-1 prompt: "x" use: «lib_|look» }\n}',
      "/w/lib/presets.gen": lib,
      "/w/sibling.gen": 'use "lib/presets.gen"\npipeline "s" {\n  image a { model: photon-flash-1 prompt: "x" use: «lib_look» }\n}',
    });
    assert.deepStrictEqual(markPlaces(ws, referencesAt(ws.main, ws.cursor, true, [ws.open("/w/sibling.gen")])!), expectedMarks(ws));
    // Not open, the sibling is known only when the workspace index gives it as a candidate.
    assert.deepStrictEqual(Object.keys(markPlaces(ws, referencesAt(ws.main, ws.cursor, true)!)).sort(), ["/w/lib/presets.gen", "/w/main.gen"]);
    assert.deepStrictEqual(markPlaces(ws, referencesAt(ws.main, ws.cursor, true, [], ["/w/sibling.gen"])!), expectedMarks(ws));
  });

  it("from the declaring file, finds the open documents that use it", () => {
    const ws = workspace({
      "/w/lib/presets.gen": lib.replace("«lib_look»", "«lib_l|ook»"),
      "/w/main.gen": 'use "lib/presets.gen"\npipeline "p" {\n  image a { model: photon-flash-1 prompt: "x" use: «lib_look» }\n}',
    });
    assert.deepStrictEqual(markPlaces(ws, referencesAt(ws.main, ws.cursor, true, [ws.open("/w/main.gen")])!), expectedMarks(ws));
  });

  it("has nothing for a `use` line or a model", () => {
    const ws = workspace('use "x.gen"\npipeline "p" {\n  image a { model: photon-flash-1 prompt: "x" }\n}');
    assert.strictEqual(referencesAt(ws.main, 5, true), undefined);
    assert.strictEqual(referencesAt(ws.main, ws.main.text.indexOf("photon") + 2, true), undefined);
  });
});

const highlights: Case[] = [
  {
    name: "a stage: written where declared, read where referenced",
    files: 'pipeline "p" {\n  image ‹hero› { model: photon-flash-1 prompt: "hero" count: 2 }\n  keyframe k { from: «he|ro»[2] }\n  output «hero» // hero\n}',
  },
  {
    name: "a preset from another file: only read here",
    files: {
      "/w/main.gen": 'use "lib/presets.gen"\npipeline "p" {\n  image a { model: photon-flash-1 prompt: "x" use: «lib_|look» }\n}',
      "/w/lib/presets.gen": libPlain,
    },
  },
  {
    name: "a preset of the file",
    files: 'preset ‹lo|ok› { style: "x" }\npipeline "p" {\n  image a { model: photon-flash-1 prompt: "look" use: «look» }\n}',
  },
];

describe("navigation: document highlights", () => {
  for (const c of highlights) {
    it(c.name, () => {
      const ws = workspace(c.files);
      const found = highlightsAt(ws.main, ws.cursor) ?? [];
      const read = found.filter((h) => h.kind === "read").map((h) => ({ span: h.span }));
      const write = found.filter((h) => h.kind === "write").map((h) => ({ span: h.span }));
      assert.deepStrictEqual(markPlaces(ws, read, write), expectedMarks(ws));
    });
  }
});

describe("navigation: targets and links", () => {
  it("names what is at the cursor", () => {
    const ws = workspace('use "lib/presets.gen"\npipeline "p" {\n  image hero { model: photon-flash-1 prompt: "x" use: lib_look }\n  keyframe k { from: hero[2] }\n}');
    const at = (needle: string, shift = 1) => targetAt(ws.main, ws.main.text.indexOf(needle) + shift);
    assert.strictEqual(at("hero[")?.kind, "stage");
    assert.strictEqual(at("lib_look }")?.kind, "preset");
    assert.strictEqual(at("use ")?.kind, "use");
    assert.strictEqual(at("lib_look }")?.kind === "preset" && at("lib_look }")?.span.end, ws.main.text.indexOf("lib_look }") + "lib_look".length);
    assert.strictEqual(at("model"), undefined);
  });

  it("links the path of each `use` line whose file was read", () => {
    const ws = workspace({
      "/w/main.gen": 'use "lib/presets.gen"\nuse "missing.gen"\nuse\npipeline "p" { }',
      "/w/lib/presets.gen": lib,
    });
    const links = documentLinks(ws.main);
    assert.deepStrictEqual(links.map((l) => [ws.main.text.slice(l.span.start, l.span.end), l.path]), [['"lib/presets.gen"', "/w/lib/presets.gen"]]);
  });

  it("has no links for an unsaved document (no path, nothing is read)", () => {
    assert.deepStrictEqual(documentLinks(checkDocument('use "lib/presets.gen"\n')), []);
  });

  it("takes a checked document as it is", () => {
    const checked = checkDocument('pipeline "p" {\n  image hero { model: photon-flash-1 prompt: "x" }\n  keyframe k { from: hero }\n}');
    const place = definitionAt(checked, checked.text.lastIndexOf("hero") + 1);
    assert.strictEqual(place?.span.start, checked.text.indexOf("hero"));
  });
});
