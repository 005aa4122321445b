// approve --pending --watch against scripted faults the real server will not produce on demand: a watch refused
// with 503 several times (said once, then "watching again"), and a 410 Gone that lists again and decides what the
// list brings. SIGTERM ends it with exit 0 and the count.
import t from 'tap';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequest } from '../../src/pki/create-request.js';
import { generateKey } from '../fixtures/pki/keys.js';
import { approveWatch, recordApprovals } from './approve-watch-child.js';
import { json, startFaultServer, status } from './fault-server.js';

const dir = mkdtempSync(join(tmpdir(), 'kubectl-csr-watch-faults-'));
const request = Buffer.from(createRequest({ key: generateKey('ecdsa-p256'), commonName: 'jane' })).toString('base64');

function csr(name: string, rv: string, opts: { approved?: boolean; usages?: string[] } = {}) {
  return {
    metadata: { name, uid: `uid-${name}`, resourceVersion: rv, creationTimestamp: '2026-01-01T00:00:00Z' },
    spec: { request, signerName: 'kubernetes.io/kube-apiserver-client', usages: opts.usages ?? ['client auth'], username: 'jane' },
    status: { conditions: opts.approved ? [{ type: 'Approved', status: 'True', reason: 'Test', message: 'ok' }] : [] },
  };
}

t.test('503s on the watch are said once; a 410 lists again; SIGTERM ends with exit 0 and the count', async (t) => {
  const server = await startFaultServer();
  t.teardown(() => server.close());
  const approvals = recordApprovals(server);
  server.on(/^GET \/(apis\/rbac|api\/v1\/serviceaccounts)/, (_q, res) => json(res, { items: [] }));
  server.on(/^GET [^?]*certificatesigningrequests\?(?!.*watch=1)/, (_q, res, n) =>
    json(res, {
      metadata: { resourceVersion: n === 0 ? '10' : '20' },
      items: n === 0 ? [csr('a', '1'), csr('ca', '2', { usages: ['digital signature', 'cert sign'] })] : [csr('a', '12', { approved: true }), csr('b', '13', { approved: true }), csr('c', '14'), csr('ca', '2', { usages: ['digital signature', 'cert sign'] })],
    }),
  );
  server.on(/^GET .*watch=1/, (_q, res, n) => {
    if (n < 3) return status(res, 503, 'ServiceUnavailable', 'the server is shutting down');
    res.writeHead(200, { 'Content-Type': 'application/json' });
    if (n === 3) {
      res.write(JSON.stringify({ type: 'ADDED', object: csr('b', '11') }) + '\n');
      res.end(JSON.stringify({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired', message: 'too old resource version: 11 (15)' } }) + '\n');
    }
    // later watches stay open and quiet
  });

  const child = approveWatch(server, dir);
  await child.until((stdout) => /approved c/.test(stdout));
  child.kill('SIGTERM');
  t.equal(await child.exited, 0, child.stderr());

  const lines = child.stdout().split('\n').filter(Boolean);
  const stamp = '\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ';
  t.match(
    lines.find((l) => l.includes('refused')),
    new RegExp(`^${stamp} refused ca: \\[usages-excessive\\] usages cert sign would make the holder a certificate authority; .* \\(to override, --allow usages-excessive,usages-rejected-by-signer\\)$`),
  );
  t.same(
    lines.map((l) => l.replace(new RegExp(`^${stamp} `), '').replace(/:.*/, '')).sort(),
    ['approved a', 'approved b', 'approved c', 'refused ca'],
    'each CSR decided once, the refused one not again after the relist',
  );
  t.same(approvals.sort(), ['a', 'b', 'c']);
  t.equal(child.stderr().match(/lost the API server/g)?.length, 1, 'said once for three refusals');
  t.match(child.stderr(), new RegExp(`^${stamp} lost the API server \\(Error from server \\(ServiceUnavailable\\): the server is shutting down\\); retrying with backoff\\n${stamp} watching again\\n`));
  t.match(child.stderr(), /\napproved 3, refused by policy 1, failed 0\n$/);
});
