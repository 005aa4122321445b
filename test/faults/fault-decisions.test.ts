// A fault is never a decision (issue 27), against scripted faults the real server will not produce on demand: a 504
// on exactly the RBAC read (etcd stalled behind it), a 403 on it while /readyz says the server is starting, an
// approval applied whose answer is lost, and a PUT that keeps failing. The server here keeps CSRs as the API server
// does (resourceVersion, 409 on a stale update), so that "decided twice" would show as two conditions.
import t from 'tap';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequest } from '../../src/pki/create-request.js';
import { generateKey } from '../fixtures/pki/keys.js';
import { runCli, startCli } from '../helpers/run-cli.js';
import { json, startFaultServer, status, type FaultServer } from './fault-server.js';

const dir = mkdtempSync(join(tmpdir(), 'kubectl-csr-fault-decisions-'));
const STAMP = '\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ';

interface Stored {
  metadata: { name: string; uid: string; resourceVersion: string; creationTimestamp: string };
  spec: { request: string; signerName: string; usages: string[]; username: string };
  status: { conditions: { type: string }[] };
}

/** CSRs as the API server keeps them: a resourceVersion that moves, and 409 for an update from an older one. */
function store(server: FaultServer, names: string[]) {
  let rv = 100;
  const csrs = new Map<string, Stored>();
  for (const name of names) {
    const request = Buffer.from(createRequest({ key: generateKey('ecdsa-p256'), commonName: name, organizations: ['dev'] })).toString('base64');
    csrs.set(name, {
      metadata: { name, uid: `uid-${name}`, resourceVersion: String(++rv), creationTimestamp: '2026-01-01T00:00:00Z' },
      spec: { request, signerName: 'kubernetes.io/kube-apiserver-client', usages: ['client auth'], username: 'jane' },
      status: { conditions: [] },
    });
  }
  server.on(/^GET [^?]*certificatesigningrequests\?(?!.*watch=1)/, (_q, res) => json(res, { metadata: { resourceVersion: String(rv) }, items: [...csrs.values()] }));
  server.on(/^GET [^?]*certificatesigningrequests\/[^/?]+$/, (q, res) => {
    const csr = csrs.get(decodeURIComponent(q.url!.split('/').pop()!));
    if (csr) json(res, csr);
    else status(res, 404, 'NotFound', 'not found');
  });
  server.on(/^GET .*watch=1/, (_q, res) => res.writeHead(200, { 'Content-Type': 'application/json' })); // open and quiet
  server.on(/^GET \/api\/v1\/serviceaccounts/, (_q, res) => json(res, { items: [] }));
  /** Applies an approval as the server does; `answer` false: applied, and the connection cut before the answer. */
  const approve = (q: IncomingMessage, res: ServerResponse, answer = true) => {
    let body = '';
    q.on('data', (c) => (body += c));
    q.on('end', () => {
      const sent = JSON.parse(body) as Stored;
      const csr = csrs.get(sent.metadata.name)!;
      if (sent.metadata.resourceVersion !== csr.metadata.resourceVersion) return status(res, 409, 'Conflict', 'the object has been modified');
      csr.status = sent.status;
      csr.metadata.resourceVersion = String(++rv);
      if (answer) json(res, csr);
      else res.socket?.destroy();
    });
  };
  return { csrs, approve, conditions: () => Object.fromEntries([...csrs].map(([n, c]) => [n, c.status.conditions.map((x) => x.type)])) };
}

function watcher(args: string[], kubeconfig: string) {
  return startCli(args, { cwd: dir, env: { HOME: dir, KUBECONFIG: kubeconfig } });
}

