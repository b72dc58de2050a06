// A stage's price, as arithmetic a person can check: the unit price and what it is billed for (the
// price module's own words), × the generations (runs × versions × retries), = the total, and where the
// price comes from. `gen cost --explain` prints it under each stage.
import type { StageSymbol } from "../analysis/model";
import { provenanceWithHosts } from "../catalog/provenance";
import type { StageCost } from "./estimate";
import { CostSettings, formatCredits, formatUsd } from "./format";
import { money } from "./price";

export interface StageExplanation {
  /** "$0.1/s at 1080p, 8s at 1080p: $0.80 × 2 versions = $1.60 = 160 credits", or why there is no price. */
  arithmetic: string;
  /** "first-party price, 2026-07-09 (ai.google.dev)"; absent for a stage without a catalog model. */
  source?: string;
}

/** Whole cents as `$1.60`, anything finer as the price module writes it (`$0.0045`). */
const dollars = (usd: number) => (Math.abs(usd * 100 - Math.round(usd * 100)) < 1e-9 ? formatUsd(usd) : money(usd));

const times = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The factors of the generations billed: "3 runs × 2 versions × (1 + 1 retry)"; nothing for one. */
function generationFactors(cost: StageCost): string[] {
  const factors: string[] = [];
  if (cost.runs > 1) factors.push(times(cost.runs, "run", "runs"));
  if (cost.count > 1) factors.push(times(cost.count, "version", "versions"));
  if (cost.retries > 0) factors.push(`(1 + ${times(cost.retries, "retry", "retries")})`);
  return factors;
}

export function explainStage(stage: StageSymbol, cost: StageCost, settings: CostSettings): StageExplanation {
  if (stage.kind === "keyframe") return { arithmetic: "free: a keyframe selects a still" };
  if (stage.kind === "sequence") return { arithmetic: "free: a sequence joins its clips" };
  const unit = cost.unit;
  if (!unit) return { arithmetic: "no price: unknown stage kind" };
  const source = stage.model ? { source: provenanceWithHosts(stage.model) } : {};
  if ("missing" in unit) return { arithmetic: `no price: ${unit.missing}`, ...source };
  const factors = generationFactors(cost);
  const total = `${dollars(cost.usd)}${settings.display === "credits" ? ` = ${formatCredits(cost.usd, settings)}` : ""}`;
  // One image, clip or generation is the unit itself; otherwise the unit price × how much is billed,
  // without the resolution the price already names ("$0.1/s at 1080p × 8s").
  const one = /^1 (image|generation)\b/.test(unit.quantity) || /per \d+(\.\d+)?s clip/.test(unit.basis);
  const at = / at [^\s,()]+/.exec(unit.quantity)?.[0];
  const quantity = at && unit.basis.includes(at) ? unit.quantity.replace(at, "") : unit.quantity;
  const each = one ? unit.basis : `${unit.basis} × ${quantity}`;
  if (!factors.length) return { arithmetic: `${each} = ${total}`, ...source };
  return { arithmetic: `${each}${one ? "" : ` = ${dollars(unit.usd)}`} × ${factors.join(" × ")} = ${total}`, ...source };
}
