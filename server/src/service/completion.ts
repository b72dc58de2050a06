// Completion: models of the stage's kind after `model:`, stages after `from:`
// and the other references, presets after `use:`, the values a setting takes,
// and the properties a stage kind takes.
import { mediaOf, StageSymbol } from "../analysis/model";
import {
  briefProperties, imageResolutions, own, phases, pipelineProperties, StageKind, stageKinds, stageProperties, stageSpecs, videoResolutions,
} from "../analysis/schema";
import type { Catalog } from "../catalog/catalog";
import { lifecycleOn } from "../catalog/dates";
import { formatAmount } from "../cost/format";
import { takes, typicalPrice } from "../cost/typical";
import type { Span } from "../parser/ast";
import type { CheckedDocument } from "./check";

export interface Completion {
  label: string;
  kind: "model" | "stage" | "preset" | "value" | "property" | "keyword";
  detail?: string;
  /** Orders the list: cheaper models first. */
  sortText?: string;
  deprecated?: boolean;
}

export interface Completions {
  items: Completion[];
  /** The text the chosen item replaces: the word typed so far. */
  span: Span;
}

const wordBefore = /[A-Za-z0-9_.\-[\]]*$/;

function modelItems(stage: StageSymbol | undefined, catalog: Catalog, document: CheckedDocument): Completion[] {
  const kind = stage?.kind === "keyframe" ? undefined : stage?.kind;
  const audioKind = stage?.settings.get("kind")?.value;
  // An upscale or reframe of an image is offered the models that take images, and priced for one.
  const source = stage?.inputs.find((e) => e.property === "from")?.from;
  const media = (kind === "upscale" || kind === "reframe") && source ? mediaOf(source) : undefined;
  return catalog.models
    .filter((m) => !kind || m.kind === kind)
    .filter((m) => !(audioKind?.type === "word" && m.audioKinds && !m.audioKinds.includes(audioKind.text as never)))
    .filter((m) => !(media === "image" || media === "video") || takes(m, media))
    .map((m) => {
      const price = typicalPrice(m, media === "image" || media === "video" ? media : undefined);
      const from = price === undefined ? "" : ` · from ${formatAmount(price.usd, document.settings)} for ${price.what}`;
      const state = lifecycleOn(m, document.options.today).lifecycle;
      const lifecycle = state !== "active" ? ` · ${state}` : "";
      return {
        label: m.id,
        kind: "model" as const,
        detail: `${m.provider} ${m.kind}${from}${lifecycle}`,
        sortText: `${state === "active" ? 0 : 1}${String(Math.round((price?.usd ?? 1e6) * 1e6)).padStart(12, "0")}${m.id}`,
        deprecated: !!lifecycle,
      };
    });
}

/** The stages that read `stage`, directly or through others: naming one of them as its input would make a cycle. */
function readersOf(stage: StageSymbol): Set<StageSymbol> {
  const readers = new Set<StageSymbol>();
  const queue = [stage];
  for (let next = queue.pop(); next; next = queue.pop()) {
    for (const edge of next.consumers) {
      if (edge.to === stage || readers.has(edge.to)) continue;
      readers.add(edge.to);
      queue.push(edge.to);
    }
  }
  return readers;
}

/** What a setting's value can be. */
function valueItems(key: string, stage: StageSymbol | undefined, document: CheckedDocument, catalog: Catalog): Completion[] | undefined {
  const spec = own(stageProperties, key)?.value ?? own(pipelineProperties, key)?.value;
  const words = (labels: string[], detail?: string) => labels.map((label) => ({ label, kind: "value" as const, detail }));
  if (key === "model") return modelItems(stage, catalog, document);
  if (!spec) return undefined;
  switch (spec.type) {
    case "reference": {
      const pipeline = stage?.pipeline ?? document.analysis.model.pipelines.find((p) => p.stageList.length);
      const cyclic = stage ? readersOf(stage) : new Set<StageSymbol>();
      return (pipeline?.stageList ?? [])
        .filter((s) => s !== stage && !cyclic.has(s) && s.kind && spec.kinds.includes(s.kind) && s.name)
        .map((s) => ({ label: s.name, kind: "stage" as const, detail: `${s.kind} stage` }));
    }
    case "presets":
      return [...document.analysis.model.presets.values()].map((p) => ({ label: p.name, kind: "preset" as const, detail: p.path ? `preset from ${p.path}` : "preset" }));
    case "enum":
      // A quality tier is the model's own: its tiers, when the model is known.
      if (key === "quality" && stage?.model?.qualities) return words(Object.keys(stage.model.qualities), `offered by ${stage.model.id}`);
      return words(spec.values);
    case "integer":
      // Frame rates: the common ones, with the model's default named.
      if (key === "fps") return [24, 25, 30, 50, 60].map((fps) => ({ label: String(fps), kind: "value" as const, detail: fps === stage?.model?.defaultFps ? `${stage.model.id}'s default` : undefined }));
      return undefined;
    case "boolean":
      return words(["on", "off"]);
    case "resolution":
      return words(stage?.model?.resolutions ?? (stage?.kind === "image" ? imageResolutions : videoResolutions), stage?.model ? `offered by ${stage.model.id}` : undefined);
    case "aspect":
      return words(stage?.model?.aspects ?? ["16:9", "9:16", "1:1", "4:3", "3:4", "21:9"], stage?.model ? `offered by ${stage.model.id}` : undefined);
    case "duration": {
      const durations = stage?.model?.durations;
      const list = Array.isArray(durations) ? durations : durations ? [durations.min, durations.max] : [5, 10];
      return words(list.map((d) => `${d}s`), stage?.model ? `offered by ${stage.model.id}` : undefined);
    }
    default:
      return undefined;
  }
}

