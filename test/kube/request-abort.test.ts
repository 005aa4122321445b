// A connection's signal (a watcher's scope, issue 27) ends every request made over it (src/kube/http.ts,
// src/kube/request-abort.ts), against a real local HTTPS server: the requests in flight when it aborts, one sent after, and a
// request already answered is not touched. One listener serves them all (issue 25: Node's `signal` option cost an
// abort listener and an end-of-stream watch per request).
import t from 'tap';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Connection } from '../../src/kube/connection.js';
import { kubeText } from '../../src/kube/http.js';
import { tempDir } from './fixture.js';

const dir = tempDir(t);
execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', path.join(dir, 'k'), '-out', path.join(dir, 'c'), '-days', '1', '-subj', '/CN=server', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'pipe' });
const cert = readFileSync(path.join(dir, 'c'));
// /slow is never answered; anything else at once.
const server = https.createServer({ cert, key: readFileSync(path.join(dir, 'k')) }, (req, res) => {
  if (req.url !== '/slow') res.end('{"ok":true}');
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
t.teardown(() => {
  server.closeAllConnections();
  server.close();
});

function connection(signal: AbortSignal): Connection {
  const options = { ca: cert };
  return {
    server: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    contextName: null,
    clusterName: null,
    userName: null,
    namespace: 'default',
    requestTimeoutMs: null,
    signal,
    httpsOptions: () => Promise.resolve(options),
    caData: null,
    insecureSkipTlsVerify: false,
    clientCertificate: null,
  };
}

t.test('the requests in flight end with an AbortError when the signal aborts; one sent after ends at once', async (t) => {
  const scope = new AbortController();
  const conn = connection(scope.signal);
  t.equal(await kubeText(conn, { method: 'GET', path: '/fast' }), '{"ok":true}', 'answered before the abort');
  const slow = [1, 2, 3].map(() => kubeText(conn, { method: 'PUT', path: '/slow', body: {} }).then(() => 'answered', (err: Error) => err));
  await new Promise((resolve) => setTimeout(resolve, 200));
  scope.abort();
  for (const outcome of await Promise.all(slow)) t.match(outcome, { name: 'AbortError', code: 'ABORT_ERR' });
  await t.rejects(kubeText(conn, { method: 'GET', path: '/fast' }), { name: 'AbortError' }, 'a request under an aborted signal is not sent');
});

t.test('requests under another signal are not ended', async (t) => {
  const one = new AbortController();
  const other = new AbortController();
  const slow = kubeText(connection(one.signal), { method: 'GET', path: '/slow' }).catch((err: Error) => err);
  const fast = kubeText(connection(other.signal), { method: 'GET', path: '/fast' });
  one.abort();
  t.match(await slow, { name: 'AbortError' });
  t.equal(await fast, '{"ok":true}');
});
