// The approver leader's judging of a storm, alone (issue 25): assess() over kubelet-serving CSRs as the storm's nodes
// make them (test/e2e/approver-fixture.ts servingCsrFrom: P-256, CN system:node:N, O system:nodes, a DNS and an IP
// SAN), --batch at a time and one batch after the other, as change-approval-watch.ts drain() judges them, with facts
// read from memory as the approver's caches give them (every Node, the API server's bootstrap RBAC) and the V8 flags
// `approver run` sets (tuneForApprover). It times the main thread's CPU (Linux's schedstat of the thread, in ns: what the event loop
// spends, which in a storm bounds the leader's decisions) apart from the whole process's (process.cpuUsage: the
// thread pool's too), over --passes passes after two warm ones, and prints the medians per CSR and the load. The
// CSRs are made once, to --fixtures, so that two checkouts judge the same bytes: run it from each, alternating.
// --whole times the rest of the leader's own work per CSR too, as change-approval-watch.ts decideOne does it: the
// decision (shared/decide.ts: the condition added, the object as the approval PUT's body, JSON.stringify'd as
// kube/plain-request.ts does, with no request sent), the report (approver/report.ts: the JSON log line, the metrics,
// the Event's text; the Event itself taken at once, not posted), with CSRs shaped as the watch hands them (metadata
// with managedFields, `status: {}`) and every --foreign-th with an IP SAN that is not its Node's, denied as a storm's
// tenth is. It leaves out what is not the leader's own per CSR: the watch's parse, the PUT's write and its answer.
//
//   ~/.cache/kubectl-csr/node-v22.23.2-linux-amd64/node scripts/run-ts.mjs scripts/bench/judge-cpu.ts [--csrs 2000] [--passes 11] [--batch 16] [--whole [--foreign 10]] [--fixtures FILE]
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ClusterConnection, ControllerApi } from '../../src/kube/api.js';
import type { Csr } from '../../src/kube/csr.js';
import { APPROVE, DENY } from '../../src/kube/csr-decision.js';
import { assess } from '../../src/commands/shared/assess.js';
import { decide } from '../../src/commands/shared/decide.js';
import { denialMessage, isSelected } from '../../src/commands/approval/approval-selection.js';
import { ApproverMetrics } from '../../src/commands/approver/metrics.js';
import { reporter } from '../../src/commands/approver/report.js';
import type { Io } from '../../src/io.js';
import { DEFAULT_POLICY } from '../../src/policy/policy-options.js';
import { tuneForApprover } from '../../src/startup/v8-tuning.js';
import { servingCsrFrom } from '../../test/e2e/approver-fixture.js';

const { values } = parseArgs({
  options: {
    csrs: { type: 'string', default: '2000' },
    passes: { type: 'string', default: '11' },
    batch: { type: 'string', default: '16' },
    nodes: { type: 'string', default: '200' },
    whole: { type: 'boolean', default: false },
    foreign: { type: 'string', default: '10' },
    fixtures: { type: 'string', default: join(tmpdir(), 'kubectl-csr-judge-cpu.json') },
  },
});
const count = Number(values.csrs);
const batch = Number(values.batch);
const nodeCount = Number(values.nodes);
const whole = values.whole;
const foreignEvery = whole ? Number(values.foreign) : 0;

const nodeName = (i: number) => `node-${i % nodeCount}`;
const nodeIp = (i: number) => `10.1.${(i % nodeCount) >> 8}.${(i % nodeCount) & 255}`;
const isForeign = (i: number) => foreignEvery > 0 && i % foreignEvery === foreignEvery - 1;

/**
 * The storm's CSRs as the watch hands them over: with the requestor the API server records, and for --whole the rest
 * of what it keeps (the create's managedFields, an empty status), which the approval PUT sends back.
 */
function makeCsrs(): Csr[] {
  return Array.from({ length: count }, (_, i) => {
    const { body } = servingCsrFrom(`storm-${i}`, nodeName(i), isForeign(i) ? '192.0.2.1' : nodeIp(i));
    const { spec } = body as { spec: Csr['spec'] };
    const fullSpec = { ...spec, username: `system:node:${nodeName(i)}`, groups: ['system:nodes', 'system:authenticated'] };
    if (!whole) return { metadata: { name: `storm-${i}`, uid: `uid-${i}`, resourceVersion: String(100 + i) }, spec: fullSpec };
    const time = '2026-12-07T21:00:00Z';
    const fieldsV1 = { 'f:spec': { 'f:request': {}, 'f:signerName': {}, 'f:usages': {} } };
    const managedFields = [{ manager: 'node', operation: 'Update', apiVersion: 'certificates.k8s.io/v1', time, fieldsType: 'FieldsV1', fieldsV1 }];
    const metadata = { name: `storm-${i}`, uid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, resourceVersion: String(100 + i), creationTimestamp: time, managedFields };
    return { apiVersion: 'certificates.k8s.io/v1', kind: 'CertificateSigningRequest', metadata, spec: fullSpec, status: {} };
  });
}

