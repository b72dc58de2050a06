// Inlay hints behind costly values (service/inlayHints.ts): what a value adds against the cheapest choice,
// and a bounded amount of work for one request however the stages feed one another.
import * as assert from "assert";
import { checkDocument } from "../../server/src/service/check";
import { costHints, MAX_PRICED_STAGES } from "../../server/src/service/inlayHints";

const labelsOf = (text: string, range = { start: 0, end: text.length }) => {
  const document = checkDocument(text);
  // Each hint with the value it follows: `9s +56 credits`.
  return costHints(document, range).map((hint) => `${text.slice(text.lastIndexOf(" ", hint.offset - 1) + 1, hint.offset)} ${hint.label}`);
};

describe("inlay hints", () => {
  it("say what a value adds against the cheapest choice, and nothing behind the cheapest", () => {
    // ray-2 per clip (100 credits to the dollar): 5 s $0.40 at 540p, $0.71 at 720p; 9 s $0.72 and $1.27. At 9 s
    // and 720p: 5 s would cost 56 credits less, 540p 55 less; `count: 1` is already the cheapest.
    const text = 'pipeline "p" {\n  video shot { model: ray-2 duration: 9s resolution: 720p count: 1 }\n}\n';
    assert.deepStrictEqual(labelsOf(text), ["9s +56 credits", "720p +55 credits"]);
  });

  it("stop past a bounded number of stages priced: the head of a long upscale chain reprices all of it", () => {
    // Each hint in a chain prices the whole chain again (what is downstream, and their inputs).
    const stages = 2000;
    const lines = ['pipeline "p" {', "  video u0 { model: ray-2 duration: 10s resolution: 540p }"];
    for (let i = 1; i < stages; i++) lines.push(`  upscale u${i} { from: u${i - 1} model: topaz-proteus resolution: 1080p fps: 60 }`);
    const text = lines.join("\n") + "\n}\n";
    const document = checkDocument(text);
    const hints = costHints(document, { start: 0, end: text.length });
    const hinted = new Set(hints.map((hint) => text.lastIndexOf("\n", hint.offset)));
    // Hints for the first stages of the file, then none: at most one stage over the budget's share of each.
    assert.ok(hinted.size > 0, "the head of the chain gets its hints");
    assert.ok(hinted.size <= Math.ceil(MAX_PRICED_STAGES / stages) + 1, `${hinted.size} stages hinted`);
    assert.ok(hints[0].offset < text.indexOf("u60 {"), "the hints are the first stages'");
  });
});