async function until(what: string, fn: () => boolean, ms = 20_000): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end; ) {
    if (fn()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const emptyRbac = (s: FaultServer) => s.on(/^GET \/apis\/rbac/, (_q, res) => json(res, { items: [] }));

t.test('deny --pending --failing --watch: a 504 on the RBAC read denies nothing; judged again, the valid CSR stays pending', async (t) => {
  const server = await startFaultServer();
  t.teardown(() => server.close());
  const s = store(server, ['valid']);
  let rbacCalls = 0;
  server.on(/^GET \/apis\/rbac/, (_q, res) => (++rbacCalls <= 8 ? status(res, 504, 'Timeout', 'The list operation against clusterroles could not be completed at this time, please try again.') : json(res, { items: [] })));
  server.on(/^PUT .*\/approval$/, (q, res) => s.approve(q, res));
  const w = watcher(['deny', '--pending', '--failing', '--watch'], server.kubeconfig(dir));
  await until('the third RBAC read, which answers', () => rbacCalls >= 12);
  await new Promise((r) => setTimeout(r, 500));
  w.child.kill('SIGTERM');
  t.equal(await w.exited, 0, w.err());
  t.same(s.conditions(), { valid: [] }, 'not denied');
  t.equal(w.out(), '', 'no decision line');
  t.match(w.err(), new RegExp(`^${STAMP} 1 CSR not judged: Error from server \\(Timeout\\): The list operation against clusterroles could not be completed at this time, please try again\\.; nothing decided, kept in the queue and judged again\\n`));
  t.equal(w.err().match(/not judged/g)?.length, 1, 'said once for the two batches that met it');
  t.match(w.err(), /\ndenied 0, refused by policy 0, failed 0\n$/);
});

t.test('approve --pending --watch: a 403 on RBAC while /readyz fails is a fault; the CSR is approved once the server is ready', async (t) => {
  const server = await startFaultServer();
  t.teardown(() => server.close());
  const s = store(server, ['jane']);
  let ready = false;
  server.on(/^GET \/readyz/, (_q, res) => {
    res.writeHead(ready ? 200 : 500, { 'Content-Type': 'text/plain' });
    res.end(ready ? 'ok' : '[+]ping ok\n[-]informer-sync failed: reason withheld\n[-]poststarthook/rbac/bootstrap-roles failed: reason withheld\nreadyz check failed\n');
  });
  server.on(/^GET \/apis\/rbac/, (_q, res) =>
    ready ? json(res, { items: [] }) : status(res, 403, 'Forbidden', 'clusterroles.rbac.authorization.k8s.io is forbidden: User "approver" cannot list resource "clusterroles" in API group "rbac.authorization.k8s.io" at the cluster scope'),
  );
  server.on(/^PUT .*\/approval$/, (q, res) => s.approve(q, res));
  const w = watcher(['approve', '--pending', '--watch'], server.kubeconfig(dir));
  await until('a fault said', () => /not judged/.test(w.err()));
  t.same(s.conditions(), { jane: [] }, 'not refused, not approved while the server starts');
  ready = true;
  await until('the approval', () => /approved jane\n/.test(w.out()));
  w.child.kill('SIGTERM');
  t.equal(await w.exited, 0, w.err());
  t.same(s.conditions(), { jane: ['Approved'] }, 'approved once');
  t.match(w.err(), /1 CSR not judged: Error from server \(Forbidden\): clusterroles\.rbac\.authorization\.k8s\.io is forbidden: .*, while the API server is not ready \(\/readyz: 500, informer-sync, poststarthook\/rbac\/bootstrap-roles failed\); nothing decided/);
  t.match(w.err(), /\napproved 1, refused by policy 0, failed 0\n$/);
});

t.test('a 403 on RBAC from a ready server stays the finding rbac-unreadable', async (t) => {
  const server = await startFaultServer();
  t.teardown(() => server.close());
  store(server, ['jane']);
  server.on(/^GET \/readyz/, (_q, res) => void res.end('ok'));
  server.on(/^GET \/apis\/rbac/, (_q, res) => status(res, 403, 'Forbidden', 'clusterroles.rbac.authorization.k8s.io is forbidden: User "approver" cannot list resource "clusterroles"'));
  const res = await runCli(['approve', 'jane'], { cwd: dir, env: { KUBECONFIG: server.kubeconfig(dir) } });
  t.equal(res.code, 6);
  t.match(res.stderr, /^error: refusing to approve "jane": \[rbac-unreadable\] cannot read RBAC bindings .*\(\(Forbidden\): clusterroles/);
  t.same(server.calls.filter((c) => c.startsWith('PUT')), [], 'nothing sent');
});

t.test('approve NAME with a 504 on RBAC: exit 8, the line names the CSR, nothing sent', async (t) => {
  const server = await startFaultServer();
  t.teardown(() => server.close());
  store(server, ['jane']);
  server.on(/^GET \/apis\/rbac/, (_q, res) => status(res, 504, 'Timeout', 'etcd stalled'));
  const res = await runCli(['approve', 'jane'], { cwd: dir, env: { KUBECONFIG: server.kubeconfig(dir) } });
  t.equal(res.code, 8);
  t.equal(res.stderr, 'error: "jane" not approved: Error from server (Timeout): etcd stalled\n');
  t.same(server.calls.filter((c) => c.startsWith('PUT')), []);
});

t.test('bulk approval: an answer lost is read back as approved, a PUT failing throughout is failed and pending; one line each', async (t) => {
  const server = await startFaultServer();
  t.teardown(() => server.close());
  const s = store(server, ['a', 'b', 'c']);
  emptyRbac(server);
  let puts = 0;
  server.on(/^PUT .*\/b\/approval$/, (q, res) => s.approve(q, res, false)); // applied; the answer lost, every time
  server.on(/^PUT .*\/c\/approval$/, (_q, res) => status(res, 503, 'ServiceUnavailable', 'etcd leader changed'));
  server.on(/^PUT .*\/approval$/, (q, res) => {
    puts++;
    s.approve(q, res);
  });
  const res = await runCli(['approve', '--pending', '--yes'], { cwd: dir, env: { KUBECONFIG: server.kubeconfig(dir) } });
  t.equal(res.code, 8, res.stderr);
  t.same(s.conditions(), { a: ['Approved'], b: ['Approved'], c: [] }, 'each decided at most once');
  t.equal(puts, 1);
  t.match(res.stdout, /certificatesigningrequest\.certificates\.k8s\.io\/a approved\n/);
  t.match(res.stdout, /certificatesigningrequest\.certificates\.k8s\.io\/b approved\n/, 'b: its answer was lost, the re-read found it approved');
  t.equal(
    res.stderr,
    'error: "c" not approved: Error from server (ServiceUnavailable): etcd leader changed\n' +
      'faults: 1 503 ServiceUnavailable\n' +
      'read back from the server, of the 1 CSRs that met a fault: 0 approved, 1 pending\n' +
      'approved 2, refused by policy 0, failed 1\n',
  );
});
