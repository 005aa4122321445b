// The list a watcher starts from is read a page at a time (issue 25), and a continue token that has expired between two
// pages (410 Gone: etcd compacted the version the pages are read at) starts the list over, as client-go's reflector
// does: the real API server gives that 410 only after a compaction, so this fault server scripts it. Nothing of the
// abandoned list is decided (a CSR it held may be gone since), every CSR of the new one is, once, and the watch starts
// from the new list's resourceVersion.
import t from 'tap';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequest } from '../../src/pki/create-request.js';
import { generateKey } from '../fixtures/pki/keys.js';
import { approveWatch, recordApprovals } from './approve-watch-child.js';
import { json, startFaultServer, status } from './fault-server.js';

const dir = mkdtempSync(join(tmpdir(), 'kubectl-csr-watch-pages-'));
const request = Buffer.from(createRequest({ key: generateKey('ecdsa-p256'), commonName: 'jane' })).toString('base64');

function csr(name: string, rv: string, approved = false) {
  return {
    metadata: { name, uid: `uid-${name}`, resourceVersion: rv, creationTimestamp: '2026-01-01T00:00:00Z' },
    spec: { request, signerName: 'kubernetes.io/kube-apiserver-client', usages: ['client auth'], username: 'jane' },
    status: { conditions: approved ? [{ type: 'Approved', status: 'True', reason: 'Test', message: 'ok' }] : [] },
  };
}

t.test('a 410 on a continue token lists again from the start; only the new list is decided, once; the watch starts from it', async (t) => {
  const server = await startFaultServer();
  t.teardown(() => server.close());
  const approvals = recordApprovals(server);
  server.on(/^GET \/(apis\/rbac|api\/v1\/serviceaccounts)/, (_q, res) => json(res, { items: [] }));
  // First list: a page with a and gone, then the token has expired. Second list (version 20): gone was deleted meanwhile.
  server.on(/^GET [^?]*certificatesigningrequests\?(?!.*watch=1)/, (q, res) => {
    const token = new URL(q.url!, 'https://x').searchParams.get('continue');
    if (token === 'old-2') {
      return status(res, 410, 'Expired', 'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.');
    }
    const firstList = !server.calls.some((c) => c.includes('continue=old-2'));
    if (token === null) return json(res, { metadata: { resourceVersion: firstList ? '10' : '20', continue: firstList ? 'old-2' : 'new-2' }, items: firstList ? [csr('a', '3'), csr('gone', '4')] : [csr('a', '3'), csr('x', '5', true)] });
    if (token === 'new-2') return json(res, { metadata: { resourceVersion: '20', continue: 'new-3' }, items: [csr('b', '6')] });
    if (token === 'new-3') return json(res, { metadata: { resourceVersion: '20' }, items: [csr('c', '7')] });
    status(res, 400, 'BadRequest', `unexpected continue ${token}`);
  });
  server.on(/^GET .*watch=1/, (_q, res) => res.writeHead(200, { 'Content-Type': 'application/json' })); // open and quiet

  const child = approveWatch(server, dir);
  await child.until((stdout) => (stdout.match(/approved /g)?.length ?? 0) >= 3);
  // A decision of `gone` would come with the others (one batch); give a straggler a moment.
  await new Promise((r) => setTimeout(r, 300));
  child.kill('SIGTERM');
  t.equal(await child.exited, 0, child.stderr());

  const lists = server.calls.filter((c) => /certificatesigningrequests\?/.test(c) && !/watch=1/.test(c));
  t.equal(lists.length, 5, lists.join('\n'));
  for (const call of lists) t.match(call, /[?&]limit=500(&|$)/, 'every page asks for 500');
  t.match(lists[1], /continue=old-2/);
  t.notMatch(lists[2], /continue=/, 'the list starts over, without the expired token');
  t.match(lists[3], /continue=new-2/);
  t.match(lists[4], /continue=new-3/);
  const watches = server.calls.filter((c) => /watch=1/.test(c));
  t.ok(watches.length >= 1);
  t.match(watches[0], /[?&]resourceVersion=20(&|$)/, "the watch starts from the new list's version");
  t.same(approvals.sort(), ['a', 'b', 'c'], 'each CSR of the new list approved once; gone, listed only by the abandoned list, not at all');
  t.equal(child.stderr(), 'approved 3, refused by policy 0, failed 0\n', 'a list that starts over is not a fault: nothing said');
});
