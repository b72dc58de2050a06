// Today's date as the core is told it: the local calendar day, or `GEN_TODAY` when set to a date
// (`2026-11-30`), so a run can be reproduced on another day. The core never reads the clock itself.
import { isCalendarDate } from "../catalog/dates";

export function today(env: Record<string, string | undefined> = process.env, now: Date = new Date()): string {
  const fixed = env.GEN_TODAY;
  if (fixed !== undefined && isCalendarDate(fixed)) return fixed;
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
