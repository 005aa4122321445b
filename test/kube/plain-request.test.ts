// The approver's approval PUT written by hand on a kept TLS socket (src/kube/plain-request.ts) against a real local
// TLS server that writes its answers' bytes itself, each fault met both ways: through the plain path and through
// node:https (http.ts, as a user whose credentials are not plain goes), which must end the same: the same bytes on the
// wire, the same error class, kind, message and fault verdict, the same number of requests. A cut connection, an answer
// it does not read, the deadline and the signal are never a success and never a second PUT of the same attempt.
import t from 'tap';
import type { AddressInfo } from 'node:net';
import tls from 'node:tls';
import { isFault } from '../../src/kube/api-error.js';
import type { Connection } from '../../src/kube/connection.js';
import { CsrClient } from '../../src/kube/csr-client.js';
import type { Csr } from '../../src/kube/csr.js';
import { recordCsrEvent } from '../../src/kube/events.js';
import { kubeAgent } from '../../src/kube/kube-agent.js';
import { tempDir } from './fixture.js';
import { localCertificate, localConnection } from './local-tls.js';

const { cert, key } = localCertificate(tempDir(t));
const OBJECT = '{"kind":"CertificateSigningRequest","apiVersion":"certificates.k8s.io/v1","metadata":{"name":"n1"}}';
const status = (code: number, reason: string) => `{"kind":"Status","apiVersion":"v1","status":"Failure","message":"it says ${code}","reason":"${reason}","code":${code}}`;

/** Every request as the server read it (head and body), with the id of its connection. */
const seen: { request: string; socket: number }[] = [];
/** How many times each name was asked for. */
const asked = new Map<string, number>();
let sockets = 0;

