// Checking a new version from the previous one's check (analysis/incremental.ts) must give exactly what a
// check from scratch gives: problems, fixes, costs and the model every hover and lens reads.
import * as assert from "assert";
import type { Analysis } from "../../server/src/analysis/analyze";
import { parse } from "../../server/src/parser/parse";
import { asPrevious, checkDocument } from "../../server/src/service/check";
import { seen } from "../support/seen";
import { finish } from "../../server/src/analysis/steps";
import { loadDefaultCatalog } from "../../server/src/catalog/catalog";
import { allRules } from "../../server/src/rules";
import { RuleRuns, runRulesSteps } from "../../server/src/rules/runner";
import { corpus as benchCorpus } from "../bench/corpora";
import { corpus } from "../fuzz/properties";
import { afterRandomEdits } from "../support/afterEdits";

const file = `preset look { aspect: 16:9 final { resolution: 1080p } }
pipeline spot {
  brief { goal: "one shot" }
  budget: $40
  image hero { model: photon-flash-1 prompt: "a red bicycle" resolution: 1024x1024 count: 2 }
  video clip {
    start: hero[1] // the still as keyframe
    model: ray-2
    duration: 5s
    audio: on
  }
  audio vo { kind: voiceover model: eleven-flash-v2.5 text: "hello" over: clip }
  upscale big { from: clip model: topaz-starlight resolution: 4k }
  reframe tall { from: big aspect: 9:16 model: ray-3.2-reframe use: look }
  output big, hero[2]
}
pipeline other { image a { model: photon-flash-1 prompt: "x" } }
`;

const edit = (text: string, find: string, replacement: string) => {
  const at = text.indexOf(find);
  assert.ok(at >= 0, `no ${find} in the text`);
  return text.slice(0, at) + replacement + text.slice(at + find.length);
};

/** A check of `after` from `before`'s fresh check, compared with one from scratch; true when it reused the previous symbols. */
function agrees(before: string, after: string): boolean {
  const previousCheck = checkDocument(before);
  const incremental = checkDocument(after, { previous: asPrevious(previousCheck) });
  assert.deepStrictEqual(seen(incremental), seen(checkDocument(after)), "another check than one from scratch");
  return reused(incremental.analysis, previousCheck.analysis);
}

const reused = (analysis: Analysis, previous: Analysis) => analysis.model === previous.model;

