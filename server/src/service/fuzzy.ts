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
  // A quick subsequence test first: most names do not match at all.
  for (let i = 0, j = 0; ; j++) {
    if (i === q.length) break;
    if (j === n.length) return undefined;
    if (n[j] === q[i]) i++;
  }
  // best[j]: the best score of the query so far with its last character matched at name[j].
  let previous = new Array<number>(n.length).fill(-Infinity);
  for (let i = 0; i < q.length; i++) {
    const current = new Array<number>(n.length).fill(-Infinity);
    let bestBefore = -Infinity; // the best of previous[0 .. j-2]
    for (let j = i; j < n.length; j++) {
      if (j >= 2) bestBefore = Math.max(bestBefore, previous[j - 2]);
      if (n[j] !== q[i]) continue;
      const bonus = 1 + (j === 0 ? START : wordStart(name, j) ? WORD : 0) + (name[j] === query[i] ? SAME_CASE : 0);
      if (i === 0) {
        current[j] = bonus - (j > 0 ? GAP : 0);
        continue;
      }
      const adjacent = j >= 1 ? previous[j - 1] + NEXT : -Infinity;
      current[j] = bonus + Math.max(adjacent, bestBefore - GAP);
    }
    previous = current;
  }
  let score = Math.max(...previous);
  if (n === q) score += 20;
  else if (n.startsWith(q)) score += 10;
  return score;
}

/** The items whose name matches `query`, best first (then shorter names, then by name), at most `limit`. */
export function fuzzyFilter<T>(query: string, items: Iterable<T>, nameOf: (item: T) => string, limit: number): T[] {
  const scored: { item: T; score: number; name: string }[] = [];
  const trimmed = query.replace(/\s+/g, ""); // names have no spaces worth typing
  for (const item of items) {
    const name = nameOf(item);
    const score = fuzzyScore(trimmed, name);
    if (score !== undefined) scored.push({ item, score, name });
  }
  scored.sort((a, b) => b.score - a.score || a.name.length - b.name.length || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return scored.slice(0, limit).map((s) => s.item);
}
