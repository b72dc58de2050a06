// How amounts read: in credits or in dollars, as the workspace chooses.

export interface CostSettings {
  /** Credits one US dollar buys; 100 makes a credit a cent. */
  creditsPerUsd: number;
  display: "credits" | "usd";
}

export const defaultCostSettings: CostSettings = { creditsPerUsd: 100, display: "credits" };

/** Up to two decimals, trailing zeros dropped: 12, 12.5, 0.04. */
function trim(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  if (rounded === 0 && value > 0) return value.toPrecision(2).replace(/\.?0+$/, "");
  // Written out, never `1e+21`: only a pipeline already in error (past the bound on generations) gets here.
  if (Math.abs(rounded) >= 1e21) return rounded.toLocaleString("en-US", { useGrouping: false, maximumSignificantDigits: 15 });
  return String(rounded);
}

export function formatCredits(usd: number, settings: CostSettings): string {
  const credits = usd * settings.creditsPerUsd;
  return `${trim(credits)} credit${Math.abs(Math.round(credits * 100) / 100) === 1 ? "" : "s"}`;
}

export function formatUsd(usd: number): string {
  if (usd > 0 && usd < 0.01) return `$${usd.toPrecision(2).replace(/\.?0+$/, "")}`;
  if (Math.abs(usd) >= 1e21) return `$${usd.toLocaleString("en-US", { useGrouping: false, maximumSignificantDigits: 15 })}.00`; // toFixed writes 1e+21
  return `$${usd.toFixed(2)}`;
}

/** An amount in the workspace's display unit. */
export function formatAmount(usd: number, settings: CostSettings): string {
  return settings.display === "usd" ? formatUsd(usd) : formatCredits(usd, settings);
}

/** "+40 credits" / "-$0.40" */
export function formatDelta(usd: number, settings: CostSettings): string {
  const sign = usd > 0 ? "+" : usd < 0 ? "-" : "±";
  return sign + formatAmount(Math.abs(usd), settings);
}

/** "372 of 496 credits" / "$3.72 of $4.96" */
export function formatPart(part: number, whole: number, settings: CostSettings): string {
  if (settings.display === "usd") return `${formatUsd(part)} of ${formatUsd(whole)}`;
  return `${trim(part * settings.creditsPerUsd)} of ${formatCredits(whole, settings)}`;
}
