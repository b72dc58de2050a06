// Completion through the spawned server.
import * as assert from "assert";
import { LspClient } from "./lspClient";

const uri = "file:///tmp/completion.gen";
const lines = [
  'preset look { style: "pastel" }',
  'pipeline "p" {',
  '  image hero { model: photon-flash-1 prompt: "x" }',
  "  video shot { model:  start: hero duration: 5s }",
  "  audio vo { kind: voiceover model:  }",
  "  ",
  "}",
];

describe("completion over the protocol", function () {
  let client: LspClient;
  before(async () => {
    client = new LspClient();
    await client.initialize();
    client.notify("textDocument/didOpen", { textDocument: { uri, languageId: "gen", version: 1, text: lines.join("\n") } });
  });
  after(() => client.stop());

  const complete = async (line: number, character: number) => {
    const result = await client.request("textDocument/completion", { textDocument: { uri }, position: { line, character } });
    return (result?.items ?? []) as { label: string; detail?: string; sortText?: string }[];
  };

  it("offers the models of the stage's kind after `model:`, cheapest first, with their price", async () => {
    const items = await complete(3, lines[3].indexOf("model:") + 7);
    const labels = items.map((i) => i.label);
    assert.ok(labels.includes("ray-2") && labels.includes("kling-v3"), labels.join(", "));
    assert.ok(!labels.includes("photon-flash-1"), "no image models in a video stage");
    const ray2 = items.find((i) => i.label === "ray-2")!;
    assert.strictEqual(ray2.detail, "Luma AI video · from 40 credits for a 5 s clip at 540p");
    const sorted = [...items].sort((a, b) => (a.sortText! < b.sortText! ? -1 : 1)).map((i) => i.label);
    assert.ok(sorted.indexOf("ray-flash-2") < sorted.indexOf("ray-2"), "the cheaper sibling sorts first");
  });

  it("offers only voiceover models in a voiceover stage", async () => {
    const labels = (await complete(4, lines[4].indexOf("model:") + 7)).map((i) => i.label);
    assert.ok(labels.includes("eleven-multilingual-v2"));
    assert.ok(!labels.includes("eleven-music"));
  });

  it("offers stages that a reference may name, and the properties a stage still lacks", async () => {
    const refs = (await complete(3, lines[3].indexOf("hero") + 4)).map((i) => i.label);
    assert.deepStrictEqual(refs, ["hero"]);
    const props = (await complete(2, lines[2].indexOf("}") - 1)).map((i) => i.label);
    assert.ok(props.includes("resolution") && !props.includes("model") && !props.includes("from"), props.join(", "));
    assert.ok(props.includes("draft") && props.includes("final"), "the phase blocks the stage does not have yet");
  });

  it("offers stage kinds and pipeline keywords on an empty line of a pipeline, and nothing inside a string", async () => {
    const labels = (await complete(5, 2)).map((i) => i.label);
    for (const expected of ["image", "video", "sequence", "budget", "mode", "brief", "output"]) assert.ok(labels.includes(expected), expected);
    assert.deepStrictEqual(await complete(2, lines[2].indexOf('"x"') + 1), []);
  });
});
