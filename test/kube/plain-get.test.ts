// list's pages read straight over TLS (src/kube/plain-get.ts), from a real local TLS server that writes the answer's
// bytes itself: a body of Content-Length or of chunks, cut at every byte, a UTF-8 character cut in two; the request it
// sends (line and headers); a second page on the same connection; an error status answered as it is; and each answer it
// must leave to http.ts (undefined): a body cut short, a framing it does not read, a certificate that does not verify.
import t from 'tap';
import type { AddressInfo } from 'node:net';
import tls from 'node:tls';
import type { Connection } from '../../src/kube/connection.js';
import { plainGet } from '../../src/kube/plain-get.js';
import { tempDir } from './fixture.js';
import { localCertificate, localConnection } from './local-tls.js';

const { cert, key } = localCertificate(tempDir(t));

const BODY = '{"kind":"CertificateSigningRequestList","metadata":{"resourceVersion":"7"},"items":[{"metadata":{"name":"nœud-日本"}}]}';

/** What the server answers to a request for this path: the raw bytes, each array element one write. */
const answers = new Map<string, { writes: Buffer[]; close?: boolean }>();
const requests: { head: string; socket: number }[] = [];
let sockets = 0;

function chunked(body: string, sizes: number[]): Buffer {
  const bytes = Buffer.from(body);
  const parts: Buffer[] = [];
  let at = 0;
  for (const size of [...sizes, bytes.length]) {
    const part = bytes.subarray(at, at + size);
    if (part.length === 0) continue;
    parts.push(Buffer.from(`${part.length.toString(16)}\r\n`), part, Buffer.from('\r\n'));
    at += part.length;
  }
  parts.push(Buffer.from('0\r\n\r\n'));
  return Buffer.concat(parts);
}

/** Every byte its own write. */
const byteByByte = (b: Buffer) => [...b].map((x) => Buffer.from([x]));

const server = tls.createServer({ cert, key }, (socket) => {
  const id = ++sockets;
  let pending = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    const end = pending.indexOf('\r\n\r\n');
    if (end < 0) return;
    const head = pending.toString('latin1', 0, end);
    pending = pending.subarray(end + 4);
    requests.push({ head, socket: id });
    const answer = answers.get(head.split(' ')[1]!.split('?')[0]!)!;
    let i = 0;
    const next = () => {
      if (i < answer.writes.length) {
        socket.write(answer.writes[i++]!);
        setImmediate(next);
      } else if (answer.close) socket.destroy();
    };
    next();
  });
  socket.on('error', () => {});
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
t.teardown(() => server.close());

const OPTIONS = { ca: cert, rejectUnauthorized: true, headers: { Authorization: 'Bearer t0ken', 'Impersonate-Group': ['a', 'b'] } };
const base: Connection = localConnection((server.address() as AddressInfo).port, OPTIONS);
const answer = (p: string, conn: Connection = base) => plainGet(conn, { method: 'GET', path: p, query: { limit: 500, fieldSelector: 'spec.signerName=x y' } });
/** The body of a 2xx answer; anything else as plainGet answered it. */
const get = async (p: string, conn: Connection = base) => {
  const a = await answer(p, conn);
  return a?.status === 200 ? a.text : a;
};

