// The table writer kubectl prints custom-columns through: Go's text/tabwriter as cli-runtime sets it up
// (printers.GetNewTabWriter: min width 6, padding 3, spaces). A cell is as wide as its runes (not its terminal
// columns: Go counts runes), the last cell of a line is not padded, and nothing is trimmed.
const MIN_WIDTH = 6;
const PADDING = 3;

export function tabwrite(rows: string[][]): string {
  const widths: number[] = [];
  for (const row of rows) {
    for (let i = 0; i < row.length - 1; i++) widths[i] = Math.max(widths[i] ?? MIN_WIDTH, runes(row[i]!) + PADDING);
  }
  return rows.map((row) => row.map((cell, i) => (i < row.length - 1 ? cell + ' '.repeat(widths[i]! - runes(cell)) : cell)).join('') + '\n').join('');
}

function runes(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}
