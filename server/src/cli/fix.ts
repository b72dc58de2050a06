// `gen fix`. (Not written yet: a placeholder until the command lands.)
export const FIX_HELP = `Usage: gen fix [options] [paths…]`;

export function runFix(_args: Record<string, unknown>, _paths: string[]): number {
  console.error("gen fix: not implemented yet");
  return 2;
}
