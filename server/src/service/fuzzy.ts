// Fuzzy matching of names, for workspace symbols: the query's characters must appear in the name in order
// (case ignored). Among the ways they can appear, the best scoring is taken: a match at the start of the
// name, at the start of a word (after `_`, `-`, `.`, a space, or a lower-case letter before a capital) or
// right after the previous match scores more, so `hero` ranks `hero` and `hero_wide` above `superhero`,
// and `sv` finds `shot_vertical` before `haystack_value`.

/** Characters past this many in a name are not searched (no name is that long in practice). */
const MAX_NAME = 256;

const START = 8;
const WORD = 6;
const NEXT = 4;
const SAME_CASE = 1;
const GAP = 1;

/** The two rows of the scoring table, reused by every call (names are at most MAX_NAME long). */
const rowA = new Float64Array(MAX_NAME);
const rowB = new Float64Array(MAX_NAME);

const separators = new Set(["_", "-", ".", " ", "/"]);

/** Whether a match at `i` starts a word of `name`. */
function wordStart(name: string, i: number): boolean {
  if (i === 0) return true;
  const before = name[i - 1];
  if (separators.has(before)) return true;
  const c = name[i];
  return c !== c.toLowerCase() && before === before.toLowerCase() && before !== before.toUpperCase();
}

/**
 * How well `query` matches `name`: undefined when its characters are not all in the name in order, else a
 * score, higher for better (the empty query matches everything with 0). Exact and prefix matches get a bonus.
 */
export function fuzzyScore(query: string, name: string): number | undefined {
  if (query.length === 0) return 0;
  if (query.length > name.length || name.length > MAX_NAME) return undefined;
  const q = query.toLowerCase();
  const n = name.toLowerCase();
  // A letter whose lower case is longer (`İ`): compare the lower-cased texts alone, without the case bonuses.
  if (q.length !== query.length || n.length !== name.length) {
    if (q.length > n.length || n.length > MAX_NAME) return undefined;
    [query, name] = [q, n];
  }
  // A quick subsequence test first: most names do not match at all.
  for (let i = 0, j = 0; ; j++) {
    if (i === q.length) break;
    if (j === n.length) return undefined;
    if (n[j] === q[i]) i++;
  }
  // previous[j] / current[j]: the best score of the query so far with its last character matched at name[j].
  let previous = rowA;
  let current = rowB;
  for (let i = 0; i < q.length; i++) {
    let bestBefore = -Infinity; // the best of previous[0 .. j-2]
    for (let j = 0; j < n.length; j++) {
      if (i > 0 && j >= 2) bestBefore = Math.max(bestBefore, previous[j - 2]);
      current[j] = -Infinity;
      if (j < i || n[j] !== q[i]) continue;
      const bonus = 1 + (j === 0 ? START : wordStart(name, j) ? WORD : 0) + (name[j] === query[i] ? SAME_CASE : 0);
      if (i === 0) current[j] = bonus - (j > 0 ? GAP : 0);
      else current[j] = bonus + Math.max(j >= 1 ? previous[j - 1] + NEXT : -Infinity, bestBefore - GAP);
    }
    [previous, current] = [current, previous];
  }
  let score = -Infinity;
  for (let j = 0; j < n.length; j++) score = Math.max(score, previous[j]);
  if (n === q) score += 20;
  else if (n.startsWith(q)) score += 10;
  return score;
}

/** The items whose name matches `query`, best first (then shorter names, then by name, then as given), at most `limit`. */
export function fuzzyFilter<T>(query: string, items: Iterable<T>, nameOf: (item: T) => string, limit: number): T[] {
  type Scored = { item: T; score: number; name: string; order: number };
  const better = (a: Scored, b: Scored) =>
    a.score !== b.score ? a.score > b.score : a.name.length !== b.name.length ? a.name.length < b.name.length : a.name !== b.name ? a.name < b.name : a.order < b.order;
  // The best `limit` so far, in a heap with the worst of them on top: a query matching a million names sorts only `limit`.
  const heap: Scored[] = [];
  const swap = (i: number, j: number) => ([heap[i], heap[j]] = [heap[j], heap[i]]);
  const up = (i: number) => {
    for (let parent = (i - 1) >> 1; i > 0 && better(heap[parent], heap[i]); i = parent, parent = (i - 1) >> 1) swap(i, parent);
  };
  const down = (i: number) => {
    for (;;) {
      let worst = i;
      for (const child of [2 * i + 1, 2 * i + 2]) if (child < heap.length && better(heap[worst], heap[child])) worst = child;
      if (worst === i) return;
      swap(i, worst);
      i = worst;
    }
  };
  const trimmed = query.replace(/\s+/g, ""); // names have no spaces worth typing
  let order = 0;
  for (const item of items) {
    const name = nameOf(item);
    const score = fuzzyScore(trimmed, name);
    if (score === undefined || limit <= 0) continue;
    const scored = { item, score, name, order: order++ };
    if (heap.length < limit) {
      heap.push(scored);
      up(heap.length - 1);
    } else if (better(scored, heap[0])) {
      heap[0] = scored;
      down(0);
    }
  }
  return heap.sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0)).map((s) => s.item);
}
