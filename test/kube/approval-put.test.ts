// The approver's approval PUT (CsrClient.updateApproval with `unread`, over src/kube/http.ts) against a real local TLS
// server that reads the bytes as they arrive: the request on the wire is exactly the one node:https made from a parsed
// URL before (issue 25 took the URL out of each request), its answer is read to the end without being decoded and the
// connection is used again, and an answer that is not a 2xx is still read and becomes the server's error.
import t from 'tap';
import { createServer, type TLSSocket } from 'node:tls';
import type { AddressInfo } from 'node:net';
import type { Connection } from '../../src/kube/connection.js';
import { CsrClient } from '../../src/kube/csr-client.js';
import type { Csr } from '../../src/kube/csr.js';
import { localCertificate, localConnection } from './local-tls.js';
import { tempDir } from './fixture.js';

const pki = localCertificate(tempDir(t));
const OBJECT = '{"kind":"CertificateSigningRequest","apiVersion":"certificates.k8s.io/v1","metadata":{"name":"n1"}}';
const CONFLICT = '{"kind":"Status","apiVersion":"v1","status":"Failure","message":"Operation cannot be fulfilled on certificatesigningrequests.certificates.k8s.io \\"n1\\": the object has been modified","reason":"Conflict","code":409}';

/** Each request as the server read it, head and body; answered by `answer` (409 for a CSR named conflict). */
const seen: string[] = [];
let connections = 0;
const server = createServer({ cert: pki.cert, key: pki.key }, (socket: TLSSocket) => {
  connections++;
  let buffered = '';
  socket.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('latin1');
    for (;;) {
      const end = buffered.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/\r\ncontent-length: (\d+)/i.exec(buffered.slice(0, end))?.[1] ?? 0);
      if (buffered.length < end + 4 + length) return;
      const request = buffered.slice(0, end + 4 + length);
      buffered = buffered.slice(end + 4 + length);
      seen.push(request);
      socket.write(request.includes('/conflict/') ? answer(409, CONFLICT, false) : answer(200, OBJECT, request.includes('/chunked/')));
    }
  });
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
t.teardown(() => server.close());
const port = (server.address() as AddressInfo).port;

function answer(status: number, body: string, chunked: boolean): string {
  const head = `HTTP/1.1 ${status} ${status === 200 ? 'OK' : 'Conflict'}\r\nAudit-Id: 1\r\nContent-Type: application/json\r\n`;
  if (!chunked) return `${head}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
  const half = body.length >> 1;
  const chunk = (s: string) => `${Buffer.byteLength(s).toString(16)}\r\n${s}\r\n`;
  return `${head}Transfer-Encoding: chunked\r\n\r\n${chunk(body.slice(0, half))}${chunk(body.slice(half))}0\r\n\r\n`;
}

/** As the approver's scope makes it: a signal, a count of requests in flight, a deadline, HTTP/1.1. */
function approverConnection(): Connection {
  const options = { ca: pki.cert, headers: { Authorization: 'Bearer abc' }, rejectUnauthorized: true };
  return { ...localConnection(port, options), requestTimeoutMs: 30_000, signal: new AbortController().signal, requests: { inFlight: 0 }, http2: false };
}

const csr = (name: string): Csr => ({ apiVersion: 'certificates.k8s.io/v1', kind: 'CertificateSigningRequest', metadata: { name }, spec: { request: 'UkVR', signerName: 'kubernetes.io/kubelet-serving', usages: ['server auth'] }, status: { conditions: [{ type: 'Approved', status: 'True', reason: 'R', message: 'm' }] } });

t.test('the PUT on the wire: method, path, query, headers and body', async (t) => {
  seen.length = 0;
  const conn = approverConnection();
  const client = new CsrClient(conn);
  const body = JSON.stringify(csr('n1'));
  t.same(await client.updateApproval(csr('n1'), true, true), csr('n1'), 'the object sent is returned');
  t.equal(
    seen[0],
    'PUT /apis/certificates.k8s.io/v1/certificatesigningrequests/n1/approval?dryRun=All HTTP/1.1\r\n' +
      'Authorization: Bearer abc\r\nAccept: application/json\r\nUser-Agent: kubectl-csr\r\nContent-Type: application/json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\nHost: 127.0.0.1:${port}\r\nConnection: keep-alive\r\n\r\n${body}`,
  );
  t.equal(conn.requests!.inFlight, 0);
});

t.test('answers read to their end without decoding, over one connection; Content-Length and chunked', async (t) => {
  const client = new CsrClient(approverConnection());
  await client.updateApproval(csr('a'), false, true);
  const open = connections;
  for (const name of ['chunked', 'b', 'chunked', 'c']) t.same(await client.updateApproval(csr(name), false, true), csr(name));
  t.equal(connections, open, 'every PUT after the first on the same connection');
});

t.test('an answer that is not a 2xx is read and becomes the server error', async (t) => {
  const client = new CsrClient(approverConnection());
  await t.rejects(client.updateApproval(csr('conflict'), false, true), { status: 409, reason: 'Conflict', message: /the object has been modified/ });
  t.same(await client.updateApproval(csr('after'), false, true), csr('after'), 'the next PUT is answered');
});

t.test('read, the answer is the server object', async (t) => {
  const client = new CsrClient(approverConnection());
  t.match(await client.updateApproval(csr('n1'), false, false), { metadata: { name: 'n1' } });
});
