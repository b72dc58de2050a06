// A rewrite edits the file's bytes, not its decoded text. The core works on a JS string in
// which every byte sequence that is not UTF-8 reads as U+FFFD; writing that string back would
// turn a Latin-1 `é` in a comment into U+FFFD. So the change from the checked text to the new
// one is found as edits (lines, then characters), their UTF-16 offsets are mapped back to byte
// offsets of the original, and only the bytes inside the edits are replaced.
import { diffAnchored, diffSequences, Op, splitLines } from "./editScript";
import { ambiguous } from "./keptBytes";

export interface Edit {
  /** UTF-16 offsets in the old text. */
  start: number;
  end: number;
  text: string;
}

/** How far the alignment goes before it takes a changed stretch as one edit (bounds time and memory). */
const MAX_LINE_CHANGES = 2000;
const MAX_ALIGNED_CHARS = 4096;
const MAX_CHAR_CHANGES = 1000;

const isHigh = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLow = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/** The common start and end of two texts, never splitting a surrogate pair. */
function commonEnds(a: string, b: string): { prefix: number; suffix: number } {
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  if (prefix > 0 && isHigh(a.charCodeAt(prefix - 1))) prefix--;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a.charCodeAt(a.length - 1 - suffix) === b.charCodeAt(b.length - 1 - suffix)) suffix++;
  if (suffix > 0 && isLow(a.charCodeAt(a.length - suffix))) suffix--;
  return { prefix, suffix };
}

/**
 * The changed stretches turning `a` (at `at` in the old text) into `b`: their common ends kept, the
 * rest aligned on `tokens` when the edit script has at most `maxD` steps, else one stretch.
 */
function align(a: string, b: string, at: number, tokens: ((text: string) => string[]) | undefined, maxD: number, diff: (a: string[], b: string[], maxD: number) => Op[] | undefined = diffSequences): Edit[] {
  const { prefix, suffix } = commonEnds(a, b);
  const oldPart = a.slice(prefix, a.length - suffix);
  const newPart = b.slice(prefix, b.length - suffix);
  const start = at + prefix;
  if (oldPart === "" && newPart === "") return [];
  const ops = tokens && oldPart !== "" && newPart !== "" ? diff(tokens(oldPart), tokens(newPart), maxD) : undefined;
  if (!ops) return [{ start, end: start + oldPart.length, text: newPart }];
  // Each run of removed and added tokens is one changed stretch.
  const edits: Edit[] = [];
  let offset = start;
  let removed = "";
  let added = "";
  const flush = () => {
    if (removed !== "" || added !== "") edits.push({ start: offset, end: offset + removed.length, text: added });
    offset += removed.length;
    removed = added = "";
  };
  for (const op of ops) {
    if (op.kind === "-") removed += op.line;
    else if (op.kind === "+") added += op.line;
    else {
      flush();
      offset += op.line.length;
    }
  }
  flush();
  return edits;
}

/** A stretch of changed lines in the old text, with the edits inside it that make its new lines. */
export interface Hunk {
  start: number;
  end: number;
  edits: Edit[];
}

/** The changes from `before` to `after`, sorted and apart: changed lines, narrowed to the characters (code points) that changed. */
function textHunks(before: string, after: string): Hunk[] {
  return align(before, after, 0, splitLines, MAX_LINE_CHANGES, diffAnchored).map(({ start, end, text }) => {
    const old = before.slice(start, end);
    const chars = old.length + text.length <= MAX_ALIGNED_CHARS ? (part: string) => Array.from(part) : undefined;
    return { start, end, edits: align(old, text, start, chars, MAX_CHAR_CHANGES) };
  });
}

/**
 * Where each UTF-16 unit of `text`, the string `body` decodes to, starts in `body` (-1 for the second
 * unit of a surrogate pair; the entry past the end is body.length); undefined when `body` does not
 * decode to `text`. Decodes as the WHATWG UTF-8 decoder, and Node, do: each maximal invalid subpart
 * of a sequence is one U+FFFD.
 */
