// The approver's judge thread (commands/approval/judge-thread.ts, issue 25): it judges exactly as assess() does in
// the main thread, and a worker that dies, throws or answers what does not parse is a fault, never a decision: the
// approver then decides nothing, says so once, and judges the CSR again with a new worker.
import t from 'tap';
import { BlockList } from 'node:net';
import { Worker } from 'node:worker_threads';
import { createRequest } from '../../src/pki/create-request.js';
import { generateKey } from '../fixtures/pki/keys.js';
import { assess } from '../../src/commands/shared/assess.js';
import { judgeThread, JudgeFault, startJudgeWorker, type StartWorker } from '../../src/commands/approval/judge-thread.js';
import { watchApproval } from '../../src/commands/approval/change-approval-watch.js';
import { APPROVE, DENY } from '../../src/kube/csr-decision.js';
import { DEFAULT_POLICY } from '../../src/policy/policy-options.js';
import type { PolicySettings } from '../../src/policy/assessment.js';
import type { FindingId } from '../../src/policy/finding-ids.js';
import type { Csr } from '../../src/kube/csr.js';
import type { RbacObjects } from '../../src/kube/rbac-objects.js';
import { FakeCluster } from '../fakes/fake-cluster.js';
import { until } from '../fakes/run-command.js';

const SERVING = 'kubernetes.io/kubelet-serving';
const CLIENT = 'kubernetes.io/kube-apiserver-client';
const key = generateKey('ecdsa-p256');

const objects: RbacObjects = {
  clusterRoles: [
    { metadata: { name: 'cluster-admin' }, rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }] },
    { metadata: { name: 'view' }, rules: [{ apiGroups: [''], verbs: ['get'], resources: ['pods'] }] },
  ],
  roles: [],
  clusterRoleBindings: [
    { metadata: { name: 'ops-admins' }, roleRef: { kind: 'ClusterRole', name: 'cluster-admin' }, subjects: [{ kind: 'Group', name: 'ops' }] },
    { metadata: { name: 'viewers' }, roleRef: { kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'Group', name: 'system:nodes' }] },
  ],
  roleBindings: [],
};

function cluster(): FakeCluster {
  const fake = new FakeCluster({ rbac: objects });
  fake.nodes.set('w1', { addresses: ['10.0.0.5', 'w1'] });
  fake.nodes.set('w2', { addresses: ['10.0.0.6', 'w2.example.com'] });
  return fake;
}

/** A CSR as the fake stores it, made by `node` (or by a user for a client certificate). */
function csr(fake: FakeCluster, name: string, spec: { cn: string; o?: string[]; dns?: string[]; ip?: string[]; signer?: string; request?: string }): Csr {
  const pem = createRequest({ key, commonName: spec.cn, organizations: spec.o ?? [], dns: spec.dns ?? [], ip: spec.ip ?? [] });
  const signer = spec.signer ?? SERVING;
  const object: Csr = {
    metadata: { name },
    spec: { request: spec.request ?? Buffer.from(pem).toString('base64'), signerName: signer, usages: signer === SERVING ? ['digital signature', 'server auth'] : ['digital signature', 'client auth'] },
  };
  const serving = signer === SERVING;
  return fake.add(object, serving ? { username: spec.cn, groups: ['system:nodes', 'system:authenticated'] } : { username: 'alice', groups: ['system:authenticated'] });
}

/** Every kind of outcome: approved, a foreign SAN, a name not the Node's, an undecodable request, a privileged group. */
function variety(fake: FakeCluster): Csr[] {
  return [
    csr(fake, 'good', { cn: 'system:node:w1', o: ['system:nodes'], dns: ['w1'], ip: ['10.0.0.5'] }),
    csr(fake, 'foreign-ip', { cn: 'system:node:w1', o: ['system:nodes'], dns: ['w1'], ip: ['192.0.2.9'] }),
    csr(fake, 'other-dns', { cn: 'system:node:w2', o: ['system:nodes'], dns: ['w2.example.com', 'evil.example.com'], ip: ['10.0.0.6'] }),
    csr(fake, 'no-node', { cn: 'system:node:w9', o: ['system:nodes'], dns: ['w9'], ip: ['10.0.0.9'] }),
    csr(fake, 'garbage', { cn: 'system:node:w1', request: Buffer.from('not a request').toString('base64') }),
    csr(fake, 'admin', { cn: 'jane', o: ['ops'], signer: CLIENT }),
    csr(fake, 'viewer', { cn: 'joe', o: ['dev'], signer: CLIENT }),
  ];
}

