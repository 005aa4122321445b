// CsrClient.warm (issue 25) against a real local HTTPS server that counts its TLS connections: warm(n) opens n
// keep-alive connections with a GET /version each, and n approval PUTs sent at once afterwards, as the approver sends
// them (unread, on the connections of plain-request.ts), open none; warming again reuses them too, and a server that
// fails the GETs fails nothing.
import t from 'tap';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { CsrClient } from '../../src/kube/csr-client.js';
import { tempDir } from './fixture.js';
import { localCertificate, localConnection } from './local-tls.js';

const { cert, key } = localCertificate(tempDir(t));
let connections = 0;
const asked: string[] = [];
let failing = false;
const server = https.createServer({ cert, key }, (req, res) => {
  asked.push(`${req.method} ${req.url}`);
  req.resume();
  // Each answer waits a little, so that requests sent together are in flight together, as a storm's are.
  setTimeout(() => {
    if (failing) res.writeHead(503).end('{"kind":"Status","code":503}');
    else res.end(req.url === '/version' ? '{"major":"1","minor":"37"}' : JSON.stringify({ metadata: { name: req.url!.split('/').pop() }, spec: {} }));
  }, 20);
});
server.on('secureConnection', () => connections++);
server.keepAliveTimeout = 0; // as Go's net/http: no Keep-Alive header
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
t.teardown(() => {
  server.closeAllConnections();
  server.close();
});
const client = new CsrClient(localConnection((server.address() as AddressInfo).port, { ca: cert }));

t.test('warm(n) opens n connections that n requests sent at once then use', async (t) => {
  await client.warm(6);
  t.equal(connections, 6, 'one connection per GET, all in flight at once');
  t.same(asked, Array(6).fill('GET /version'));
  const names = Array.from({ length: 6 }, (_, i) => `csr-${i}`);
  await Promise.all(names.map((name) => client.updateApproval({ metadata: { name }, spec: { request: '', signerName: 'x', usages: [] } }, false, true)));
  t.same(asked.slice(6).sort(), names.map((name) => `PUT /apis/certificates.k8s.io/v1/certificatesigningrequests/${name}/approval`));
  t.equal(connections, 6, 'no PUT opened a connection');
  await client.warm(6);
  t.equal(connections, 6, 'warming again uses the open connections (their idle time starts over)');
});

t.test('a server that fails the GETs fails nothing', async (t) => {
  failing = true;
  t.teardown(() => (failing = false));
  await t.resolves(client.warm(3));
});
