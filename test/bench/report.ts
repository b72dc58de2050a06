// The bench's one table, and the same rows as JSON for tools (and for the smoke test).
import * as fs from "fs";
import * as path from "path";

export type Unit = "ms" | "MB/s" | "MB" | "KB" | "x";

export interface Target {
  /** As the table shows it: "< 30 ms median". */
  text: string;
  stat: "median" | "p95" | "value" | "ratio";
  /** Met when the stat is below this (at most, for a ratio). */
  max: number;
}

export interface Row {
  /** Stable across runs and sizes: what the measurement is, e.g. `protocol.typing`. */
  id: string;
  /** As the table shows it. */
  label: string;
  corpus?: string;
  /** What was measured on: "1,000 stages (96 KB)". */
  size?: string;
  stages?: number;
  bytes?: number;
  /** Samples behind median and p95. */
  n?: number;
  unit: Unit;
  median?: number;
  p95?: number;
  /** For a row that is one number (a size, a rate, a ratio); null when it cannot be measured here. */
  value?: number | null;
  /** The times behind a rate. */
  ms?: { median: number; p95: number };
  /** The whole check's time over JSON.parse's, for the same data. */
  ratio?: number;
  target?: Target;
  /** Whether the target is met; null when there is none, or in a `--quick` run (the sizes are not the target's). */
  met: boolean | null;
  note?: string;
}

/** The row with its target judged (never in a quick run: its sizes are not the ones the targets are for). */
export function judged(row: Omit<Row, "met">, quick: boolean): Row {
  const target = row.target;
  if (!target || quick) return { ...row, met: null };
  const actual = row[target.stat];
  return { ...row, met: typeof actual === "number" && Number.isFinite(actual) ? actual <= target.max : null };
}

function number(value: number, unit: Unit): string {
  if (unit === "x") return `${value.toFixed(value < 10 ? 1 : 0)}×`;
  const digits = value < 1 ? 2 : value < 10 ? 1 : 0;
  const text = value.toLocaleString("en", { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return `${text} ${unit}`;
}

const show = (value: number | null | undefined, unit: Unit) => (value === undefined ? "" : value === null || !Number.isFinite(value) ? "n/a" : number(value, unit));

export function formatTable(rows: Row[], quick: boolean): string {
  const header = ["measurement", "corpus", "size", "n", "median", "p95", "target", "met?", "note"];
  const cells = rows.map((row) => [
    row.label,
    row.corpus ?? "",
    row.size ?? "",
    row.n === undefined ? "" : String(row.n),
    row.value !== undefined ? show(row.value, row.unit) : show(row.median, row.unit),
    show(row.p95, row.unit),
    row.target?.text ?? "",
    row.target ? (quick ? "(quick)" : row.met === null ? "n/a" : row.met ? "yes" : "no") : "",
    row.note ?? "",
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const right = new Set([3, 4, 5]);
  const line = (c: string[]) => `| ${c.map((text, i) => (right.has(i) ? text.padStart(widths[i]) : text.padEnd(widths[i]))).join(" | ")} |`;
  const rule = `|${widths.map((w, i) => (right.has(i) ? `${"-".repeat(w + 1)}:` : "-".repeat(w + 2))).join("|")}|`;
  return [line(header), rule, ...cells.map(line)].join("\n");
}

export function writeJson(file: string, document: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(document, null, 2) + "\n");
}
