// `approver run` in-process (issue 25): main() against the in-memory API server of test/fakes/ with its Leases and
// Events, and a clock the test moves. Leader election (acquire, renew, a lease held by another, losing the lead at the
// renew deadline when renewals fail, release on SIGTERM), a decision → its Event, its log line and its metrics,
// --skip-deny-step, --ignore-non-system-node, the probes. The same on the real control plane: test/e2e/approver-ha.
import t, { type Test } from 'tap';
import { createServer } from 'node:http';
import { fetchText } from '../helpers/http-text.js';
import type { AddressInfo } from 'node:net';
import { createRequest } from '../../src/pki/create-request.js';
import { toPem } from '../../src/pki/pem.js';
import { derOf } from '../fixtures/pki/openssl.js';
import { generateKey } from '../fixtures/pki/keys.js';
import { ApiError } from '../../src/kube/api-error.js';
import type { Csr } from '../../src/kube/csr.js';
import { FakeCluster } from '../fakes/fake-cluster.js';
import { runIn, until, type Ran } from '../fakes/run-command.js';

const SERVING = 'kubernetes.io/kubelet-serving';
const NS = 'kube-system';
const LEASE = 'kubectl-csr-approver';
const key = generateKey('ecdsa-p256');
/** Short real periods: the elector's timers are real, its sense of time is the fake clock's. */
const ELECTION = ['--leader-elect', '--leader-elect-lease-duration=1s', '--leader-elect-renew-deadline=500ms', '--leader-elect-retry-period=40ms'];

/** A Node w1 at 10.0.0.5, as kubelets register themselves. */
function cluster(): FakeCluster {
  const fake = new FakeCluster();
  fake.nodes.set('w1', { addresses: ['10.0.0.5', 'w1'] });
  return fake;
}

/** A kubelet-serving CSR made by node w1 for `ip`. */
function serving(fake: FakeCluster, name: string, ip: string, node = 'w1'): Csr {
  return addRequest(fake, name, createRequest({ key, commonName: `system:node:${node}`, organizations: ['system:nodes'], dns: [node], ip: [ip] }), node);
}

/** A kubelet-serving CSR of `pem`, as node `node` sends it. */
function addRequest(fake: FakeCluster, name: string, pem: string, node = 'w1'): Csr {
  const csr: Csr = { metadata: { name }, spec: { request: Buffer.from(pem).toString('base64'), signerName: SERVING, usages: ['digital signature', 'server auth'] } };
  return fake.add(csr, { username: `system:node:${node}`, groups: ['system:nodes', 'system:authenticated'] });
}

/** `der` with the byte at `at` (negative: from the end) changed by `change`. */
function changed(der: Buffer, at: number, change: (byte: number) => number): Buffer {
  const copy = Buffer.from(der);
  const i = at < 0 ? copy.length + at : at;
  copy[i] = change(copy[i]!);
  return copy;
}

const conditions = (fake: FakeCluster, name: string) => (fake.object(name)?.status?.conditions ?? []).map((c) => c.type);

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** `approver run ARGS…` in the background, with its output as it grows, and the endpoints on free ports; stopped when `t` ends. */
async function start(t: Test, fake: FakeCluster, args: string[]) {
  const [metrics, probes] = [await freePort(), await freePort()];
  const out = { stdout: '', stderr: '' };
  let ended = false;
  const running: Promise<Ran> = runIn(fake, ['approver', 'run', `--metrics-bind-address=127.0.0.1:${metrics}`, `--health-probe-bind-address=127.0.0.1:${probes}`, ...args], { live: out }).finally(() => (ended = true));
  t.teardown(async () => {
    if (!ended) await stop({ running });
  });
  return { running, out, metrics: () => fetchText(metrics, '/metrics'), probe: (path: string) => fetchText(probes, path) };
}

async function stop(run: { running: Promise<Ran> }): Promise<Ran> {
  process.emit('SIGTERM');
  return run.running;
}

