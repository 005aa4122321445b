// One JSON request to the API server over node:https, with the connection's credentials, --request-timeout, and
// bounded retries where the server asks for them (429 and 503 with Retry-After, as client-go does).
import { request as httpsRequest } from 'node:https';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { ExitCode } from '../errors.js';
import { apiErrorFrom, ConnectionError, UnauthorizedError, type ApiError } from './api-error.js';
import type { Connection } from './connection.js';

export interface KubeRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** The Accept header, when not plain JSON (a metadata-only list). */
  accept?: string;
}

const MAX_RETRIES = 3;
const MAX_RETRY_AFTER_SECONDS = 10;
const USER_AGENT = 'kubectl-csr';

export async function kubeJson<T>(conn: Connection, req: KubeRequest): Promise<T> {
  return JSON.parse(await kubeText(conn, req)) as T;
}

/** The body of a successful response as text, for a caller that looks at it before parsing it (a list's pages). */
export async function kubeText(conn: Connection, req: KubeRequest): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    const res = await send(conn, req);
    const text = await readBody(res);
    const status = res.statusCode ?? 0;
    if (status >= 200 && status < 300) return text;
    const retryAfter = Number(res.headers['retry-after']);
    if ((status === 429 || status === 503) && Number.isFinite(retryAfter) && attempt < MAX_RETRIES) {
      await sleep(Math.min(Math.max(retryAfter, 0), MAX_RETRY_AFTER_SECONDS) * 1000);
      continue;
    }
    throw await explained(apiErrorFrom(status, parseMaybe(text)), conn);
  }
}

/** A 401 with a client certificate out of its validity says so (loaded only then). */
async function explained(err: ApiError, conn: Connection): Promise<ApiError> {
  if (!(err instanceof UnauthorizedError) || !conn.clientCertificate) return err;
  const { explainUnauthorized } = await import('./unauthorized-explanation.js');
  return explainUnauthorized(err, conn);
}

/** Opens a streaming GET (watch); the caller reads newline-delimited JSON events from the response. */
export async function kubeStream(conn: Connection, req: KubeRequest, signal?: AbortSignal): Promise<IncomingMessage> {
  const res = await send(conn, req, { stream: true, signal });
  const status = res.statusCode ?? 0;
  if (status >= 200 && status < 300) return res;
  throw await explained(apiErrorFrom(status, parseMaybe(await readBody(res))), conn);
}

export function urlFor(conn: Connection, req: KubeRequest): URL {
  const url = new URL(conn.server + req.path);
  for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
  return url;
}

async function send(
  conn: Connection,
  req: KubeRequest,
  opts: { stream?: boolean; signal?: AbortSignal } = {},
): Promise<IncomingMessage> {
  const url = urlFor(conn, req);
  const base = await conn.httpsOptions();
  const payload = req.body === undefined ? undefined : JSON.stringify(req.body);
  const headers: Record<string, string | number> = {
    ...(base.headers as Record<string, string>),
    Accept: req.accept ?? 'application/json',
    'User-Agent': USER_AGENT,
    ...(payload !== undefined ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) } : {}),
  };
  const timeoutMs = opts.stream ? null : conn.requestTimeoutMs;
  const doRequest = url.protocol === 'http:' ? httpRequest : httpsRequest;
  return new Promise((resolve, reject) => {
    const r = doRequest(url, { ...base, method: req.method, headers, signal: opts.signal }, resolve);
    if (timeoutMs) {
      r.setTimeout(timeoutMs, () =>
        r.destroy(
          new ConnectionError(
            `Unable to connect to the server ${conn.server}: context deadline exceeded (--request-timeout=${timeoutMs / 1000}s)`,
            ExitCode.timeout,
          ),
        ),
      );
    }
    r.on('error', (err) => reject(err instanceof ConnectionError || err.name === 'AbortError' ? err : new ConnectionError(describeNetError(conn.server, err))));
    r.end(payload);
  });
}

function readBody(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', (err) => reject(new ConnectionError(`Unable to connect to the server: ${err.message}`)));
  });
}

function parseMaybe(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Node's TLS and socket errors in kubectl's words, naming the server. */
export function describeNetError(server: string, err: Error): string {
  const code = (err as NodeJS.ErrnoException).code ?? '';
  const host = new URL(server).host;
  if (code === 'ECONNREFUSED') return `The connection to the server ${host} was refused - did you specify the right host or port?`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `Unable to connect to the server ${server}: no such host`;
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code)) {
    return `Unable to connect to the server ${server}: tls: failed to verify certificate: ${err.message} (check the cluster's certificate-authority)`;
  }
  return `Unable to connect to the server ${server}: ${err.message}`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
