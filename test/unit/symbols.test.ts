// The outline: presets and pipelines in source order, stages with their kind, model and cost, phase blocks
// inside their stage or preset; the pipeline's detail is its code lens's title.
import * as assert from "assert";
import { TextDocument } from "vscode-languageserver-textdocument";
import { lspDocumentSymbols } from "../../server/src/lsp/symbols";
import { asPrevious, checkDocument, CheckedDocument } from "../../server/src/service/check";
import { codeLenses } from "../../server/src/service/lenses";
import { documentSymbols, OutlineSymbol } from "../../server/src/service/symbols";
import { corpus as benchCorpus } from "../bench/corpora";
import { corpus } from "../fuzz/properties";
import { afterRandomEdits } from "../support/afterEdits";

/** `name (kind): detail`, children indented below. */
function draw(symbols: OutlineSymbol[], indent = ""): string[] {
  return symbols.flatMap((s) => [`${indent}${s.name} (${s.kind}): ${s.detail}`, ...draw(s.children, indent + "  ")]);
}

const outline = (text: string) => draw(documentSymbols(checkDocument(text)));

describe("document symbols", () => {
  it("a pipeline's detail is its lens; a stage's its kind, model and cost; a preset's `preset`", () => {
    const text = [
      'preset look { style: "pastel" }',
      'pipeline "teaser" {',
      "  budget: 150 credits",
      "  mode: draft",
      '  image hero { model: photon-flash-1 prompt: "x" count: 2 use: look }',
      "  keyframe k { from: hero[1] }",
      "  video shot { model: ray-2 start: k duration: 5s resolution: 540p audio: off }",
      "  sequence cut { clips: shot }",
      "}",
    ].join("\n");
    const document = checkDocument(text);
    const lens = codeLenses(document)[0].title;
    assert.deepStrictEqual(draw(documentSymbols(document)), [
      "look (preset): preset",
      `teaser (pipeline): pipeline · ${lens}`,
      "  hero (stage): image · photon-flash-1 · 0.8 credits · 2 generations",
      "  k (stage): keyframe · free",
      "  shot (stage): video · ray-2 · 40 credits",
      "  cut (stage): sequence · free",
    ]);
    assert.match(lens, /^≈ 40.8 of 150 credits$/);
  });

  it("phase blocks are children, each with its phase's model and cost; the job is in the pipeline's detail", () => {
    assert.deepStrictEqual(outline([
      "preset hd { final { resolution: 1080p } }",
      "pipeline p {",
      "  mode: draft",
      "  video shot {",
      "    model: ray-flash-2",
      "    duration: 5s",
      "    resolution: 540p",
      "    audio: off",
      "    final { model: ray-2 }",
      "  }",
      "}",
    ].join("\n")), [
      "hd (preset): preset",
      "  final (phase): ",
      "p (pipeline): pipeline · draft ≈ 14 · final ≈ 40 · job ≈ 54 credits",
      "  shot (stage): video · ray-flash-2 · 14 credits",
      "    final (phase): ray-2 · 40 credits",
    ]);
  });

  it("unknown kinds, unknown or missing models and missing names are said as they are", () => {
    assert.deepStrictEqual(outline('pipeline "p" {\n  imag a { model: x }\n  video b { model: rya-2 duration: 5s }\n  video { duration: 5s }\n}\npipeline {\n}'), [
      "p (pipeline): pipeline · ≈ 0 credits · 2 stages unpriced · draft mode (default)",
      "  a (stage): imag",
      "  b (stage): video · rya-2 · price unknown",
      "  (unnamed) (stage): video · price unknown",
      "(unnamed) (pipeline): pipeline · ≈ 0 credits · draft mode (default)",
    ]);
  });

  it("presets and pipelines in source order, and amounts in dollars when the workspace says so", () => {
    const text = 'pipeline a { video v { model: ray-2 duration: 5s resolution: 540p audio: off } }\npreset late { }\n';
    const symbols = documentSymbols(checkDocument(text, { cost: { creditsPerUsd: 100, display: "usd" } }));
    assert.deepStrictEqual(draw(symbols), ["a (pipeline): pipeline · ≈ $0.40 · draft mode (default)", "  v (stage): video · ray-2 · $0.40", "late (preset): preset"]);
    assert.deepStrictEqual(symbols[0].selection, { start: 9, end: 10 });
  });

  // A stage's entry is kept with its node, and its answer with the place it starts at: after an edit, the
  // stages it did not reach are answered as they were. They must read as an outline worked out afresh.
  it("after an edit, answers what an outline worked out afresh answers: details, spans, lines and characters", () => {
    const phased = 'pipeline "p" {\n  image a { model: photon-flash-1 prompt: "x" final { count: 2 } }  image b { model: photon-flash-1 prompt: "y" }\n  video v { model: ray-2 start: a[1] duration: 5s resolution: 540p }\n  output v, b\n}\n';
    const texts = [...corpus, phased, benchCorpus("lean", 40).text, benchCorpus("wasteful", 40).text];
    const snippets = ["a", "\n", " ", "count: 3 ", "duration: 9s ", "model: ray-flash-2 ", "final { count: 2 } ", "\n  ", ""];
    // Asked before the edit, as the Outline view asks after each version: the entries are kept for the next.
    const lsp = (checked: CheckedDocument) => lspDocumentSymbols(TextDocument.create("file:///a.gen", "gen", 1, checked.text), checked);
    afterRandomEdits(texts, snippets, 400, lsp, ({ after, scratch }) => {
      assert.deepStrictEqual(documentSymbols(after), documentSymbols(scratch));
      assert.deepStrictEqual(lsp(after), lsp(scratch));
    });
  });

  it("after an edit upstream, a stage downstream says its new cost though its own text is the same", () => {
    const text = 'pipeline "p" {\n  image a { model: photon-flash-1 prompt: "x" count: 1 }\n  video v { model: ray-2 start: a duration: 5s resolution: 540p }\n}\n';
    const before = checkDocument(text);
    const details = (checked: typeof before) => draw(documentSymbols(checked));
    const video = details(before)[2];
    const edited = text.replace("count: 1", "count: 3");
    const after = checkDocument(edited, { previous: asPrevious(before) });
    assert.deepStrictEqual(details(after), details(checkDocument(edited)));
    assert.notStrictEqual(details(after)[2], video);
    assert.match(details(after)[2], /3 generations/);
  });
});