t.test('without leader election: each decision is a condition, an Event, a log line and metrics; the probes answer', async (t) => {
  const fake = cluster();
  serving(fake, 'good', '10.0.0.5');
  serving(fake, 'foreign', '192.0.2.9');
  const run = await start(t, fake, ['--log-format=json']);
  await until(() => fake.controller.events.length === 2, 'two events');
  // Decision lines are written once per turn of the event loop (commands/approver/report.ts): an Event can be in first.
  await until(() => run.out.stdout.split('\n').length === 3, 'two decision lines');
  t.same(conditions(fake, 'good'), ['Approved']);
  t.same(conditions(fake, 'foreign'), ['Denied']);
  t.equal(fake.object('foreign')!.status!.conditions![0]!.message, 'This CSR was denied by kubectl csr deny. Findings: san-not-node-address.');
  const events = Object.fromEntries(fake.controller.events.map((e) => [e.csr, [e.type, e.reason, e.message]]));
  t.same(events, {
    good: ['Normal', 'Approved', 'approved by kubectl-csr approver: no findings'],
    foreign: ['Warning', 'Denied', 'denied by kubectl-csr approver: [san-not-node-address] IP:192.0.2.9 is not an address of Node w1'],
  });
  const lines = run.out.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  t.same(lines.map((l) => [l.msg, l.csr, l.level, l.signer, l.requestor]).sort(), [
    ['approved', 'good', 'info', SERVING, 'system:node:w1'],
    ['denied', 'foreign', 'warning', SERVING, 'system:node:w1'],
  ]);
  t.same(lines.find((l) => l.csr === 'foreign')!.findings, [{ id: 'san-not-node-address', severity: 'block', message: 'IP:192.0.2.9 is not an address of Node w1' }]);
  t.equal(lines[0]!.latencySeconds, 0, 'the fake clock has not moved since the CSRs were created');

  t.same(await run.probe('/healthz'), { status: 200, text: 'ok' });
  t.same(await run.probe('/readyz'), { status: 200, text: 'ok' });
  t.equal((await run.probe('/metrics')).status, 404, 'the probe address serves no metrics');
  const metrics = (await run.metrics()).text;
  t.match(metrics, /^kubectl_csr_approver_decisions_total\{result="approved"\} 1$/m);
  t.match(metrics, /^kubectl_csr_approver_decisions_total\{result="denied"\} 1$/m);
  t.match(metrics, /^kubectl_csr_approver_findings_total\{result="denied",finding="san-not-node-address"\} 1$/m);
  t.match(metrics, /^kubectl_csr_approver_decision_latency_seconds_bucket\{le="0.1"\} 2$/m);
  t.match(metrics, /^kubectl_csr_approver_decision_latency_seconds_count 2$/m);
  t.match(metrics, /^kubectl_csr_approver_leader 1$/m, 'no election: it always decides');
  t.match(metrics, /^# TYPE kubectl_csr_approver_decision_latency_seconds histogram$/m);
  t.match(metrics, /^process_resident_memory_bytes \d+$/m);

  // A CSR ten seconds old when decided; an Event that cannot be written is said, the decision stands.
  fake.controller.failNext('event', new ApiError(403, 'Forbidden', 'events is forbidden: User "system:serviceaccount:kube-system:kubectl-csr-approver" cannot create resource "events"'));
  serving(fake, 'later', '10.0.0.5');
  fake.clock.advance(10_000);
  fake.endWatches();
  await until(() => conditions(fake, 'later').length === 1, 'later approved');
  await until(() => /cannot record the event of later/.test(run.out.stderr), 'the event failure said');
  t.match(run.out.stderr, /^\S+ cannot record the event of later: Error from server \(Forbidden\): events is forbidden: User "system:serviceaccount:kube-system:kubectl-csr-approver" cannot create resource "events"$/m);
  t.match((await run.metrics()).text, /^kubectl_csr_approver_decision_latency_seconds_bucket\{le="10"\} 3$/m);
  t.match((await run.metrics()).text, /^kubectl_csr_approver_decision_latency_seconds_bucket\{le="5"\} 2$/m);

  const r = await stop(run);
  t.equal(r.code, 0, r.stderr);
  t.match(r.stderr, /\napproved 2, denied 1, refused by policy 0, failed 0\n$/);
});

t.test('a request whose self-signature does not verify is denied for it, never approved: the check in the thread pool', async (t) => {
  const fake = cluster();
  serving(fake, 'good', '10.0.0.5');
  // Made by w1's key for an address that is not w1's, then changed to w1's own: the policy would approve it but for
  // its signature.
  const signed = derOf(createRequest({ key, commonName: 'system:node:w1', organizations: ['system:nodes'], dns: ['w1'], ip: ['10.0.0.6'] }));
  const readdressed = changed(signed, signed.indexOf(Buffer.from([10, 0, 0, 6])) + 3, () => 5);
  const ecdsaSha256 = signed.lastIndexOf(Buffer.from([0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02]));
  const forged: Array<[string, Buffer]> = [
    ['readdressed', readdressed],
    ['signature-bit-flipped', changed(readdressed, -1, (b) => b ^ 1)],
    ['algorithm-unknown', changed(readdressed, ecdsaSha256 + 9, () => 0x09)],
    // The ECDSA-Sig-Value's SEQUENCE tag, after the algorithm and the BIT STRING's header (03, length, no unused bits).
    ['signature-not-der', changed(readdressed, ecdsaSha256 + 13, () => 0x31)],
  ];
  for (const [name, der] of forged) addRequest(fake, name, toPem('CERTIFICATE REQUEST', der));
  const run = await start(t, fake, ['--log-format=json']);
  await until(() => fake.controller.events.length === 5, 'five events');
  t.same(conditions(fake, 'good'), ['Approved']);
  const invalid = 'denied by kubectl-csr approver: [invalid-signature] the self-signature does not verify: the requester may not hold the key';
  for (const [name] of forged) {
    t.same(conditions(fake, name), ['Denied'], name);
    t.same(fake.controller.events.filter((e) => e.csr === name).map((e) => [e.type, e.reason, e.message]), [['Warning', 'Denied', invalid]], name);
  }
  const r = await stop(run);
  t.equal(r.code, 0, r.stderr);
  t.equal(r.stderr, 'approved 1, denied 4, refused by policy 0, failed 0\n');
});

t.test('--skip-deny-step leaves the refused CSR pending with a Refused event; --ignore-non-system-node leaves others alone', async (t) => {
  const fake = cluster();
  serving(fake, 'foreign', '192.0.2.9');
  const pem = createRequest({ key, commonName: 'system:node:w1', organizations: ['system:nodes'], dns: ['w1'], ip: ['10.0.0.5'] });
  fake.add({ metadata: { name: 'by-a-user' }, spec: { request: Buffer.from(pem).toString('base64'), signerName: SERVING, usages: ['digital signature', 'server auth'] } }, { username: 'jane', groups: ['system:authenticated'] });
  serving(fake, 'good', '10.0.0.5');
  const run = await start(t, fake, ['--skip-deny-step', '--ignore-non-system-node', '--log-format=text']);
  await until(() => fake.controller.events.length === 2, 'two events');
  // Decision lines are written once per turn of the event loop (commands/approver/report.ts): an Event can be in first.
  await until(() => run.out.stdout.split('\n').length === 3, 'two decision lines');
  t.same(conditions(fake, 'foreign'), [], 'still pending');
  t.same(conditions(fake, 'by-a-user'), [], 'not a node: left alone');
  t.same(fake.controller.events.map((e) => [e.csr, e.reason]).sort(), [['foreign', 'Refused'], ['good', 'Approved']]);
  t.equal(fake.controller.events.find((e) => e.csr === 'foreign')!.message, 'left pending by kubectl-csr approver (--skip-deny-step): [san-not-node-address] IP:192.0.2.9 is not an address of Node w1');
  t.match(run.out.stdout, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ refused foreign: \[san-not-node-address\] IP:192\.0\.2\.9 is not an address of Node w1$/m);
  t.match(run.out.stdout, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ approved good$/m);
  t.notMatch(run.out.stdout, /by-a-user/);
  t.match((await run.metrics()).text, /^kubectl_csr_approver_findings_total\{result="refused",finding="san-not-node-address"\} 1$/m);
  const r = await stop(run);
  t.equal(r.code, 0, r.stderr);
});

t.test('leader election: stands by while another holds the Lease, acquires when it expires, renews, releases on SIGTERM', async (t) => {
  const fake = cluster();
  const then = fake.clock.now();
  fake.controller.put(NS, LEASE, { holderIdentity: 'other-replica', leaseDurationSeconds: 1, acquireTime: then, renewTime: then, leaseTransitions: 3 });
  serving(fake, 'waiting', '10.0.0.5');
  const run = await start(t, fake, ELECTION);
  await until(() => / as (\S+); standing by until it is held\n/.test(run.out.stderr), 'says who it is');
  const identity = / as (\S+); standing by/.exec(run.out.stderr)![1]!;
  t.match(run.out.stderr, new RegExp(`leader election on lease ${NS}/${LEASE} as \\S+_[0-9a-f-]{36}; standing by until it is held`));
  await until(async () => (await run.probe('/readyz')).status === 200, 'ready: listed and watching');
  await new Promise((r) => setTimeout(r, 200)); // five retry periods: the lease is still valid by the fake clock
  t.same(conditions(fake, 'waiting'), [], 'a standby decides nothing');
  // A standby's connections are open before it leads: a storm's first decisions send at once (warm-connections.ts).
  t.same(fake.warmed, [96], 'a standby warms as many connections as it sends decisions at once');
  t.match((await run.metrics()).text, /^kubectl_csr_approver_leader 0$/m);
  t.equal(fake.controller.record(NS, LEASE)!.holderIdentity, 'other-replica');

  fake.clock.advance(1_001); // other-replica's lease runs out, by this replica's clock
  await until(() => conditions(fake, 'waiting').length === 1, 'decided once it leads');
  const held = fake.controller.record(NS, LEASE)!;
  t.same([held.holderIdentity, held.leaseDurationSeconds, held.leaseTransitions], [identity, 1, 4], 'taken over: one more transition');
  t.match((await run.metrics()).text, /^kubectl_csr_approver_leader 1$/m);
  t.match(run.out.stderr, new RegExp(`became leader \\(lease held by ${identity}\\)`));
  const renewals = () => fake.controller.writes.filter((w) => w === `update ${NS}/${LEASE} ${identity}`).length;
  await until(() => renewals() >= 4, 'renews every retry period');

  const r = await stop(run);
  t.equal(r.code, 0, r.stderr);
  t.equal(fake.controller.writes.at(-1), `update ${NS}/${LEASE}`, 'the last write releases the Lease');
  t.same([fake.controller.record(NS, LEASE)!.holderIdentity, fake.controller.record(NS, LEASE)!.leaseDurationSeconds], ['', 1]);
  t.match(r.stderr, /\napproved 1, denied 0, refused by policy 0, failed 0\n\S+ released the lease\n$/, 'released after the last decision');
});

t.test('leader election: renewals that fail end the lead at the renew deadline; deciding resumes when it holds the Lease again', async (t) => {
  const fake = cluster();
  const run = await start(t, fake, [...ELECTION, '--leader-elect-namespace=csr']);
  await until(() => /became leader/.test(run.out.stderr), 'leads (the Lease is created)');
  t.match(fake.controller.writes[0]!, /^create csr\/kubectl-csr-approver \S+$/);
  serving(fake, 'first', '10.0.0.5');
  await until(() => conditions(fake, 'first').length === 1, 'first approved');

  const unavailable = new ApiError(503, 'ServiceUnavailable', 'the server is currently unable to handle the request');
  fake.controller.failNext('lease-update', unavailable, Infinity);
  await until(() => /renew of the lease failed: Error from server \(ServiceUnavailable\): the server is currently unable to handle the request\n/.test(run.out.stderr), 'the failed renewal said');
  fake.clock.advance(499);
  t.match((await run.metrics()).text, /^kubectl_csr_approver_leader 1$/m, 'still leading: the renew deadline (500ms) has not passed');
  fake.clock.advance(1);
  await until(() => /stopped leading: the lease was not renewed within the renew deadline/.test(run.out.stderr), 'the lead ends');
  t.match((await run.metrics()).text, /^kubectl_csr_approver_leader 0$/m);
  serving(fake, 'second', '10.0.0.5');
  await new Promise((r) => setTimeout(r, 200));
  t.same(conditions(fake, 'second'), [], 'no decision without the lead');
  t.same(run.out.stderr.match(/\w+ of the lease failed/g), ['renew of the lease failed', 'update of the lease failed'], 'each failure said once, not every period');

  fake.controller.clearFaults();
  await until(() => conditions(fake, 'second').length === 1, 'second approved once it leads again');
  t.equal(run.out.stderr.match(/became leader/g)?.length, 2);
  const r = await stop(run);
  t.equal(r.code, 0, r.stderr);
  t.equal(r.stdout.trimEnd().split('\n').map((l) => l.replace(/^\S+ /, '')).join('\n'), 'approved first\napproved second');
});

t.test('a 403 on the Lease or on the CSR list (RBAC still loading after an API server start) is said and tried again, as client-go does', async (t) => {
  const fake = cluster();
  serving(fake, 'waiting', '10.0.0.5');
  const forbidden = (what: string) => new ApiError(403, 'Forbidden', `${what} is forbidden: User "system:serviceaccount:kube-system:kubectl-csr-approver" cannot get resource`);
  fake.controller.failNext('lease-get', forbidden('leases.coordination.k8s.io "kubectl-csr-approver"'), 2);
  fake.failNext('list', forbidden('certificatesigningrequests.certificates.k8s.io'));
  const run = await start(t, fake, ELECTION);
  await until(() => conditions(fake, 'waiting').length === 1, 'approved once both are allowed');
  t.match(run.out.stderr, /get of the lease failed: Error from server \(Forbidden\): leases\.coordination\.k8s\.io "kubectl-csr-approver" is forbidden: .*; trying again every retry period as client-go's leaderelection does \(RBAC may still be loading after an API server start, or the Role for the Lease is missing\)\n/);
  t.equal(run.out.stderr.match(/get of the lease failed/g)?.length, 1, 'said once, not every period');
  t.match(run.out.stderr, /forbidden to list or watch certificatesigningrequests \(Error from server \(Forbidden\): certificatesigningrequests\.certificates\.k8s\.io is forbidden: .*\); trying again with backoff as client-go's reflector does \(RBAC may still be loading after an API server start, or the ClusterRole is missing\)\n/);
  const r = await stop(run);
  t.equal(r.code, 0, r.stderr);
});

t.test('a cache the server refuses (403 from a ready server: the RBAC is wrong) leaves the CSRs that need it pending: no decision, not ready', async (t) => {
  const fake = cluster();
  fake.controller.refuse('nodes', '(Forbidden): nodes is forbidden: User "system:serviceaccount:kube-system:kubectl-csr-approver" cannot list resource "nodes"');
  serving(fake, 'waiting', '10.0.0.5');
  serving(fake, 'foreign', '192.0.2.9');
  const run = await start(t, fake, ['--log-format=json']);
  await until(async () => (await run.probe('/readyz').catch(() => null))?.text.startsWith('forbidden') ?? false, 'the CSR watch synced');
  t.same(await run.probe('/readyz'), { status: 503, text: 'forbidden to list and watch nodes: CSRs that need them are not judged' });
  const metrics = (await run.metrics()).text;
  t.match(metrics, /^kubectl_csr_approver_cache_forbidden\{resource="nodes"\} 1$/m);
  t.match(metrics, /^kubectl_csr_approver_cache_forbidden\{resource="clusterroles"\} 0$/m);
  await new Promise((r) => setTimeout(r, 300));
  t.same([conditions(fake, 'waiting'), conditions(fake, 'foreign')], [[], []], 'a refusal is no fact: neither approved nor denied');
  t.same(fake.controller.events, [], 'no Event: nothing was decided');
  t.equal(run.out.stdout, '', 'no decision line');

  fake.controller.allow('nodes');
  await until(() => conditions(fake, 'waiting').length === 1 && conditions(fake, 'foreign').length === 1, 'judged once the Nodes can be read');
  t.same([conditions(fake, 'waiting'), conditions(fake, 'foreign')], [['Approved'], ['Denied']]);
  t.same(await run.probe('/readyz'), { status: 200, text: 'ok' });
  t.match((await run.metrics()).text, /^kubectl_csr_approver_cache_forbidden\{resource="nodes"\} 0$/m);
  const r = await stop(run);
  t.equal(r.code, 0, r.stderr);
});

t.test('approver run refuses bad flags before it connects (exit 2)', async (t) => {
  const fake = cluster();
  const cases: [string[], string][] = [
    [['--log-format=xml'], 'error: Invalid values: Argument: log-format, Given: "xml", Choices: "text", "json"\n'],
    [['--metrics-bind-address=8080'], 'error: invalid bind address "8080": use host:port, :port, or 0 to turn it off\n'],
    [['--leader-elect', '--leader-elect-renew-deadline=20s'], 'error: leaseDuration must be greater than renewDeadline\n'],
    [['--leader-elect', '--leader-elect-retry-period=9s'], 'error: renewDeadline must be greater than retryPeriod*JitterFactor\n'],
    // Checked with or without --leader-elect (without, it was not read, and the run failed later on the kubeconfig).
    [['--leader-elect-lease-duration', 'zz'], 'error: invalid --leader-elect-lease-duration "zz": use a duration like 90s, 30m, 24h or 30d\n'],
    [['--leader-elect', '--leader-elect-renew-deadline=1x'], 'error: invalid --leader-elect-renew-deadline "1x": use a duration like 90s, 30m, 24h or 30d\n'],
    [['--leader-elect-retry-period=0s'], 'error: invalid --leader-elect-retry-period "0s": the period must be more than 0\n'],
  ];
  for (const [args, stderr] of cases) {
    const r = await runIn(fake, ['approver', 'run', ...args]);
    t.same([r.code, r.stderr], [2, stderr], args.join(' '));
  }
  t.same(fake.requests, [], 'nothing was asked of the cluster');
});

t.test('approver manifest: the objects, the flags handed on to the Deployment, nothing asked of the cluster', async (t) => {
  const fake = cluster();
  const r = await runIn(fake, ['approver', 'manifest', '--image', 'registry.example/kubectl-csr:t', '--leader-elect-namespace', 'csr', '--max-expiration-sec', '86400', '--bypass-hostname-check', '--leader-elect-retry-period', '3s', '--provider-ip-prefixes', '10.0.0.0/8']);
  t.equal(r.code, 0, r.stderr);
  t.same([...r.stdout.matchAll(/^kind: (\w+)$/gm)].map((m) => m[1]), ['ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding', 'Role', 'RoleBinding', 'Deployment', 'PodDisruptionBudget']);
  t.match(r.stdout, /^ {8}image: registry\.example\/kubectl-csr:t$/m);
  const args = [...r.stdout.matchAll(/^ {8}- "(--[^"]+)"$/gm)].map((m) => m[1]);
  t.same(args, ['--leader-elect', '--leader-elect-namespace=csr', '--metrics-bind-address=:8080', '--health-probe-bind-address=:8081', '--log-format=json', '--leader-elect-retry-period=3s', '--provider-ip-prefixes=10.0.0.0/8', '--max-expiration-sec=86400', '--bypass-hostname-check']);
  const bad = await runIn(fake, ['approver', 'manifest', '--max-expiration-sec', '99999999']);
  t.same([bad.code, bad.stderr], [2, 'error: the maximum expiration seconds cannot be lower than 0 nor greater than 367 days (--max-expiration-sec)\n']);
  t.same(fake.requests, []);
});
