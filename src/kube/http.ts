// One JSON request to the API server over node:https, with the connection's credentials, --request-timeout, and
// client-go's bounded retries (k8s.io/client-go/rest/request.go, with_retry.go): a 429 or 5xx with Retry-After is
// sent again after the wait it asks for, and a GET whose connection was reset or closed early is sent again.
import { request as httpsRequest, type RequestOptions } from 'node:https';
import type { IncomingMessage } from 'node:http';
import { urlToHttpOptions } from 'node:url';
import { sleep } from '../util/sleep.js';
import { apiErrorFrom, ConnectionError, NotReadyError, reasonForCode, UnauthorizedError, type ApiError } from './api-error.js';
import type { Connection } from './connection.js';
import { kubeAgent } from './kube-agent.js';
import { h2Request, retire } from './http2-session.js';
import type { Answer } from './http1-answer.js';
import { connectionError, deadlineError } from './net-error.js';
import { plainRequest } from './plain-request.js';
import { abortError, abortOnSignal } from './request-abort.js';
import { traceRequest, traceResponse, traceResponseBody } from './request-trace.js';
import { pathFor, urlFor, USER_AGENT, type KubeRequest } from './request-url.js';

export { goQuery, urlFor, type KubeRequest } from './request-url.js';
export { connectionError, describeNetError } from './net-error.js';
export type { Answer } from './http1-answer.js';

const MAX_RETRIES = 3;
const MAX_RETRY_AFTER_SECONDS = 10;
/** Before each retry of a GET whose connection was reset: a server restarting is back within seconds or not soon. */
const RESET_RETRY_MS = [250, 500, 1000];

export async function kubeJson<T>(conn: Connection, req: KubeRequest): Promise<T> {
  return JSON.parse(await kubeText(conn, req)) as T;
}

/**
 * The body of a successful response as text, for a caller that looks at it before parsing it (a list's pages).
 * `answered`: the first attempt's answer, read by the caller (plain-get.ts), handled as if this had sent it.
 */
export async function kubeText(conn: Connection, req: KubeRequest, answered?: Answer): Promise<string> {
  if (conn.requests) conn.requests.inFlight++;
  try {
    return await withRetries(conn, req, answered);
  } finally {
    if (conn.requests) conn.requests.inFlight--;
  }
}

async function withRetries(conn: Connection, req: KubeRequest, answered?: Answer): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    let res: Answer;
    let text: string;
    try {
      res = attempt === 0 && answered ? answered : await exchange(conn, req);
      text = res.text;
    } catch (err) {
      // client-go retries only a GET here: a write may have been applied before the connection went.
      if (req.method !== 'GET' || attempt >= MAX_RETRIES || !(err instanceof ConnectionError) || err.kind !== 'connection reset') throw err;
      await sleep(RESET_RETRY_MS[attempt]!, conn.signal);
      continue;
    }
    const status = res.status;
    if (status >= 200 && status < 300) return text;
    const retryAfter = Number(res.retryAfter);
    if ((status === 429 || status >= 500) && res.retryAfter !== undefined && Number.isFinite(retryAfter) && attempt < MAX_RETRIES) {
      await sleep(Math.min(Math.max(retryAfter, 0), MAX_RETRY_AFTER_SECONDS) * 1000, conn.signal);
      continue;
    }
    throw await explained(apiErrorFrom(status, parseMaybe(text)), conn);
  }
}

/**
 * A 403 from a server that is not ready is a fault (its authorizer may not have loaded RBAC yet); a 401 with a client
 * certificate out of its validity says so (loaded only then).
 */
async function explained(err: ApiError, conn: Connection): Promise<ApiError | NotReadyError> {
  if (err.status === 403) return (await notReady(conn, err)) ?? err;
  if (!(err instanceof UnauthorizedError) || !conn.clientCertificate) return err;
  const { explainUnauthorized } = await import('./unauthorized-explanation.js');
  return explainUnauthorized(err, conn);
}

/**
 * Asks /readyz after a 403. A 403 counts as the server's answer only when /readyz says ok (or does not exist): while
 * kube-apiserver loads RBAC after a start it answers 403 to everything, /readyz included, for any user that RBAC
 * lets in (seen on v1.36.3: 403, then 500 with the hooks still to run, then 200). A cluster that forbids /readyz to
 * this user makes every 403 a fault: nothing is decided then, and the error says why.
 */
