// A watch read by hand on a kept TLS connection (src/kube/plain-watch.ts) against a real local TLS server that writes
// its answers' bytes itself, each case met both ways: plain, and through node:https and readline (as a user whose
// credentials are not plain goes), which must end the same: the same bytes on the wire, the same events, the same
// error class, kind, status, message, exit code and fault verdict.
import t from 'tap';
import type { AddressInfo } from 'node:net';
import tls from 'node:tls';
import { isFault } from '../../src/kube/api-error.js';
import type { Connection } from '../../src/kube/connection.js';
import { kubeAgent } from '../../src/kube/kube-agent.js';
import { watchStream } from '../../src/kube/watch-stream.js';
import { tempDir } from './fixture.js';
import { localCertificate, localConnection } from './local-tls.js';

const { cert, key } = localCertificate(tempDir(t));

const event = (type: string, name: string) => JSON.stringify({ type, object: { metadata: { name, resourceVersion: '7' } } });
const chunk = (s: string | Buffer) => Buffer.concat([Buffer.from(`${Buffer.byteLength(s).toString(16)}\r\n`), Buffer.from(s), Buffer.from('\r\n')]);
const HEAD = 'HTTP/1.1 200 OK\r\nAudit-Id: 1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n';
const LAST_CHUNK = '0\r\n\r\n';
const status = (code: number, reason: string) => `{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"it says ${code}","reason":"${reason}","code":${code}}`;
const lengthAnswer = (code: number, text: string, body: string) => `HTTP/1.1 ${code} ${text}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

/**
 * The awkward body: an event whose UTF-8 character is cut between two writes, an event over two chunks, CRLF endings
 * and a blank line, several events in one chunk, an ERROR event, and a last event without its newline; its bytes cut
 * again between writes inside a chunk's size line and between a chunk's CR and LF.
 */
const accented = Buffer.from(`${event('ADDED', 'nœud-日本')}\n`);
const chunks = [
  chunk(accented),
  chunk(event('MODIFIED', 'a').slice(0, 10)),
  chunk(`${event('MODIFIED', 'a').slice(10)}\r\n\n${event('BOOKMARK', '')}\n${event('DELETED', 'b')}\r\n`),
  chunk(`${JSON.stringify({ type: 'ERROR', object: { kind: 'Status', code: 410, message: 'too old resource version' } })}\n`),
  chunk(event('ADDED', 'last')),
];
const body = Buffer.concat(chunks);
const startOf = (i: number) => chunks.slice(0, i).reduce((n, c) => n + c.length, 0);
const inChar = chunks[0]!.indexOf(Buffer.from('日')) + 1; // inside the three bytes of 日
const inSize = startOf(2) + 1; // inside the third chunk's size line (two hex digits)
const beforeLf = startOf(3) - 1; // between the CR and the LF that end the third chunk
const PIECES = [0, inChar, inSize, beforeLf].map((at, i, all) => body.subarray(at, all[i + 1]));

/** What the server does for a watch of this name: its writes, 15 ms apart, then how it ends. */
function act(name: string, socket: tls.TLSSocket): void {
  const write = (pieces: (string | Buffer)[], then: () => void) => {
    let i = 0;
    const next = () => {
      if (socket.destroyed) return;
      if (i < pieces.length) {
        socket.write(pieces[i++]!);
        setTimeout(next, 15);
      } else then();
    };
    next();
  };
  const events = (names: string[]) => names.map((n) => chunk(`${event('ADDED', n)}\n`));
  switch (name) {
    case 'awkward':
      return write([HEAD, ...PIECES], () => socket.write(LAST_CHUNK));
    case 'odd-chunks': { // sizes in upper case, with an extension, with leading zeros; a trailer after the last chunk
      const [a, b, c] = ['x1', 'x2', 'x3'].map((n) => `${event('ADDED', n)}\n`);
      const hex = (t: string) => Buffer.byteLength(t).toString(16).toUpperCase();
      return write([HEAD, `${hex(a!)}\r\n${a}\r\n`, `${hex(b!)};name=value\r\n${b}\r\n`, `000${hex(c!)}\r\n${c}\r\n`], () => socket.write('0\r\nX-Trailer: 1\r\n\r\n'));
    }
    case 'ended': // the server ends the watch (timeoutSeconds): the last chunk
      return write([HEAD, ...events(['e1', 'e2'])], () => socket.write(LAST_CHUNK));
    case 'cut-event': // the connection cut in the middle of an event
      return write([HEAD, ...events(['whole']), `30\r\n${event('ADDED', 'half').slice(0, 20)}`], () => socket.destroy());
    case 'cut-size': // cut inside a chunk's size line
      return write([HEAD, ...events(['whole']), '3'], () => socket.destroy());
    case 'cut-head':
      return write(['HTTP/1.1 200 OK\r\nContent-Ty'], () => socket.destroy());
    case 'hang-up':
      return void socket.destroy();
    case 'gone':
      return void socket.write(lengthAnswer(410, 'Gone', status(410, 'Expired')));
    case 'failing':
      return void socket.write(lengthAnswer(500, 'Internal Server Error', status(500, 'InternalError')));
    case 'unauthorized':
      return void socket.write(lengthAnswer(401, 'Unauthorized', status(401, 'Unauthorized')));
    case 'forbidden':
      return void socket.write(lengthAnswer(403, 'Forbidden', status(403, 'Forbidden')));
    case 'not-status': // a 503 whose body is not a Status
      return void socket.write(lengthAnswer(503, 'Service Unavailable', 'upstream connect error'));
    case 'garbage':
      return void socket.write('HTTX/1.1 200 OK\r\n\r\n');
    case 'bad-json':
      return write([HEAD, ...events(['fine']), chunk('{"type":"ADDED","object":\n')], () => socket.write(LAST_CHUNK));
    case 'slow': // an event after the request deadline has passed
      return write([HEAD], () => setTimeout(() => write(events(['late']), () => socket.write(LAST_CHUNK)), 300));
    case 'silent-head':
      return;
    case 'silent': // a head, then nothing
      return void socket.write(HEAD);
    case 'stream': // events until the client goes away
      return write([HEAD, ...events(['s1', 's2', 's3'])], () => {});
    case 'readyz':
      return void socket.write(lengthAnswer(200, 'OK', 'ok'));
    default:
      return void socket.write(lengthAnswer(404, 'Not Found', status(404, 'NotFound')));
  }
}

/** Every request as the server read it, with the id of its connection. */
const seen: { request: string; socket: number }[] = [];
let sockets = 0;
const server = tls.createServer({ cert, key }, (socket) => {
  const id = ++sockets;
  let pending = '';
  socket.on('error', () => {});
  socket.on('data', (data: Buffer) => {
    pending += data.toString('latin1');
    for (let end = pending.indexOf('\r\n\r\n'); end >= 0; end = pending.indexOf('\r\n\r\n')) {
      const request = pending.slice(0, end + 4);
      pending = pending.slice(end + 4);
      seen.push({ request, socket: id });
      const path = request.split(' ')[1]!;
      act(path === '/readyz' ? 'readyz' : /^\/w\/([^?]+)/.exec(path)?.[1] ?? '', socket);
    }
  });
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
t.teardown(() => server.close());
const port = (server.address() as AddressInfo).port;

const OPTIONS = { ca: cert, rejectUnauthorized: true, headers: { Authorization: 'Bearer abc', 'Impersonate-User': 'u', 'Impersonate-Group': ['g1', 'g2'] } };

/** As the approver's scope makes it (a signal, a deadline); `plain: false` goes through node:https. */
function watchConnection(plain: boolean, extra: Partial<Connection> = {}): Connection {
  return { ...localConnection(port, OPTIONS), requestTimeoutMs: 30_000, signal: new AbortController().signal, requests: { inFlight: 0 }, http2: false, plainCredentials: plain, ...extra };
}

type Named = { metadata: { name: string } };

/** One watch, read to its end: its events, then how it ended. */
async function watch(name: string, conn: Connection, signal?: AbortSignal, onEvent?: (n: number) => void): Promise<string[]> {
  const out: string[] = [];
  try {
    for await (const e of watchStream<Named>(conn, `/w/${name}`, { resourceVersion: '1' }, signal, () => out.push('open'))) {
      out.push(e.type === 'ERROR' ? `ERROR ${e.status} ${e.message}` : `${e.type} ${e.object.metadata.name}`);
      onEvent?.(out.length);
    }
    out.push('end');
  } catch (err) {
    const e = err as Error & { kind?: string; status?: number; exitCode?: number };
    out.push(`${e.name} ${e.kind ?? e.status ?? ''} exit ${e.exitCode} fault ${isFault(err)}: ${e.message}`);
  }
  return out;
}

/** The same watch both ways; the plain one first. */
async function both(name: string, extra: Partial<Connection> = {}): Promise<[string[], string[]]> {
  return [await watch(name, watchConnection(true, extra)), await watch(name, watchConnection(false, extra))];
}

/** Answers node:https has read to their end on its agent's sockets (the agent says 'free' after each). */
let agentAnswers = 0;
kubeAgent().on('free', () => agentAnswers++);

t.test('the bytes on the wire are those node:https writes, and the plain watch uses none of its sockets', async (t) => {
  seen.length = 0;
  const before = agentAnswers;
  await watch('ended', watchConnection(true));
  t.equal(agentAnswers, before, 'not through node:https');
  await watch('ended', watchConnection(false));
  t.equal(agentAnswers, before + 1, 'through node:https');
  t.equal(seen.length, 2);
  t.equal(
    seen[0]!.request,
    'GET /w/ended?allowWatchBookmarks=true&resourceVersion=1&timeoutSeconds=300&watch=1 HTTP/1.1\r\n' +
      'Authorization: Bearer abc\r\nImpersonate-User: u\r\nImpersonate-Group: g1\r\nImpersonate-Group: g2\r\n' +
      `Accept: application/json\r\nUser-Agent: kubectl-csr\r\nHost: 127.0.0.1:${port}\r\nConnection: keep-alive\r\n\r\n`,
  );
  t.equal(seen[0]!.request, seen[1]!.request, 'byte for byte what node:https sent');
});

t.test('every event whole, however the server cut its writes and its chunks', async (t) => {
  const [plain, https] = await both('awkward');
  t.same(plain, ['open', 'ADDED nœud-日本', 'MODIFIED a', 'BOOKMARK ', 'DELETED b', 'ERROR 410 too old resource version', 'ADDED last', 'end']);
  t.same(plain, https, 'as node:https and readline');
});

t.test('chunk sizes in upper case, with an extension or leading zeros, and a trailer', async (t) => {
  const [plain, https] = await both('odd-chunks');
  t.same(plain, ['open', 'ADDED x1', 'ADDED x2', 'ADDED x3', 'end']);
  t.same(plain, https);
});

t.test('the server ends the watch: the generator ends, and the connection is kept for the next request', async (t) => {
  const [plain, https] = await both('ended');
  t.same(plain, ['open', 'ADDED e1', 'ADDED e2', 'end']);
  t.same(plain, https);
  seen.length = 0;
  const conn = watchConnection(true);
  await watch('ended', conn);
  await watch('ended', conn);
  t.equal(seen[1]!.socket, seen[0]!.socket, 'one connection');
});

t.test('a connection cut before the answer or inside it: the events before, then the same connection error', async (t) => {
  for (const name of ['cut-event', 'cut-size', 'cut-head', 'hang-up']) {
    const [plain, https] = await both(name);
    t.match(plain.at(-1), /^ConnectionError connection reset exit 1 fault true: Unable to connect to the server https:\/\/127\.0\.0\.1:\d+: (aborted|socket hang up)$/, name);
    t.same(plain, https, `${name}: as node:https`);
  }
  t.same((await watch('cut-event', watchConnection(true))).slice(0, 2), ['open', 'ADDED whole']);
});

t.test('an answer that is not a 2xx: the same error from its Status, and a 410 to list again', async (t) => {
  const expected: Record<string, RegExp> = {
    gone: /^ApiError 410 exit 1 fault false: Error from server \(Expired\): it says 410$/,
    failing: /^ApiError 500 exit 1 fault true: Error from server \(InternalError\): it says 500$/,
    unauthorized: /^UnauthorizedError 401 exit 1 fault false: You must be logged in to the server \(it says 401\)$/,
    forbidden: /^ApiError 403 exit 1 fault false: Error from server \(Forbidden\): it says 403$/,
    'not-status': /^ApiError 503 exit 1 fault true: Error from server \(ServiceUnavailable\): upstream connect error$/,
  };
  for (const [name, error] of Object.entries(expected)) {
    const [plain, https] = await both(name);
    t.equal(plain.length, 1, `${name}: never opened`);
    t.match(plain[0], error, name);
    t.same(plain, https, `${name}: as node:https`);
  }
});

t.test('an answer it does not read, and a line that is not JSON: the same errors', async (t) => {
  const [plain, https] = await both('garbage');
  t.match(plain, [/^ConnectionError connection error exit 1 fault true: Unable to connect to the server https:\/\/127\.0\.0\.1:\d+: Parse Error/]);
  t.match(https, [/^ConnectionError connection error exit 1 fault true: Unable to connect to the server https:\/\/127\.0\.0\.1:\d+: Parse Error/]);
  const [plainJson, httpsJson] = await both('bad-json');
  t.match(plainJson, ['open', 'ADDED fine', /^SyntaxError  exit undefined fault false: /]);
  t.same(plainJson, httpsJson);
});

t.test('the request deadline does not apply to a watch', async (t) => {
  const [plain, https] = await both('slow', { requestTimeoutMs: 100 });
  t.same(plain, ['open', 'ADDED late', 'end']);
  t.same(plain, https);
});

t.test("the watch's signal and the connection's: an AbortError before the head or at once, the body cut while waiting for events", async (t) => {
  for (const [name, which] of [['silent-head', 'watch'], ['silent', 'watch'], ['silent-head', 'connection'], ['silent', 'connection']] as const) {
    const outcomes: string[][] = [];
    for (const plain of [true, false]) {
      const abort = new AbortController();
      const conn = watchConnection(plain, which === 'connection' ? { signal: abort.signal } : {});
      setTimeout(() => abort.abort(), 100);
      outcomes.push(await watch(name, conn, which === 'watch' ? abort.signal : undefined));
    }
    const ending = name === 'silent' ? ['open', 'Error  exit undefined fault false: aborted'] : ['AbortError  exit undefined fault false: The operation was aborted'];
    t.same(outcomes[0], ending, `${name}, the ${which}'s signal`);
    t.same(outcomes[0], outcomes[1], `${name}, the ${which}'s signal: as node:https`);
  }
  seen.length = 0;
  const aborted = AbortSignal.abort();
  const [plain, https] = [await watch('ended', watchConnection(true), aborted), await watch('ended', watchConnection(false), aborted)];
  t.same(plain, ['AbortError  exit undefined fault false: The operation was aborted']);
  t.same(plain, https);
  t.equal(seen.length, 0, 'nothing sent');
});

