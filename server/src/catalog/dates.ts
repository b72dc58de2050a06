// What a model's dates mean on a given day: whether it can still be called, and whether its prices
// are old enough to check again. The day is always passed in (the server and the CLI pass today's,
// tests a fixed one), so nothing here depends on the day it runs.
import type { CatalogModel, Lifecycle } from "./catalog";

/** Prices read longer ago than this are worth checking against the provider's page. */
export const FRESH_DAYS = 120;

const DAY_MS = 24 * 60 * 60 * 1000;

/** Days since 1970 of `2026-07-10` (or `2026-07`, its first day); undefined for anything else. */
function dayNumber(date: string): number | undefined {
  const match = /^(\d{4})-(\d\d)(?:-(\d\d))?$/.exec(date);
  if (!match) return undefined;
  const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3] ?? 1));
  return Number.isFinite(ms) ? Math.round(ms / DAY_MS) : undefined;
}

/** Whether `date` is a calendar date as the core is told today's: `2026-11-30`. */
export const isCalendarDate = (date: string) => /^\d{4}-\d\d-\d\d$/.test(date) && dayNumber(date) !== undefined;

/** Whole days from `from` to `to` (negative when `to` is earlier), or undefined when either is not a date. */
export function daysBetween(from: string, to: string): number | undefined {
  const [a, b] = [dayNumber(from), dayNumber(to)];
  return a === undefined || b === undefined ? undefined : b - a;
}

/** A model's lifecycle on `today`, with the date that decides it. */
export interface LifecycleOn {
  lifecycle: Lifecycle;
  /** The provider's shutdown date: past (`retired`) or still to come (`deprecated`). */
  shutdownDate?: string;
  /** The shutdown date has passed on `today`: the model cannot be called. */
  shutDown: boolean;
}

/**
 * A model is retired once its shutdown date has passed, whatever the catalog marked it; before then it
 * keeps the catalog's lifecycle. Without `today` only the catalog's lifecycle counts.
 */
export function lifecycleOn(model: CatalogModel, today?: string): LifecycleOn {
  const shutdownDate = model.shutdownDate;
  const days = shutdownDate && today ? daysBetween(shutdownDate, today) : undefined;
  const shutDown = days !== undefined && days >= 0;
  const lifecycle: Lifecycle = shutDown ? "retired" : model.lifecycle ?? "active";
  return shutdownDate ? { lifecycle, shutdownDate, shutDown } : { lifecycle, shutDown };
}

/** How old a model's prices are on `today`, when older than `FRESH_DAYS`; undefined while fresh or without a date. */
export function stalePrices(model: CatalogModel, today?: string): { asOf: string; days: number } | undefined {
  if (!model.pricesAsOf || !today) return undefined;
  const days = daysBetween(model.pricesAsOf, today);
  return days !== undefined && days > FRESH_DAYS ? { asOf: model.pricesAsOf, days } : undefined;
}
