// BENCHMARKS.md: this run's tables, with the machine and the protocol, above a hand-written part (how the figures
// were reached) that every run keeps as it is.
import { existsSync, readFileSync } from 'node:fs';
import type { Runs } from './context.js';
import type { Machine } from './machine.js';

export const KEEP_MARKER = '<!-- Everything below this line is written by hand; npm run bench keeps it. -->';

export interface Report {
  started: Date;
  finished: Date;
  before: Machine;
  after: Machine;
  runs: Runs;
  table: string;
  goalsTable: string;
  /** The start-up table (startup-table.ts), when the start-up and list sections ran. */
  startup: string | null;
  /** The growth curve (growth.ts), when the list and approve sections ran. */
  growth: string | null;
  /** The seed's workflow in one sentence (workflow.ts), when it ran. */
  headline: string | null;
  limits: string[];
  hyperfine: boolean;
}

export function benchmarksMarkdown(r: Report, existing: string): string {
  const m = r.before;
  const minutes = ((r.finished.getTime() - r.started.getTime()) / 60000).toFixed(1);
  const versions = Object.entries(m.versions).map(([k, v]) => `${k} ${v}`).join('; ');
  const generated = `# Benchmarks

Written by \`npm run bench\` (scripts/bench/) on ${r.started.toISOString().slice(0, 16).replace('T', ' ')} UTC, in one run of
${minutes} minutes: the shipped single binary \`dist/kubectl-csr\`, against a local control plane (etcd,
kube-apiserver and kube-controller-manager of the e2e tests) on the same machine.
${r.headline ? `\n${r.headline}\n` : ''}
**Machine:** ${m.cpu}, ${m.cores} cores, ${m.memoryGib} GiB, ${m.kernel}; load average ${m.load.toFixed(2)} at the start and
${r.after.load.toFixed(2)} at the end (the control plane runs on the same cores, and anything else that runs there is
noise in every figure). ${versions}.

**Protocol:** ${r.hyperfine ? 'hyperfine (`-N`, no shell)' : 'the Node harness in scripts/bench/timing.ts (hyperfine was not installed)'} for
start-up (${r.runs.startup} runs), request (${r.runs.request}) and listing (${r.runs.list} at 1 000 and 5 000 CSRs,
${Math.ceil(r.runs.list / 2)} at 10 000), after ${r.runs.warmup} warm-up runs. The seed's workflow (${r.runs.workflow} runs of each), bulk approval
(${r.runs.approve} run${r.runs.approve === 1 ? '' : 's'} of each at 1 000 CSRs, one at 5 000 and 10 000, on CSRs made fresh for each run) and fetch latency
(${r.runs.fetch} certificates for each waiter) run one at a time, the compared commands taking turns. Every figure is a
median. CPU is user + system time, where hyperfine measured it. Peak RSS is GNU time's \`%M\` (the largest process of
the command: for a script or xargs, its largest child), a median over ${r.runs.rss} extra runs, or over the timed runs where
each needs fresh cluster state. Ratios compare figures of this same run.

## Targets

${r.goalsTable}
${r.limits.length ? `What limits the targets that are not met:\n\n${r.limits.map((l) => `- ${l}`).join('\n')}\n` : 'Every target is met.\n'}
${r.startup ? `## Start-up\n\n${r.startup}\n` : ''}${r.growth ? `## Growth curve\n\n${r.growth}\n` : ''}## Every figure

${r.table}`;
  const kept = keptPart(existing);
  return `${generated}\n${KEEP_MARKER}\n${kept}`;
}

export function readExisting(path: string): string {
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
}

function keptPart(existing: string): string {
  const i = existing.indexOf(KEEP_MARKER);
  return i < 0 ? '' : existing.slice(i + KEEP_MARKER.length + 1);
}
