// When a change drops bytes that are not UTF-8, which ones it drops is read off an alignment of
// the old and new texts, where every such sequence is the same U+FFFD. Another alignment just as
// short may keep other bytes: deleting the first or the second of two U+FFFD in a row reads the
// same. Then the texts cannot say which bytes the change meant to keep, and the file is not
// rewritten. (The new text holds no U+FFFD here: editBytes refuses that case before.)
import type { Edit, Hunk } from "./byteEdits";

/** A region's alignment is checked exactly (O(n·m) time and memory) up to this many cells, all regions up to the total. */
const MAX_CELLS = 4_000_000;
const MAX_TOTAL_CELLS = 40_000_000;
const REPLACEMENT = Buffer.from("\uFFFD", "utf8").toString("hex");

/** The hunks widened to whole lines, those that then share a line merged. */
function wholeLines(hunks: Hunk[], text: string): Hunk[] {
  const merged: Hunk[] = [];
  for (const hunk of hunks) {
    const start = hunk.start === 0 ? 0 : text.lastIndexOf("\n", hunk.start - 1) + 1;
    const newline = text.indexOf("\n", Math.max(hunk.end - 1, hunk.start));
    const end = newline < 0 ? text.length : newline + 1;
    const last = merged[merged.length - 1];
    if (last && start < last.end) {
      last.end = Math.max(last.end, end);
      for (const edit of hunk.edits) last.edits.push(edit);
    } else merged.push({ start, end, edits: [...hunk.edits] });
  }
  return merged;
}

/**
 * Whether, among the longest common subsequences of a region's old and new code points, a U+FFFD
 * of the new text may stand for different bytes (it matches U+FFFD of other bytes, or none and is
 * written as U+FFFD), or `matched` (what this alignment keeps) is not among the longest.
 */
function regionAmbiguous(a: string[], b: string[], matched: number, bytesOf: (i: number) => string): boolean {
  const n = a.length;
  const m = b.length;
  const w = m + 1;
  // forward[i·w + j]: LCS of a[0, i) and b[0, j); backward[i·w + j]: of a[i, n) and b[j, m).
  const forward = new Uint16Array((n + 1) * w);
  const backward = new Uint16Array((n + 1) * w);
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      forward[i * w + j] = a[i - 1] === b[j - 1] ? forward[(i - 1) * w + j - 1] + 1 : Math.max(forward[(i - 1) * w + j], forward[i * w + j - 1]);
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      backward[i * w + j] = a[i] === b[j] ? backward[(i + 1) * w + j + 1] + 1 : Math.max(backward[(i + 1) * w + j], backward[i * w + j + 1]);
    }
  }
  const longest = forward[n * w + m];
  if (matched !== longest) return true;
  for (let j = 0; j < m; j++) {
    if (b[j] !== "\uFFFD") continue;
    const bytes = new Set<string>();
    for (let i = 0; i < n; i++) {
      if (a[i] === "\uFFFD" && forward[i * w + j] + 1 + backward[(i + 1) * w + j + 1] === longest) bytes.add(bytesOf(i));
    }
    for (let i = 0; i <= n; i++) {
      if (forward[i * w + j] + backward[i * w + j + 1] === longest) {
        bytes.add(REPLACEMENT);
        break;
      }
    }
    if (bytes.size > 1) return true;
  }
  return false;
}

/**
 * Whether a line of the new text reads the same as two lines of the old text that differ in their
 * bytes: which of them it is, the texts cannot say once lines around them change.
 */
function twinLines(before: string, after: string, bytesOf: (start: number, end: number) => string): boolean {
  const versions = new Map<string, Set<string>>();
  for (let start = 0; start < before.length; ) {
    const newline = before.indexOf("\n", start);
    const end = newline < 0 ? before.length : newline + 1;
    const line = before.slice(start, end);
    if (line.includes("\uFFFD")) versions.set(line, (versions.get(line) ?? new Set()).add(bytesOf(start, end)));
    start = end;
  }
  const twins = new Set([...versions].filter(([, bytes]) => bytes.size > 1).map(([line]) => line));
  return twins.size > 0 && after.split(/(?<=\n)/).some((line) => twins.has(line));
}

