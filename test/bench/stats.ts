// Timing helpers: samples in milliseconds, their median and 95th percentile, and how many to take.
import { performance } from "perf_hooks";

export interface Timing {
  /** How many samples. */
  n: number;
  median: number;
  p95: number;
}

/** Nearest-rank median and 95th percentile (with fewer than 20 samples, the p95 is the largest). */
export function summarize(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * q) - 1))];
  return { n: sorted.length, median: sorted.length === 0 ? NaN : at(0.5), p95: sorted.length === 0 ? NaN : at(0.95) };
}

export interface Effort {
  /** Samples to take when time allows. */
  iterations: number;
  /** Samples to take whatever the time… */
  minimum?: number;
  /** …once this many milliseconds have passed. */
  budgetMs?: number;
  /** Past this many milliseconds, one sample is enough: for a request that takes seconds. */
  capMs?: number;
  /** Untimed runs first, for the JIT: this many, or fewer once they have taken a second. */
  warmup?: number;
}

/** Runs `run` untimed, as `effort.warmup` says. */
export async function warmUp(run: (i: number) => unknown, effort: Effort): Promise<void> {
  const started = performance.now();
  for (let i = 0; i < (effort.warmup ?? 3) && (i === 0 || performance.now() - started < 1000); i++) await run(-1 - i);
}

/** A function that says whether to take another sample (and counts it): `iterations` not reached, time not spent. */
export function sampler(effort: Effort): () => boolean {
  const started = performance.now();
  let taken = 0;
  return () => {
    const elapsed = performance.now() - started;
    const more =
      taken < effort.iterations &&
      !(taken >= 1 && elapsed > (effort.capMs ?? Infinity)) &&
      (taken < (effort.minimum ?? 1) || elapsed <= (effort.budgetMs ?? Infinity));
    if (more) taken++;
    return more;
  };
}

/** Times `run` on what `prepare` makes (not timed). */
export function timeSync<T>(run: (input: T) => unknown, prepare: (i: number) => T, effort: Effort): Timing {
  const started = performance.now();
  for (let i = 0; i < (effort.warmup ?? 3) && (i === 0 || performance.now() - started < 1000); i++) run(prepare(-1 - i));
  const samples: number[] = [];
  for (const more = sampler(effort); more(); ) {
    const input = prepare(samples.length);
    const start = performance.now();
    run(input);
    samples.push(performance.now() - start);
  }
  return summarize(samples);
}

/** The same for something asynchronous: `run` resolves when the measured thing is done. */
export async function timeAsync(run: (i: number) => Promise<unknown>, effort: Effort): Promise<Timing> {
  await warmUp(run, effort);
  const samples: number[] = [];
  for (const more = sampler(effort); more(); ) {
    const start = performance.now();
    await run(samples.length);
    samples.push(performance.now() - start);
  }
  return summarize(samples);
}