async function notReady(conn: Connection, forbidden: ApiError): Promise<NotReadyError | null> {
  try {
    const { status, text } = await exchange(conn, { method: 'GET', path: '/readyz' });
    if (status === 200 || status === 404) return null;
    const failed = text.split('\n').filter((l) => l.startsWith('[-]')).map((l) => l.slice(3).replace(/ failed: reason withheld$/, ''));
    const why = status === 401 || status === 403 ? `${status} ${reasonForCode(status)} too` : `${status}${failed.length ? `, ${failed.join(', ')} failed` : ''}`;
    return new NotReadyError(forbidden, why);
  } catch (err) {
    if (err instanceof ConnectionError) return new NotReadyError(forbidden, err.message);
    throw err;
  }
}


/** One request and its whole answer: over HTTP/2 where the connection asks for it and the server speaks it. */
async function exchange(conn: Connection, req: KubeRequest): Promise<Answer> {
  const answer = conn.http2 && conn.plainCredentials && !conn.trace ? await sendH2(conn, req) : null;
  if (answer) return answer;
  // An answer the caller does not read (the approver's approval PUT) goes straight on a kept TLS socket where it can.
  const plain = req.unread ? await plainRequest(conn, req) : null;
  if (plain) return plain;
  const res = await send(conn, req);
  const text = await readBody(res, conn.server, req.unread === true && !conn.trace);
  if (conn.trace) traceResponseBody(conn.trace, text);
  const status = res.statusCode ?? 0;
  // Read only where withRetries() looks at it: `res.headers` is built from the raw headers on its first use.
  const retryAfter = status === 429 || status >= 500 ? res.headers['retry-after'] : undefined;
  return { status, retryAfter, text };
}

/**
 * send() over http2-session.ts: the same headers, deadline and signal; null when the server takes HTTP/1.1. A request
 * that times out retires its connection (a dead one would otherwise take every later request).
 */
async function sendH2(conn: Connection, req: KubeRequest): Promise<Answer | null> {
  const url = urlFor(conn, req);
  const base = await conn.httpsOptions();
  const payload = req.body === undefined ? undefined : JSON.stringify(req.body);
  const headers: Record<string, string | string[] | number> = {
    ...(base.headers as Record<string, string | string[]>),
    accept: req.accept ?? 'application/json',
    'user-agent': USER_AGENT,
    ...(payload !== undefined ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
  };
  const timeoutMs = conn.requestTimeoutMs;
  let timer: NodeJS.Timeout | undefined;
  let stream: { destroy(err?: Error): unknown } | undefined;
  const deadline = new Promise<never>((_, reject) => {
    if (!timeoutMs) return;
    timer = setTimeout(() => {
      retire(conn.server);
      const err = deadlineError(conn.server, timeoutMs);
      stream?.destroy(err);
      reject(err);
    }, timeoutMs);
  });
  deadline.catch(() => undefined);
  try {
    if (conn.signal?.aborted) throw abortError(conn.signal);
    const sent = await Promise.race([h2Request(conn.server, base, req.method, url.pathname + url.search, headers, payload), deadline]);
    if (sent === null) return null;
    stream = sent.stream;
    if (conn.signal) abortOnSignal(conn.signal, sent.stream);
    const answer = await Promise.race([sent.answer, deadline]);
    return { status: answer.status, retryAfter: headerText(answer.headers['retry-after']), text: answer.text };
  } catch (err) {
    throw err instanceof ConnectionError || (err as Error).name === 'AbortError' ? err : connectionError(conn.server, err as Error);
  } finally {
    clearTimeout(timer);
  }
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Opens a streaming GET (watch); the caller reads newline-delimited JSON events from the response. */
export async function kubeStream(conn: Connection, req: KubeRequest, signal?: AbortSignal): Promise<IncomingMessage> {
  const res = await send(conn, req, { stream: true, signal });
  const status = res.statusCode ?? 0;
  if (status >= 200 && status < 300) return res;
  throw await streamError(conn, status, await readBody(res, conn.server));
}

/** What a streaming GET's answer that is not a 2xx is thrown as, however it was read (plain-watch.ts). */
export function streamError(conn: Connection, status: number, text: string): Promise<Error> {
  return explained(apiErrorFrom(status, parseMaybe(text)), conn);
}

async function send(
  conn: Connection,
  req: KubeRequest,
  opts: { stream?: boolean; signal?: AbortSignal } = {},
): Promise<IncomingMessage> {
  const base = await conn.httpsOptions();
  const payload = req.body === undefined ? undefined : JSON.stringify(req.body);
  const headers: Record<string, string | number> = {
    ...(base.headers as Record<string, string>),
    Accept: req.accept ?? 'application/json',
    'User-Agent': USER_AGENT,
    ...(payload !== undefined ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) } : {}),
  };
  const timeoutMs = opts.stream ? null : conn.requestTimeoutMs;
  const { trace } = conn;
  const started = trace ? performance.now() : 0;
  if (trace) traceRequest(trace, req.method, urlFor(conn, req), headers, payload);
  // A stream (a watch) may have a signal of its own; any other request ends with the connection's (abortOnSignal).
  const signal = opts.signal ? (conn.signal ? AbortSignal.any([opts.signal, conn.signal]) : opts.signal) : undefined;
  return new Promise((resolve, reject) => {
    let response: IncomingMessage | undefined;
    let timer: NodeJS.Timeout | undefined;
    // Only https: connection.ts refuses any other scheme before a request is made.
    // A proxy's agent (client-node's, for proxy-url) is the connection's own; every other request goes through ours.
    // The options node:https would make of urlFor(conn, req) (urlToHttpOptions), the server's parsed once.
    const options = { ...originOf(conn.server), path: pathFor(conn, req), ...base, agent: base.agent ?? kubeAgent(), method: req.method, headers, signal };
    const r = httpsRequest(options, (res) => {
      response = res;
      if (trace) traceResponse(trace, req.method, urlFor(conn, req), res, performance.now() - started);
      res.once('close', () => clearTimeout(timer));
      resolve(res);
    });
    // --request-timeout is a deadline for the whole request, as Go's http.Client.Timeout is, not an idle timer: a
    // socket's idle timeout did not fire for approvals sent over reused keep-alive sockets while etcd was stopped.
    // Armed once the request is made: a header that node:https refuses throws above, and left no timer behind.
    if (timeoutMs) {
      timer = setTimeout(() => {
        const err = deadlineError(conn.server, timeoutMs);
        if (response) response.destroy(err);
        else r.destroy(err);
      }, timeoutMs);
    }
    if (!signal && conn.signal) abortOnSignal(conn.signal, r);
    r.on('error', (err) => {
      clearTimeout(timer);
      reject(err instanceof ConnectionError || err.name === 'AbortError' ? err : connectionError(conn.server, err));
    });
    r.end(payload);
  });
}

