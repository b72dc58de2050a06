// Searches over things in source order: comments, diagnostics, stages. A file holds thousands of each,
// and a search from the start for every finding grows with the square of the file.

/** The index of the first of `items` (sorted by where they start) that starts at `offset` or after it; `items.length` when none does. */
export function firstFrom<T>(items: readonly T[], offset: number, startOf: (item: T) => number): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (startOf(items[middle]) < offset) low = middle + 1;
    else high = middle;
  }
  return low;
}
