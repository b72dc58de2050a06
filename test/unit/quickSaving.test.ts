// A quick fix's saving priced by what the fix touches (service/quickSaving.ts) must be the saving the
// whole file priced again with the fix applied gives, for every fix it prices.
import * as assert from "assert";
import fc from "fast-check";
import { applyEdits } from "../../server/src/rules/edits";
import { rulesOff } from "../../server/src/service/bestFix";
import { checkDocument, CheckedDocument } from "../../server/src/service/check";
import { quickSaving } from "../../server/src/service/quickSaving";
import { corpus, documents } from "../fuzz/properties";

const total = (document: CheckedDocument) => document.costs.reduce((sum, cost) => sum + cost.usd, 0);

/** Compares both savings for every fix of `text`; returns how many the quick way priced, and how many fixes there were. */
function compare(text: string, label: string): { quick: number; fixes: number } {
  const document = checkDocument(text);
  const before = total(document);
  let quick = 0;
  let fixes = 0;
  for (const diagnostic of document.diagnostics) {
    for (const fix of diagnostic.fixes ?? []) {
      fixes++;
      const saved = quickSaving(document, fix);
      if (saved === undefined) continue;
      quick++;
      // The whole file again, every check but the rules (not the pricing-only analysis the server uses).
      const full = before - total(checkDocument(applyEdits(text, fix.edits), { rules: rulesOff, bestFixes: false }));
      assert.ok(Math.abs(saved - full) < 1e-6, `${label}: "${fix.title}" saves ${saved} by what it touches, ${full} priced whole`);
    }
  }
  return { quick, fixes };
}

describe("a quick fix's saving, priced by what the fix touches", function () {
  this.timeout(120000);

  it("is the saving of the whole file priced again, for every fix of every sample and fixture", () => {
    let quick = 0;
    let fixes = 0;
    corpus.forEach((text, i) => {
      const counted = compare(text, `corpus file ${i}`);
      quick += counted.quick;
      fixes += counted.fixes;
    });
    // The fixes that change one stage's settings (about a third here: a brief or a new still is added,
    // an unused stage removed, in the others) must take the quick way, or it saves no time.
    assert.ok(quick >= 70, `only ${quick} of ${fixes} fixes were priced by what they touch`);
  });

  it("is the saving of the whole file priced again on mutated documents", () => {
    let quick = 0;
    fc.assert(fc.property(documents, (text) => {
      quick += compare(text, JSON.stringify(text.slice(0, 120))).quick;
    }), { seed: 20261130, numRuns: 150 });
    assert.ok(quick > 50, `only ${quick} fixes of mutated documents were priced by what they touch`);
  });

  it("prices a fix that adds stages the edited stage reads (a still and its keyframe for a video) by what it touches", () => {
    const text = 'pipeline "p" {\n  video shot { model: ray-2 duration: 5s resolution: 540p prompt: "a kite" }\n  upscale hd { from: shot model: topaz-proteus resolution: 1080p }\n  output hd\n}\n';
    const document = checkDocument(text);
    const fix = document.diagnostics.find((d) => d.code === "stills-first")?.fixes?.[0];
    assert.ok(fix, "stills-first offers a fix");
    const saved = quickSaving(document, fix);
    assert.notStrictEqual(saved, undefined, "priced without the whole file");
    const full = total(document) - total(checkDocument(applyEdits(text, fix.edits), { rules: rulesOff, bestFixes: false }));
    assert.ok(Math.abs(saved! - full) < 1e-9 && full < 0, `${saved} against ${full}: the still costs a little`);
    // A reference that names nothing yet might name a new stage: the whole file is priced then.
    const dangling = text.replace("output hd", "output hd, shot_start");
    const withDangling = checkDocument(dangling);
    const again = withDangling.diagnostics.find((d) => d.code === "stills-first")?.fixes?.[0];
    assert.ok(again);
    assert.strictEqual(quickSaving(withDangling, again), undefined);
  });

  it("leaves a fix that touches more than one stage to the whole file", () => {
    const text = 'pipeline "p" {\n  image a { model: photon-flash-1 prompt: "x" }\n  image b { model: photon-flash-1 prompt: "x" }\n}\n';
    const document = checkDocument(text);
    const [a, b] = document.analysis.model.pipelines[0].stageList.map((s) => s.decl.span);
    const across = { title: "both", edits: [{ span: { start: a.start, end: a.start }, newText: "" }, { span: { start: b.end - 1, end: b.end - 1 }, newText: " count: 2 " }] };
    assert.strictEqual(quickSaving(document, across), undefined);
    const inB = { title: "b only", edits: [{ span: { start: b.end - 1, end: b.end - 1 }, newText: " count: 2 " }] };
    assert.ok((quickSaving(document, inB) ?? 0) < 0, "two versions of b cost more");
  });
});
