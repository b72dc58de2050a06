// Don't generate what you'll replace: an audio stage longer than the clips it lies `over:` pays for
// seconds nobody hears.
import { referencedWords, setting, StageSymbol } from "../analysis/model";
import type { Phase } from "../analysis/schema";
import type { CatalogModel } from "../catalog/catalog";
import { forPipeline } from "../cost/estimate";
import { formatAmount } from "../cost/format";
import { priceAudio } from "../cost/price";
import { addProperty, setProperty } from "./edits";
import type { Fix, Rule, TextEdit } from "./rule";
import { stageSettingSpan } from "./support";

const total = (parts: (number | undefined)[]) =>
  parts.length > 0 && parts.every((s) => s !== undefined) ? parts.reduce<number>((a, b) => a + b!, 0) : undefined;

/** The stages of `over:`, when every name written resolved to one (an unresolved name hides a length). */
function overStages(audio: StageSymbol): StageSymbol[] {
  const edges = audio.inputs.filter((e) => e.property === "over" && e.from !== audio);
  return edges.length > 0 && edges.length === referencedWords(audio.settings.get("over")?.value).length ? edges.map((e) => e.from) : [];
}

/** The shortest length the model accepts that still covers `seconds`; undefined when none does. */
function fitted(seconds: number, model: CatalogModel | undefined): number | undefined {
  const durations = model?.durations;
  if (!durations) return seconds;
  if (Array.isArray(durations)) return [...durations].sort((a, b) => a - b).find((d) => d >= seconds - 1e-9);
  const step = durations.step ?? 1;
  const length = durations.min + Math.max(0, Math.ceil((seconds - durations.min) / step - 1e-9)) * step;
  return length <= durations.max + 1e-9 ? length : undefined;
}

/** Seconds as a duration literal's number (`5`, `14.5`), rounded up to the millisecond so it still covers. */
const secondsText = (seconds: number) => String(Math.ceil(seconds * 1000 - 1e-6) / 1000);
const round = (seconds: number) => String(Math.round(seconds * 1000) / 1000);

/** Whether the stage's own `draft { }` / `final { }` block sets `duration` for `phase`. */
const ownBlock = (audio: StageSymbol, phase: Phase) => {
  const place = audio.phaseSettings[phase].get("duration");
  return !!place && !place.preset && place.phase === phase;
};

/**
 * Sets the audio's `duration` to `value` in each of `phases`, where each phase's value is written;
 * a preset's is overridden on the stage rather than changed, as the preset may serve other stages.
 */
function setDuration(text: string, audio: StageSymbol, value: string, phases: Phase[]): TextEdit[] | undefined {
  const edits: TextEdit[] = [];
  let override = false;
  for (const phase of phases) {
    const place = audio.phaseSettings[phase].get("duration");
    if (!place || place.preset) override = true;
    else if (!edits.some((e) => e.span.start === place.value.span.start)) edits.push({ span: place.value.span, newText: value });
  }
  const added = override ? setProperty(text, audio.decl, "duration", value) : undefined;
  if (override && !added) return undefined;
  return added ? [...edits, added] : edits;
}

/**
 * Sets `duration` for `phase` alone when the other phase generates its own take: where it is written,
 * unless that also sets the other phase to another length (`otherWants`), then in the stage's block
 * for `phase`.
 */
function setForPhase(text: string, audio: StageSymbol, value: string, phase: Phase, otherWants: string | undefined): TextEdit[] | undefined {
  const other: Phase = phase === "draft" ? "final" : "draft";
  if (ownBlock(audio, phase) || ownBlock(audio, other) || otherWants === value) return setDuration(text, audio, value, [phase]);
  const block = [...audio.decl.phases].reverse().find((b) => b.keyword.text === phase);
  const edit = block ? setProperty(text, block, "duration", value) : addProperty(text, audio.decl, `${phase} { duration: ${value} }`, true);
  return edit && [edit];
}

const kindWords: Record<string, string> = { music: "music", voiceover: "voiceover", sfx: "sound effects" };

