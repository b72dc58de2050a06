// Terminal output: colours only on a TTY and never with NO_COLOR.
const color = process.stdout.isTTY === true && !process.env.NO_COLOR;
const paint = (code: number) => (text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);

export const red = paint(31);
export const yellow = paint(33);
export const green = paint(32);
export const dim = paint(2);
export const bold = paint(1);
export const underline = paint(4);

/** "1 file", "2 files"; irregular words give their plural: plural(2, "fix", "fixes"). */
export const plural = (n: number, word: string, many = `${word}s`) => `${n} ${n === 1 ? word : many}`;

/** Left-aligned columns, the last one free. */
export function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => (row[i] ?? "").length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]))).join("  ").trimEnd()).join("\n");
}

/** Text safe inside a Markdown table cell: pipes escaped, line breaks folded. */
export const markdownCell = (text: string) => text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