const head = (body: string, framing: string) => Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n${framing}Date: x\r\n\r\n${body}`);

answers.set('/length', { writes: byteByByte(head(BODY, `Content-Length: ${Buffer.byteLength(BODY)}\r\n`)) });
answers.set('/chunked', { writes: byteByByte(Buffer.concat([head('', 'Transfer-Encoding: chunked\r\n'), chunked(BODY, [5, 1, Buffer.from(BODY).indexOf(Buffer.from('日')) - 5])])) });
answers.set('/close', { writes: [head(BODY, 'Connection: close\r\n')], close: true });
answers.set('/forbidden', { writes: [Buffer.from('HTTP/1.1 403 Forbidden\r\nContent-Length: 2\r\n\r\n{}')] });
answers.set('/cut', { writes: [head(BODY.slice(0, 20), `Content-Length: ${Buffer.byteLength(BODY)}\r\n`)], close: true });
answers.set('/cut-chunked', { writes: [Buffer.concat([head('', 'Transfer-Encoding: chunked\r\n'), chunked(BODY, [10]).subarray(0, 30)])], close: true });
answers.set('/gzip', { writes: [head(BODY, `Content-Encoding: gzip\r\nContent-Length: ${Buffer.byteLength(BODY)}\r\n`)] });
answers.set('/no-content', { writes: [Buffer.from('HTTP/1.1 204 No Content\r\n\r\n')] });

t.test('a body of Content-Length and one of chunks, every byte written apart: the same text', async (t) => {
  t.equal(await get('/length'), BODY);
  t.equal(await get('/chunked'), BODY);
});

t.test('the request node:https would send, and the next page on the same connection', async (t) => {
  requests.length = 0;
  t.equal(await get('/length'), BODY);
  t.equal(await get('/chunked'), BODY);
  t.equal(requests.length, 2);
  t.equal(requests[0]!.socket, requests[1]!.socket, 'one connection');
  t.equal(
    requests[0]!.head,
    `GET /length?fieldSelector=spec.signerName%3Dx+y&limit=500 HTTP/1.1\r\nHost: 127.0.0.1:${(server.address() as AddressInfo).port}\r\nAuthorization: Bearer t0ken\r\nImpersonate-Group: a\r\nImpersonate-Group: b\r\nAccept: application/json\r\nUser-Agent: kubectl-csr`,
  );
});

t.test('a connection the server closes after its answer is not used again', async (t) => {
  requests.length = 0;
  t.equal(await get('/close'), BODY);
  t.equal(await get('/length'), BODY);
  t.not(requests[0]!.socket, requests[1]!.socket);
});

t.test('an answer it does not read whole is left to http.ts', async (t) => {
  for (const p of ['/cut', '/cut-chunked', '/gzip']) t.equal(await get(p), undefined, p);
  t.equal(await get('/length'), BODY, 'and the next one is read again');
});

t.test('an error status read whole is answered as it is, with Retry-After, for http.ts to handle', async (t) => {
  t.same(await answer('/forbidden'), { status: 403, retryAfter: undefined, text: '{}' });
  t.same(await answer('/no-content'), { status: 204, retryAfter: undefined, text: '' }, 'a 204 has no body, as node:https reads it');
  answers.set('/busy', { writes: [Buffer.from('HTTP/1.1 429 Too Many Requests\r\nRetry-After: 1\r\nTransfer-Encoding: chunked\r\n\r\n'), chunked('{"code":429}', [4])] });
  t.same(await answer('/busy'), { status: 429, retryAfter: '1', text: '{"code":429}' });
  t.equal(await get('/length'), BODY, 'and a page after it');
});

t.test('a server whose certificate the connection does not trust: left to http.ts, which says why', async (t) => {
  const untrusted = { ...base, httpsOptions: () => Promise.resolve({ rejectUnauthorized: true }) };
  t.equal(await get('/length', untrusted), undefined);
});

t.test('connections it does not serve: a trace, a deadline, credentials from a plugin, an aborted signal', async (t) => {
  const trace = { level: 6, write: () => {}, pid: 1, now: () => new Date() };
  t.equal(await get('/length', { ...base, trace }), undefined);
  t.equal(await get('/length', { ...base, requestTimeoutMs: 1000 }), undefined);
  t.equal(await get('/length', { ...base, plainCredentials: false }), undefined);
  t.equal(await get('/length', { ...base, signal: AbortSignal.abort() }), undefined);
});

t.test('a signal that aborts while the answer is awaited', async (t) => {
  answers.set('/never', { writes: [] });
  const abort = new AbortController();
  const answer = get('/never', { ...base, signal: abort.signal });
  setTimeout(() => abort.abort(), 50);
  t.equal(await answer, undefined);
});

t.test('a body framed by the connection\'s end, cut by an abort: left to http.ts, never taken as whole', async (t) => {
  answers.set('/close-held', { writes: [head(BODY.slice(0, 20), '')] });
  const abort = new AbortController();
  const answer = get('/close-held', { ...base, signal: abort.signal });
  setTimeout(() => abort.abort(), 50);
  t.equal(await answer, undefined);
});