const lengthAnswer = (code: number, text: string, body: string, extra = '') => `HTTP/1.1 ${code} ${text}\r\nAudit-Id: 1\r\nContent-Type: application/json\r\n${extra}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
const chunk = (s: string) => `${Buffer.byteLength(s).toString(16)}\r\n${s}\r\n`;

/** What the server does on a request for the CSR of this name: writes, closes, resets or stays silent. */
function act(name: string, n: number, socket: tls.TLSSocket): void {
  const write = (s: string) => socket.write(s);
  switch (name) {
    case 'conflict':
      return void write(lengthAnswer(409, 'Conflict', status(409, 'Conflict')));
    case 'chunked':
      return void write(`HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n${chunk(OBJECT.slice(0, 30))}${chunk(OBJECT.slice(30))}0\r\n\r\n`);
    case 'busy': // a 429 with Retry-After: 0 the first time, then the object
      return void write(n === 1 ? lengthAnswer(429, 'Too Many Requests', status(429, 'TooManyRequests'), 'Retry-After: 0\r\n') : lengthAnswer(200, 'OK', OBJECT));
    case 'unavailable': // a 503 with Retry-After: 0 every time: three retries, then the error
      return void write(lengthAnswer(503, 'Service Unavailable', status(503, 'ServiceUnavailable'), 'Retry-After: 0\r\n'));
    case 'failing':
      return void write(lengthAnswer(500, 'Internal Server Error', status(500, 'InternalError')));
    case 'cut-head':
      write('HTTP/1.1 200 OK\r\nContent-Ty');
      return void setTimeout(() => socket.destroy(), 20);
    case 'cut-body':
      write(`HTTP/1.1 200 OK\r\nContent-Length: ${OBJECT.length}\r\n\r\n${OBJECT.slice(0, 10)}`);
      return void setTimeout(() => socket.destroy(), 20);
    case 'cut-chunked':
      write(`HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n${chunk(OBJECT.slice(0, 30))}`);
      return void setTimeout(() => socket.destroy(), 20);
    case 'cut-error': // a 409 whose Status is cut short
      write(`HTTP/1.1 409 Conflict\r\nContent-Length: 500\r\n\r\n{"kind":"Status"`);
      return void setTimeout(() => socket.destroy(), 20);
    case 'hang-up': // closed without a byte of answer, as a server closes a kept connection it has given up on
      return void socket.destroy();
    case 'reset': // reset without a byte of answer
      return void (socket as unknown as { _parent: { resetAndDestroy(): void } })._parent.resetAndDestroy();
    case 'garbage':
      return void write('HTTX/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}');
    case 'silent':
      return;
    case 'no-content':
      return void write('HTTP/1.1 204 No Content\r\nAudit-Id: 1\r\n\r\n');
    case 'continue':
      return void write(`HTTP/1.1 100 Continue\r\n\r\n${lengthAnswer(200, 'OK', OBJECT)}`);
    case 'close-framed': // a body framed by the connection's end
      write(`HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n${OBJECT}`);
      return void setTimeout(() => socket.end(), 20);
    case 'keep-1s': // a server that keeps an idle connection one second: less the agent's margin, not at all
      return void write(lengthAnswer(200, 'OK', OBJECT, 'Keep-Alive: timeout=1\r\n'));
    case 'then-close': // answered, and the kept connection closed by the server a little later
      write(lengthAnswer(200, 'OK', OBJECT));
      return void setTimeout(() => socket.end(), 20);
    default:
      return void write(lengthAnswer(200, 'OK', OBJECT));
  }
}

const server = tls.createServer({ cert, key }, (socket) => {
  const id = ++sockets;
  let pending = Buffer.alloc(0);
  socket.on('error', () => {});
  socket.on('data', (data: Buffer) => {
    pending = Buffer.concat([pending, data]);
    for (;;) {
      const end = pending.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/\r\ncontent-length: (\d+)/i.exec(pending.toString('latin1', 0, end))?.[1] ?? 0);
      if (pending.length < end + 4 + length) return;
      const request = pending.toString('utf8', 0, end + 4 + length);
      pending = pending.subarray(end + 4 + length);
      seen.push({ request, socket: id });
      const name = /\/certificatesigningrequests\/([^/]+)\/approval/.exec(request)?.[1] ?? (request.startsWith('POST /api/v1/namespaces/default/events ') ? 'event' : '');
      const n = (asked.get(name) ?? 0) + 1;
      asked.set(name, n);
      act(name, n, socket);
    }
  });
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
t.teardown(() => server.close());
const port = (server.address() as AddressInfo).port;

const OPTIONS = { ca: cert, rejectUnauthorized: true, headers: { Authorization: 'Bearer abc', 'Impersonate-User': 'u', 'Impersonate-Group': ['g1', 'g2'] } };

/** As the approver's scope makes it (a signal, a count in flight, a deadline); `plain: false` goes through node:https. */
function approverConnection(plain: boolean, extra: Partial<Connection> = {}): Connection {
  return { ...localConnection(port, OPTIONS), requestTimeoutMs: 30_000, signal: new AbortController().signal, requests: { inFlight: 0 }, http2: false, plainCredentials: plain, ...extra };
}

const csr = (name: string): Csr => ({ apiVersion: 'certificates.k8s.io/v1', kind: 'CertificateSigningRequest', metadata: { name, resourceVersion: '7' }, spec: { request: 'UkVR', signerName: 'kubernetes.io/kubelet-serving', usages: ['server auth'], username: 'système:node:ñ' }, status: { conditions: [{ type: 'Approved', status: 'True', reason: 'R', message: 'm' }] } });

interface Outcome {
  result: string;
  requests: number;
  inFlight: number;
}

/** One approval PUT as the approver sends it, and what became of it. */
async function put(name: string, conn: Connection): Promise<Outcome> {
  asked.delete(name);
  let result: string;
  try {
    const back = await new CsrClient(conn).updateApproval(csr(name), false, true);
    result = `ok ${back.metadata.name}`;
  } catch (err) {
    const e = err as Error & { kind?: string; status?: number; exitCode?: number };
    result = `${e.name} ${e.kind ?? e.status ?? ''} exit ${e.exitCode} fault ${isFault(err)}: ${e.message}`;
  }
  return { result, requests: asked.get(name) ?? 0, inFlight: conn.requests!.inFlight };
}

/** The same PUT both ways; the plain one first. */
async function both(name: string, extra: Partial<Connection> = {}): Promise<[Outcome, Outcome]> {
  return [await put(name, approverConnection(true, extra)), await put(name, approverConnection(false, extra))];
}

/** Answers node:https has read on its agent's sockets since the start (the agent says 'free' after each). */
let agentAnswers = 0;
kubeAgent().on('free', () => agentAnswers++);

t.test('the bytes on the wire are those node:https writes, and the plain PUT uses none of its sockets', async (t) => {
  const agentBefore = agentAnswers;
  seen.length = 0;
  await put('wire', approverConnection(true));
  t.equal(agentAnswers, agentBefore, 'not through node:https');
  await put('wire', approverConnection(false));
  t.equal(seen.length, 2);
  const body = JSON.stringify(csr('wire'));
  t.equal(
    seen[0]!.request,
    'PUT /apis/certificates.k8s.io/v1/certificatesigningrequests/wire/approval HTTP/1.1\r\n' +
      'Authorization: Bearer abc\r\nImpersonate-User: u\r\nImpersonate-Group: g1\r\nImpersonate-Group: g2\r\n' +
      `Accept: application/json\r\nUser-Agent: kubectl-csr\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
      `Host: 127.0.0.1:${port}\r\nConnection: keep-alive\r\n\r\n${body}`,
  );
  t.equal(seen[0]!.request, seen[1]!.request, 'byte for byte what node:https sent');
});