export function unitOffsets(body: Uint8Array, text: string): Int32Array | undefined {
  const offsets = new Int32Array(text.length + 1);
  let unit = 0;
  let i = 0;
  while (i < body.length) {
    const at = i;
    const lead = body[i++];
    let needed = 0;
    let codePoint = lead;
    let lower = 0x80;
    let upper = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) [needed, codePoint] = [1, lead & 0x1f];
    else if (lead >= 0xe0 && lead <= 0xef) [needed, codePoint, lower, upper] = [2, lead & 0x0f, lead === 0xe0 ? 0xa0 : 0x80, lead === 0xed ? 0x9f : 0xbf];
    else if (lead >= 0xf0 && lead <= 0xf4) [needed, codePoint, lower, upper] = [3, lead & 0x07, lead === 0xf0 ? 0x90 : 0x80, lead === 0xf4 ? 0x8f : 0xbf];
    else if (lead >= 0x80) codePoint = 0xfffd;
    for (; needed > 0; needed--) {
      // A byte that does not continue the sequence ends it as U+FFFD and starts the next one.
      if (i >= body.length || body[i] < lower || body[i] > upper) {
        codePoint = 0xfffd;
        break;
      }
      codePoint = (codePoint << 6) | (body[i++] & 0x3f);
      [lower, upper] = [0x80, 0xbf];
    }
    if (codePoint > 0xffff) {
      const high = 0xd800 + ((codePoint - 0x10000) >> 10);
      const low = 0xdc00 + ((codePoint - 0x10000) & 0x3ff);
      if (text.charCodeAt(unit) !== high || text.charCodeAt(unit + 1) !== low) return undefined;
      offsets[unit++] = at;
      offsets[unit++] = -1;
    } else {
      if (unit >= text.length || text.charCodeAt(unit) !== codePoint) return undefined;
      offsets[unit++] = at;
    }
  }
  if (unit !== text.length) return undefined;
  offsets[unit] = body.length;
  return offsets;
}

/** 1-based line of a UTF-16 offset. */
const lineAt = (text: string, offset: number) => text.slice(0, offset).split("\n").length;

/**
 * The new bytes of a file whose bytes `body` read as `before` and whose new text is `after`: every
 * byte outside the changes kept as it was. `notUtf8Line` (0: anywhere) when the changes drop bytes
 * that are not UTF-8 and the texts cannot say which for sure: the new text writes a U+FFFD (it may
 * stand for the dropped bytes), or another alignment would drop others.
 */
export function editBytes(body: Buffer, before: string, after: string): { bytes: Buffer } | { notUtf8Line: number } {
  if (before === after) return { bytes: body };
  // Valid UTF-8 encodes back to the same bytes: the new text is the new file.
  if (body.equals(Buffer.from(before, "utf8"))) return { bytes: Buffer.from(after, "utf8") };
  const offsets = unitOffsets(body, before);
  if (!offsets) return { notUtf8Line: 0 };
  const hunks = textHunks(before, after);
  const edits = hunks.flatMap((hunk) => hunk.edits);
  const dropsInvalid = edits.find((edit) => !body.subarray(offsets[edit.start], offsets[edit.end]).equals(Buffer.from(before.slice(edit.start, edit.end), "utf8")));
  if (dropsInvalid) {
    const writesReplacement = edits.find((edit) => edit.text.includes("\uFFFD"));
    if (writesReplacement) return { notUtf8Line: lineAt(before, writesReplacement.start) };
    if (ambiguous(hunks, before, after, body, offsets)) return { notUtf8Line: lineAt(before, dropsInvalid.start) };
  }
  const parts: Buffer[] = [];
  let kept = 0;
  for (const edit of edits) {
    parts.push(body.subarray(kept, offsets[edit.start]), Buffer.from(edit.text, "utf8"));
    kept = offsets[edit.end];
  }
  parts.push(body.subarray(kept));
  return { bytes: Buffer.concat(parts) };
}
