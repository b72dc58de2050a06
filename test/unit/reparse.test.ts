// Parsing a new version from the previous one's tree (parser/reparse.ts) must give exactly the tree and
// problems a full parse gives; the previous tree is taken over when one stage is read again, and left as
// it was when the file is parsed whole.
import * as assert from "assert";
import fc from "fast-check";
import { parse, parseWithRecovery } from "../../server/src/parser/parse";
import { changedRange, reparse } from "../../server/src/parser/reparse";
import { corpus } from "../fuzz/properties";

const file = `// a storyboard
pipeline spot {
  brief { goal: "one shot" }
  image hero { model: flux-schnell prompt: "a red bicycle" resolution: 1024x1024 }
  video clip {
    from: hero // the still as keyframe
    model: ray-2
    duration: 5s
    final { resolution: 1080p }
  }
  upscale big { from: clip model: topaz-starlight resolution: 4k }
  output big
}
pipeline other { image a { model: flux-schnell prompt: "x" } }
`;

const edit = (text: string, find: string, replacement: string) => {
  const at = text.indexOf(find);
  assert.ok(at >= 0, `no ${find} in the text`);
  return text.slice(0, at) + replacement + text.slice(at + find.length);
};

/** Asserts reparsing `after` from `before` equals a full parse; says whether one stage alone was read again. */
function agrees(before: string, after: string): boolean {
  const previous = { text: before, parse: parse(before) };
  const snapshot = JSON.stringify(previous.parse.file);
  const full = parse(after);
  const reused = reparse(previous, after);
  const incremental = reused?.parse ?? parse(after, previous);
  assert.deepStrictEqual(incremental.file, full.file, "another tree than a full parse");
  assert.deepStrictEqual(incremental.problems, full.problems, "other problems than a full parse");
  if (!reused) assert.strictEqual(JSON.stringify(previous.parse.file), snapshot, "the previous tree was changed, yet parsed whole");
  return reused !== undefined;
}

