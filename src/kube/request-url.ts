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
}

/** The User-Agent of every request. */
export const USER_AGENT = 'kubectl-csr';

export function urlFor(conn: Connection, req: KubeRequest): URL {
  const url = new URL(conn.server + req.path);
  url.search = goQuery(req.query ?? {});
  return url;
}

/**
 * The query as Go's url.Values.Encode writes it, which is what client-go sends and kubectl -v=6 prints: keys sorted,
 * each part escaped as url.QueryEscape does (letters, digits and `-_.~` kept, a space as `+`, the rest `%XX`).
 */
export function goQuery(query: Record<string, string | number | boolean | undefined>): string {
  return Object.entries(query)
    .filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${goQueryEscape(k)}=${goQueryEscape(String(v))}`)
    .join('&');
}

function goQueryEscape(s: string): string {
  // encodeURIComponent keeps !'()* too, which Go escapes
  return encodeURIComponent(s)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}
