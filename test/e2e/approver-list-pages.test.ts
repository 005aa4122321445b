// The approver's first list, on the real control plane, is read a page of 500 at a time with the server's continue
// tokens, as client-go's reflector reads it (issue 25: a leader started among 11 000 decided CSRs held them all at
// once, and stayed ~70 MiB larger for it), and misses no CSR for it: with 1 001 kubelet-serving CSRs of which three
// are pending, one on each page, each of the three is approved once and nothing else is touched. On a control plane
// of its own: the approver decides every kubelet-serving CSR. The 410 on an expired continue token, which a real
// server gives only after a compaction, is test/faults/watch-list-pages.test.ts.
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
import { CSRS, installApprover, makeNode, SERVING, startReplica } from './approver-fixture.js';
import { createRequest } from '../../src/pki/create-request.js';
import { generateKey } from '../fixtures/pki/keys.js';
import { mapLimit } from '../../src/util/map-limit.js';

const TOTAL = 1001;
/** One on each page of 500: the list is in name order. */
const PENDING = ['c-0000', 'c-0500', 'c-1000'];

if (cluster().external) {
  t.test('the approver reads its first list in pages', { skip: 'needs a control plane of its own; not run against KUBECTL_CSR_E2E_KUBECONFIG' }, () => {});
} else {
  const work = mkdtempSync(join(tmpdir(), 'kubectl-csr-approver-pages-'));
  let plane: ControlPlane;
  let admin: Credentials;
  let account: string;
  t.before(async () => {
    plane = await startControlPlane({ dir: join(work, 'cluster'), binDir: buildControlPlane() });
    admin = credentialsFrom(plane.kubeconfigs.admin);
    account = installApprover(plane.kubectl, plane.kubeconfigs.admin, readFileSync(plane.caCert, 'utf8'), work);
  });
  t.teardown(async () => {
    await plane?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  t.test('1 001 kubelet-serving CSRs, three pending, one per page of 500: each of the three approved once, in three pages', async (t) => {
    await makeNode(admin, 'n1', '10.30.0.1');
    // Made as the node; all but the three denied (a decision no controller adds to: no certificate is signed).
    const asNode = { 'Impersonate-User': 'system:node:n1', 'Impersonate-Group': ['system:nodes', 'system:authenticated'] };
    const request = Buffer.from(createRequest({ key: generateKey('ecdsa-p256'), commonName: 'system:node:n1', organizations: ['system:nodes'], dns: ['n1'], ip: ['10.30.0.1'] })).toString('base64');
    const names = Array.from({ length: TOTAL }, (_, i) => `c-${String(i).padStart(4, '0')}`);
    await mapLimit(names, 16, async (name) => {
      const created = await api(admin, 'POST', CSRS, { apiVersion: 'certificates.k8s.io/v1', kind: 'CertificateSigningRequest', metadata: { name }, spec: { request, signerName: SERVING, usages: ['digital signature', 'server auth'] } }, asNode);
      if (created.status !== 201) throw new Error(`create ${name}: ${created.status} ${created.body?.message}`);
      if (PENDING.includes(name)) return;
      const csr = created.body;
      csr.status = { conditions: [{ type: 'Denied', status: 'True', reason: 'Test', message: 'denied by the test' }] };
      const denied = await api(admin, 'PUT', `${CSRS}/${name}/approval`, csr);
      if (denied.status !== 200) throw new Error(`deny ${name}: ${denied.status} ${denied.body?.message}`);
    });

    const probes = await freePort();
    const r = startReplica(plane.server, account, work, ['-v=6', '--log-format=json', '--metrics-bind-address=0', `--health-probe-bind-address=127.0.0.1:${probes}`]);
    t.teardown(() => void r.child.kill('SIGKILL'));
    const decisions = () => r.out().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { msg: string; csr: string });
    await eventually('three decisions', async () => (decisions().length >= 3 ? true : undefined), 60_000).catch((err: Error) => {
      throw new Error(`${err.message}\n${r.err().slice(-3000)}`);
    });
    t.same((await fetchText(probes, '/readyz')).status, 200, 'synced');
    await new Promise((resolve) => setTimeout(resolve, 1000)); // a second decision, if any, would have come by now
    r.child.kill('SIGTERM');
    t.equal(await r.exited, 0, r.err().slice(-3000));

    t.same(decisions().map((d) => [d.msg, d.csr]).sort(), PENDING.map((name) => ['approved', name]), 'each pending CSR approved, once, whatever its page');
    // kubectl's -v=6 Response lines of the CSR lists (not the watch): three pages, each after the one before.
    const lists = r.err().split('\n').filter((l) => /"Response" verb="GET" url="[^"]*\/certificatesigningrequests\?/.test(l) && !/watch=1/.test(l));
    t.equal(lists.length, 3, lists.join('\n'));
    for (const line of lists) t.match(line, /[?&]limit=500[&"]/, 'a page of 500');
    t.notMatch(lists[0], /continue=/);
    t.match(lists[1], /[?&]continue=[^&"]+/, 'the second page with the first page’s continue token');
    t.match(lists[2], /[?&]continue=[^&"]+/);
    t.not(/continue=([^&"]+)/.exec(lists[1]!)?.[1], /continue=([^&"]+)/.exec(lists[2]!)?.[1], 'each page with the token of the one before');

    const all = (await api(admin, 'GET', `${CSRS}?fieldSelector=${encodeURIComponent(`spec.signerName=${SERVING}`)}`)).body.items as { metadata: { name: string }; status?: { conditions?: { type: string }[] } }[];
    t.equal(all.length, TOTAL);
    const decided = all.map((c) => [c.metadata.name, (c.status?.conditions ?? []).filter((x) => x.type === 'Approved' || x.type === 'Denied').map((x) => x.type).join(',')]);
    t.same(decided.filter(([, types]) => types !== 'Denied'), PENDING.map((name) => [name, 'Approved']), 'one condition each: the three approved, the rest denied as before');
  });
}
