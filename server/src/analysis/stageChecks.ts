// Checks that need a stage's effective settings and the catalog: required
// properties, the model and what it supports.
import { type Catalog, type CatalogModel, type DurationRange, notOffered } from "../catalog/catalog";
import { lifecycleOn } from "../catalog/dates";
import type { Diagnostic } from "../parser/diagnostic";
import { mediaOf, setting, StageSymbol } from "./model";
import { audioRequired, own, stageSpecs } from "./schema";
import { fromPreset, settingSpan } from "./settings";
import { didYouMean, listOf, withArticle } from "../parser/suggest";
import { booleanOf, isPixelSize, Report, resolutionsFor } from "./values";

/** A model to show in "add `model: …`", by stage kind: one that fits the kind. */
const exampleModels: Record<string, string> = { image: "photon-flash-1", video: "ray-2", audio: "eleven-multilingual-v2", upscale: "topaz-proteus", reframe: "ray-3.2-reframe" };

const examples: Record<string, string> = {
  prompt: 'prompt: "…"', text: 'text: "…"', duration: "duration: 5s", from: "from: hero",
  resolution: "resolution: 1080p", aspect: "aspect: 9:16", kind: "kind: voiceover", clips: "clips: shot_a, shot_b",
};

export function checkRequired(stage: StageSymbol, report: Report): void {
  if (!stage.kind) return;
  const audioKind = stage.kind === "audio" ? setting(stage, "kind", "word")?.text : undefined;
  const audioNeeds = audioKind ? own(audioRequired, audioKind) : undefined;
  const isMissing = (key: string) => !stage.settings.has(key) && !stage.decl.properties.some((p) => p.key.text === key);
  // Most stages have all they need: found without building a list.
  const required = stageSpecs[stage.kind].required;
  if (!required.some(isMissing) && !(audioNeeds && isMissing(audioNeeds))) return;
  const missing = (audioNeeds ? [...required, audioNeeds] : required).filter(isMissing);
  const example = (key: string) => (key === "model" ? `model: ${own(exampleModels, stage.kind!)}` : own(examples, key) ?? key + ": …");
  const how = missing.map((key) => "`" + example(key) + "`").join(", ");
  report({
    code: "missing-property",
    message: `${stage.kind} stage \`${stage.name}\` needs ${listOf(missing, "and")}: add ${how}`,
    severity: "error",
    span: stage.decl.name?.span ?? stage.decl.kind.span,
  });
}

/**
 * " (did you mean `ray-2`?)" for an unknown model id: the closest model of `kind` (ids and aliases), else
 * of any kind. Remembered per catalog: a storyboard may name the same unknown model in thousands of stages.
 */
export function modelSuggestion(catalog: Catalog, word: string, kind?: string): string {
  let known = suggestions.get(catalog);
  if (!known) suggestions.set(catalog, (known = new Map()));
  const key = `${kind ?? ""}\u0000${word}`;
  let suggestion = known.get(key);
  if (suggestion === undefined) {
    const sameKind = kind === undefined ? [] : catalog.models.filter((m) => m.kind === kind).flatMap((m) => [m.id, ...(m.aliases ?? [])]);
    suggestion = didYouMean(word, sameKind) || didYouMean(word, catalog.models.map((m) => m.id));
    // Bounded: a file of thousands of different misspellings must not grow it without end.
    if (known.size >= MAX_REMEMBERED_SUGGESTIONS) known.clear();
    known.set(key, suggestion);
  }
  return suggestion;
}
const suggestions = new WeakMap<Catalog, Map<string, string>>();
const MAX_REMEMBERED_SUGGESTIONS = 1000;

/**
 * Looks the stage's model up and checks it fits the stage. Sets `stage.model`. `today` (`2026-11-30`)
 * decides whether a model past its shutdown date is retired.
 */