const origins = new Map<string, RequestOptions>();

/** The options of the server's URL that node:https reads (scheme, host, port, user info), parsed once per server. */
function originOf(server: string): RequestOptions {
  let origin = origins.get(server);
  if (!origin) {
    const { protocol, hostname, port, auth } = urlToHttpOptions(new URL(server));
    origin = { protocol, hostname, ...(port !== undefined ? { port } : {}), ...(auth !== undefined ? { auth } : {}) };
    origins.set(server, origin);
  }
  return origin;
}

/**
 * The body as text ('' for a 2xx that the caller leaves `unread`). Its listeners let go of the chunks and of the promise once it is settled: Node's https agent keeps
 * the first request of each socket, with its response and that response's listeners, for as long as the socket lives
 * (the closure of its TLS session listener), and through them a whole page of a list, its chunks and its text.
 * Each chunk is decoded as it arrives (the stream's decoder keeps a character split between two chunks whole), so its
 * Buffer is garbage at once rather than held to the end and copied whole by Buffer.concat: a page of 500 CSRs is a
 * megabyte of both (bulk approval of 10 000: peak RSS −2 MiB, BENCHMARKS.md "Bulk approval memory").
 */
function readBody(res: IncomingMessage, server: string, unread = false): Promise<string> {
  const reading: { chunks: string[]; settle?: (err: Error | null, text?: string) => void } = { chunks: [] };
  const body = new Promise<string>((resolve, reject) => (reading.settle = (err, text) => (err ? reject(err) : resolve(text!))));
  const settle = (err: Error | null, text?: string) => {
    const done = reading.settle;
    reading.chunks = [];
    reading.settle = undefined;
    done?.(err, text);
  };
  const status = res.statusCode ?? 0;
  if (unread && status >= 200 && status < 300) {
    // Read to its end, as the connection is kept for the next request, and not decoded: the caller has no use for it.
    res.resume();
  } else {
    res.setEncoding('utf8');
    res.on('data', (c: string) => reading.chunks.push(c));
  }
  res.on('end', () => settle(null, reading.chunks.join('')));
  res.on('error', (err) => settle(err instanceof ConnectionError || err.name === 'AbortError' ? err : connectionError(server, err)));
  return body;
}

function parseMaybe(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
