// A GET of one JSON document straight over a TLS socket, for the pages of `list` (issue 26): node:https and its HTTP
// machinery cost a bare Node.js script 18 M of the 161 M instructions of one such GET (callgrind, main thread), more
// than any other part of `list --signer none` that was left. Only the plain case is read here: an answer framed by
// Content-Length or chunked, to a user whose credentials are files and flags, without a proxy, a deadline or a trace.
// Anything else (a refused connection, a certificate that does not verify, a body cut short, a framing it does not
// read) answers undefined, and the caller asks again through http.ts, which reports it in kubectl's words and retries
// as client-go does: the same outcome, one request later. An answer read whole that is not a 2xx (a 403, a 429) is
// handed to http.ts as its first attempt (kubeText's `answered`), not asked for again: one GET in the audit log.
import type { RequestOptions } from 'node:https';
import type { Connection } from './connection.js';
import type { Answer } from './http1-answer.js';
import { endOnAbort } from './request-abort.js';
import { urlFor, USER_AGENT, type KubeRequest } from './request-url.js';
import { exchange } from './tls-sockets.js';

/** Whether plainGet() may serve this connection at all. */
export function plainGetServes(conn: Connection): boolean {
  return conn.plainCredentials === true && !conn.trace && conn.requestTimeoutMs === null && !conn.requests && !conn.proxyUrl;
}

/** The answer to the GET, read whole, or undefined: ask again through http.ts. */
export async function plainGet(conn: Connection, req: KubeRequest & { method: 'GET' }): Promise<Answer | undefined> {
  if (!plainGetServes(conn) || conn.signal?.aborted) return undefined;
  const options = await conn.httpsOptions();
  if (options.agent) return undefined;
  const url = urlFor(conn, req);
  const head = requestHead(url, options, req.accept ?? 'application/json');
  if (head === undefined) return undefined;
  const sent = exchange(conn.server, url, options, head, () => true);
  const forget = conn.signal ? endOnAbort(conn.signal, { destroy: (err) => sent.cancel(err!) }) : undefined;
  const { answer } = await sent.outcome;
  forget?.();
  return answer;
}

/** The request line and headers, as node:https would send them; undefined for options it does not know. */
function requestHead(url: URL, options: RequestOptions, accept: string): string | undefined {
  const headers: [string, string][] = [['Host', url.host]];
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    for (const one of [value ?? []].flat()) headers.push([name, String(one)]);
  }
  if (options.auth) headers.push(['Authorization', `Basic ${Buffer.from(options.auth).toString('base64')}`]);
  headers.push(['Accept', accept], ['User-Agent', USER_AGENT]);
  // A header that would need escaping, or would split the request, is left to node:https, which refuses it.
  if (headers.some(([name, value]) => /[^\x21-\x7e]/.test(name) || /[^\x20-\x7e\t]/.test(value))) return undefined;
  return `GET ${url.pathname}${url.search} HTTP/1.1\r\n${headers.map(([n, v]) => `${n}: ${v}\r\n`).join('')}\r\n`;
}