export function checkModel(stage: StageSymbol, catalog: Catalog, report: Report, today?: string): void {
  const written = setting(stage, "model", "word");
  if (!written || !stage.kind) return;
  const span = settingSpan(stage, "model");
  const origin = fromPreset(stage, "model");
  const model = catalog.get(written.text);
  if (!model) {
    report({ code: "unknown-model", message: `unknown model \`${written.text}\`${origin}${modelSuggestion(catalog, written.text, expectedModelKind(stage))}`, severity: "error", span });
    return;
  }
  stage.model = model;
  const expected = expectedModelKind(stage);
  if (model.kind !== expected) {
    const alternatives = catalog.models.filter((m) => m.kind === expected && lifecycleOn(m, today).lifecycle !== "retired").slice(0, 4).map((m) => m.id);
    report({
      code: "model-kind-mismatch",
      message: `\`${model.id}\` is ${withArticle(model.kind)} model; ${withArticle(stage.kind)} stage needs ${withArticle(expected)} model${alternatives.length ? ", like " + listOf(alternatives) : ""}`,
      severity: "error",
      span,
    });
    return;
  }
  const state = lifecycleOn(model, today);
  if (state.lifecycle === "deprecated" || state.lifecycle === "retired") {
    const replacing = replacementFix(stage, model, catalog);
    const instead = model.replacement ? `; use \`${model.replacement}\` instead${replacing.why}` : "";
    const retired = state.lifecycle === "retired";
    const shutdown = state.shutdownDate;
    report({
      ...(replacing.fix ? { fixes: [replacing.fix] } : {}),
      code: "deprecated-model",
      // The lifecycle note (sources) belongs in the model's hover; the message stays short. A retired model
      // cannot be generated with at all: an error. A shutdown date still to come is named in the warning.
      message: retired
        ? `\`${model.id}\` is retired: it cannot be called${shutdown ? ` since ${shutdown}` : ""}${instead}`
        : `\`${model.id}\` is deprecated${shutdown ? (today ? ` and shuts down on ${shutdown}` : ` (shutdown date ${shutdown})`) : ""}${instead}`,
      severity: retired ? "error" : "warning",
      span,
      tags: ["deprecated"],
    });
  }
  const audioKind = setting(stage, "kind", "word")?.text;
  if (stage.kind === "audio" && audioKind && model.audioKinds && !model.audioKinds.includes(audioKind as never)) {
    report({ code: "model-kind-mismatch", message: `\`${model.id}\` makes ${model.audioKinds.join(" and ")} only, not ${audioKind}`, severity: "error", span });
  }
  const source = stage.inputs.find((edge) => edge.property === "from")?.from;
  const media = source && mediaOf(source);
  if ((stage.kind === "upscale" || stage.kind === "reframe") && model.inputs && (media === "image" || media === "video") && !model.inputs.includes(media)) {
    report({ code: "model-kind-mismatch", message: `\`${model.id}\` ${stage.kind}s ${model.inputs.map((input) => input + "s").join(" and ")} only, but \`${source!.name}\` is ${withArticle(media)}`, severity: "error", span });
  }
  if (stage.kind === "video" && model.requiresStartFrame && !stage.settings.has("start")) {
    report({
      code: "missing-property",
      message: `\`${model.id}\` makes video only from a first frame: add \`start:\` with an image or keyframe stage`,
      severity: "error",
      span: stage.decl.name?.span ?? stage.decl.kind.span,
    });
  }
  checkSupported(stage, model, report);
}

/**
 * The quick fix for a deprecated or retired model: its catalog `replacement` written in its place, when
 * that model makes what the stage asks for (its resolution, length, aspect, quality and audio). When it
 * does not, no fix, and `why` says what it lacks: " (it does not offer 4k …, so change the stage too)".
 * A model from a preset is left alone: the preset's other stages may ask for something else.
 */
function replacementFix(stage: StageSymbol, model: CatalogModel, catalog: Catalog): { fix?: NonNullable<Diagnostic["fixes"]>[number]; why: string } {
  const replacement = model.replacement ? catalog.get(model.replacement) : undefined;
  if (!replacement || replacement.kind !== model.kind || stage.settings.get("model")?.preset) return { why: "" };
  const lacks: string[] = [];
  checkSupported({ ...stage, model: replacement }, replacement, (d) => { if (d.severity === "error") lacks.push(d.message.replace(/;.*$/s, "")); });
  const request = { resolution: setting(stage, "resolution", "resolution")?.text, aspect: setting(stage, "aspect", "aspect")?.text, seconds: setting(stage, "duration", "duration")?.seconds };
  const combination = notOffered(replacement, request);
  if (combination) lacks.push(combination.note);
  if (lacks.length) return { why: ` (but ${lacks.join("; ")}: change the stage to match)` };
  return { fix: { title: `Replace \`${model.id}\` with \`${replacement.id}\``, edits: [{ span: settingSpan(stage, "model"), newText: replacement.id }] }, why: "" };
}

function expectedModelKind(stage: StageSymbol): CatalogModel["kind"] {
  return (stage.kind === "keyframe" ? "image" : stage.kind) as CatalogModel["kind"];
}


