// `gen promote`: the editor's "Promote to final" over files and folders. Each draft
// pipeline switches to `mode: final`, and says what the final makes where no stage does yet.
import { formatAmount } from "../cost/format";
import { finalChange, promoteDocument } from "../service/promote";
import { loadDefaultCatalog } from "../catalog/catalog";
import { plural, printable, red } from "./output";
import { notWrittenNote, rewriteFile } from "./rewrite";
import { workspaceToRewrite } from "./workspace";

export const PROMOTE_HELP = `Usage: gen promote [options] [paths…]

Promotes every draft pipeline in the .gen files under the given files and folders (default: .)
to \`mode: final\`, as the editor's "Promote to final" does. Stages that have no \`final { }\`
block yet get what the final makes, by the credit-conservation principles:
  - a draft video below the delivered resolution is upscaled (a new \`upscale\` stage that what
    read the draft now reads), or, where no upscaler fits, rendered again at it (\`final { }\`);
  - a still that is delivered, or starts a video the final renders again, is regenerated
    natively at the delivered resolution (\`final { resolution: 2k }\`); one that only fed the
    draft is not.
Nothing is lowered. The delivered resolution is the one the brief names ("a 4k poster"), else
1080p for video and 2k for images. Prints what each promotion changes in the final phase's cost.

Options:
  --config <file>   use this gen.config.json instead of the nearest one above each file
  --dry-run         change nothing; print the changes as a unified diff (apply it with \`patch -p1\`)
  -h, --help        show this help

Examples:
  gen promote samples/spring-teaser.gen
      samples/spring-teaser.gen: "spring-teaser" is final: final phase 206.55 → 218.55 credits (+12 credits)
  gen promote --dry-run . > promote.patch

Files are written as by \`gen fix\` (see \`gen fix --help\`): replaced, never rewritten in place,
with every byte the promotion does not change kept.

Exit codes: 0 it ran (whether or not there was something to promote), 1 a file could not be
read or written (it is unchanged), or a gen.config.json has errors (nothing is changed then),
2 bad usage.`;

export function runPromote(values: Record<string, unknown>, paths: string[]): number {
  const dryRun = values["dry-run"] === true;
  // A broken config is replaced by the defaults, whose prices and models may not be the team's.
  const started = workspaceToRewrite("promote", paths, values.config as string | undefined, "its models and prices");
  if (typeof started === "number") return started;
  const { workspace } = started;
  let failed = started.unreadable;

  const lines: string[] = [];
  let promoted = 0;
  let files = 0;
  let notWritten = 0;
  for (const file of workspace.files) {
    const { document } = file;
    let result: ReturnType<typeof promoteDocument>;
    try {
      result = promoteDocument(document, document.options.catalog ?? loadDefaultCatalog());
    } catch (error) {
      console.error(`${red("error")} cannot promote ${printable(file.path)}: internal error, please report it: ${String(error)}`);
      failed = true;
      continue;
    }
    if (result.promotions.length === 0) continue;
    if (!rewriteFile(file.path, document.text, result.text, dryRun, "promote")) {
      notWritten++;
      failed = true;
      continue;
    }
    for (const promotion of result.promotions) {
      const amounts = `${formatAmount(promotion.finalBeforeUsd, document.settings).replace(/ credits?$/, "")} → ${formatAmount(promotion.finalAfterUsd, document.settings)}`;
      const change = finalChange(promotion, document).replace(/^final phase /, "");
      lines.push(`${printable(file.path)}: "${printable(promotion.pipeline)}" is final: final phase ${amounts}${change === "unchanged" ? "" : ` (${change})`}`);
    }
    promoted += result.promotions.length;
    files++;
  }

  if (dryRun && lines.length > 0) console.log("");
  for (const line of lines) console.log(line);
  const verb = dryRun ? "Would promote" : "Promoted";
  const note = notWritten > 0 ? notWrittenNote(notWritten, dryRun) : "";
  if (promoted === 0 && note) console.log(`${verb} nothing: ${note}`);
  else if (promoted === 0) console.log(`Nothing to promote in ${plural(workspace.files.length, "file")}: every pipeline is final`);
  else console.log(`${verb} ${plural(promoted, "pipeline")} in ${plural(files, "file")}${note && `; ${note}`}`);
  return failed ? 1 : 0;
}
