// kubectl's table look (no borders, columns three spaces apart, header in capitals) via cli-table3.
// cli-table3 colours headers and borders even when piped unless its styles are emptied, so they always are;
// colour, when wanted, is added by the caller on a TTY only.
import Table from 'cli-table3';

const NO_BORDERS = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
  bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '',
  right: '', 'right-mid': '', middle: '   ',
};

/** The widest cell of each column. */
export function columnWidths(rows: string[][]): number[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return widths;
}

/**
 * Rows (the header first, if any) in columns at least `minWidths` wide, so that rows printed later by --watch line
 * up with the table printed first.
 */
export function renderRows(rows: string[][], minWidths: number[] = []): string {
  const widths = columnWidths([minWidths.map((w) => ' '.repeat(w)), ...rows]);
  const table = new Table({
    chars: NO_BORDERS,
    colWidths: widths,
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0, compact: true },
    wordWrap: false,
  });
  table.push(...rows);
  // cli-table3 pads the last column too; kubectl does not.
  return table.toString().split('\n').map((line) => line.trimEnd()).join('\n') + '\n';
}

export function renderTable(head: string[], rows: string[][]): string {
  return renderRows([head, ...rows]);
}
