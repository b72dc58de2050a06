// The shortest edit script between two sequences (Myers' O(ND) algorithm): lines for the
// unified diff of `--dry-run`, lines then characters to find the bytes a rewrite keeps.

export type Op = { kind: " " | "-" | "+"; line: string };

/** The shortest edit script from `a` to `b`, or undefined past `maxD` differences. Memory O(D²). */
function myers(a: string[], b: string[], maxD: number): Op[] | undefined {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let x = 0;
  let y = 0;
  search: for (let d = 0; d <= max; d++) {
    if (d > maxD) return undefined;
    trace.push(v.slice(offset - d, offset + d + 1));
    for (let k = -d; k <= d; k += 2) {
      x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) break search;
    }
  }
  const ops: Op[] = [];
  for (let d = trace.length - 1; d > 0; d--) {
    const previous = trace[d];
    const at = (k: number) => previous[k + d];
    const k = x - y;
    const fromK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const fromX = at(fromK);
    const fromY = fromX - fromK;
    for (; x > fromX && y > fromY; x--, y--) ops.push({ kind: " ", line: a[x - 1] });
    ops.push(fromK === k + 1 ? { kind: "+", line: b[y - 1] } : { kind: "-", line: a[x - 1] });
    x = fromX;
    y = fromY;
  }
  for (; x > 0 && y > 0; x--, y--) ops.push({ kind: " ", line: a[x - 1] });
  return ops.reverse();
}

/** The edit script from `a` to `b`: common ends first, then Myers on the rest; undefined past `maxD` differences. */
export function diffSequences(a: string[], b: string[], maxD = Infinity): Op[] | undefined {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
  const middle = myers(a.slice(start, a.length - end), b.slice(start, b.length - end), maxD);
  if (!middle) return undefined;
  const same = (lines: string[]) => lines.map((line): Op => ({ kind: " ", line }));
  return [...same(a.slice(0, start)), ...middle, ...same(a.slice(a.length - end))];
}

/** Splits text into lines that keep their "\n", so a missing final newline is a difference too. */
export function splitLines(text: string): string[] {
  const lines = text.split(/(?<=\n)/);
  return lines.length === 1 && lines[0] === "" ? [] : lines;
}

/**
 * An edit script from `a` to `b` for long sequences with many scattered changes, in about n·log n:
 * lines that occur once in each are anchors (patience diff: the longest run of them in the same
 * order is kept), and the stretches between anchors are compared the same way, then by Myers when
 * they hold no anchor. Undefined when a stretch without anchors needs more than `maxD` steps.
 */
export function diffAnchored(a: string[], b: string[], maxD: number, depth = 0): Op[] | undefined {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
  const same = (lines: string[]) => lines.map((line): Op => ({ kind: " ", line }));
  const oldMiddle = a.slice(start, a.length - end);
  const newMiddle = b.slice(start, b.length - end);
  const anchors = depth < 64 ? uniqueCommon(oldMiddle, newMiddle) : [];
  let middle: Op[] | undefined = [];
  if (anchors.length === 0) {
    middle = myers(oldMiddle, newMiddle, maxD);
  } else {
    let [i, j] = [0, 0];
    for (const [x, y] of [...anchors, [oldMiddle.length, newMiddle.length]]) {
      const between = diffAnchored(oldMiddle.slice(i, x), newMiddle.slice(j, y), maxD, depth + 1);
      if (!between) return undefined;
      for (const op of between) middle.push(op); // a spread could pass more arguments than a call takes
      if (x < oldMiddle.length) middle.push({ kind: " ", line: oldMiddle[x] });
      [i, j] = [x + 1, y + 1];
    }
  }
  return middle && [...same(a.slice(0, start)), ...middle, ...same(a.slice(a.length - end))];
}

/** Pairs [i, j] of lines that occur once in `a` and once in `b`, a[i] === b[j], the longest run of them in the same order. */
function uniqueCommon(a: string[], b: string[]): [number, number][] {
  const count = (lines: string[]) => {
    const seen = new Map<string, number>();
    lines.forEach((line, i) => seen.set(line, seen.has(line) ? -1 : i));
    return seen;
  };
  const inA = count(a);
  const inB = count(b);
  const pairs: [number, number][] = [];
  for (const [line, i] of inA) {
    const j = inB.get(line);
    if (i >= 0 && j !== undefined && j >= 0) pairs.push([i, j]);
  }
  pairs.sort((p, q) => p[0] - q[0]);
  // Longest increasing subsequence of the b-indices (patience sorting).
  const tails: number[] = [];
  const previous = new Int32Array(pairs.length).fill(-1);
  for (let k = 0; k < pairs.length; k++) {
    let [low, high] = [0, tails.length];
    while (low < high) {
      const mid = (low + high) >> 1;
      if (pairs[tails[mid]][1] < pairs[k][1]) low = mid + 1;
      else high = mid;
    }
    if (low > 0) previous[k] = tails[low - 1];
    tails[low] = k;
  }
  const run: [number, number][] = [];
  for (let k = tails.length ? tails[tails.length - 1] : -1; k >= 0; k = previous[k]) run.push(pairs[k]);
  return run.reverse();
}