const prefixes = new BlockList();
prefixes.addSubnet('10.0.0.0', 24);
const SETTINGS: PolicySettings[] = [
  { allow: new Set(), options: DEFAULT_POLICY },
  { allow: new Set<FindingId>(['san-not-node-address']), options: DEFAULT_POLICY },
  {
    allow: new Set(),
    options: { ...DEFAULT_POLICY, provider: { dnsPattern: /^w\d+$/, ipPrefixes: { text: '10.0.0.0/24', list: prefixes }, allowedDnsNames: 1, bypassHostnameCheck: false } },
  },
];

t.test('the judge thread judges exactly as assess() does in the main thread', async (t) => {
  for (const settings of SETTINGS) {
    const fake = cluster();
    const csrs = variety(fake);
    const judge = judgeThread(settings);
    t.teardown(() => judge.close());
    const here = await assess(csrs, fake.cluster().connection, settings);
    const there = await judge.judge(csrs, fake.cluster().connection);
    t.same(there, here, `settings ${JSON.stringify([...settings.allow])} ${settings.options.provider ? 'with provider rules' : ''}`);
    t.strictSame(
      there.map((a) => [a.csr.metadata.name, a.blockers.map((b) => b.id)]),
      here.map((a) => [a.csr.metadata.name, a.blockers.map((b) => b.id)]),
    );
    // The same CSR objects: what the watch decides on is what it queued, not a copy.
    t.ok(there.every((a, i) => a.csr === csrs[i]));
    // A second batch with the same RBAC objects (they are sent once) judges the same.
    t.same(await judge.judge(csrs.slice(0, 2), fake.cluster().connection), here.slice(0, 2));
    await judge.close();
  }
  // Not vacuous: the batch has approvals and every kind of refusal.
  const fake = cluster();
  const blockers = (await assess(variety(fake), fake.cluster().connection, SETTINGS[0]!)).map((a) => a.blockers.map((b) => b.id).join(','));
  t.same(blockers, ['', 'san-not-node-address', 'san-not-node-address', '', 'undecodable-request', 'privileged-group', '']);
});

/** Workers that fail in each way the main thread must survive, written as plain scripts (eval). */
const BROKEN: Record<string, string> = {
  'exits on its first message': "require('node:worker_threads').parentPort.on('message', () => process.exit(3));",
  'throws on its first message': "require('node:worker_threads').parentPort.on('message', () => { throw new Error('boom'); });",
  'answers the decode with garbage': "const { parentPort } = require('node:worker_threads'); parentPort.on('message', (m) => parentPort.postMessage({ batch: m.batch, nodeNames: 'w1' }));",
  'answers every CSR approved with no findings field': `const { parentPort } = require('node:worker_threads');
    parentPort.on('message', (m) => parentPort.postMessage(m.kind === 'decode' ? { batch: m.batch, nodeNames: [] } : { batch: m.batch, assessments: [{ request: null, access: null, broadest: null }] }));`,
  'answers too few assessments': `const { parentPort } = require('node:worker_threads');
    parentPort.on('message', (m) => parentPort.postMessage(m.kind === 'decode' ? { batch: m.batch, nodeNames: [] } : { batch: m.batch, assessments: [] }));`,
  'answers a finding of no known severity': `const { parentPort } = require('node:worker_threads');
    parentPort.on('message', (m) => parentPort.postMessage(m.kind === 'decode' ? { batch: m.batch, nodeNames: [] } : { batch: m.batch, assessments: [{ request: null, findings: [{ id: 'x', severity: 'fine', message: '' }], access: null, broadest: null }] }));`,
  'answers a batch nobody asked for': "const { parentPort } = require('node:worker_threads'); parentPort.on('message', (m) => parentPort.postMessage({ batch: m.batch + 1000, nodeNames: [] }));",
  'fails the batch itself': "const { parentPort } = require('node:worker_threads'); parentPort.on('message', (m) => parentPort.postMessage({ batch: m.batch, error: 'out of sorts' }));",
  'never starts': 'throw new Error("cannot start");',
};