export const audioTooLong: Rule = {
  id: "audio-too-long",
  principle: "Don't generate what you'll replace",
  description: "An audio stage is longer than the video it lies `over:`, and its model bills the extra seconds.",
  defaultSeverity: "warning",
  scope: "component",
  check({ text, analysis, costs, phases, settings, only, report }) {
    for (const pipeline of analysis.model.pipelines) {
      const cost = forPipeline(costs, pipeline);
      const audios: { audio: StageSymbol; over: StageSymbol[] }[] = [];
      for (const audio of pipeline.stageList) {
        const over = audio.kind === "audio" && (!only || only.has(audio)) ? overStages(audio) : [];
        if (over.length > 0) audios.push({ audio, over });
      }
      if (!cost || audios.length === 0) continue;
      const phase = cost.phase;
      const other: Phase = phase === "draft" ? "final" : "draft";
      // Seconds of video flowing out of each stage, per phase, as the estimate followed them.
      const phased = forPipeline(phases, pipeline);
      if (!phased) continue;
      const lengths = { draft: phased.draft.flow.seconds, final: phased.final.flow.seconds };
      const regenerated = phased.regenerated;
      for (const { audio, over } of audios) {
        const covered = (p: Phase) => total(over.map((s) => lengths[p].get(s)));
        const here = covered(phase);
        const there = covered(other);
        // A take the final does not generate again is the draft's: it must cover the clips of both phases.
        const reused = !regenerated?.has(audio);
        const needed = reused ? (here === undefined || there === undefined ? undefined : Math.max(here, there)) : here;
        const seconds = setting(audio, "duration", "duration", phase)?.seconds;
        const model = audio.phaseModels[phase];
        const stageCost = cost.stages.get(audio);
        if (here === undefined || needed === undefined || seconds === undefined || !model || !stageCost?.unit || !("usd" in stageCost.unit)) continue;
        const target = fitted(needed, model);
        if (target === undefined || target >= seconds - 1e-9) continue;
        const value = secondsText(target);
        if (!/^\d+(\.\d+)?$/.test(value)) continue; // a length too large to write as a duration literal
        // Priced as the estimate prices it: per-character and per-generation models cost the same at any length.
        const words = setting(audio, "text", "string", phase)?.value;
        const shorter = priceAudio(model, { characters: words === undefined ? undefined : [...words].length, seconds: Number(value) });
        if (!("usd" in shorter)) continue;
        const saving = (stageCost.unit.usd - shorter.usd) * stageCost.generations;
        if (saving <= 1e-9) continue;

        let edits: TextEdit[] | undefined;
        if (reused) edits = setDuration(text, audio, `${value}s`, ["draft", "final"]);
        else {
          // The other phase's own take: its length, cut to what it covers.
          const otherSeconds = setting(audio, "duration", "duration", other)?.seconds;
          const otherTarget = there === undefined ? undefined : fitted(there, audio.phaseModels[other]);
          const otherWants = otherSeconds === undefined ? undefined : Math.min(otherSeconds, otherTarget ?? Infinity);
          edits = setForPhase(text, audio, `${value}s`, phase, otherWants === undefined ? undefined : `${secondsText(otherWants)}s`);
        }
        const fix: Fix | undefined = edits && { title: `Make \`${audio.name}\` ${value}s`, edits };

        const kind = kindWords[setting(audio, "kind", "word", phase)?.text ?? ""] ?? "audio";
        const names = over.map((s) => `\`${s.name}\``).join(", ");
        const both = reused && there! > here + 1e-9 ? ` in the ${phase} and ${round(there!)}s in the ${other}, one take for both` : "";
        const times = stageCost.generations > 1 ? ` in each of ${stageCost.generations} generations` : "";
        const accepted = target > needed + 1e-9 ? `, the shortest \`${model.id}\` length that covers it` : "";
        report({
          message: `\`${audio.name}\` is ${round(seconds)}s of ${kind} over ${round(here)}s of video (${names})${both}: ${round(seconds - needed)}s are generated for nothing${times} (${formatAmount(saving, settings)}); make it ${value}s${accepted}`,
          span: stageSettingSpan(audio, "duration"),
          fixes: fix ? [fix] : [],
          stage: audio,
        });
      }
    }
  },
};
