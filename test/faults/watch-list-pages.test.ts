// The list a watcher starts from is read a page at a time (issue 25), and a continue token that has expired between two
// pages (410 Gone: etcd compacted the version the pages are read at) starts the list over, as client-go's reflector
// does: the real API server gives that 410 only after a compaction, so this fault server scripts it. Nothing of the
// abandoned list is decided (a CSR it held may be gone since), every CSR of the new one is, once, and the watch starts
// from the new list's resourceVersion.
import t from 'tap';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequest } from '../../src/pki/create-request.js';
import { generateKey } from '../fixtures/pki/keys.js';
import { BIN } from '../helpers/run-cli.js';
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
  const approvals: string[] = [];
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
  server.on(/^PUT .*\/approval$/, (q, res) => {
    let body = '';
    q.on('data', (c) => (body += c));
    q.on('end', () => {
      const sent = JSON.parse(body);
      approvals.push(sent.metadata.name);
      json(res, sent);
    });
  });

  const child = spawn(BIN, ['approve', '--pending', '--watch'], { env: { PATH: process.env.PATH, HOME: dir, KUBECONFIG: server.kubeconfig(dir) } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => (stdout += c));
  child.stderr.on('data', (c) => (stderr += c));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  for (let i = 0; i < 200 && (stdout.match(/approved /g)?.length ?? 0) < 3; i++) await new Promise((r) => setTimeout(r, 100));
  // A decision of `gone` would come with the others (one batch); give a straggler a moment.
  await new Promise((r) => setTimeout(r, 300));
  child.kill('SIGTERM');
  t.equal(await exited, 0, stderr);

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
  t.equal(stderr, 'approved 3, refused by policy 0, failed 0\n', 'a list that starts over is not a fault: nothing said');
});
