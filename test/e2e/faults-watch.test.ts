// A fault is never a decision (issue 27), on a private control plane (this file stops kube-apiserver and SIGSTOPs
// etcd, which the shared one must not suffer). Every test ends by counting conditions on the server: no CSR denied or
// refused because of a fault, none with more than one decision.
//
//   KUBECTL_CSR_OUTAGE_SECONDS   length of each of the three API server outages (default 5; issue 27 asks for 30,
//                                run by hand: KUBECTL_CSR_OUTAGE_SECONDS=30 npm test -- test/e2e/faults-watch.test.ts)
import t, { type Test } from 'tap';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequest } from '../../src/pki/create-request.js';
import { generateKey } from '../fixtures/pki/keys.js';
import { buildControlPlane } from './harness/build.js';
import { startControlPlane, type ControlPlane } from './harness/control-plane.js';
import { runCli, startCli, type RunningCli } from '../helpers/run-cli.js';
import { api, credentialsFrom, eventually, type Credentials } from './api.js';
import { cluster } from './cluster.js';

const CSRS = '/apis/certificates.k8s.io/v1/certificatesigningrequests';
const STAMP = '\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ';
const OUTAGE_MS = Number(process.env.KUBECTL_CSR_OUTAGE_SECONDS ?? 5) * 1000;
/** Issue 27: each CSR created during or just after an outage is approved within this long of the server's return. */
const BACK_WITHIN_MS = 10_000;

