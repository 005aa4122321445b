// The URL of a request to the API server, its query written as client-go writes it. Apart from http.ts, which loads
// node:https: list's pages may go without it (plain-get.ts).
import type { Connection } from './connection.js';

export interface KubeRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** The Accept header, when not plain JSON (a metadata-only list). */
  accept?: string;
  /** The caller does not read a successful answer's body (the approver's approval PUT): it is not decoded. */
  unread?: boolean;
}

/** The User-Agent of every request. */
export const USER_AGENT = 'kubectl-csr';

export function urlFor(conn: Connection, req: KubeRequest): URL {
  const url = new URL(conn.server + req.path);
  url.search = goQuery(req.query ?? {});
  return url;
}

/** The server's own path (a proxy's prefix) that a request's path is appended to; null where it must be parsed. */
const prefixes = new Map<string, string | null>();

function prefixOf(server: string): string | null {
  let prefix = prefixes.get(server);
  if (prefix === undefined) {
    const url = new URL(server);
    const candidate = url.pathname === '/' ? '' : url.pathname;
    // As the URL parser joins them: a server written in some other way (a trailing slash, a query) is parsed each time.
    prefix = url.search === '' && url.hash === '' && new URL(`${server}/x`).pathname === `${candidate}/x` ? candidate : null;
    prefixes.set(server, prefix);
  }
  return prefix;
}

/**
 * urlFor(conn, req)'s path and query (`url.pathname + url.search`), without parsing a URL for each request: where the
 * request's path is one that the URL parser keeps as it is (no character it escapes, no dot segment, no backslash),
 * the server's path and it are joined as text; any other path is parsed.
 */
export function pathFor(conn: Connection, req: KubeRequest): string {
  const prefix = prefixOf(conn.server);
  if (prefix === null || !PLAIN_PATH.test(req.path) || /\/\.|\/%2e/i.test(req.path)) {
    const url = urlFor(conn, req);
    return url.pathname + url.search;
  }
  const query = req.query ? goQuery(req.query) : '';
  return prefix + req.path + (query === '' ? '' : `?${query}`);
}

/** A path of characters that the URL parser neither escapes nor reads as anything but themselves. */
const PLAIN_PATH = /^(?:\/[\w\-.~!$&'()*+,;=:@%]*)+$/;

/**
 * The query as Go's url.Values.Encode writes it, which is what client-go sends and kubectl -v=6 prints: keys sorted,
 * each part escaped as url.QueryEscape does (letters, digits and `-_.~` kept, a space as `+`, the rest `%XX`).
 */
export function goQuery(query: Record<string, string | number | boolean | undefined>): string {
  const keys = Object.keys(query).filter((k) => query[k] !== undefined);
  // The approval PUT's query is most often only an undefined dryRun: nothing to sort or escape.
  if (keys.length === 0) return '';
  // sort() without a function compares UTF-16 code units, as `<` does.
  return keys
    .sort()
    .map((k) => `${goQueryEscape(k)}=${goQueryEscape(String(query[k]))}`)
    .join('&');
}

function goQueryEscape(s: string): string {
  // encodeURIComponent keeps !'()* too, which Go escapes
  return encodeURIComponent(s)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}
