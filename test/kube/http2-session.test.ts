// Requests over HTTP/2 (src/kube/http2-session.ts, issue 25) against real local servers: one connection carries the
// requests of a connection that asks for it, with the credentials' headers; a server without h2 in ALPN is sent
// HTTP/1.1; Retry-After, the deadline, the signal and a connection the server ends behave as over HTTP/1.1.
import t from 'tap';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Connection } from '../../src/kube/connection.js';
import { kubeText } from '../../src/kube/http.js';
import { ConnectionError } from '../../src/kube/api-error.js';
import { tempDir } from './fixture.js';

const dir = tempDir(t);
execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', path.join(dir, 'k'), '-out', path.join(dir, 'c'), '-days', '1', '-subj', '/CN=server', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'pipe' });
const cert = readFileSync(path.join(dir, 'c'));
const key = readFileSync(path.join(dir, 'k'));

interface Seen {
  version: string;
  method: string;
  url: string;
  headers: http2.IncomingHttpHeaders;
  body: string;
}

type Answer = (seen: Seen, res: http2.Http2ServerResponse, call: number) => void;

/** An h2 server (HTTP/1.1 too, as kube-apiserver) that records what it is sent and how many connections it took. */
async function h2Server(answer: Answer = (_, res) => res.end('{"ok":true}')) {
  const seen: Seen[] = [];
  let connections = 0;
  const server = http2.createSecureServer({ cert, key, allowHTTP1: true }, (req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      const s = { version: req.httpVersion, method: req.method, url: req.url, headers: req.headers, body };
      seen.push(s);
      answer(s, res, seen.length);
    });
  });
  server.on('secureConnection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => server.close());
  return { url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, connections: () => connections, server };
}

/** What connection.ts makes of a kubeconfig with a token; each server is a new URL, so nothing is shared between tests. */
function connection(server: string, extra: Partial<Connection> = {}): Connection {
  const options = { ca: cert, headers: { Authorization: 'Bearer t0ken', 'Impersonate-User': 'jane', 'Impersonate-Group': ['a', 'b'] }, rejectUnauthorized: true };
  return {
    server,
    contextName: null,
    clusterName: null,
    userName: null,
    namespace: 'default',
    requestTimeoutMs: null,
    httpsOptions: () => Promise.resolve(options),
    plainCredentials: true,
    http2: true,
    caData: null,
    insecureSkipTlsVerify: false,
    clientCertificate: null,
    ...extra,
  };
}

t.test('requests share one HTTP/2 connection and carry the credentials, the body and the query', async (t) => {
  const s = await h2Server((seen, res) => res.end(JSON.stringify({ got: seen.body.length })));
  const conn = connection(s.url);
  const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => kubeText(conn, { method: 'PUT', path: `/x/${i}`, query: { dryRun: 'All' }, body: { n: i } })));
  t.same(answers, Array.from({ length: 20 }, (_, i) => JSON.stringify({ got: JSON.stringify({ n: i }).length })));
  t.equal(s.connections(), 1, 'one connection');
  t.same(new Set(s.seen.map((r) => r.version)), new Set(['2.0']));
  const first = s.seen.find((r) => r.url === '/x/0?dryRun=All')!;
  t.equal(first.method, 'PUT');
  t.equal(first.headers.authorization, 'Bearer t0ken');
  t.equal(first.headers['impersonate-user'], 'jane');
  t.same(first.headers['impersonate-group'], 'a, b', 'both groups, in order');
  t.equal(first.headers['content-type'], 'application/json');
  t.equal(first.headers['user-agent'], 'kubectl-csr');
});

t.test('a connection that does not ask for HTTP/2 is sent HTTP/1.1', async (t) => {
  const s = await h2Server();
  t.equal(await kubeText(connection(s.url, { http2: false }), { method: 'GET', path: '/a' }), '{"ok":true}');
  t.equal(s.seen[0]!.version, '1.1');
});

t.test('credentials from a plugin (asked for on each request) are sent over HTTP/1.1', async (t) => {
  const s = await h2Server();
  t.equal(await kubeText(connection(s.url, { plainCredentials: false }), { method: 'GET', path: '/a' }), '{"ok":true}');
  t.equal(s.seen[0]!.version, '1.1');
});

