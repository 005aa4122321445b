// The growth curve: list, list -o name and bulk approval at 1 000, 5 000 and 10 000 CSRs, kubectl-csr and kubectl
// side by side, times and peak RSS, and the slope per 1 000 CSRs between the smallest and the largest cluster.
import { approveSection, CSR_APPROVE_PENDING, KUBECTL_APPROVE } from './bulk-approval.js';
import { CSR_LIST, CSR_NAMES, KUBECTL_GET, KUBECTL_NAMES, listSection, SCALES } from './listing.js';
import { markdownTable, ms, type Row } from './report.js';

interface Pair {
  what: string;
  mine: string;
  theirs: string;
  section: (count: number) => string;
}

const PAIRS: Pair[] = [
  { what: '`list`', mine: CSR_LIST, theirs: KUBECTL_GET, section: listSection },
  { what: '`list -o name`', mine: CSR_NAMES, theirs: KUBECTL_NAMES, section: listSection },
  { what: 'bulk approval (half refused)', mine: CSR_APPROVE_PENDING, theirs: KUBECTL_APPROVE, section: approveSection },
];

const MIB = 1024;

export function growthCurve(rows: Row[]): string | null {
  const find = (section: string, command: string) => rows.find((r) => r.section === section && r.command === command);
  const present = PAIRS.filter((p) => SCALES.some((n) => find(p.section(n), p.mine)));
  if (!present.length) return null;
  const head = ['CSRs', ...present.flatMap((p) => [`${p.what}: kubectl-csr`, 'kubectl', 'ratio'])];
  const times = SCALES.map((n) => [
    n.toLocaleString('en-US').replace(',', ' '),
    ...present.flatMap((p) => {
      const a = find(p.section(n), p.mine);
      const b = find(p.section(n), p.theirs);
      return [a ? ms(a.median) : '-', b ? ms(b.median) : '-', a && b ? `${(a.median / b.median).toFixed(2)}×` : '-'];
    }),
  ]);
  const rssHead = ['CSRs', ...present.map((p) => `${p.what}: kubectl-csr / kubectl`)];
  const rss = SCALES.map((n) => [
    n.toLocaleString('en-US').replace(',', ' '),
    ...present.map((p) => {
      const a = find(p.section(n), p.mine)?.peakRssKib;
      const b = find(p.section(n), p.theirs)?.peakRssKib;
      return a && b ? `${(a / MIB).toFixed(1)} / ${(b / MIB).toFixed(1)} MiB (${(a / b).toFixed(2)}×)` : '-';
    }),
  ]);
  const low = SCALES[0]!;
  const high = SCALES[SCALES.length - 1]!;
  const per = (high - low) / 1000;
  const slopes = present.flatMap((p) =>
    [p.mine, p.theirs].map((command) => {
      const a = find(p.section(low), command);
      const b = find(p.section(high), command);
      if (!a || !b) return null;
      const time = (b.median - a.median) / per;
      const memory = a.peakRssKib !== null && b.peakRssKib !== null ? `, ${((b.peakRssKib - a.peakRssKib) / MIB / per).toFixed(1)} MiB` : '';
      const fixed = a.median - time * (low / 1000);
      return `- ${p.what}, ${command}: ${ms(time)}${memory} per 1 000 CSRs (what is left at none: ${ms(Math.max(fixed, 0))})`;
    }),
  );
  return [
    markdownTable(head, times),
    'Peak RSS:\n',
    markdownTable(rssHead, rss),
    `Slope between ${low} and ${high} CSRs:\n`,
    slopes.filter((s) => s !== null).join('\n') + '\n',
  ].join('\n');
}