const broken = (code: string): StartWorker => () => new Worker(code, { eval: true });

t.test('a worker that dies, throws or answers what does not parse fails the batch with a JudgeFault', async (t) => {
  for (const [what, code] of Object.entries(BROKEN)) {
    const fake = cluster();
    const judge = judgeThread(SETTINGS[0]!, broken(code));
    const csrs = [csr(fake, 'good', { cn: 'system:node:w1', o: ['system:nodes'], dns: ['w1'], ip: ['10.0.0.5'] })];
    await t.rejects(judge.judge(csrs, fake.cluster().connection), JudgeFault, what);
    await judge.close();
  }
});

t.test('after a fault the next batch gets a new worker, and is judged', async (t) => {
  const fake = cluster();
  let started = 0;
  const start: StartWorker = (settings) => (started++ === 0 ? broken(BROKEN['exits on its first message']!)(settings) : startJudgeWorker(settings));
  const judge = judgeThread(SETTINGS[0]!, start);
  t.teardown(() => judge.close());
  const csrs = [csr(fake, 'good', { cn: 'system:node:w1', o: ['system:nodes'], dns: ['w1'], ip: ['10.0.0.5'] })];
  await t.rejects(judge.judge(csrs, fake.cluster().connection), JudgeFault);
  const [a] = await judge.judge(csrs, fake.cluster().connection);
  t.same(a!.findings, []);
  t.same(a!.blockers, []);
  t.equal(started, 2);
});

t.test('the watch decides nothing on a judge thread that dies, says so once, and judges the CSR again', async (t) => {
  const fake = cluster();
  csr(fake, 'good', { cn: 'system:node:w1', o: ['system:nodes'], dns: ['w1'], ip: ['10.0.0.5'] });
  csr(fake, 'foreign', { cn: 'system:node:w1', o: ['system:nodes'], dns: ['w1'], ip: ['192.0.2.9'] });
  // Three batches meet workers that die on their first message, before a healthy worker judges.
  const healthy = judgeThread(SETTINGS[0]!);
  t.teardown(() => healthy.close());
  const dying = judgeThread(SETTINGS[0]!, broken(BROKEN['exits on its first message']!));
  let judged = 0;
  const conditions = (name: string) => (fake.object(name)!.status?.conditions ?? []).map((c) => c.type);
  let beforeHealthy: string[][] | undefined;
  const judge = (csrs: Csr[], connection: ReturnType<FakeCluster['cluster']>['connection']) => {
    if (judged++ < 3) return dying.judge(csrs, connection);
    // What three faulted batches left: nothing decided.
    beforeHealthy ??= [conditions('good'), conditions('foreign')];
    return healthy.judge(csrs, connection);
  };
  const stderr: string[] = [];
  const stdout: string[] = [];
  const stop = new AbortController();
  const io = { stdout: { write: (s: string) => stdout.push(s) }, stderr: { write: (s: string) => stderr.push(s) } };
  const running = watchApproval(
    APPROVE,
    { pending: {}, failingOnly: false, dryRun: false, force: false, policy: SETTINGS[0]! },
    { io: io as never, client: fake, connection: fake.cluster().connection, now: () => new Date('2026-12-07T14:00:00Z'), signal: stop.signal, hooks: { judge, denyBlocked: DENY, judgeAtOnce: 16 } },
  );
  await until(() => conditions('good').length > 0 && conditions('foreign').length > 0, 'both decided', 15_000);
  t.equal(judged, 4, 'three faulted batches, then the one that was judged');
  t.same(beforeHealthy, [[], []], 'nothing approved or denied on a judge thread that died');
  t.same(conditions('good'), ['Approved']);
  t.same(conditions('foreign'), ['Denied']);
  stop.abort();
  await running;
  const faults = stderr.filter((l) => l.includes('not judged'));
  t.equal(faults.length, 1, 'one line for the run of faults');
  t.match(faults[0], /2 CSRs not judged: the judge thread exited \(code 3\); nothing decided, kept in the queue and judged again/);
  await dying.close();
});
