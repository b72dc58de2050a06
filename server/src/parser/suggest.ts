/** Optimal string alignment distance (Levenshtein plus adjacent swaps), for "did you mean". */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array(rows * cols);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[(i - 1) * cols + j] + 1, d[i * cols + j - 1] + 1, d[(i - 1) * cols + j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[(i - 2) * cols + j - 2] + 1);
      d[i * cols + j] = best;
    }
  }
  return d[rows * cols - 1];
}

/** The closest candidate, if it is close enough to be what was meant. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const lower = word.toLowerCase();
  const limit = Math.max(1, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  let bestPrefix = 0;
  for (const candidate of candidates) {
    const c = candidate.toLowerCase();
    if (c === lower) return candidate;
    // Lengths further apart than the limit cannot be within it (once separators are set aside).
    if (Math.abs(c.length - lower.length) > limit && Math.abs(c.replace(/[-_.]/g, "").length - lower.replace(/[-_.]/g, "").length) > 0) continue;
    // Separators are a common slip: `eleven_multilingual_v2` for `eleven-multilingual-v2`.
    const distance = c.replace(/[-_.]/g, "") === lower.replace(/[-_.]/g, "") ? 0.5 : editDistance(lower, c);
    // Among equally close candidates, the one that starts like the word wins: `of` → `off`, not `on`.
    const prefix = commonPrefix(lower, c);
    if (distance < bestDistance || (distance === bestDistance && prefix > bestPrefix)) {
      best = candidate;
      bestDistance = distance;
      bestPrefix = prefix;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/** " (did you mean `x`?)" or nothing. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const match = closest(word, candidates);
  return match ? `; did you mean \`${match}\`?` : "";
}

/** `a`, `b` or `c` */
export function listOf(items: readonly string[], conjunction = "or"): string {
  const quoted = items.map((item) => "`" + item + "`");
  if (quoted.length <= 1) return quoted.join("");
  return quoted.slice(0, -1).join(", ") + ` ${conjunction} ` + quoted[quoted.length - 1];
}

/** "a video", "an image", "an upscale". */
export function withArticle(word: string): string {
  return (/^[aeiou]/i.test(word) ? "an " : "a ") + word;
}
