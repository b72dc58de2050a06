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

/** Left-aligned columns, the last one free; cells are printed with `printable`. */
export function table(cells: string[][]): string {
  const rows = cells.map((row) => row.map(printable));
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => (row[i] ?? "").length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]))).join("  ").trimEnd()).join("\n");
}

// What a terminal acts on instead of showing: C0 controls (tab and newline too: a name or message has
// none where they belong), DEL, C1 controls, and the bidi embeddings, overrides and isolates that
// reorder what follows them on the line.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Record<string, string> = { "\t": "\\t", "\n": "\\n", "\r": "\\r" };

/**
 * Text from the user (a file name, a pipeline, stage or model name, a message quoting the file) as it
 * may reach a terminal: every control character written as an escape (`\u{1b}`, `\n`), so a name cannot
 * move the cursor, clear a line or reverse the text after it. JSON and SARIF need none of this.
 */
export const printable = (text: string) => text.replace(CONTROL, (c) => NAMED[c] ?? `\\u{${c.charCodeAt(0).toString(16)}}`);

/** Text safe inside a Markdown table cell: pipes escaped, line breaks folded, control characters escaped. */
export const markdownCell = (text: string) => printable(text.replace(/\|/g, "\\|").replace(/\r?\n/g, " "));