/**
 * Whether another alignment as good as the one `hunks` make would keep other bytes that are not
 * UTF-8. Alignments are compared by their number of changed runs, then of characters changed.
 * Each edit may slide along repeated text (the second of two equal lines); within the whole lines
 * a stretch of changes touches, several edits may align otherwise: checked exactly among the
 * longest common subsequences, or, where the lines are long, refused as soon as bytes of more than
 * one kind are there; and a line may stand for either of two old lines that read the same.
 */
export function ambiguous(hunks: Hunk[], before: string, after: string, body: Buffer, offsets: Int32Array): boolean {
  const bytesAt = (unit: number) => body.subarray(offsets[unit], offsets[unit + 1]).toString("hex");
  let budget = MAX_TOTAL_CELLS;
  const region = ({ start, end, edits }: Hunk): boolean => {
    // One edit: an alignment with one changed run is this one or a slide of it (checked below);
    // fixes change in few runs, so alignments with more runs but fewer characters changed are not taken.
    if (edits.length === 1) return false;
    let after = "";
    let dropped = 0;
    let from = start;
    for (const edit of edits) {
      after += before.slice(from, edit.start) + edit.text;
      dropped += Array.from(before.slice(edit.start, edit.end)).length;
      from = edit.end;
    }
    after += before.slice(from, end);
    const a = Array.from(before.slice(start, end));
    const b = Array.from(after);
    if (!b.includes("\uFFFD")) return false; // every such byte here is dropped: no choice
    const cells = (a.length + 1) * (b.length + 1);
    if (cells <= MAX_CELLS && cells <= budget) {
      budget -= cells;
      const units: number[] = [];
      for (let i = 0, unit = start; i < a.length; unit += a[i].length, i++) units.push(unit);
      return regionAmbiguous(a, b, a.length - dropped, (i) => bytesAt(units[i]));
    }
    const kinds = new Set<string>();
    for (let unit = before.indexOf("\uFFFD", start); unit >= 0 && unit < end; unit = before.indexOf("\uFFFD", unit + 1)) kinds.add(bytesAt(unit));
    return kinds.size > 1;
  };
  const edits = hunks.flatMap((hunk) => hunk.edits);
  const differ = (a: number, b: number) => before.charCodeAt(a) === 0xfffd && bytesAt(a) !== bytesAt(b);
  const slides = ({ start, end, text }: Edit, i: number): boolean => {
    if (start === end) return false;
    const next = i + 1 < edits.length ? edits[i + 1].start : before.length;
    const previous = i > 0 ? edits[i - 1].end : 0;
    // Moved right by j + 1, the edit keeps before[start + j] and drops before[end + j - text.length] instead.
    for (let j = 0; end + j - text.length < next; j++) {
      const kept = start + j;
      const replacing = j < text.length ? text.charCodeAt(j) : before.charCodeAt(end + j - text.length);
      if (before.charCodeAt(kept) !== replacing) break;
      if (j >= text.length && differ(kept, end + j - text.length)) return true;
    }
    // Moved left by j + 1, it keeps before[end - 1 - j] and drops before[start - 1 - (j - text.length)].
    for (let j = 0; start - 1 - (j - text.length) >= previous && end - 1 - j >= 0; j++) {
      const kept = end - 1 - j;
      const replacing = j < text.length ? text.charCodeAt(text.length - 1 - j) : before.charCodeAt(start - 1 - (j - text.length));
      if (before.charCodeAt(kept) !== replacing) break;
      if (j >= text.length && differ(kept, start - 1 - (j - text.length))) return true;
    }
    return false;
  };
  const bytesOf = (start: number, end: number) => body.subarray(offsets[start], offsets[end]).toString("hex");
  return wholeLines(hunks, before).some(region) || edits.some(slides) || twinLines(before, after, bytesOf);
}
