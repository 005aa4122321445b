// A CSR whose decision is in flight when a new list's page holds it counts as listed (27c0b3c): when that decision
// meets a fault and puts the CSR back in the queue before the list ends, the end of the list must not drop it as gone.
// The real API server cannot be made to hold an approval while a list is read, so this fault server scripts the order:
// the first approval is held until the new list's first page is read, and meets its faults before the last page is sent.
import t from 'tap';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequest } from '../../src/pki/create-request.js';
import { generateKey } from '../fixtures/pki/keys.js';
import { approveWatch } from './approve-watch-child.js';
import { json, startFaultServer, status } from './fault-server.js';

const dir = mkdtempSync(join(tmpdir(), 'kubectl-csr-relist-in-flight-'));
const request = Buffer.from(createRequest({ key: generateKey('ecdsa-p256'), commonName: 'jane' })).toString('base64');
const a = {
  metadata: { name: 'a', uid: 'uid-a', resourceVersion: '3', creationTimestamp: '2026-01-01T00:00:00Z' },
  spec: { request, signerName: 'kubernetes.io/kube-apiserver-client', usages: ['client auth'], username: 'jane' },
  status: {},
};

/** Resolves when `check` holds, polled every 10 ms. */
async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 10));
}

t.test('a decision in flight while a list is read, put back by a fault before the list ends, is decided after it', async (t) => {
  const server = await startFaultServer();
  t.teardown(() => server.close());
  server.on(/^GET \/(apis\/rbac|api\/v1\/serviceaccounts)/, (_q, res) => json(res, { items: [] }));
  // a's decision: its first PUT is held while the new list's first page is read; then its PUT and the GETs that
  // decide.ts tries after a fault all meet 503 until the watcher gives up and puts a back in its queue; once the list
  // has ended, they succeed.
  let phase: 'holding' | 'failing' | 'ok' = 'holding';
  let held: ServerResponse | undefined;
  const fail = (res: ServerResponse) => status(res, 503, 'ServiceUnavailable', 'the server is currently unable to handle the request');
  server.on(/^GET [^?]*certificatesigningrequests\/a$/, (_q, res) => (phase === 'failing' ? fail(res) : json(res, a)));
  const approvals: string[] = [];
  server.on(/^PUT .*\/approval$/, (q, res, call) => {
    let body = '';
    q.on('data', (c) => (body += c));
    q.on('end', () => {
      if (call === 0) held = res;
      else if (phase === 'failing') fail(res);
      else {
        approvals.push(JSON.parse(body).metadata.name);
        json(res, JSON.parse(body));
      }
    });
  });

  // The first list (one page) holds a; the watch from it ends at once with 410 Gone; the second list has two pages.
  const list = async (q: IncomingMessage, res: ServerResponse, call: number) => {
    const token = new URL(q.url!, 'https://x').searchParams.get('continue');
    if (call === 0) return json(res, { metadata: { resourceVersion: '10' }, items: [a] });
    if (token === null) {
      await until(() => held !== undefined); // a's decision is in flight as this page is read
      return json(res, { metadata: { resourceVersion: '20', continue: 'p2' }, items: [a] });
    }
    // Before the list ends, a's decision meets its faults and the watcher puts a back in its queue.
    phase = 'failing';
    fail(held!);
    await until(() => / a not approved: /.test(child.stderr())); // said as it goes back to the queue
    phase = 'ok';
    json(res, { metadata: { resourceVersion: '20' }, items: [] });
  };
  server.on(/^GET [^?]*certificatesigningrequests\?(?!.*watch=1)/, (q, res, call) => void list(q, res, call));
  server.on(/^GET .*watch=1/, (q, res, call) => {
    if (call === 0) return status(res, 410, 'Expired', 'too old resource version: 10 (20)');
    res.writeHead(200, { 'Content-Type': 'application/json' }); // open and quiet
  });

  const child = approveWatch(server, dir); // the handlers above read its stderr once it runs
  await child.until((stdout) => /approved a/.test(stdout));
  child.kill('SIGTERM');
  t.equal(await child.exited, 0, child.stderr());
  t.strictSame(approvals, ['a'], 'a approved once, after the list that held it while in flight');
  t.match(child.stdout(), /^\S+ approved a\n$/);
  t.match(child.stderr(), /^\S+ a not approved: Error from server \(ServiceUnavailable\): the server is currently unable to handle the request; nothing decided, kept in the queue and judged again\n/);
  const lists = server.calls.filter((c) => /certificatesigningrequests\?/.test(c) && !/watch=1/.test(c));
  t.equal(lists.length, 3, lists.join('\n'));
  t.match(lists[2], /continue=p2/);
});
