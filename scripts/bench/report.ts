// The benchmark's result as one table (every figure, with its ratio to what it is compared with) and a table of the
// targets, printed as Markdown so that the same text reads on a terminal and in BENCHMARKS.md.

export interface Row {
  section: string;
  command: string;
  /** Milliseconds. */
  median: number;
  runs: number;
  /** CPU milliseconds (user + system), where hyperfine measured it. */
  cpu: number | null;
  peakRssKib: number | null;
  /** Name of the row in the same section this one is compared with; omitted for the reference itself. */
  versus?: string;
  /** "faster" ratios are reference/this (bulk approval: how many times faster), the others this/reference. */
  ratio?: 'slower' | 'faster';
  note?: string;
}

export interface Target {
  goal: string;
  /** The ratio or figure the goal is about, as the table shows it. */
  measured: string;
  met: boolean;
  /** How far off, when not met. */
  miss?: string;
}

export function ratioOf(rows: Row[], row: Row): number | null {
  if (!row.versus) return null;
  const ref = rows.find((r) => r.section === row.section && r.command === row.versus);
  if (!ref) return null;
  return row.ratio === 'faster' ? ref.median / row.median : row.median / ref.median;
}

export function resultsTable(rows: Row[]): string {
  const head = ['Section', 'Command', 'Median', 'Ratio', 'CPU', 'Peak RSS', 'Runs'];
  const body = rows.map((r) => {
    const ratio = ratioOf(rows, r);
    const ratioText = ratio === null ? (r.versus ? '?' : 'reference') : `${ratio.toFixed(2)}× ${r.ratio === 'faster' ? 'faster than' : 'of'} ${r.versus}`;
    return [
      r.section,
      r.command + (r.note ? ` (${r.note})` : ''),
      ms(r.median),
      ratioText,
      r.cpu === null ? '-' : ms(r.cpu),
      r.peakRssKib === null ? 'n/a' : `${(r.peakRssKib / 1024).toFixed(1)} MiB`,
      String(r.runs),
    ];
  });
  return markdownTable(head, body);
}

export function targetsTable(targets: Target[]): string {
  return markdownTable(
    ['Target', 'Measured', 'Met'],
    targets.map((t) => [t.goal, t.measured, t.met ? 'yes' : `no (${t.miss})`]),
  );
}

export function ms(value: number): string {
  return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(1)} ms`;
}

/** Columns padded to the same width, so that the Markdown is a table on a terminal too. */
export function markdownTable(head: string[], body: string[][]): string {
  const cells = [head, ...body].map((row) => row.map((c) => c.replace(/\|/g, '\\|')));
  const widths = head.map((_, i) => Math.max(...cells.map((row) => row[i]!.length)));
  const line = (row: string[]) => `| ${row.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(cells[0]!), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.slice(1).map(line)].join('\n') + '\n';
}