t.test('a consumer that stops reading closes the connection, which is not used again', async (t) => {
  seen.length = 0;
  const conn = watchConnection(true);
  for await (const e of watchStream<Named>(conn, '/w/stream', { resourceVersion: '1' })) if (e.type === 'ADDED' && e.object.metadata.name === 's2') break;
  t.same(await watch('ended', conn), ['open', 'ADDED e1', 'ADDED e2', 'end']);
  t.not(seen[1]!.socket, seen[0]!.socket, 'a new connection');
});

t.test("each watch sends the connection's credentials of the moment (a token file read again)", async (t) => {
  for (const plain of [true, false]) {
    seen.length = 0;
    let token = 0;
    const conn = watchConnection(plain, { httpsOptions: () => Promise.resolve({ ...OPTIONS, headers: { Authorization: `Bearer t${++token}` } }) });
    await watch('ended', conn);
    await watch('ended', conn);
    t.same(seen.map((s) => /Authorization: (.*)\r\n/.exec(s.request)?.[1]), ['Bearer t1', 'Bearer t2'], plain ? 'plain' : 'node:https');
  }
});

t.test('connections it does not serve go through node:https', async (t) => {
  const trace = { level: 6, write: () => {}, pid: 1, now: () => new Date() };
  const basic = { ...OPTIONS, auth: 'a:b' };
  for (const [name, extra] of [['traced', { trace }], ['basic', { httpsOptions: () => Promise.resolve(basic) }]] as const) {
    const before = agentAnswers;
    t.same(await watch('ended', watchConnection(true, extra)), ['open', 'ADDED e1', 'ADDED e2', 'end'], name);
    t.equal(agentAnswers, before + 1, `${name}: through node:https`);
  }
});