const shape = JSON.stringify({ count, whole, foreignEvery });
const fixtures = existsSync(values.fixtures) ? (JSON.parse(readFileSync(values.fixtures, 'utf8')) as { shape: string; csrs: Csr[] }) : undefined;
if (fixtures?.shape !== shape) writeFileSync(values.fixtures, JSON.stringify({ shape, csrs: makeCsrs() }));
const csrs = (JSON.parse(readFileSync(values.fixtures, 'utf8')) as { csrs: Csr[] }).csrs;
const expected = Array.from({ length: count }, (_, i) => !isForeign(i)).filter(Boolean).length;
const nodes = new Map(Array.from({ length: nodeCount }, (_, i) => [nodeName(i), { addresses: [nodeIp(i), nodeName(i)] }]));
// The RBAC a node's identity meets in the tests' control plane: the API server's bootstrap bindings of
// system:authenticated (k8s.io/kubernetes plugin/pkg/auth/authorizer/rbac/bootstrappolicy), nothing for system:nodes.
const nonResource = (urls: string[]) => [{ verbs: ['get'], nonResourceURLs: urls }];
const clusterRoles = [
  { metadata: { name: 'system:basic-user' }, rules: [{ verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'] }, { verbs: ['create'], apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'] }] },
  { metadata: { name: 'system:discovery' }, rules: nonResource(['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/']) },
  { metadata: { name: 'system:public-info-viewer' }, rules: nonResource(['/healthz', '/livez', '/readyz', '/version', '/version/']) },
];
const toGroups = (role: string, ...groups: string[]) => ({ metadata: { name: role }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role }, subjects: groups.map((name) => ({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name })) });
const clusterRoleBindings = [toGroups('system:basic-user', 'system:authenticated'), toGroups('system:discovery', 'system:authenticated'), toGroups('system:public-info-viewer', 'system:authenticated', 'system:unauthenticated')];
const rbac = { readable: true as const, objects: { clusterRoles, roles: [], clusterRoleBindings, roleBindings: [] } };
const connection = { readFacts: (names: string[]) => Promise.resolve({ rbac, nodes: new Map(names.map((n) => [n, nodes.get(n)!])) }) } as unknown as ClusterConnection;
// As change-approval-watch.ts asks: its lines and the approver's say nothing of what an approval grants.
const settings = { allow: new Set<never>(), options: DEFAULT_POLICY, withoutAccess: true };

// --whole: what the leader does with each judged CSR besides its requests. The approval body is made into the text
// plain-request.ts writes; the log lines go nowhere, the Events are taken at once.
const now = () => new Date();
let bodyBytes = 0;
const client = {
  updateApproval: (csr: Csr) => {
    bodyBytes += Buffer.byteLength(JSON.stringify(csr));
    return Promise.resolve(csr);
  },
} as unknown as Parameters<typeof decide>[3]['client'];
const io = { stdout: { write: () => true }, stderr: { write: () => true } } as unknown as Io;
const controller = { recordEvent: () => Promise.resolve() } as unknown as ControllerApi;
const report = reporter('json', { io, now, controller, metrics: new ApproverMetrics() });

/** decideOne's path for a judged CSR (change-approval-watch.ts), the approver's way: deny what the policy blocks. */
async function decideAndReport(a: Awaited<ReturnType<typeof assess>>[number]): Promise<void> {
  const chosen = isSelected(APPROVE, false, a) ? APPROVE : DENY;
  const message = chosen === APPROVE ? undefined : denialMessage(chosen, a);
  await decide(a.csr.metadata.name!, chosen, { force: false, message, initial: a.csr, alreadyIsError: true, answerUnused: true }, { client, now });
  await report.report({ result: chosen === APPROVE ? 'approved' : 'denied', assessment: a });
}

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
    if (whole) for (const a of assessments) await decideAndReport(a);
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
if (approvable.size !== 1 || !approvable.has(expected)) throw new Error(`not ${expected} CSRs judged approvable: ${[...approvable].join(', ')} of ${count}`);
const what = whole ? `judging, deciding and reporting ${count} storm CSRs (1 in ${foreignEvery} denied; approval bodies ${Math.round(bodyBytes / (count * (passes.length + 2)))} bytes)` : `judging ${count} storm CSRs`;
process.stdout.write(
  `${what}, ${batch} at a time, ${values.passes} passes, Node ${process.version}: main thread ${median(passes.map((p) => p.main)).toFixed(1)} µs, ` +
    `process ${median(passes.map((p) => p.all)).toFixed(1)} µs CPU, wall ${median(passes.map((p) => p.wall)).toFixed(1)} µs per CSR (medians; load ${loadavg().map((l) => l.toFixed(2)).join(' ')})\n`,
);
