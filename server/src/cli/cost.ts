// `gen cost`. (Not written yet: a placeholder until the command lands.)
export const COST_HELP = `Usage: gen cost [options] [paths…]`;

export function runCost(_args: Record<string, unknown>, _paths: string[]): number {
  console.error("gen cost: not implemented yet");
  return 2;
}
