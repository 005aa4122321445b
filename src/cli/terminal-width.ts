// How wide help is wrapped: the terminal's width up to 120 columns, and 100 when stdout is not a terminal.
export const DEFAULT_WIDTH = 100;
export const MAX_WIDTH = 120;

export function terminalWidth(columns: number | undefined = process.stdout.columns): number {
  return Math.min(MAX_WIDTH, columns || DEFAULT_WIDTH);
}