export function completionsAt(document: CheckedDocument, offset: number, catalog: Catalog): Completions | undefined {
  const { text } = document;
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  // Nothing to offer inside a string or a comment.
  if ((before.match(/"/g)?.length ?? 0) % 2 === 1 || /\/\/|\/\*/.test(before.replace(/"[^"]*"/g, ""))) return undefined;
  if (document.analysis.parse.file.comments.some((c) => c.start < offset && offset < c.end)) return undefined;
  const typed = wordBefore.exec(before)![0];
  const span = { start: offset - typed.length, end: offset };
  const stage = document.analysis.model.pipelines.flatMap((p) => p.stageList).find((s) => s.decl.span.start < offset && offset <= s.decl.span.end + 1);
  const pipeline = document.analysis.model.pipelines.find((p) => p.decl.span.start < offset && offset <= p.decl.span.end + 1);
  const brief = pipeline?.decl.briefs.find((b) => b.span.start < offset && offset <= b.span.end + 1);

  // After `key:`, the values of that key.
  const afterColon = /([A-Za-z_][\w-]*)\s*:\s*(?:[\w.\-[\]]+\s*,\s*)*[\w.\-[\]]*$/.exec(before);
  if (afterColon) {
    const items = valueItems(afterColon[1], stage, document, catalog);
    return items && { items, span };
  }
  // After `output`, the stages of the pipeline not listed yet.
  const outputLine = /^\s*output\s+((?:[\w.\-[\]]+\s*,\s*)*)[\w.\-[\]]*$/.exec(before);
  if (outputLine && pipeline) {
    const listed = new Set(outputLine[1].split(",").map((word) => word.trim().replace(/\[.*$/, "")));
    const items = pipeline.stageList.filter((s) => s.name && s.kind && !listed.has(s.name))
      .map((s) => ({ label: s.name, kind: "stage" as const, detail: `${s.kind} stage` }));
    return { items, span };
  }
  // Elsewhere, the names that may start a property, a stage or a declaration here.
  if (stage?.kind) {
    const written = new Set(stage.decl.properties.map((p) => p.key.text));
    const items: Completion[] = stageSpecs[stage.kind as StageKind].properties.filter((key) => !written.has(key))
      .map((key) => ({ label: key, kind: "property" as const, detail: stageProperties[key].description }));
    // A phase block, outside any phase block, for the phases the stage does not have one for yet.
    const inBlock = stage.decl.phases.some((b) => b.span.start < offset && offset <= b.span.end);
    if (!inBlock && stage.kind !== "keyframe" && stage.kind !== "sequence") {
      for (const phase of phases.filter((p) => !stage.decl.phases.some((b) => b.keyword.text === p))) {
        items.push({ label: phase, kind: "keyword", detail: phase === "draft" ? "Settings for the draft phase only: `draft { … }`" : "Settings for the final phase only: `final { resolution: 1080p }`" });
      }
    }
    return { items, span };
  }
  if (brief) return { items: Object.entries(briefProperties).map(([key, spec]) => ({ label: key, kind: "property" as const, detail: spec.description })), span };
  if (pipeline) {
    const items: Completion[] = [
      ...stageKinds.map((kind) => ({ label: kind, kind: "keyword" as const, detail: stageSpecs[kind].description })),
      ...Object.entries(pipelineProperties).map(([key, spec]) => ({ label: key, kind: "property" as const, detail: spec.description })),
      { label: "brief", kind: "keyword", detail: "What the pipeline is for: goal, audience, tone, constraints" },
      { label: "output", kind: "keyword", detail: "The deliverables: `output shot_hd, voice`" },
    ];
    return { items, span };
  }
  return { items: ["pipeline", "preset", "use"].map((label) => ({ label, kind: "keyword" as const })), span };
}
