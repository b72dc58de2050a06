// Don't generate what you'll replace: no native audio on a video whose soundtrack an audio stage replaces.
import type { StageSymbol } from "../analysis/model";
import { nativeAudio } from "../cost/estimate";
import { setInCurrentPhase } from "./support";
import type { Rule } from "./rule";

/**
 * The video stages whose soundtrack an audio stage replaces: each stage of its `over:` list, followed
 * back through upscales, reframes (`from:`) and sequences (`clips:`) to the videos that made the pixels.
 */
function replacedVideos(stage: StageSymbol): StageSymbol[] {
  const videos: StageSymbol[] = [];
  const seen = new Set<StageSymbol>();
  const queue = stage.inputs.filter((edge) => edge.property === "over").map((edge) => edge.from);
  while (queue.length > 0) {
    const current = queue.shift()!;
    if (seen.has(current)) continue;
    seen.add(current);
    if (current.kind === "video") videos.push(current);
    const next = current.kind === "sequence" ? "clips" : current.kind === "upscale" || current.kind === "reframe" ? "from" : undefined;
    for (const edge of current.inputs) if (edge.property === next) queue.push(edge.from);
  }
  return videos;
}

export const noReplacedAudio: Rule = {
  id: "no-replaced-audio",
  principle: "Don't generate what you'll replace",
  description: "A video generates native audio, and an `audio` stage replaces its soundtrack with `over:` (directly, or through an upscale, a reframe or a sequence).",
  defaultSeverity: "warning",
  scope: "component",
  check({ text, analysis, only, report }) {
    for (const pipeline of analysis.model.pipelines) {
      const reported = new Set<StageSymbol>();
      for (const audio of pipeline.stageList.filter((s) => s.kind === "audio" && (!only || only.has(s)))) {
        for (const video of replacedVideos(audio)) {
          if (reported.has(video) || !nativeAudio(video)) continue;
          reported.add(video);
          const written = video.settings.get("audio");
          const how = written && !written.preset ? "`audio: on`" : `\`${video.model?.id}\` makes audio by default`;
          const canTurnOff = video.model?.nativeAudio !== "always";
          const edit = canTurnOff ? setInCurrentPhase(text, video, "audio", "off") : undefined;
          report({
            message: `\`${video.name}\` generates native audio (${how}), but \`${audio.name}\` replaces its soundtrack${canTurnOff ? "" : `; \`${video.model?.id}\` cannot turn it off: pick a model that can`}`,
            span: written && !written.preset ? written.value.span : video.decl.name?.span ?? video.decl.kind.span,
            fixes: edit ? [{ title: "Disable native audio", edits: [edit] }] : [],
            stage: audio,
          });
        }
      }
    }
  },
};
