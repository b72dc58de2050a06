// Completion, as data: what is offered where, and in what order. `|` marks the cursor.
import * as assert from "assert";
import { loadDefaultCatalog } from "../../server/src/catalog/catalog";
import { checkDocument } from "../../server/src/service/check";
import { completionsAt } from "../../server/src/service/completion";

/** The labels offered at `|`, in the order the editor shows them (by sortText, then label). */
function offered(marked: string): { label: string; detail?: string }[] {
  const offset = marked.indexOf("|");
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  const result = completionsAt(checkDocument(text), offset, loadDefaultCatalog());
  const key = (item: { label: string; sortText?: string }) => item.sortText ?? item.label;
  return [...(result?.items ?? [])].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
const labels = (marked: string) => offered(marked).map((i) => i.label);

const cases: { name: string; text: string; first?: string[]; exactly?: string[]; absent?: string[]; before?: [string, string][] }[] = [
  {
    name: "models sort by what one typical generation costs, whether billed by the clip or by the second",
    text: 'pipeline "p" {\n  video v { model: | duration: 5s }\n}',
    // veo-3.1-lite bills by the second (20 credits for its 4 s clip); ray-flash-2 by the clip (14 credits for 5 s).
    before: [["ray-flash-2", "veo-3.1-lite"], ["veo-3.1-lite", "ray-2"]],
  },
  {
    name: "voices billed by the second sort among those billed by the character",
    text: 'pipeline "p" {\n  audio vo { kind: voiceover model: | }\n}',
    first: ["tts-1", "gpt-4o-mini-tts", "tts-1-hd"],
  },
  {
    name: "an upscale of a clip is offered the models that take video",
    text: 'pipeline "p" {\n  video a { model: ray-2 duration: 5s }\n  upscale u { from: a model: | }\n}',
    absent: ["stability-upscale-fast", "ideogram-upscale"],
    first: ["topaz-proteus"],
  },
  {
    name: "after `output`, the pipeline's stages not listed yet",
    text: 'pipeline "p" {\n  image s { model: photon-flash-1 }\n  video a { model: ray-2 start: s duration: 5s }\n  upscale u { from: a }\n  output u, |\n}',
    exactly: ["a", "s"],
  },
  {
    name: "after `from:`, no stage that reads this one (it would make a cycle)",
    text: 'pipeline "p" {\n  video a { model: ray-2 duration: 5s }\n  upscale b { from: | }\n  upscale c { from: b }\n  reframe d { from: c aspect: 9:16 }\n  video e { model: ray-2 duration: 5s }\n}',
    exactly: ["a", "e"],
  },
];

describe("completion", () => {
  for (const c of cases) {
    it(c.name, () => {
      const got = labels(c.text);
      if (c.exactly) assert.deepStrictEqual([...got].sort(), c.exactly);
      if (c.first) assert.deepStrictEqual(got.slice(0, c.first.length), c.first);
      for (const label of c.absent ?? []) assert.ok(!got.includes(label), `${label} is offered: ${got.join(", ")}`);
      for (const [a, b] of c.before ?? []) assert.ok(got.indexOf(a) >= 0 && got.indexOf(a) < got.indexOf(b), `${a} is not before ${b}: ${got.join(", ")}`);
    });
  }

  it("says what the price is for, in words that read", () => {
    const details = offered('pipeline "p" {\n  audio vo { kind: voiceover model: | }\n}').map((i) => i.detail);
    assert.ok(details.includes("OpenAI audio · from 1.5 credits for 1,000 characters"), details.join("\n"));
  });
});
