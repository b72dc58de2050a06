// `gen diff`. (Not written yet: a placeholder until the command lands.)
export const DIFF_HELP = `Usage: gen diff [options] [paths…]`;

export function runDiff(_args: Record<string, unknown>, _paths: string[]): number {
  console.error("gen diff: not implemented yet");
  return 2;
}
