export interface Position {
  /** Zero-based line. */
  line: number;
  /** Zero-based UTF-16 code unit offset in the line, as LSP counts. */
  character: number;
}

/** Converts between offsets and line/character positions. Lines end at `\n`, `\r\n` or `\r`, as in LSP. */
export class LineIndex {
  // Found on first use: a check builds one per version, and most versions are never asked for positions.
  private starts: number[] | undefined;

  constructor(private readonly text: string) {}

  /**
   * The index of `text`, made from `previous`, the index of the text before `change` (parser/reparse.ts
   * `changedRange`): the line starts before and after the change are kept and moved, those inside found
   * again. A keystroke in a 1 MB file then scans a few characters, not the whole text.
   */
  static edited(previous: LineIndex, text: string, change: { start: number; oldEnd: number; newEnd: number }): LineIndex {
    const index = new LineIndex(text);
    const old = previous.starts;
    if (!old) return index; // never asked: found on first use
    const starts = [0];
    let k = 1;
    for (; k < old.length && old[k] < change.start; k++) starts.push(old[k]);
    // A line starts after `\n`, or after `\r` not followed by `\n`: from the change's start to its new end
    // included, those two characters may have changed.
    for (let p = Math.max(change.start, 1); p <= change.newEnd; p++) {
      const c = text.charCodeAt(p - 1);
      if (c === 10 || (c === 13 && text.charCodeAt(p) !== 10)) starts.push(p);
    }
    while (k < old.length && old[k] <= change.oldEnd) k++;
    const delta = change.newEnd - change.oldEnd;
    for (; k < old.length; k++) starts.push(old[k] + delta);
    index.starts = starts;
    return index;
  }

  private get lineStarts(): number[] {
    if (this.starts) return this.starts;
    const { text } = this;
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      } else if (c === 10 /* \n */) {
        starts.push(i + 1);
      }
    }
    return (this.starts = starts);
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: clamped - this.lineStarts[low] };
  }

  /**
   * `positionAt` for offsets asked in increasing order (tokens, diagnostics in source order): each answer
   * walks on from the last one's line instead of searching all lines. An offset before the last starts over.
   */
  forward(): (offset: number) => Position {
    const starts = this.lineStarts;
    let line = 0;
    return (offset) => {
      const clamped = Math.max(0, Math.min(offset, this.text.length));
      if (clamped < starts[line]) return this.positionAt(clamped);
      while (line + 1 < starts.length && starts[line + 1] <= clamped) line++;
      return { line, character: clamped - starts[line] };
    };
  }

  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[position.line];
    const nextStart = position.line + 1 < this.lineStarts.length ? this.lineStarts[position.line + 1] : this.text.length;
    return Math.max(start, Math.min(start + position.character, nextStart));
  }
}
