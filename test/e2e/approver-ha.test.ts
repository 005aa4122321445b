// Two replicas of `approver run --leader-elect`, each started as a pod starts it (no kubeconfig: the service
// variables and a mounted service account whose token came from TokenRequest, bound to the manifest's roles), on a
// private control plane (the approver decides every kubelet-serving CSR, which other test files must not suffer).
// The leader decides; kill -9 of the leader: the standby takes the Lease within lease duration + retry period and
// decides the CSRs that several nodes made meanwhile; SIGTERM of a leader hands over within two retry periods; an
// API server restart, and the 410 Gone of the watch after it, survived; each CSR ends with exactly one condition and
// one Event.
import t from 'tap';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildControlPlane } from './harness/build.js';
import { startControlPlane, type ControlPlane } from './harness/control-plane.js';
import { freePort } from './harness/processes.js';
import { api, credentialsFrom, eventually, type Credentials } from './api.js';
import { cluster } from './cluster.js';
import { fetchText } from '../helpers/http-text.js';
import { CSRS, installApprover, makeNode, servingCsr, startReplica, type Replica } from './approver-fixture.js';

const LEASE_MS = 3000;
const RENEW_MS = 2000;
const RETRY_MS = 500;
const LEASE = '/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kubectl-csr-approver';