if (cluster().external) {
  t.test('faults on a control plane of its own', { skip: 'stops the API server and etcd; not run against KUBECTL_CSR_E2E_KUBECONFIG' }, () => {});
} else {
  const work = mkdtempSync(join(tmpdir(), 'kubectl-csr-faults-'));
  let plane: ControlPlane;
  let admin: Credentials;
  let requester: Credentials;
  const children: ChildProcess[] = [];
  t.before(async () => {
    plane = await startControlPlane({ dir: join(work, 'cluster'), binDir: buildControlPlane() });
    admin = credentialsFrom(plane.kubeconfigs.admin);
    requester = credentialsFrom(plane.kubeconfigs.requester);
  });
  t.teardown(async () => {
    for (const c of children) c.kill('SIGKILL');
    await plane?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  /** A CSR as a user would send it: CN=name, O=dev (passes every check), or O=system:nodes (blocked: impersonates-node). */
  async function create(name: string, opts: { bad?: boolean } = {}): Promise<void> {
    const request = createRequest({ key: generateKey('ecdsa-p256'), commonName: name, organizations: [opts.bad ? 'system:nodes' : 'dev'] });
    const res = await api(requester, 'POST', CSRS, {
      apiVersion: 'certificates.k8s.io/v1',
      kind: 'CertificateSigningRequest',
      metadata: { name },
      spec: { request: Buffer.from(request).toString('base64'), signerName: 'kubernetes.io/kube-apiserver-client', usages: ['client auth'] },
    });
    if (res.status !== 201) throw new Error(`create ${name}: ${res.status} ${JSON.stringify(res.body)}`);
  }

  /** Every CSR's condition types, by name, as the server has them. */
  async function conditions(): Promise<Record<string, string[]>> {
    const res = await api(admin, 'GET', CSRS);
    return Object.fromEntries((res.body.items as { metadata: { name: string }; status?: { conditions?: { type: string }[] } }[]).map((c) => [c.metadata.name, (c.status?.conditions ?? []).map((x) => x.type)]));
  }

  /** The invariant of the issue: nothing decided twice; a valid CSR never denied; only the named ones decided. */
  async function checkDecisions(t: Test, expect: { approved?: string[]; denied?: string[]; pending?: string[] }) {
    const all = await conditions();
    for (const [name, types] of Object.entries(all)) t.ok(types.length <= 1, `${name}: at most one decision (${types.join(',') || 'pending'})`);
    for (const name of expect.approved ?? []) t.same(all[name], ['Approved'], `${name} approved once`);
    for (const name of expect.denied ?? []) t.same(all[name], ['Denied'], `${name} denied once`);
    for (const name of expect.pending ?? []) t.same(all[name], [], `${name} pending: neither denied nor refused by a fault`);
  }

  function start(args: string[], identity: 'admin' | 'approver' = 'approver'): RunningCli {
    const running = startCli(args, { cwd: work, env: { HOME: work, KUBECONFIG: plane.kubeconfigs[identity] } });
    children.push(running.child);
    return running;
  }

  const until = (what: string, fn: () => boolean, ms = 60_000) => eventually(what, async () => (fn() ? true : undefined), ms);
  const approvedAt = (name: string) => eventually(`${name} approved`, async () => ((await conditions())[name]?.includes('Approved') ? Date.now() : undefined), 60_000);

  /** SIGTERM, and how long the process took to exit. */
  async function terminate(w: RunningCli): Promise<{ code: number | null; ms: number }> {
    const sent = Date.now();
    w.child.kill('SIGTERM');
    const code = await w.exited;
    return { code, ms: Date.now() - sent };
  }

  t.test('bulk approval while etcd stops: one line per CSR naming it, faults by kind, the count read back; a rerun decides the rest once', async (t) => {
    const names = Array.from({ length: 300 }, (_, i) => `bulk-${String(i).padStart(3, '0')}`);
    for (const name of names) await create(name);
    const bulk = start(['approve', '--pending', '--yes', '--request-timeout', '3s']);
    // The decision table is printed just before the first approval is sent: etcd stops as it arrives, so that the
    // approvals meet the stall (some may be through already), and comes back 12 s later, after the first approvals
    // have given up (3 s, then two reads of 3 s each: 10.5 s) and while the run reads back what the server holds.
    bulk.child.stdout!.once('data', () => {
      plane.pauseEtcd();
      setTimeout(() => plane.resumeEtcd(), 12_000);
    });
    const code = await bulk.exited;
    plane.resumeEtcd();
    t.equal(code, 8, bulk.err());
    const approvedLines = [...bulk.out().matchAll(/^certificatesigningrequest\.certificates\.k8s\.io\/(bulk-\d+) approved/gm)].map((m) => m[1]!);
    const errorLines = [...bulk.err().matchAll(/^error: "(bulk-\d+)" not approved: (.*)$/gm)].map((m) => m[1]!);
    t.ok(errorLines.length > 0, `faults met: ${errorLines.length} CSRs not approved`);
    t.same([...approvedLines, ...errorLines].sort(), names.filter((n) => approvedLines.includes(n) || errorLines.includes(n)).sort(), 'no CSR named twice');
    t.equal(approvedLines.length + errorLines.length, names.length, 'every CSR has exactly one line');
    t.equal(bulk.err().match(/^error: /gm)?.length, errorLines.length, 'every error line names its CSR');
    const faults = /^faults: (.*)$/m.exec(bulk.err())?.[1] ?? '';
    t.equal(faults.split(', ').reduce((sum, part) => sum + Number(part.split(' ')[0]), 0), errorLines.length, `faults by kind (${faults}) add up to the error lines`);
    t.match(bulk.err(), /^read back from the server, of the \d+ CSRs that met a fault: /m);
    t.match(bulk.err(), new RegExp(`\\napproved ${approvedLines.length}, refused by policy 0, failed ${errorLines.length}\\n$`));
    const after = await conditions();
    for (const name of approvedLines) t.same(after[name], ['Approved'], `${name}: reported approved, and it is`);

    const rerun = await runCli(['approve', ...errorLines], { cwd: work, env: { KUBECONFIG: plane.kubeconfigs.approver } });
    t.equal(rerun.code, 0, rerun.stderr);
    await checkDecisions(t, { approved: names });
  });

  t.test(`one approve --pending --watch through three API server outages of ${OUTAGE_MS / 1000}s`, async (t) => {
    await create('outage-before');
    const w = start(['approve', '--pending', '--watch']);
    await approvedAt('outage-before');
    const latencies: number[] = [];
    for (let i = 1; i <= 3; i++) {
      await plane.stopApiServer();
      await new Promise((r) => setTimeout(r, OUTAGE_MS));
      await plane.startApiServer();
      const back = Date.now();
      await create(`outage-${i}`);
      await create(`outage-${i}-bad`, { bad: true });
      const latency = (await approvedAt(`outage-${i}`)) - back;
      latencies.push(latency);
      t.ok(latency < BACK_WITHIN_MS, `outage ${i}: outage-${i} approved ${(latency / 1000).toFixed(1)}s after the server's return`);
      await until(`outage-${i}-bad refused`, () => w.out().includes(`refused outage-${i}-bad:`));
    }
    t.comment(`approved after each return in ${latencies.map((ms) => `${(ms / 1000).toFixed(1)}s`).join(', ')}`);
    const lines = w.out().split('\n').filter(Boolean).map((l) => l.replace(new RegExp(`^${STAMP} `), '').replace(/:.*/, ''));
    t.same(lines.sort(), ['approved outage-1', 'approved outage-2', 'approved outage-3', 'approved outage-before', 'refused outage-1-bad', 'refused outage-2-bad', 'refused outage-3-bad'], 'one line per CSR');
    t.equal(w.err().match(/lost the API server/g)?.length, 3, 'each outage said once');
    t.equal(w.err().match(/watching again/g)?.length, 3, 'and each return once');
    const { code, ms } = await terminate(w);
    t.equal(code, 0, w.err());
    t.ok(ms < 2000, `ended ${ms} ms after SIGTERM`);
    t.match(w.err(), /\napproved 4, refused by policy 3, failed 0\n$/);
    await checkDecisions(t, { approved: ['outage-before', 'outage-1', 'outage-2', 'outage-3'], pending: ['outage-1-bad', 'outage-2-bad', 'outage-3-bad'] });
    for (let i = 1; i <= 3; i++) await api(admin, 'DELETE', `${CSRS}/outage-${i}-bad`); // the deny watcher below must not meet them
  });

  t.test('started before the API server is up: approve --watch and list -w wait, say so once, and carry on', async (t) => {
    await plane.stopApiServer();
    const w = start(['approve', '--pending', '--watch']);
    const list = start(['list', '-w']);
    await until('both say they wait', () => /waiting for the API server/.test(w.err()) && /waiting for the API server/.test(list.err()));
    await new Promise((r) => setTimeout(r, 3000)); // several retries, said once
    t.equal(w.child.exitCode, null, 'the watcher is still running');
    t.equal(list.child.exitCode, null, 'list -w is still running');
    await plane.startApiServer();
    const back = Date.now();
    await create('early');
    t.ok((await approvedAt('early')) - back < BACK_WITHIN_MS, 'approved within 10s of the return');
    await until('list -w shows it', () => /\nearly\s/.test(list.out()) || /^early\s/m.test(list.out()));
    await plane.restartApiServer();
    const backAgain = Date.now();
    await create('early-after-restart');
    await until('list -w shows a change after a second outage', () => /^early-after-restart\s/m.test(list.out()));
    // The watcher comes back on its own backoff, not list -w's: it is stopped only once it has approved.
    t.ok((await approvedAt('early-after-restart')) - backAgain < BACK_WITHIN_MS, 'approved within 10s of the return after the restart');
    for (const p of [w, list]) {
      t.equal(p.err().match(/waiting for the API server/g)?.length, 1, 'waiting said once');
      t.match(p.err(), /^(\S+ )?waiting for the API server \(The connection to the server 127\.0\.0\.1:\d+ was refused - did you specify the right host or port\?\); retrying with backoff\n/);
    }
    t.equal(list.err().match(/lost the API server/g)?.length, 1, 'list -w: the restart said once');
    const { code, ms } = await terminate(w);
    t.equal(code, 0, w.err());
    t.ok(ms < 2000, `ended ${ms} ms after SIGTERM`);
    list.child.kill('SIGTERM');
    await list.exited;
    await checkDecisions(t, { approved: ['early', 'early-after-restart'] });
  });

  t.test('etcd stopped for longer than --request-timeout: nothing denied, exit 8, the watcher waits and denies only the bad one', async (t) => {
    await create('stall-valid');
    await create('stall-bad', { bad: true });
    plane.pauseEtcd();
    try {
      const denyOnce = await runCli(['deny', '--pending', '--failing', '--request-timeout', '2s'], { cwd: work, env: { KUBECONFIG: plane.kubeconfigs.approver } });
      t.equal(denyOnce.code, 8, denyOnce.stderr);
      t.match(denyOnce.stderr, /^error: could not list the pending CSRs: Unable to connect to the server https:\/\/127\.0\.0\.1:\d+: context deadline exceeded \(--request-timeout=2s\); nothing was decided\n$/);
      const approveOne = await runCli(['approve', 'stall-valid', '--request-timeout', '2s'], { cwd: work, env: { KUBECONFIG: plane.kubeconfigs.approver } });
      t.equal(approveOne.code, 8, approveOne.stderr);
      t.match(approveOne.stderr, /^error: "stall-valid" not approved: Unable to connect to the server .*context deadline exceeded/);

      const w = start(['deny', '--pending', '--failing', '--watch', '--request-timeout', '2s']);
      await until('the watcher waits', () => /waiting for the API server \(Unable to connect to the server .*context deadline exceeded/.test(w.err()));
      await new Promise((r) => setTimeout(r, 4000)); // longer than the request timeout, twice over
      t.equal(w.out(), '', 'nothing decided while etcd is stopped');
      plane.resumeEtcd();
      await until('the bad one denied', () => /denied stall-bad\n/.test(w.out()));
      const { code, ms } = await terminate(w);
      t.equal(code, 0, w.err());
      t.ok(ms < 2000, `ended ${ms} ms after SIGTERM`);
      t.equal(w.out().split('\n').filter(Boolean).length, 1, 'one decision: the bad one');
      t.match(w.err(), /\ndenied 1, refused by policy 0, failed 0\n$/);
    } finally {
      plane.resumeEtcd();
    }
    await checkDecisions(t, { denied: ['stall-bad'], pending: ['stall-valid'] });
  });

  t.test('SIGTERM while every request hangs on a stopped etcd: ends within 2s and says what was in flight', async (t) => {
    plane.pauseEtcd();
    try {
      const w = start(['approve', '--pending', '--watch']);
      await new Promise((r) => setTimeout(r, 3000)); // the first list is sent and hangs (no --request-timeout)
      const { code, ms } = await terminate(w);
      t.equal(code, 0, w.err());
      t.ok(ms < 2000, `ended ${ms} ms after SIGTERM`);
      t.match(w.err(), new RegExp(`^${STAMP} stopping with 1 request in flight: reads end now, decisions get 1\\.5s\\napproved 0, refused by policy 0, failed 0\\n$`));
    } finally {
      plane.resumeEtcd();
    }
  });

}
