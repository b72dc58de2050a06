// The promise above all: a saving never degrades what the user delivers. Fix-all runs
// over every sample and fixture, and each `output` must come out of the final phase at
// least as it went in: the same model, no lower resolution, no shorter clip, the same
// aspect, and native audio kept where no audio stage replaces it.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { setting, StageSymbol } from "../../server/src/analysis/model";
import { nativeAudio } from "../../server/src/cost/estimate";
import { checkDocument, CheckedDocument } from "../../server/src/service/check";
import { fixAll } from "../../server/src/service/fixes";
import { fileHost, genFiles, repoRoot } from "../support/render";

/** A resolution as a comparable size: lines for `540p`, long side for `2k`, short side for `WxH`. */
function size(resolution: string | undefined): number | undefined {
  if (!resolution) return undefined;
  const p = /^(\d+)p$/.exec(resolution);
  if (p) return Number(p[1]);
  const k = /^(\d+)k$/.exec(resolution);
  if (k) return Number(k[1]) * 1024;
  const wxh = /^(\d+)x(\d+)$/.exec(resolution);
  return wxh ? Math.min(Number(wxh[1]), Number(wxh[2])) : undefined;
}

interface Delivered {
  kind?: string;
  model?: string;
  resolution?: string;
  seconds?: number;
  aspect?: string;
  /** Native audio that no audio stage replaces. */
  keptAudio: boolean;
}

/** What an output delivers in the final phase, following `from:` for what upscales and reframes keep. */
function delivered(stage: StageSymbol): Delivered {
  const final = <T extends Parameters<typeof setting>[2]>(s: StageSymbol, key: string, type: T) => setting(s, key, type, "final");
  const chain: StageSymbol[] = [];
  for (let s: StageSymbol | undefined = stage; s && !chain.includes(s); s = s.inputs.find((e) => e.property === "from")?.from) chain.push(s);
  const first = <T>(read: (s: StageSymbol) => T | undefined) => chain.map(read).find((v) => v !== undefined);
  const replaced = stage.consumers.some((edge) => edge.property === "over");
  const finalView = { ...stage, settings: stage.phaseSettings.final, model: stage.phaseModels.final };
  return {
    kind: stage.kind,
    model: stage.phaseModels.final?.id,
    resolution: first((s) => final(s, "resolution", "resolution")?.text ?? s.phaseModels.final?.defaultResolution),
    seconds: first((s) => final(s, "duration", "duration")?.seconds),
    aspect: first((s) => final(s, "aspect", "aspect")?.text),
    keptAudio: stage.kind === "video" && !replaced && nativeAudio(finalView),
  };
}

function outputs(document: CheckedDocument): Map<string, Delivered> {
  return new Map(document.analysis.model.pipelines.flatMap((p) => p.outputs.map((s) => [`${p.name}/${s.name}`, delivered(s)] as const)));
}

describe("fix-all never lowers what an output delivers in the final phase", () => {
  const files = [...genFiles("samples"), ...genFiles("test/fixtures"), ...genFiles("test/fixtures-cli")];
  it("runs over every sample and fixture", () => assert.ok(files.length > 80, `${files.length} files`));

  for (const file of files) {
    it(path.relative(repoRoot, file), () => {
      const text = fs.readFileSync(file, "utf8");
      const before = checkDocument(text, { path: file, host: fileHost });
      const after = checkDocument(fixAll(before).text, { path: file, host: fileHost });
      const was = outputs(before);
      const now = outputs(after);
      for (const [name, old] of was) {
        const fixed = now.get(name);
        assert.ok(fixed, `${name} is still an output`);
        if (fixed.kind === old.kind) assert.strictEqual(fixed.model, old.model, `${name}: the final model`);
        const [a, b] = [size(old.resolution), size(fixed.resolution)];
        if (a !== undefined) assert.ok(b !== undefined && b >= a, `${name}: final resolution ${fixed.resolution}, was ${old.resolution}`);
        if (old.seconds !== undefined) assert.ok((fixed.seconds ?? 0) >= old.seconds, `${name}: final duration ${fixed.seconds}s, was ${old.seconds}s`);
        assert.strictEqual(fixed.aspect, old.aspect, `${name}: the aspect`);
        if (old.keptAudio) assert.ok(fixed.keptAudio, `${name}: its native audio`);
      }
    });
  }
});