if (cluster().external) {
  t.test('approver run with two replicas', { skip: 'needs a control plane of its own; not run against KUBECTL_CSR_E2E_KUBECONFIG' }, () => {});
} else {
  const work = mkdtempSync(join(tmpdir(), 'kubectl-csr-approver-'));
  let plane: ControlPlane;
  let admin: Credentials;
  let account: string;
  const replicas: Replica[] = [];
  t.before(async () => {
    plane = await startControlPlane({ dir: join(work, 'cluster'), binDir: buildControlPlane() });
    admin = credentialsFrom(plane.kubeconfigs.admin);
    account = installApprover(plane.kubectl, plane.kubeconfigs.admin, readFileSync(plane.caCert, 'utf8'), work);
  });
  t.teardown(async () => {
    for (const r of replicas) r.child.kill('SIGKILL');
    await plane?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  /** Ends what a failed test left running, so that the next one starts with no holder but an expiring lease. */
  t.beforeEach(async () => {
    const running = replicas.filter((r) => r.child.exitCode === null && r.child.signalCode === null);
    for (const r of running) r.child.kill('SIGKILL');
    await Promise.all(running.map((r) => r.exited));
  });

  async function replica(extra: string[] = []): Promise<Replica & { metrics: number; probes: number }> {
    const [metrics, probes] = [await freePort(), await freePort()];
    const args = ['--leader-elect', `--leader-elect-lease-duration=${LEASE_MS}ms`, `--leader-elect-renew-deadline=${RENEW_MS}ms`, `--leader-elect-retry-period=${RETRY_MS}ms`,
      `--metrics-bind-address=127.0.0.1:${metrics}`, `--health-probe-bind-address=127.0.0.1:${probes}`, '--log-format=json', ...extra];
    const r = startReplica(plane.server, account, work, args);
    replicas.push(r);
    return { ...r, metrics, probes };
  }

  const lease = async (): Promise<{ holderIdentity?: string; acquireTime?: string }> => (await api(admin, 'GET', LEASE)).body?.spec ?? {};
  const holder = async (): Promise<string> => (await lease()).holderIdentity ?? '';
  /**
   * Resolves once `identity` holds the Lease, with the milliseconds from `since` to the acquireTime it wrote (the
   * replica's own clock, on this machine): the time of the takeover, not of this test's next poll.
   */
  async function heldBy(identity: string, since: number, timeoutMs = 30_000): Promise<number> {
    const spec = await eventually(`the lease held by ${identity}`, async () => {
      const s = await lease();
      return s.holderIdentity === identity ? s : undefined;
    }, timeoutMs);
    return Date.parse(spec.acquireTime!) - since;
  }
  const decisionLines = (r: Replica) => r.out().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { msg: string; csr: string; findings: { id: string }[] });

  async function conditions(name: string): Promise<{ type: string; reason: string; message: string }[]> {
    return (await api(admin, 'GET', `${CSRS}/${name}`)).body.status?.conditions ?? [];
  }
  async function events(name: string): Promise<{ reason: string; message: string; type: string }[]> {
    return (await api(admin, 'GET', `/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3D${name}`)).body.items ?? [];
  }
  const decided = (name: string) => eventually(`${name} decided`, async () => ((await conditions(name)).length > 0 ? true : undefined), 60_000);

  t.test('the leader decides; kill -9, SIGTERM: the standby takes over, and every CSR is decided once', async (t) => {
    await makeNode(admin, 'n1', '10.20.0.1');
    await makeNode(admin, 'n2', '10.20.0.2');
    await makeNode(admin, 'n3', '10.20.0.3');
    await makeNode(admin, 'n4', '10.20.0.4');

    const a = await replica();
    await eventually('a says who it is', async () => a.identity());
    await heldBy(a.identity()!, Date.now());
    const b = await replica();
    await eventually('b ready (listed, watching)', async () => ((await fetchText(b.probes, '/readyz').catch(() => ({ status: 0 }))).status === 200 ? true : undefined));
    t.equal((await fetchText(b.probes, '/healthz')).status, 200);
    t.match((await fetchText(a.metrics, '/metrics')).text, /^kubectl_csr_approver_leader 1$/m, 'a leads');
    t.match((await fetchText(b.metrics, '/metrics')).text, /^kubectl_csr_approver_leader 0$/m, 'b stands by');

    await servingCsr(admin, 'c1-n1', 'n1', '10.20.0.1');
    await decided('c1-n1');
    await eventually('a logged c1', async () => (decisionLines(a).length === 1 ? true : undefined));
    // The Event follows the decision line: a kill -9 between them would lose it (a crash is not a transaction).
    await eventually('the event of c1', async () => ((await events('c1-n1')).length ? true : undefined));
    t.same(decisionLines(a).map((l) => [l.msg, l.csr]), [['approved', 'c1-n1']], 'the leader approved it');

    // kill -9: no release; the standby must wait out the lease.
    const killedAt = Date.now();
    a.child.kill('SIGKILL');
    await a.exited;
    await Promise.all([
      servingCsr(admin, 'c2-n2', 'n2', '10.20.0.2'),
      servingCsr(admin, 'c3-n3', 'n3', '10.20.0.3'),
      servingCsr(admin, 'c4-n4', 'n4', '10.20.0.4'),
      servingCsr(admin, 'c5-n2-foreign', 'n2', '10.20.0.99'),
    ]);
    const takeover = await heldBy(b.identity()!, killedAt);
    t.ok(takeover <= LEASE_MS + RETRY_MS, `standby took the lease ${takeover} ms after the kill (its acquireTime; lease ${LEASE_MS} + retry ${RETRY_MS})`);
    for (const name of ['c2-n2', 'c3-n3', 'c4-n4', 'c5-n2-foreign']) await decided(name);
    t.same((await conditions('c5-n2-foreign')).map((c) => [c.type, c.message]), [['Denied', 'This CSR was denied by kubectl csr deny. Findings: san-not-node-address.']]);
    const denial = await eventually('the denial event', async () => ((await events('c5-n2-foreign')).length ? events('c5-n2-foreign') : undefined));
    t.same(denial.map((e) => [e.type, e.reason]), [['Warning', 'Denied']]);
    t.match(denial[0]!.message, /^denied by kubectl-csr approver: \[san-not-node-address\] IP:10\.20\.0\.99 is not an address of Node n2$/);

    // SIGTERM of the leader: in-flight decisions end, the Lease is released, the standby takes it at its next try.
    const c = await replica();
    await eventually('c ready', async () => ((await fetchText(c.probes, '/readyz').catch(() => ({ status: 0 }))).status === 200 ? true : undefined));
    const termAt = Date.now();
    b.child.kill('SIGTERM');
    const handover = await heldBy(c.identity()!, termAt);
    t.ok(handover <= 2 * RETRY_MS, `SIGTERM handed the lease over in ${handover} ms (its acquireTime; two retry periods: ${2 * RETRY_MS})`);
    t.equal(await b.exited, 0, b.err());
    t.match(b.err(), /released the lease\n/);
    await servingCsr(admin, 'c6-n3', 'n3', '10.20.0.3');
    await decided('c6-n3');

    const all = ['c1-n1', 'c2-n2', 'c3-n3', 'c4-n4', 'c5-n2-foreign', 'c6-n3'];
    await eventually('an event per CSR', async () => ((await Promise.all(all.map(events))).every((e) => e.length > 0) ? true : undefined));
    for (const name of all) {
      const conds = (await conditions(name)).filter((x) => x.type === 'Approved' || x.type === 'Denied');
      const evs = await events(name);
      t.equal(conds.length, 1, `${name}: one decision condition (${conds.map((x) => x.type).join(',')})`);
      t.equal(evs.length, 1, `${name}: one event (${evs.map((e) => e.reason).join(',')})`);
    }
    // Each line is written a turn of the loop after its Event is queued (report.ts): an Event seen is no line read yet.
    await eventually('a line per CSR', async () => ([a, b, c].flatMap(decisionLines).length >= all.length ? true : undefined));
    const lines = [a, b, c].flatMap(decisionLines);
    t.same(lines.map((l) => l.csr).sort(), [...all].sort(), 'each CSR logged once, across the three processes');
    t.same(decisionLines(b).map((l) => l.csr).sort(), ['c2-n2', 'c3-n3', 'c4-n4', 'c5-n2-foreign'], 'the standby decided what arrived after the kill');
    t.same(decisionLines(c).map((l) => l.csr), ['c6-n3']);
    const metrics = (await fetchText(c.metrics, '/metrics')).text;
    t.match(metrics, /^kubectl_csr_approver_decisions_total\{result="approved"\} 1$/m);
    t.match(metrics, /^kubectl_csr_approver_decision_latency_seconds_count 1$/m);
    c.child.kill('SIGTERM');
    t.equal(await c.exited, 0, c.err());
  });

  t.test('an API server restart and the 410 Gone after it: both replicas watch again, and each CSR is decided once', async (t) => {
    const a = await replica();
    const aId = await eventually('a says who it is', async () => a.identity());
    await heldBy(aId, Date.now());
    const b = await replica();
    await eventually('b ready', async () => ((await fetchText(b.probes, '/readyz').catch(() => ({ status: 0 }))).status === 200 ? true : undefined));
    await servingCsr(admin, 'r1-n1', 'n1', '10.20.0.1');
    await decided('r1-n1');

    // Longer than the lease: neither replica can renew or watch. The watch cache of the API server that comes back
    // starts at etcd's current revision, newer than any version the replicas saw, so their watches get 410 Gone and
    // list again (client-go's reflector does the same).
    await plane.stopApiServer();
    await new Promise((r) => setTimeout(r, LEASE_MS + 1000));
    await plane.startApiServer();
    await Promise.all([
      servingCsr(admin, 'r2-n2', 'n2', '10.20.0.2'),
      servingCsr(admin, 'r3-n3', 'n3', '10.20.0.3'),
      servingCsr(admin, 'r4-n4-foreign', 'n4', '10.20.0.98'),
    ]);
    const all = ['r1-n1', 'r2-n2', 'r3-n3', 'r4-n4-foreign'];
    for (const name of all) await decided(name);
    // On a timeout, what both replicas said (a lost Event is said on stderr).
    await eventually('an event per CSR', async () => ((await Promise.all(all.map(events))).every((e) => e.length > 0) ? true : undefined)).catch((err: Error) => {
      throw new Error(`${err.message}\na:\n${a.err()}\nb:\n${b.err()}`);
    });
    await new Promise((r) => setTimeout(r, 3 * RETRY_MS)); // a second decision, if any, would have come by now
    for (const name of all) {
      const conds = (await conditions(name)).filter((x) => x.type === 'Approved' || x.type === 'Denied');
      t.equal(conds.length, 1, `${name}: one decision condition (${conds.map((x) => x.type).join(',')})`);
      t.equal((await events(name)).length, 1, `${name}: one event`);
    }
    t.same((await conditions('r4-n4-foreign')).map((c) => c.type), ['Denied']);
    t.same([...decisionLines(a), ...decisionLines(b)].map((l) => l.csr).sort(), all, 'each CSR logged once, by one of the two');
    t.ok([aId, b.identity()].includes(await holder()), 'one of them holds the lease again');
    for (const [name, r] of [['a', a], ['b', b]] as const) {
      t.equal(r.child.exitCode, null, `${name} still runs`, { stderr: r.err() });
      const metrics = (await fetchText(r.metrics, '/metrics').catch(() => ({ text: '' }))).text;
      t.match(metrics, /^kubectl_csr_approver_watch_restarts_total\{reason="lost"\} 1$/m, `${name}: lost the watch once`);
      t.match(metrics, /^kubectl_csr_approver_watch_restarts_total\{reason="relist"\} [1-9]$/m, `${name}: listed again after a 410 Gone`);
      t.match(r.err(), /lost the API server \(.*\); retrying with backoff\n(.*\n)*.*watching again\n/, `${name}: said the loss and the return`);
    }
    for (const r of [a, b]) r.child.kill('SIGTERM');
    t.same(await Promise.all([a.exited, b.exited]), [0, 0], a.err() + b.err());
  });

  t.test('--skip-deny-step leaves a refused CSR pending, with its event and its metric', async (t) => {
    const r = await replica(['--skip-deny-step', '--log-format=text']);
    await heldBy(await eventually('r says who it is', async () => r.identity()), Date.now());
    await servingCsr(admin, 'c7-n4-foreign', 'n4', '10.20.0.77');
    const ev = await eventually('the refusal event', async () => (await events('c7-n4-foreign'))[0]);
    t.same([ev.type, ev.reason], ['Warning', 'Refused']);
    t.match(ev.message, /\[san-not-node-address\] IP:10\.20\.0\.77 is not an address of Node n4/);
    t.same(await conditions('c7-n4-foreign'), [], 'still pending');
    // As above: the Event may be posted before the decision's line is written.
    await eventually('the decision line', async () => (r.out() === '' ? undefined : true));
    t.match(r.out(), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ refused c7-n4-foreign: \[san-not-node-address\] IP:10\.20\.0\.77 is not an address of Node n4\n$/);
    const metrics = (await fetchText(r.metrics, '/metrics')).text;
    t.match(metrics, /^kubectl_csr_approver_decisions_total\{result="refused"\} 1$/m);
    t.match(metrics, /^kubectl_csr_approver_findings_total\{result="refused",finding="san-not-node-address"\} 1$/m);
    r.child.kill('SIGTERM');
    t.equal(await r.exited, 0, r.err());
  });

  t.test('a ClusterRole without list on nodes (403 from a ready server): the serving CSR stays pending, said once, not ready; decided once allowed', async (t) => {
    const ROLE = '/apis/rbac.authorization.k8s.io/v1/clusterroles/kubectl-csr-approver';
    const role = (await api(admin, 'GET', ROLE)).body as { rules: { resources?: string[] }[] };
    const withoutNodes = { ...role, rules: role.rules.filter((r) => !r.resources?.includes('nodes')) };
    t.equal((await api(admin, 'PUT', ROLE, withoutNodes)).status, 200);
    t.teardown(async () => void (await api(admin, 'PUT', ROLE, { ...(await api(admin, 'GET', ROLE)).body, rules: role.rules })));
    const r = await replica();
    await heldBy(await eventually('r says who it is', async () => r.identity()), Date.now());
    await servingCsr(admin, 'c8-n4', 'n4', '10.20.0.4');
    await eventually('the refusal said', async () => (/cannot list and watch nodes/.test(r.err()) ? true : undefined));
    t.match(r.err(), /cannot list and watch nodes: Error from server \(Forbidden\): nodes is forbidden: User "system:serviceaccount:kube-system:kubectl-csr-approver" cannot list resource "nodes" .*; no CSR that needs them is judged until they can be read/);
    const probe = await fetchText(r.probes, '/readyz');
    t.same(probe, { status: 503, text: 'forbidden to list and watch nodes: CSRs that need them are not judged' });
    t.match((await fetchText(r.metrics, '/metrics')).text, /^kubectl_csr_approver_cache_forbidden\{resource="nodes"\} 1$/m);
    await new Promise((resolve) => setTimeout(resolve, 2000)); // a few refused lists, backing off
    t.same(await conditions('c8-n4'), [], 'pending: a 403 is no fact about the CSR');
    t.same(await events('c8-n4'), [], 'no Event: nothing was decided');
    t.equal(r.err().match(/cannot list and watch nodes/g)?.length, 1, 'said once');

    t.equal((await api(admin, 'PUT', ROLE, { ...(await api(admin, 'GET', ROLE)).body, rules: role.rules })).status, 200);
    await decided('c8-n4');
    t.same((await conditions('c8-n4')).map((c) => c.type), ['Approved'], 'approved once the Nodes can be read, and only once');
    t.match(r.err(), /can list and watch nodes again; judging resumes/);
    t.same(await fetchText(r.probes, '/readyz'), { status: 200, text: 'ok' });
    r.child.kill('SIGTERM');
    t.equal(await r.exited, 0, r.err());
  });

}