t.test("a decision's Event POST goes the same way, the bytes those of node:https", async (t) => {
  const agentBefore = agentAnswers;
  seen.length = 0;
  const now = new Date('2026-12-07T20:00:00Z');
  await recordCsrEvent(approverConnection(true), { metadata: { name: 'c1', uid: 'u1', resourceVersion: '9' } }, { type: 'Normal', reason: 'Approved', message: 'fine' }, 'host-1', now);
  t.equal(agentAnswers, agentBefore, 'not through node:https');
  await recordCsrEvent(approverConnection(false), { metadata: { name: 'c1', uid: 'u1', resourceVersion: '9' } }, { type: 'Normal', reason: 'Approved', message: 'fine' }, 'host-1', now);
  t.equal(agentAnswers, agentBefore + 1, 'through node:https');
  t.equal(seen.length, 2);
  // The Event's name ends in random hex: the rest is byte for byte the same.
  const [plain, https] = seen.map((s) => s.request.replace(/c1\.[0-9a-f]+/, 'c1.X'));
  t.match(plain, /^POST \/api\/v1\/namespaces\/default\/events HTTP\/1\.1\r\nAuthorization: Bearer abc\r\n.*Content-Type: application\/json\r\nContent-Length: \d+\r\nHost: 127\.0\.0\.1:\d+\r\nConnection: keep-alive\r\n\r\n\{"apiVersion":"v1","kind":"Event"/s);
  t.equal(plain, https);
});

t.test('answers read: Content-Length, chunked, a 204, a 100 Continue first, a body to the connection end', async (t) => {
  for (const name of ['ok', 'chunked', 'no-content', 'continue', 'close-framed']) {
    const [plain, https] = await both(name);
    t.same(plain, { result: `ok ${name}`, requests: 1, inFlight: 0 }, name);
    t.same(plain, https, `${name}: as node:https`);
  }
});

t.test('PUTs after the first on the same connection; a connection the server closed is not used again', async (t) => {
  seen.length = 0;
  const conn = approverConnection(true);
  for (const name of ['k1', 'k2', 'k3']) await put(name, conn);
  t.equal(new Set(seen.map((s) => s.socket)).size, 1, 'one connection');
  await put('then-close', conn);
  await new Promise((resolve) => setTimeout(resolve, 100));
  t.same(await put('k4', conn), { result: 'ok k4', requests: 1, inFlight: 0 });
  t.not(seen.at(-1)!.socket, seen[0]!.socket, 'a new connection');
});

t.test('a connection the server keeps a second or less (Keep-Alive: timeout=1) is not kept, as by Node\'s agent', async (t) => {
  seen.length = 0;
  const conn = approverConnection(true);
  t.same(await put('keep-1s', conn), { result: 'ok keep-1s', requests: 1, inFlight: 0 });
  t.same(await put('k5', conn), { result: 'ok k5', requests: 1, inFlight: 0 });
  t.not(seen[1]!.socket, seen[0]!.socket, 'a new connection');
});

t.test("the server's answers that are not a 2xx: the same error, the same retries", async (t) => {
  for (const [name, requests] of [['conflict', 1], ['busy', 2], ['unavailable', 4], ['failing', 1]] as const) {
    const [plain, https] = await both(name);
    t.equal(plain.requests, requests, `${name}: ${requests} requests`);
    t.same(plain, https, `${name}: as node:https`);
  }
  t.match((await put('conflict', approverConnection(true))).result, /^ApiError 409 exit 1 fault false: Error from server \(Conflict\): it says 409$/);
  t.match((await put('failing', approverConnection(true))).result, /fault true/);
});

t.test('a connection cut or reset before the answer is whole: a fault, never a success, never sent again', async (t) => {
  for (const name of ['cut-head', 'cut-body', 'cut-chunked', 'cut-error', 'hang-up', 'reset']) {
    const [plain, https] = await both(name);
    t.match(plain.result, /^ConnectionError connection reset exit 1 fault true: Unable to connect to the server https:\/\/127\.0\.0\.1:\d+: /, name);
    t.same(plain, https, `${name}: as node:https`);
  }
});

t.test('a kept connection the server closes as the next PUT arrives: that PUT is a fault, as with node:https', async (t) => {
  const outcomes: Outcome[] = [];
  for (const plain of [true, false]) {
    seen.length = 0;
    const conn = approverConnection(plain);
    await put('before-hang-up', conn);
    outcomes.push(await put('hang-up', conn));
    t.equal(seen[1]!.socket, seen[0]!.socket, 'sent on the kept connection');
    t.same(await put('after-hang-up', conn), { result: 'ok after-hang-up', requests: 1, inFlight: 0 }, 'and the next PUT on another');
  }
  t.match(outcomes[0], { result: /^ConnectionError connection reset exit 1 fault true: .*: socket hang up$/, requests: 1 });
  t.same(outcomes[0], outcomes[1]);
});

t.test('an answer it does not read: a fault, as node:https makes of it', async (t) => {
  const [plain, https] = await both('garbage');
  t.match(plain, { result: /^ConnectionError connection error exit 1 fault true: Unable to connect to the server https:\/\/127\.0\.0\.1:\d+: Parse Error/, requests: 1, inFlight: 0 });
  t.match(https, { result: /^ConnectionError connection error exit 1 fault true: Unable to connect to the server https:\/\/127\.0\.0\.1:\d+: Parse Error/, requests: 1, inFlight: 0 });
});

t.test('the deadline: the same timeout, and the connection is not used again', async (t) => {
  seen.length = 0;
  const [plain, https] = await both('silent', { requestTimeoutMs: 200 });
  t.same(plain, { result: `ConnectionError timeout exit 5 fault true: Unable to connect to the server https://127.0.0.1:${port}: context deadline exceeded (--request-timeout=0.2s)`, requests: 1, inFlight: 0 });
  t.same(plain, https);
  const conn = approverConnection(true);
  await put('ok', conn);
  t.not(seen.at(-1)!.socket, seen[0]!.socket, 'the next PUT on another connection');
});

t.test('the signal: an AbortError while the answer is awaited, and nothing sent once it has aborted', async (t) => {
  const outcomes: Outcome[] = [];
  for (const plain of [true, false]) {
    const abort = new AbortController();
    const conn = approverConnection(plain, { signal: abort.signal });
    setTimeout(() => abort.abort(), 100);
    outcomes.push(await put('silent', conn));
    outcomes.push(await put('ok', conn));
  }
  t.match(outcomes[0], { result: /^AbortError  exit undefined fault false: The operation was aborted$/, requests: 1, inFlight: 0 });
  t.same(outcomes[1], { result: outcomes[0]!.result, requests: 0, inFlight: 0 }, 'not sent');
  t.same(outcomes.slice(0, 2), outcomes.slice(2), 'as node:https');
});

t.test('a server that is not there, and one whose certificate is not trusted: the same errors', async (t) => {
  const closed = tls.createServer({ cert, key });
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const gone = (closed.address() as AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));
  const refused = await both('ok', { server: `https://127.0.0.1:${gone}` });
  t.match(refused[0].result, /^ConnectionError connection refused exit 1 fault true: The connection to the server 127\.0\.0\.1:\d+ was refused/);
  t.same(refused[0], refused[1]);
  const untrusted = await both('ok', { httpsOptions: () => Promise.resolve({ ...OPTIONS, ca: undefined }) });
  t.match(untrusted[0].result, /^ConnectionError connection error exit 1 fault true: Unable to connect to the server https:\/\/127\.0\.0\.1:\d+: tls: failed to verify certificate/);
  t.same(untrusted[0], untrusted[1]);
});

t.test('connections it does not serve go through node:https, and nothing is written twice', async (t) => {
  const trace = { level: 6, write: () => {}, pid: 1, now: () => new Date() };
  const basic = { ...OPTIONS, auth: 'a:b' };
  for (const [name, extra] of [['traced', { trace }], ['basic', { httpsOptions: () => Promise.resolve(basic) }]] as const) {
    const agentBefore = agentAnswers;
    t.same(await put(name, approverConnection(true, extra)), { result: `ok ${name}`, requests: 1, inFlight: 0 }, name);
    t.equal(agentAnswers, agentBefore + 1, `${name}: sent by node:https`);
  }
  const odd = { ...OPTIONS, headers: { Authorization: 'Bearer a\nb' } };
  t.match(await put('odd', approverConnection(true, { httpsOptions: () => Promise.resolve(odd) })), { requests: 0 }, 'a header node:https refuses is refused by it');
});
