// Don't generate what you'll replace: no native audio on a video whose soundtrack an audio stage replaces.
import type { StageSymbol } from "../analysis/model";
import { nativeAudio } from "../cost/estimate";
import { setProperty } from "./edits";
import type { Rule } from "./rule";

/** The video stages whose soundtrack `over:` replaces, following upscales and reframes back to the video. */
function replacedVideos(stage: StageSymbol): StageSymbol[] {
  const over = stage.inputs.find((edge) => edge.property === "over")?.from;
  const seen = new Set<StageSymbol>();
  for (let current = over; current && !seen.has(current); current = current.inputs.find((e) => e.property === "from")?.from) {
    seen.add(current);
    if (current.kind === "video") return [current];
  }
  return [];
}

export const noReplacedAudio: Rule = {
  id: "no-replaced-audio",
  principle: "Don't generate what you'll replace",
  description: "A video generates native audio, and an `audio` stage replaces its soundtrack with `over:`.",
  defaultSeverity: "warning",
  check({ text, analysis, report }) {
    for (const pipeline of analysis.model.pipelines) {
      const reported = new Set<StageSymbol>();
      for (const audio of pipeline.stageList.filter((s) => s.kind === "audio")) {
        for (const video of replacedVideos(audio)) {
          if (reported.has(video) || !nativeAudio(video)) continue;
          reported.add(video);
          const written = video.settings.get("audio");
          const how = written && !written.preset ? "`audio: on`" : `\`${video.model?.id}\` makes audio by default`;
          const canTurnOff = video.model?.nativeAudio !== "always";
          const edit = canTurnOff ? setProperty(text, video.decl, "audio", "off") : undefined;
          report({
            message: `\`${video.name}\` generates native audio (${how}), but \`${audio.name}\` replaces its soundtrack${canTurnOff ? "" : `; \`${video.model?.id}\` cannot turn it off: pick a model that can`}`,
            span: written && !written.preset ? written.value.span : video.decl.name?.span ?? video.decl.kind.span,
            fixes: edit ? [{ title: "Disable native audio", edits: [edit] }] : [],
          });
        }
      }
    }
  },
};
