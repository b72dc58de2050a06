// Code lenses after an edit: each stage's lens is kept with its symbol while its cost is the same object
// (service/lenses.ts); the lenses must read as those of a check from scratch.
import * as assert from "assert";
import { asPrevious, checkDocument, CheckedDocument } from "../../server/src/service/check";
import { codeLenses } from "../../server/src/service/lenses";
import { corpus as benchCorpus } from "../bench/corpora";
import { corpus } from "../fuzz/properties";
import { afterRandomEdits } from "../support/afterEdits";

/** Each lens as `start-end title`, so spans are compared by value. */
const shown = (checked: CheckedDocument) => codeLenses(checked).map((lens) => `${lens.span.start}-${lens.span.end} ${lens.title}`);

describe("code lenses after an edit", () => {
  it("read as a check from scratch's, for random edits of the samples, fixtures and corpora", () => {
    const phased = 'pipeline "p" {\n  mode: final\n  image a { model: photon-flash-1 prompt: "x" draft { model: imagen-4-fast } }\n  video v { model: ray-2 start: a duration: 5s resolution: 540p }\n}\n';
    const texts = [...corpus, phased, benchCorpus("lean", 40).text, benchCorpus("wasteful", 40).text];
    const snippets = ["a", "\n", " ", "count: 3 ", "duration: 9s ", "model: ray-flash-2 ", "final { count: 2 } ", "retries: 2 ", ""];
    // Asked before the edit, as an editor asks after each version: the lenses are kept for the next.
    afterRandomEdits(texts, snippets, 400, codeLenses, ({ after, scratch }) => assert.deepStrictEqual(shown(after), shown(scratch)));
  });

  it("a stage downstream of the edit says its new cost; one upstream keeps its lens", () => {
    const text = 'pipeline "p" {\n  image a { model: photon-flash-1 prompt: "x" count: 1 }\n  video v { model: ray-2 start: a duration: 5s resolution: 540p }\n}\n';
    const before = checkDocument(text);
    const [, still, video] = codeLenses(before);
    const edited = text.replace("count: 1", "count: 3");
    const after = checkDocument(edited, { previous: asPrevious(before) });
    assert.deepStrictEqual(shown(after), shown(checkDocument(edited)));
    const [, stillAfter, videoAfter] = codeLenses(after);
    assert.notStrictEqual(stillAfter.title, still.title);
    assert.match(videoAfter.title, /3 generations/);
    assert.notStrictEqual(videoAfter.title, video.title);
    // Typing in the video's prompt leaves the still's cost, and its lens, as they were.
    const typed = edited.replace("duration: 5s", "duration: 5s prompt: \"dolly\"");
    const again = checkDocument(typed, { previous: asPrevious(after) });
    assert.strictEqual(codeLenses(again)[1], codeLenses(after)[1]);
    assert.deepStrictEqual(shown(again), shown(checkDocument(typed)));
  });
});