/** Resolution, duration, aspect, quality, frame rate and audio against what the stage kind and its model offer. */
function checkSupported(stage: StageSymbol, model: CatalogModel, report: Report): void {
  const unsupported = (key: string, message: string, severity: "error" | "warning" = "error") =>
    report({ code: "unsupported-value", message: message + fromPreset(stage, key), severity, span: settingSpan(stage, key) });

  const resolution = setting(stage, "resolution", "resolution")?.text;
  if (resolution && model.resolutions && !model.resolutions.includes(resolution)) {
    unsupported("resolution", `\`${model.id}\` does not offer ${resolution}; it offers ${listOf(model.resolutions)}`);
  }
  const seconds = setting(stage, "duration", "duration")?.seconds;
  if (seconds !== undefined && model.durations && !durationAllowed(seconds, model.durations)) {
    unsupported("duration", `\`${model.id}\` does not make ${seconds}s clips; it makes ${describeDurations(model.durations)}`);
  }
  const aspect = setting(stage, "aspect", "aspect")?.text;
  if (aspect && model.aspects && !model.aspects.includes(aspect)) {
    unsupported("aspect", `\`${model.id}\` does not offer ${aspect}; it offers ${listOf(model.aspects)}`);
  }
  const quality = setting(stage, "quality", "word")?.text;
  if (quality !== undefined && stage.kind === "image") {
    const tiers = model.qualities ? Object.keys(model.qualities) : [];
    if (tiers.length === 0) unsupported("quality", `\`${model.id}\` has one price per image, no quality tiers: remove \`quality: ${quality}\``);
    else if (!tiers.includes(quality)) unsupported("quality", `\`${model.id}\` does not offer \`${quality}\` quality; it offers ${listOf(tiers)}`);
  }
  // Like `audio: off` on a model that always makes audio: harmless, but it changes nothing.
  const fps = setting(stage, "fps", "number");
  if (fps && stage.kind === "upscale" && !model.perFrame) {
    unsupported("fps", `\`${model.id}\` does not bill per frame, so \`fps: ${fps.value}\` changes nothing`, "warning");
  }
  const audio = setting(stage, "audio", "word");
  if (stage.kind === "video" && audio) {
    const on = booleanOf(audio);
    if (on && model.nativeAudio === "none") unsupported("audio", `\`${model.id}\` makes no native audio; add an \`audio\` stage instead`);
    if (!on && model.nativeAudio === "always") unsupported("audio", `\`${model.id}\` always generates audio, so \`audio: off\` changes nothing`, "warning");
  }
}

/** Checks resolutions against the stage's media, whatever the model. */
export function checkResolutionForMedia(stage: StageSymbol, catalog: Catalog, report: Report): void {
  // An invalid resolution is dropped from the settings, so model checks do not repeat the complaint.
  const resolution = setting(stage, "resolution", "resolution");
  if (!resolution || !stage.kind || stage.kind === "audio") return;
  const media = stage.kind === "image" ? "image" : stage.kind === "video" ? "video" : (() => {
    const source = stage.inputs.find((edge) => edge.property === "from")?.from;
    return source ? mediaOf(source) : undefined;
  })();
  if (media !== "image" && media !== "video") return;
  if (resolutionsFor(media).includes(resolution.text) || (media === "image" && isPixelSize(resolution.text))) return;
  // A model may offer a size outside the usual ladder (MiniMax's 768p); its word is final.
  const modelId = setting(stage, "model", "word")?.text;
  if (modelId && catalog.get(modelId)?.resolutions?.includes(resolution.text)) return;
  report({
    code: "invalid-value",
    message: `\`${resolution.text}\` is not ${withArticle(media)} resolution${fromPreset(stage, "resolution")}; use ${media === "image" ? resolutionsFor(media).map((r) => "`" + r + "`").join(", ") + " or a size like `1024x1024`" : listOf(resolutionsFor(media))}`,
    severity: "error",
    span: settingSpan(stage, "resolution"),
  });
  stage.settings.delete("resolution");
}

function durationAllowed(seconds: number, durations: number[] | DurationRange): boolean {
  if (Array.isArray(durations)) return durations.includes(seconds);
  const step = durations.step ?? 1;
  return seconds >= durations.min && seconds <= durations.max && Math.abs(((seconds - durations.min) / step) % 1) < 1e-9;
}

function describeDurations(durations: number[] | DurationRange): string {
  if (Array.isArray(durations)) return listOf(durations.map((d) => `${d}s`));
  return `${durations.min}s to ${durations.max}s${durations.step && durations.step !== 1 ? ` in steps of ${durations.step}s` : ""}`;
}
