// The e2e tests' own HTTPS client (test/e2e/api.ts) against a local server that stalls: a call fails with one line
// by its deadline instead of hanging the run (the storm bench's creating client once hung 12 minutes under load).
import t from 'tap';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { api } from './api.js';
import { localCertificate } from '../kube/local-tls.js';
import { tempDir } from '../kube/fixture.js';

const pki = localCertificate(tempDir(t));
const server = https.createServer({ cert: pki.cert, key: pki.key }, (req, res) => {
  if (req.url === '/ok') return void res.end('{"kind":"Status"}');
  // /headers-only: the status and headers, then part of the body, and nothing more; /silent: nothing at all.
  if (req.url === '/headers-only') {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': 100 });
    res.write('{"items":[');
  }
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
t.teardown(() => {
  server.closeAllConnections();
  server.close();
});
const creds = { server: `https://127.0.0.1:${(server.address() as AddressInfo).port}`, ca: pki.cert };

t.test('an answer is read whole', async (t) => {
  t.same(await api(creds, 'GET', '/ok', undefined, {}, 2000), { status: 200, body: { kind: 'Status' } });
});

t.test('a server that never answers fails the call at its deadline', async (t) => {
  const started = Date.now();
  await t.rejects(api(creds, 'POST', '/silent', { a: 1 }, {}, 300), { message: 'POST /silent: no whole answer within 0.3 s' });
  t.ok(Date.now() - started < 10_000, 'long before the socket idle timeout');
});

t.test('an answer that stops mid-body fails the call at its deadline', async (t) => {
  await t.rejects(api(creds, 'GET', '/headers-only', undefined, {}, 300), { message: 'GET /headers-only: no whole answer within 0.3 s' });
});

t.test('an answer cut short by the server fails at once', async (t) => {
  const cut = https.createServer({ cert: pki.cert, key: pki.key }, (_req, res) => {
    res.writeHead(200, { 'content-length': 100 });
    res.write('{"items":[');
    setTimeout(() => res.socket?.destroy(), 20);
  });
  await new Promise<void>((resolve) => cut.listen(0, '127.0.0.1', resolve));
  t.teardown(() => cut.close());
  const port = (cut.address() as AddressInfo).port;
  await t.rejects(api({ ...creds, server: `https://127.0.0.1:${port}` }, 'GET', '/x', undefined, {}, 5000), { message: /^GET \/x: / });
});
