// A request whose answer the caller does not read (the approver's approval PUT, and the GETs that keep its connections
// warm), written straight on a kept-alive TLS socket (tls-sockets.ts) rather than through node:https: in a storm its
// machinery (the agent's free list, the request and response objects, the parser, a write per part) was more of the
// leader's CPU than anything but the decode (issue 25, BENCHMARKS.md). The request line, headers and body go as one
// write, the bytes node:https would send; the answer is read by http1-answer.ts and handed to http.ts's handling as
// node:https's would be (Retry-After, a Status, an error).
//
// A write may have been applied before its answer was lost, so once anything is written there is no second try here:
// a cut connection, an answer it does not read, the deadline or the signal end the request with the error http.ts
// gives (a ConnectionError, a fault, or an AbortError), and the caller reads the CSR again before anything else.
// Only a request that is not written at all is left to http.ts (null): a connection it does not serve (credentials
// from a plugin, a proxy, a trace, basic auth) or headers it does not write as node:https would.
import type { OutgoingHttpHeaders } from 'node:http';
import type { RequestOptions } from 'node:https';
import { ConnectionError } from './api-error.js';
import type { Connection } from './connection.js';
import type { Answer } from './http1-answer.js';
import { connectionError, deadlineError } from './net-error.js';
import { abortError, endOnAbort } from './request-abort.js';
import { pathFor, USER_AGENT, type KubeRequest } from './request-url.js';
import { exchange } from './tls-sockets.js';

/** Headers that node:https writes itself or treats apart: a request whose options carry one is left to it. */
const OWN_HEADERS = new Set(['accept', 'user-agent', 'content-type', 'content-length', 'host', 'connection', 'transfer-encoding', 'expect', 'upgrade', 'trailer', 'te', 'keep-alive']);

/** The answer, read whole, or null: nothing was written, and http.ts sends it. */
export async function plainRequest(conn: Connection, req: KubeRequest): Promise<Answer | null> {
  const written = await plainBytes(conn, req);
  if (!written) return null;
  const { signal } = conn;
  if (signal?.aborted) throw abortError(signal);
  const unread = req.unread === true;
  const sent = exchange(conn.server, written.origin, written.options, written.bytes, (status) => !unread || status < 200 || status >= 300);
  const timeoutMs = conn.requestTimeoutMs;
  const timer = timeoutMs ? setTimeout(() => sent.cancel(deadlineError(conn.server, timeoutMs)), timeoutMs) : undefined;
  const forget = signal ? endOnAbort(signal, { destroy: (err) => sent.cancel(err!) }) : undefined;
  const { answer, error } = await sent.outcome;
  clearTimeout(timer);
  forget?.();
  if (error) throw error instanceof ConnectionError || error.name === 'AbortError' ? error : connectionError(conn.server, error);
  const { status } = answer;
  // As http.ts reads it: Retry-After only where its retries look at it.
  return status === 429 || status >= 500 ? answer : { status, retryAfter: undefined, text: answer.text };
}

/** What is written for the request and where: its bytes, the server and the TLS options; null when it is not served. */
export interface PlainBytes {
  origin: URL;
  options: RequestOptions;
  bytes: string;
}

/**
 * The bytes of the request, as node:https would write them from http.ts's options, or null: a connection this does not
 * serve (credentials from a plugin, a trace, a proxy, basic auth) or headers it does not write as node:https would.
 * Also the watch's GET (plain-watch.ts).
 */
export async function plainBytes(conn: Connection, req: KubeRequest): Promise<PlainBytes | null> {
  if (!conn.plainCredentials || conn.trace || conn.proxyUrl) return null;
  const origin = originOf(conn.server);
  if (!origin) return null;
  const options = await conn.httpsOptions();
  if (options.agent || options.auth) return null;
  const payload = req.body === undefined ? undefined : JSON.stringify(req.body);
  if ((payload === undefined) !== (req.method === 'GET' || req.method === 'DELETE')) return null;
  const head = requestHead(req.method, pathFor(conn, req), origin.host, req.accept ?? 'application/json', options, payload);
  if (head === undefined) return null;
  return { origin, options, bytes: payload === undefined ? head : head + payload };
}

/**
 * The request line and headers as node:https writes them from http.ts's options: the connection's headers in their
 * order (one line per value of a list), Accept, User-Agent, the body's type and length, Host, Connection. Undefined
 * where node:https would write them otherwise, or refuse them.
 */
function requestHead(method: string, path: string, host: string, accept: string, options: RequestOptions, payload: string | undefined): string | undefined {
  const own = ownHeaders(options);
  if (own === null) return undefined;
  const body = payload === undefined ? '' : `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(payload)}\r\n`;
  return `${method} ${path} HTTP/1.1\r\n${own}Accept: ${accept}\r\nUser-Agent: ${USER_AGENT}\r\n${body}Host: ${host}\r\nConnection: keep-alive\r\n\r\n`;
}

/** The lines of the options' own headers, made once per options object (connection.ts keeps one for a while). */
const ownLines = new WeakMap<RequestOptions, string | null>();

function ownHeaders(options: RequestOptions): string | null {
  let lines = ownLines.get(options);
  if (lines === undefined) {
    lines = headerLines(options.headers);
    ownLines.set(options, lines);
  }
  return lines;
}

function headerLines(headers: RequestOptions['headers']): string | null {
  if (Array.isArray(headers)) return null;
  let lines = '';
  const names = new Set<string>();
  for (const [name, value] of Object.entries((headers as OutgoingHttpHeaders | undefined) ?? {})) {
    const lower = name.toLowerCase();
    if (OWN_HEADERS.has(lower) || names.has(lower) || !/^[!#$%&'*+\-.^_`|~\w]+$/.test(name)) return null;
    names.add(lower);
    const values = [value ?? []].flat();
    if (values.length === 0) return null;
    for (const one of values) {
      // A value that would need escaping, or would split the request, is left to node:https, which refuses it.
      const text = String(one);
      if (/[^\x20-\x7e\t]/.test(text)) return null;
      lines += `${name}: ${text}\r\n`;
    }
  }
  return lines;
}

/** The server's URL, parsed once; null for one with user info (node:https sends it as basic auth). */
const origins = new Map<string, URL | null>();

function originOf(server: string): URL | null {
  let origin = origins.get(server);
  if (origin === undefined) {
    const url = new URL(server);
    origin = url.username || url.password ? null : url;
    origins.set(server, origin);
  }
  return origin;
}