describe("reparse: one stage read again", () => {
  // Each edit, and whether it reads one stage alone (true) or needs the whole file parsed (false).
  const cases: [what: string, find: string, replacement: string, alone: boolean][] = [
    ["a letter typed in a prompt", '"a red bicycle"', '"a red bicycles"', true],
    ["a value changed", "duration: 5s", "duration: 10s", true],
    ["a setting added on a new line", "    duration: 5s\n", "    duration: 5s\n    count: 2\n", true],
    ["a phase block's value", "final { resolution: 1080p }", "final { resolution: 720p }", true],
    ["a comment inside a stage", "from: hero // the still as keyframe", "from: hero /* keyframe */", true],
    ["a comment added inside a stage", "model: ray-2\n", "model: ray-2 // cheap\n", true],
    ["text deleted inside a stage", " resolution: 4k", "", true],
    ["a stage in the second pipeline", 'prompt: "x"', 'prompt: "xy"', true],
    ["a stage renamed", "video clip", "video clip2", false],
    ["a stage kind changed", "image hero", "keyframe hero", false],
    ["an unterminated string", '"a red bicycle"', '"a red bicycle', false],
    ["a brace closing the stage early", "duration: 5s", "} duration: 5s", false],
    ["a stage added inside a stage", "duration: 5s", "image x { }", false],
    ["the brief", '"one shot"', '"two shots"', false],
    ["two stages at once", '"a red bicycle" resolution: 1024x1024 }\n  video clip {\n    from: hero', '"a bicycle" resolution: 1024x1024 }\n  video clip {\n    from: hero2', false],
    ["the output line", "output big", "output clip", false],
    ["a syntax error", "duration: 5s", "duration 5s", false],
  ];
  for (const [what, find, replacement, alone] of cases) {
    it(`${what}: ${alone ? "reads that stage alone" : "parses the whole file"}, with the same tree as a full parse`, () => {
      assert.strictEqual(agrees(file, edit(file, find, replacement)), alone);
    });
  }

  it("takes the previous tree over: the nodes before the edit stay, the stage is replaced, the nodes after it move in place", () => {
    const previous = { text: file, parse: parse(file) };
    const [pipeline, other] = previous.parse.file.pipelines;
    const [still, edited, after] = pipeline.stages;
    const [stillStart, afterStart, otherStart] = [still.span.start, after.span.start, other.span.start];
    const next = reparse(previous, edit(file, "duration: 5s", "duration: 10s"))!;
    const now = next.parse.file.pipelines[0];
    assert.strictEqual(now, pipeline, "the pipeline is the same object");
    assert.strictEqual(now.stages[0], still, "the stage before the edit is the same object");
    assert.strictEqual(still.span.start, stillStart, "and has not moved");
    assert.notStrictEqual(now.stages[1], edited, "the edited stage is new");
    assert.deepStrictEqual([next.edit.before, next.edit.after, next.edit.index, next.edit.delta], [edited, now.stages[1], 1, 1]);
    assert.strictEqual(now.stages[2], after, "a stage after the edit is the same object");
    assert.deepStrictEqual([after.span.start, other.span.start], [afterStart + 1, otherStart + 1], "moved in place by the change in length");
    assert.notStrictEqual(next.parse.file, previous.parse.file, "a new file object, so what is remembered per file is worked out again");
  });

  it("never shares a span object between two nodes, so moving each node's spans moves each place once", () => {
    for (const text of [file, ...corpus]) {
      const seen = new Set<object>();
      const visit = (node: unknown): void => {
        if (typeof node !== "object" || node === null) return;
        if (Array.isArray(node)) return node.forEach(visit);
        if ("start" in node && "end" in node) {
          assert.ok(!seen.has(node), `a span shared by two nodes in ${JSON.stringify(text.slice(0, 60))}`);
          seen.add(node);
          return;
        }
        Object.values(node).forEach(visit);
      };
      for (const tree of [parse(text).file, parseWithRecovery(text).file]) {
        seen.clear();
        visit(tree);
      }
    }
  });

  it("a file after a version with problems is parsed whole", () => {
    const broken = edit(file, "duration: 5s", "duration 5s");
    assert.strictEqual(reparse({ text: broken, parse: parse(broken) }, file), undefined);
  });

  it("finds where two texts differ", () => {
    assert.deepStrictEqual(changedRange("abcdef", "abXdef"), { start: 2, oldEnd: 3, newEnd: 3 });
    assert.deepStrictEqual(changedRange("aaa", "aaaa"), { start: 3, oldEnd: 3, newEnd: 4 });
    assert.deepStrictEqual(changedRange("abc", "ac"), { start: 1, oldEnd: 2, newEnd: 1 });
    assert.strictEqual(changedRange("same", "same"), undefined);
  });

  it("gives a full parse's tree for random edits all over the samples and fixtures, and reads one stage alone for many", () => {
    // Mostly what typing brings (letters, digits, spaces), and now and then what breaks a block.
    const snippets = ["a", "e", "x", " ", "\n", "2", "0", "", "", '"', "}", "{", ":", ",", "// c\n", "/*", "*/", "x: 1\n", "final { count: 2 }", '"""'];
    const clean = corpus.filter((text) => parse(text).problems.length === 0 && /\b(image|video)\b/.test(text));
    let alone = 0;
    let runs = 0;
    fc.assert(
      fc.property(
        fc.noBias(fc.nat(clean.length - 1)), fc.noBias(fc.nat(1 << 20)), fc.nat(3), fc.constantFrom(...snippets),
        (which, where, deleted, inserted) => {
          const text = clean[which];
          const at = where % (text.length + 1);
          runs++;
          if (agrees(text, text.slice(0, at) + inserted + text.slice(at + deleted))) alone++;
        },
      ),
      { seed: 20261130, numRuns: 3000 },
    );
    // Edits land anywhere, headers and briefs included: a good share still falls inside one stage.
    assert.ok(alone > runs / 8, `one stage read alone in ${alone} of ${runs} edits`);
  });
});