describe("incremental checking: one stage checked again", () => {
  // Each edit, and whether it checks the stage and what reads it again (true) or the whole file (false).
  const cases: [what: string, find: string, replacement: string, again: boolean][] = [
    ["a letter typed in a prompt", '"a red bicycle"', '"a red bicycles"', true],
    ["a count that a reference's index reads", "count: 2 }", "count: 1 }", true],
    ["a count raised past what a stage may make", "count: 2 }", "count: 100000000 }", true],
    ["a duration that the upscale downstream prices", "duration: 5s", "duration: 10s", true],
    ["native audio turned off under a voiceover", "audio: on", "audio: off", true],
    ["a model changed for one that is unknown", "model: ray-2", "model: ray-22", true],
    ["a setting the stage does not take", "duration: 5s", "duration: 5s colour: red", true],
    ["a setting repeated", "duration: 5s", "duration: 5s duration: 9s", true],
    ["a preset added to a stage", "resolution: 4k }", "resolution: 4k use: look }", true],
    ["a stage in the second pipeline", 'prompt: "x"', 'prompt: "xy"', true],
    ["a reference changed", "from: big aspect", "from: clip aspect", false],
    ["a setting the stage kind does not take, named like a reference", "kind: voiceover", "kind: voiceover from: hero", true],
    ["a reference added", "model: ray-2", "model: ray-2 end: hero[2]", false],
    ["a reference's index changed", "start: hero[1]", "start: hero[2]", false],
    ["a phase block makes a one-phase pipeline two-phased", 'prompt: "x"', 'prompt: "x" final { count: 2 }', false],
    ["a phase block in a pipeline with phases already", "duration: 5s", "duration: 5s final { duration: 10s }", true],
    ["a stage renamed", "video clip", "video clip2", false],
    ["the preset", "aspect: 16:9 final", "aspect: 1:1 final", false],
    ["a syntax error", "duration: 5s", "duration 5s", false],
  ];
  for (const [what, find, replacement, again] of cases) {
    it(`${what}: ${again ? "checks that stage and what reads it again" : "checks the whole file"}, as a check from scratch does`, () => {
      assert.strictEqual(agrees(file, edit(file, find, replacement)), again);
    });
  }

  it("checks what reads the edited stage again: a count upstream puts a stage downstream past the generations a stage may make", () => {
    const fan = 'pipeline fan {\n  image a { model: photon-flash-1 prompt: "x" count: 10 }\n  video b { start: a model: ray-2 duration: 5s count: 100 }\n  upscale c { from: b model: topaz-starlight resolution: 4k retries: 10 }\n}\n';
    const over = edit(fan, "count: 10 ", "count: 100 ");
    assert.ok(agrees(fan, over));
    const problem = checkDocument(over).diagnostics.find((d) => d.code === "invalid-value");
    assert.match(problem?.message ?? "", /`c` would make 110,000 generations/);
    assert.ok(agrees(over, fan), "and it goes when the count comes down");
  });

  it("keeps checking one stage at a time over many keystrokes, each version from the one before", () => {
    let text = file;
    let checked = checkDocument(text);
    const typed = "a tall bike, golden hour";
    const at = text.indexOf('"a red bicycle"') + 1;
    for (let i = 0; i < typed.length; i++) {
      const next = text.slice(0, at + i) + typed[i] + text.slice(at + i);
      const incremental = checkDocument(next, { previous: asPrevious(checked) });
      assert.ok(reused(incremental.analysis, checked.analysis), `keystroke ${i} checked the whole file`);
      assert.deepStrictEqual(seen(incremental), seen(checkDocument(next)), `keystroke ${i}`);
      [text, checked] = [next, incremental];
    }
  });

  it("rules that read a stage's component name the stage of every finding, as the runner needs to keep the others'", () => {
    const component = allRules.filter((rule) => rule.scope === "component");
    assert.ok(component.length >= 8, `${component.length} rules read a stage's component`);
    const found = new Map<string, number>();
    for (const text of [...corpus, benchCorpus("lean", 100).text, benchCorpus("wasteful", 100).text]) {
      const checked = checkDocument(text, { bestFixes: false });
      const runs: RuleRuns = { costSettings: "", byRule: new Map() };
      const { analysis, costs, phases, settings } = checked;
      finish(runRulesSteps(component, { text, analysis, costs, phases, settings, catalog: loadDefaultCatalog() }, {}, () => undefined, undefined, runs));
      for (const [id, run] of runs.byRule) {
        assert.ok(run.stages.every((stage) => stage !== undefined), `${id} reported a finding without its stage`);
        found.set(id, (found.get(id) ?? 0) + run.found.length);
      }
    }
    for (const rule of component) assert.ok((found.get(rule.id) ?? 0) > 0, `${rule.id} found nothing to check`);
  });

  // reuse-preset and duplicate-generation compare stages across the pipeline: they keep what they worked
  // out (settings by value, stages by what they make) and place the edited stage again.
  const repeated = `pipeline "storyboard" {
  image a { model: imagen-4-fast prompt: "a red kite" style: "watercolour" negative: "text" }
  image b { model: imagen-4-fast prompt: "a red kite" style: "watercolour" negative: "text" }
  image c { model: imagen-4-fast prompt: "the oak" style: "watercolour" negative: "text" }
  image d { model: imagen-4-fast prompt: "the roofs" }
  keyframe ka { from: a }
  keyframe kb { from: b }
  video va { model: ray-2 start: ka duration: 5s resolution: 540p }
  video vb { model: ray-2 start: kb duration: 5s resolution: 540p }
  output va, vb, c, d
}
`;
  // Each edit applied to the text before it, as typed: what each rule finds after it.
  const steps: [what: string, find: string, replacement: string, presets: number, duplicates: number][] = [
    ["as written: a look on three stills; `b` and `vb` copy `a` and `va`", "", "", 1, 2],
    ["a letter typed in `b`'s prompt: `b` no longer copies `a`, nor `vb` `va`", 'image b { model: imagen-4-fast prompt: "a red kite"', 'image b { model: imagen-4-fast prompt: "a red kites"', 1, 0],
    ["typed back: the copies again", '"a red kites"', '"a red kite"', 1, 2],
    ["`c` drops the style: the look is on two stills, one setting left on three", 'prompt: "the oak" style: "watercolour" ', 'prompt: "the oak" ', 1, 2],
    ["`d` takes the style and the negative: four stills", 'prompt: "the roofs" }', 'prompt: "the roofs" style: "watercolour" negative: "text" }', 2, 2],
    ["`a`'s resolution changed: `b` is no copy, `va` and `vb` differ by their inputs", 'image a { model: imagen-4-fast prompt: "a red kite"', 'image a { model: imagen-4-fast resolution: 2048x2048 prompt: "a red kite"', 2, 0],
    ["`b` changed the same way: the copies again, the first of them edited second", 'image b { model: imagen-4-fast prompt: "a red kite"', 'image b { model: imagen-4-fast resolution: 2048x2048 prompt: "a red kite"', 2, 2],
    ["`vb` lengthened: only the still is a copy", "start: kb duration: 5s", "start: kb duration: 9s", 2, 1],
  ];
  it("reuse-preset and duplicate-generation build on what they kept, as a check from scratch finds", () => {
    let text = repeated;
    let checked = checkDocument(text);
    for (const [what, find, replacement, presets, duplicates] of steps) {
      const next = find ? edit(text, find, replacement) : text;
      const incremental = find ? checkDocument(next, { previous: asPrevious(checked) }) : checked;
      if (find) {
        assert.ok(reused(incremental.analysis, checked.analysis), `${what}: checked the whole file`);
        for (const id of ["reuse-preset", "duplicate-generation"]) {
          const kept = (document: typeof checked) => asPrevious(document).rules!.byRule.get(id)?.kept;
          assert.ok(kept(incremental) !== undefined && kept(incremental) === kept(checked), `${what}: ${id} worked it all out again`);
        }
      }
      assert.deepStrictEqual(seen(incremental), seen(checkDocument(next)), what);
      const count = (id: string) => incremental.diagnostics.filter((d) => d.code === id).length;
      assert.deepStrictEqual([count("reuse-preset"), count("duplicate-generation")], [presets, duplicates], what);
      [text, checked] = [next, incremental];
    }
  });

  it("keeps presets from a `use`d file, and checks the whole file when that file changes", () => {
    const files = new Map([["/w/brand.gen", "preset brand { model: ray-2 resolution: 1080p final { resolution: 4k } }\n"]]);
    const host = { resolve: (_from: string, written: string) => `/w/${written}`, read: (path: string) => files.get(path) };
    // As the server checks: parsed `use`d files are kept while their text is the same.
    const options = { path: "/w/spot.gen", host, parseCache: new Map() };
    const text = 'use "brand.gen"\npipeline "p" {\n  video a { use: brand duration: 5s prompt: "x" }\n  upscale b { from: a model: topaz-starlight resolution: 4k }\n}\n';
    const typed = edit(text, '"x"', '"xy"');
    const before = checkDocument(text, options);
    const again = checkDocument(typed, { ...options, previous: asPrevious(before) });
    assert.ok(reused(again.analysis, before.analysis), "the edit inside `a` checks `a` again");
    assert.deepStrictEqual(seen(again), seen(checkDocument(typed, options)));
    // The `use`d file changes between two versions: its presets are read again, and the file checked whole.
    files.set("/w/brand.gen", "preset brand { model: ray-flash-2 resolution: 720p }\n");
    const retyped = edit(typed, '"xy"', '"xyz"');
    const afterChange = checkDocument(retyped, { ...options, previous: asPrevious(again) });
    assert.ok(!reused(afterChange.analysis, again.analysis), "a changed preset checks the whole file");
    assert.deepStrictEqual(seen(afterChange), seen(checkDocument(retyped, options)));
  });

  it("checks again, with another catalog date, the whole file", () => {
    const before = checkDocument(file, { today: "2026-11-30" });
    const after = edit(file, '"a red bicycle"', '"a blue bicycle"');
    const next = checkDocument(after, { today: "2027-06-01", previous: asPrevious(before) });
    assert.ok(!reused(next.analysis, before.analysis));
  });

  it("gives a check from scratch's results for random edits all over the samples, fixtures and corpora, and checks one stage again for many", () => {
    const snippets = ["a", "x", " ", "\n", "2", "0", "", "", '"', "}", ":", "// c\n", "count: 3 ", "audio: on ", "duration: 9s ", "model: ray-2 ", "final { count: 2 }", "resolution: 4k "];
    const texts = [...corpus, benchCorpus("lean", 40).text, benchCorpus("wasteful", 40).text]
      .filter((text) => parse(text).problems.length === 0 && /\b(image|video)\b/.test(text));
    let again = 0;
    let runs = 0;
    // With best fixes named, as the server checks.
    const withBestFixes = {};
    afterRandomEdits(texts, snippets, 600, () => undefined, ({ before, after, scratch }) => {
      assert.deepStrictEqual(seen(after), seen(scratch), "another check than one from scratch");
      runs++;
      if (reused(after.analysis, before.analysis)) again++;
    }, withBestFixes);
    assert.ok(again > runs / 10, `one stage checked again in ${again} of ${runs} edits`);
  });
});
