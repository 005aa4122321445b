// The approver leader's judging of a storm, alone (issue 25): assess() over kubelet-serving CSRs as the storm's nodes
// make them (test/e2e/approver-fixture.ts servingCsrFrom: P-256, CN system:node:N, O system:nodes, a DNS and an IP
// SAN), --batch at a time and one batch after the other, as change-approval-watch.ts drain() judges them, with facts
// read from memory as the approver's caches give them (every Node, empty RBAC) and the V8 flags `approver run` sets
// (tuneForApprover). It times the main thread's CPU (Linux's schedstat of the thread, in ns: what the event loop
// spends, which in a storm bounds the leader's decisions) apart from the whole process's (process.cpuUsage: the
// thread pool's too), over --passes passes after two warm ones, and prints the medians per CSR and the load. The
// CSRs are made once, to --fixtures, so that two checkouts judge the same bytes: run it from each, alternating.
//
//   ~/.cache/kubectl-csr/node-v22.23.2-linux-amd64/node scripts/run-ts.mjs scripts/bench/judge-cpu.ts [--csrs 2000] [--passes 11] [--batch 16] [--fixtures FILE]
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ClusterConnection } from '../../src/kube/api.js';
import type { Csr } from '../../src/kube/csr.js';
import { assess } from '../../src/commands/shared/assess.js';
import { DEFAULT_POLICY } from '../../src/policy/policy-options.js';
import { tuneForApprover } from '../../src/startup/v8-tuning.js';
import { servingCsrFrom } from '../../test/e2e/approver-fixture.js';

const { values } = parseArgs({
  options: {
    csrs: { type: 'string', default: '2000' },
    passes: { type: 'string', default: '11' },
    batch: { type: 'string', default: '16' },
    nodes: { type: 'string', default: '200' },
    fixtures: { type: 'string', default: join(tmpdir(), 'kubectl-csr-judge-cpu.json') },
  },
});
const count = Number(values.csrs);
const batch = Number(values.batch);
const nodeCount = Number(values.nodes);

const nodeName = (i: number) => `node-${i % nodeCount}`;
const nodeIp = (i: number) => `10.1.${(i % nodeCount) >> 8}.${(i % nodeCount) & 255}`;

/** The storm's CSRs as the watch hands them over: with the requestor the API server records. */
function makeCsrs(): Csr[] {
  return Array.from({ length: count }, (_, i) => {
    const { body } = servingCsrFrom(`storm-${i}`, nodeName(i), nodeIp(i));
    const { spec } = body as { spec: Csr['spec'] };
    return {
      metadata: { name: `storm-${i}`, uid: `uid-${i}`, resourceVersion: String(100 + i) },
      spec: { ...spec, username: `system:node:${nodeName(i)}`, groups: ['system:nodes', 'system:authenticated'] },
    };
  });
}

if (!existsSync(values.fixtures) || (JSON.parse(readFileSync(values.fixtures, 'utf8')) as Csr[]).length !== count) {
  writeFileSync(values.fixtures, JSON.stringify(makeCsrs()));
}
const csrs = JSON.parse(readFileSync(values.fixtures, 'utf8')) as Csr[];
const nodes = new Map(Array.from({ length: nodeCount }, (_, i) => [nodeName(i), { addresses: [nodeIp(i), nodeName(i)] }]));
const rbac = { readable: true as const, objects: { clusterRoles: [], roles: [], clusterRoleBindings: [], roleBindings: [] } };
const connection = { readFacts: (names: string[]) => Promise.resolve({ rbac, nodes: new Map(names.map((n) => [n, nodes.get(n)!])) }) } as unknown as ClusterConnection;
const settings = { allow: new Set<never>(), options: DEFAULT_POLICY };

/** The main thread's CPU time in ns (its first schedstat field: time spent on a CPU). */
const mainThreadNs = () => Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]);
const processUs = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

async function pass(): Promise<{ main: number; all: number; wall: number; approvable: number }> {
  const [main0, all0, wall0] = [mainThreadNs(), processUs(), performance.now()];
  let approvable = 0;
  for (let i = 0; i < csrs.length; i += batch) {
    const assessments = await assess(csrs.slice(i, i + batch), connection, settings);
    approvable += assessments.filter((a) => a.blockers.length === 0 && a.request?.signatureValid === true).length;
  }
  const n = csrs.length;
  return { main: (mainThreadNs() - main0) / 1000 / n, all: (processUs() - all0) / n, wall: ((performance.now() - wall0) * 1000) / n, approvable };
}

tuneForApprover();
await pass();
await pass();
const passes = [];
for (let i = 0; i < Number(values.passes); i++) passes.push(await pass());
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const approvable = new Set(passes.map((p) => p.approvable));
if (approvable.size !== 1 || !approvable.has(count)) throw new Error(`not every CSR judged approvable: ${[...approvable].join(', ')} of ${count}`);
process.stdout.write(
  `judging ${count} storm CSRs, ${batch} at a time, ${values.passes} passes, Node ${process.version}: main thread ${median(passes.map((p) => p.main)).toFixed(1)} µs, ` +
    `process ${median(passes.map((p) => p.all)).toFixed(1)} µs CPU, wall ${median(passes.map((p) => p.wall)).toFixed(1)} µs per CSR (medians; load ${loadavg().map((l) => l.toFixed(2)).join(' ')})\n`,
);