t.test('a server without h2 in ALPN is sent HTTP/1.1, then and later', async (t) => {
  const versions: string[] = [];
  const server = https.createServer({ cert, key }, (req, res) => {
    versions.push(req.httpVersion);
    res.end('{"h1":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => {
    server.closeAllConnections();
    server.close();
  });
  const conn = connection(`https://127.0.0.1:${(server.address() as AddressInfo).port}`);
  t.equal(await kubeText(conn, { method: 'GET', path: '/a' }), '{"h1":true}');
  t.equal(await kubeText(conn, { method: 'PUT', path: '/b', body: {} }), '{"h1":true}');
  t.same(versions, ['1.1', '1.1']);
});

t.test('a 429 with Retry-After is sent again; an error status is the API error', async (t) => {
  const s = await h2Server((seen, res, call) => {
    if (seen.url === '/busy' && call === 1) {
      res.writeHead(429, { 'retry-after': '0', 'content-type': 'application/json' });
      res.end('{"kind":"Status","code":429,"reason":"TooManyRequests","message":"slow down"}');
    } else if (seen.url === '/gone') {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"kind":"Status","code":404,"reason":"NotFound","message":"certificatesigningrequests.certificates.k8s.io \\"x\\" not found"}');
    } else res.end('{"ok":true}');
  });
  const conn = connection(s.url);
  t.equal(await kubeText(conn, { method: 'PUT', path: '/busy', body: {} }), '{"ok":true}');
  t.equal(s.seen.filter((r) => r.url === '/busy').length, 2);
  await t.rejects(kubeText(conn, { method: 'GET', path: '/gone' }), { status: 404, message: /\(NotFound\).*"x" not found/ });
});

t.test('the deadline ends a request that is not answered, and the next request takes a new connection', async (t) => {
  const s = await h2Server((seen, res) => {
    if (seen.url !== '/slow') res.end('{"ok":true}');
  });
  const conn = connection(s.url, { requestTimeoutMs: 300 });
  t.equal(await kubeText(conn, { method: 'GET', path: '/fast' }), '{"ok":true}');
  const started = Date.now();
  await t.rejects(kubeText(conn, { method: 'PUT', path: '/slow', body: {} }), { name: 'ConnectionError', kind: 'timeout', message: /context deadline exceeded \(--request-timeout=0.3s\)/ });
  t.ok(Date.now() - started < 2000, 'ended at its deadline');
  t.equal(await kubeText(conn, { method: 'GET', path: '/fast' }), '{"ok":true}');
  t.equal(s.connections(), 2, 'the timed-out connection is not given new requests');
});

t.test("the connection's signal ends the requests in flight with an AbortError", async (t) => {
  const s = await h2Server((seen, res) => {
    if (seen.url !== '/slow') res.end('{"ok":true}');
  });
  const scope = new AbortController();
  const conn = connection(s.url, { signal: scope.signal });
  const slow = [1, 2].map(() => kubeText(conn, { method: 'PUT', path: '/slow', body: {} }).then(() => 'answered', (err: Error) => err));
  await new Promise((resolve) => setTimeout(resolve, 200));
  scope.abort();
  for (const outcome of await Promise.all(slow)) t.match(outcome, { name: 'AbortError' });
  await t.rejects(kubeText(conn, { method: 'GET', path: '/fast' }), { name: 'AbortError' }, 'nothing is sent under an aborted signal');
});

t.test('a connection the server ends under a request is a reset: a GET is sent again, a write is a fault', async (t) => {
  const s = await h2Server((seen, res, call) => {
    // The first two requests lose their connection (a server going away); the rest are answered.
    if (call <= 2) res.stream.session!.destroy();
    else res.end('{"ok":true}');
  });
  const conn = connection(s.url);
  const write = await kubeText(conn, { method: 'PUT', path: '/w', body: {} }).catch((err: Error) => err);
  t.ok(write instanceof ConnectionError, 'a write is not sent again');
  t.equal((write as ConnectionError).kind, 'connection reset');
  t.equal(await kubeText(conn, { method: 'GET', path: '/r' }), '{"ok":true}', 'a GET is sent again on a new connection');
  t.equal(s.seen.filter((r) => r.url === '/r').length, 2);
});

t.test('a refused connection is a ConnectionError in kubectl words', async (t) => {
  const s = await h2Server();
  const url = s.url;
  await new Promise((resolve) => s.server.close(resolve));
  await t.rejects(kubeText(connection(url), { method: 'GET', path: '/a' }), { name: 'ConnectionError', kind: 'connection refused', message: /was refused/ });
});
