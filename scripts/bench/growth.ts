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
    thousands(n),
    ...present.flatMap((p) => {
      const a = find(p.section(n), p.mine);
      const b = find(p.section(n), p.theirs);
      return [a ? ms(a.median) : '-', b ? ms(b.median) : '-', a && b ? `${(a.median / b.median).toFixed(2)}×` : '-'];
    }),
  ]);
  const rssHead = ['CSRs', ...present.map((p) => `${p.what}: kubectl-csr / kubectl`)];
  const rss = SCALES.map((n) => [
    thousands(n),
    ...present.map((p) => {
      const a = find(p.section(n), p.mine)?.peakRssKib;
      const b = find(p.section(n), p.theirs)?.peakRssKib;
      return a && b ? `${(a / MIB).toFixed(1)} / ${(b / MIB).toFixed(1)} MiB (${(a / b).toFixed(2)}×)` : '-';
    }),
  ]);
  // Per interval, not from end to end: a curve that bends (kubectl's client-side rate limit from its eleventh page
  // on) shows where it bends.
  const intervals = SCALES.slice(1).map((high, i) => [SCALES[i]!, high] as const);
  const slopes = present.flatMap((p) =>
    [p.mine, p.theirs].map((command) => {
      const parts = intervals.flatMap(([low, high]) => {
        const a = find(p.section(low), command);
        const b = find(p.section(high), command);
        if (!a || !b) return [];
        const per = (high - low) / 1000;
        const memory = a.peakRssKib !== null && b.peakRssKib !== null ? `, ${((b.peakRssKib - a.peakRssKib) / MIB / per).toFixed(1)} MiB` : '';
        return [`${thousands(low)} → ${thousands(high)}: ${ms((b.median - a.median) / per)}${memory}`];
      });
      return parts.length ? `- ${p.what}, ${command}, per 1 000 CSRs: ${parts.join('; ')}` : null;
    }),
  );
  return [
    markdownTable(head, times),
    'Peak RSS:\n',
    markdownTable(rssHead, rss),
    'Slopes, time and peak RSS added by each 1 000 CSRs between two sizes:\n',
    slopes.filter((s) => s !== null).join('\n') + '\n',
  ].join('\n');
}

/** 10 000: thousands grouped with a space, as the rest of BENCHMARKS.md writes them. */
function thousands(n: number): string {
  return n.toLocaleString('en-US').replace(/,/g, ' ');
}
