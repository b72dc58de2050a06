// Hovers beyond stages: `use` lines, presets and `use:`, indexed references, brief, mode, output, and
// models in preset-only files. `|` marks where the pointer rests; each case names what the hover says.
import * as assert from "assert";
import * as path from "path";
import { createUseHost } from "../../server/src/host/useHost";
import { checkDocument } from "../../server/src/service/check";
import { fixAll, knownFixAll } from "../../server/src/service/fixes";
import { hoverAt } from "../../server/src/service/hover";
import { placeHoverAt } from "../../server/src/service/placeHover";

const fixtures = path.resolve(__dirname, "../../../test/fixtures");

function hover(marked: string, file = path.join(fixtures, "hover-test.gen")): string | undefined {
  const offset = marked.indexOf("|");
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  const document = checkDocument(text, { path: file, host: createUseHost(fixtures) });
  return (hoverAt(document, offset) ?? placeHoverAt(document, offset))?.markdown;
}

const pipeline = (body: string, header = 'pipeline "p" {') => [header, ...body.split("\n").map((l) => `  ${l}`), "}"].join("\n");

const cases: { name: string; text: string; says: RegExp[]; none?: boolean }[] = [
  {
    name: "a `use` line: the file and the presets it brings",
    text: `use "lib/pre|sets.gen"\n${pipeline('image a { model: photon-flash-1 prompt: "x" use: lib_look }')}`,
    says: [/\*\*use\*\* `lib\/presets.gen`/, /brings 3 presets: `lib_look`, `lib_fast_video`, `lib_long_take`/],
  },
  {
    name: "`use:` in a stage: the preset's settings, where it comes from, and who overrides what",
    text: `use "lib/presets.gen"\n${pipeline('image a { model: photon-flash-1 prompt: "x" use: lib_l|ook }\nimage b { model: photon-flash-1 prompt: "y" use: lib_look style: "ink" }')}`,
    says: [/\*\*preset `lib_look`\*\* from `.*presets\.gen`/, /\| style \| `"storybook watercolour"` \|/, /Used by 2 stages: `a`, `b`/, /Overridden in `b` \(style\)/],
  },
  {
    name: "a preset's name in a presets-only file",
    text: 'preset lo|ok {\n  model: ray-flash-2\n  final { resolution: 1080p }\n}',
    says: [/\*\*preset `look`\*\* in this file/, /\| model \| `ray-flash-2` \|/, /\| final: resolution \| `1080p` \|/, /No stage in this file uses it/],
  },
  {
    name: "any other setting of a preset: the preset's hover",
    text: 'preset hd {\n  resolution: 10|80p\n}\npipeline "p" {\n  video v { model: ray-2 duration: 5s use: hd }\n}',
    says: [/\*\*preset `hd`\*\* in this file/, /\| resolution \| `1080p` \|/, /Used by one stage: `v`/],
  },
  {
    name: "a model inside a preset",
    text: "preset look {\n  model: ray-fla|sh-2\n}",
    says: [/\*\*`ray-flash-2`\*\* · Luma AI · video model/],
  },
  {
    name: "an indexed reference: which variation and what one costs",
    text: pipeline('image hero { model: photon-flash-1 prompt: "x" count: 4 }\nkeyframe k { from: hero[|2] }'),
    says: [/\*\*`hero\[2\]`\*\*: variation 2 of 4 of image `hero`/, /One variation costs [\d.]+ credits?; the stage makes 4 for [\d.]+ credits/],
  },
  {
    name: "`brief`: what it is for, and what is not written yet",
    text: pipeline('bri|ef { goal: "launch" }\nvideo v { model: ray-2 duration: 5s }'),
    says: [/plan before you create/, /Not written yet: `audience`, `tone`, `constraints`/],
  },
  {
    name: "`mode`: what the other phase and the job cost",
    text: pipeline("mo|de: draft\nvideo v { model: ray-2 duration: 5s resolution: 540p final { resolution: 1080p } }"),
    says: [/\*\*mode: draft\*\*/, /Priced as a draft: 40 credits\. The final phase costs \d+ credits; the whole job/, /Promote to final/],
  },
  {
    name: "`output`: what each deliverable is in the final",
    text: pipeline("video v { model: ray-2 duration: 5s resolution: 540p final { resolution: 1080p } }\nout|put v"),
    says: [/\| `v` \| video · 1080p · 5s \| \d+ credits \|/],
  },
  { name: "nothing on a comment", text: "// a com|ment\npreset look { style: \"x\" }", says: [], none: true },
];

describe("hovers beyond stages", () => {
  for (const c of cases) {
    it(c.name, () => {
      const markdown = hover(c.text);
      if (c.none) return assert.strictEqual(markdown, undefined);
      assert.ok(markdown, "no hover");
      for (const pattern of c.says) assert.match(markdown!, pattern);
    });
  }
});

describe("the pipeline hover's fix-all line", () => {
  const text = pipeline('video v { model: ray-2 duration: 5s resolution: 1080p prompt: "x" }\nvideo w { model: ray-2 duration: 5s resolution: 1080p prompt: "y" }');

  it("works fix-all out when asked to, and says what it saves", () => {
    assert.match(hoverAt(checkDocument(text), 3)!.markdown, /Applying every fix in the file saves [\d.]+ credits/);
  });

  it("says the saving is still being worked out when only a known fix-all may be used, then gives it once known", () => {
    const document = checkDocument(text);
    assert.match(hoverAt(document, 3, knownFixAll)!.markdown, /still being worked out: hover again in a moment/);
    fixAll(document);
    assert.match(hoverAt(document, 3, knownFixAll)!.markdown, /Applying every fix in the file saves [\d.]+ credits/);
  });
});
