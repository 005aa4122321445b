// kubectl's table look: no borders, columns three spaces apart, header in capitals, no padding after the last column.
// Widths are terminal columns (string-width: East Asian wide characters count two), and a cell with line breaks
// spreads over several lines with the other columns left blank there, as cli-table3 (used before) drew it. One pass:
// cli-table3's layout grows with the square of the rows (CONTRIBUTING.md "Dependencies", BENCHMARKS.md).
import stringWidth from 'string-width';

const GAP = '   ';
// kubectl's tabwriter has a minimum width of 6 with a padding of 3, so a column is at least 3 wide: it shows when
// --no-headers leaves only short cells such as an AGE of `5s` (k8s.io/cli-runtime/pkg/printers/tabwriter.go).
const MIN_WIDTH = 3;
const PLAIN = /^[\x20-\x7e]*$/;

/** The widest cell of each column, in terminal columns. */
export function columnWidths(rows: string[][]): number[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cellWidth(cell))));
  return widths;
}

/**
 * Rows (the header first, if any) in columns at least `minWidths` wide, so that rows printed later by --watch line
 * up with the table printed first.
 */
export function renderRows(rows: string[][], minWidths: number[] = []): string {
  // Nearly every table is printable ASCII through and through (`list` of a cluster: thousands of rows), where a cell
  // is one line as wide as it is long; one test of all the cells at once (inner arrays join with commas) says so.
  if (!PLAIN.test(rows.join(' '))) return renderAnyRows(rows, minWidths);
  const widths: number[] = [];
  for (const row of rows) for (let i = 0; i < row.length; i++) widths[i] = Math.max(widths[i] ?? Math.max(minWidths[i] ?? 0, MIN_WIDTH), row[i]!.length);
  let out = '';
  for (const row of rows) {
    let line = row.length > 0 ? row[0]!.padEnd(widths[0]!) : '';
    for (let i = 1; i < row.length; i++) line += GAP + row[i]!.padEnd(widths[i]!);
    out += line.trimEnd() + '\n';
  }
  return out;
}

/** renderRows for any cells: wide characters, and cells of several lines. */
function renderAnyRows(rows: string[][], minWidths: number[]): string {
  const computed = columnWidths(rows);
  const widths = computed.map((w, i) => Math.max(w, minWidths[i] ?? 0, MIN_WIDTH));
  let out = '';
  for (const row of rows) {
    const lines = row.map((cell) => cell.split('\n'));
    const height = Math.max(1, ...lines.map((l) => l.length));
    for (let n = 0; n < height; n++) {
      const text = lines.map((cellLines, i) => pad(cellLines[n] ?? '', widths[i]!)).join(GAP);
      out += text.trimEnd() + '\n';
    }
  }
  return out;
}

function cellWidth(cell: string): number {
  return cell.includes('\n') ? Math.max(...cell.split('\n').map(width)) : width(cell);
}

/** Plain ASCII, nearly every cell, is one column a character: no need to ask string-width. */
function width(text: string): number {
  return PLAIN.test(text) ? text.length : stringWidth(text);
}

function pad(text: string, to: number): string {
  return text + ' '.repeat(Math.max(0, to - width(text)));
}
