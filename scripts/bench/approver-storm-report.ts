// The storm bench's results and its section of BENCHMARKS.md (scripts/bench/approver-storm.ts runs the storms).
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { cpus } from 'node:os';

const BEGIN = '<!-- approver-storm:begin (scripts/bench/approver-storm.ts writes this section) -->';
const END = '<!-- approver-storm:end -->';
/** How many create calls are in flight at once: the nodes of a cluster that restarts together, roughly. */
export const CREATE_CONCURRENCY = 64;

export type ApproverKind = 'ours' | 'bare' | 'before';

export interface StormResult {
  approver: ApproverKind;
  csrs: number;
  nodes: number;
  foreign: number;
  correct: number;
  p50: number;
  p99: number;
  max: number;
  perSecond: number;
  rssMib: number;
  /** The leader's RSS once it leads and has listed, before the first create: what the storm adds is rssMib minus this. */
  rssBeforeMib: number;
  /** CSRs in the cluster when the leader starts (it lists them all): 0, since each round starts without earlier rounds'. */
  listed: number;
  seconds: number;
  /** From the first create call to the last answer. */
  createSeconds: number;
  /** Decided before the last create call was answered. */
  decidedWhileCreating: number;
  /** CPU seconds used during the storm, by process. */
  cpu: Record<(typeof CPU_NAMES)[number], number>;
  /** Requests the API server answered during the round, by verb and resource (its apiserver_request_total). */
  requests: Record<string, number>;
  load: number;
}

export const CPU_NAMES = ['kube-apiserver', 'etcd', 'kube-controller-manager', 'leader', 'standby', 'creating client'] as const;

export function section(results: StormResult[], nodes: number, loadBefore: number, flags: string): string {
  const rows = results.map((r) =>
    `| ${r.approver} | ${r.csrs} | ${r.foreign} | ${r.correct}/${r.csrs} | ${r.p50} ms | ${r.p99} ms | ${r.max} ms | ${r.perSecond.toFixed(1)} | ${r.createSeconds.toFixed(1)} s (${r.decidedWhileCreating} decided meanwhile) | ${r.listed} | ${r.rssBeforeMib.toFixed(1)} → ${r.rssMib.toFixed(1)} MiB | ${r.load.toFixed(2)} |`,
  );
  const cpuRows = results.map((r) => `| ${r.approver} | ${r.csrs} | ${r.seconds.toFixed(1)} s | ${CPU_NAMES.map((n) => `${r.cpu[n].toFixed(1)} s`).join(' | ')} | ${((r.cpu.leader / r.csrs) * 1000).toFixed(2)} ms |`);
  return [
    BEGIN,
    '## The approver under a storm of node certificates',
    '',
    `\`node scripts/run-ts.mjs scripts/bench/approver-storm.ts --nodes ${nodes} --csrs ${[...new Set(results.map((r) => r.csrs))].join(',')}${flags}\`, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC,`,
    `${cpus().length} cores, load average ${loadBefore.toFixed(2)} at the start. ${nodes} node identities each create kubelet-serving CSRs as themselves,`,
    `${CREATE_CONCURRENCY} create calls in flight at once, a tenth with an IP SAN that is not their Node's; two replicas of`,
    '`approver run --leader-elect` (defaults: lease 15s, renew 10s, retry 2s) started as pods are, on the tests\' local control plane.',
    'Latency: from the answer to the create call to the leader\'s decision line; correct: the one condition each CSR has is',
    'the right one (Approved, or Denied for san-not-node-address); leader RSS: its VmRSS once it leads, before the first',
    'create, → its VmHWM (peak); each round starts after the earlier rounds\' CSRs and Events are deleted (listed: the CSRs the',
    'leader found when it started, 0 unless that deletion failed).',
    '',
    '| approver | CSRs | foreign SAN | correct | p50 | p99 | max | decisions/s | creation | listed | leader RSS | load after |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
    '',
    'CPU time used from the first create call to the last decision, by process (two cores give at most twice the wall time),',
    "and the leader's per decision: under load the leader gets a share of a core, so this bounds its decisions per second:",
    '',
    `| approver | CSRs | wall | ${CPU_NAMES.join(' | ')} | leader per decision |`,
    `|---|---:|---:|${CPU_NAMES.map(() => '---:').join('|')}|---:|`,
    ...cpuRows,
    '',
    'Requests the API server answered during each round, per CSR (its apiserver_request_total: verb, resource, code):',
    '',
    ...results.map((r) => `- ${r.approver}, ${r.csrs}: ${Object.entries(r.requests).sort().map(([k, v]) => `${k} ${(v / r.csrs).toFixed(2)}`).join('; ')}`),
    END,
  ].join('\n');
}

export function writeSection(file: string, markdown: string, log: (line: string) => void): void {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const at = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  const next = at >= 0 && end > at ? text.slice(0, at) + markdown + text.slice(end + END.length) : `${text.replace(/\n*$/, '\n\n')}${markdown}\n`;
  writeFileSync(file, next);
  log(`wrote its section of ${file}`);
}
