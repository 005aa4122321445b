// A bare HTTPS client for the e2e tests, independent of the code under test: what the server says, unfiltered.
import { request } from 'node:https';
import { readFileSync } from 'node:fs';
import yaml from 'js-yaml';

export interface Credentials {
  server: string;
  ca: Buffer;
  token?: string;
  cert?: string | Buffer;
  key?: string | Buffer;
}

export interface Response {
  status: number;
  body: any;
}

/** Credentials from one of the harness's token kubeconfigs. */
export function credentialsFrom(kubeconfigPath: string): Credentials {
  const config = yaml.load(readFileSync(kubeconfigPath, 'utf8')) as any;
  const cluster = config.clusters[0].cluster;
  const user = config.users[0].user;
  return {
    server: cluster.server,
    ca: Buffer.from(cluster['certificate-authority-data'], 'base64'),
    token: user.token,
    cert: user['client-certificate-data'] ? Buffer.from(user['client-certificate-data'], 'base64') : undefined,
    key: user['client-key-data'] ? Buffer.from(user['client-key-data'], 'base64') : undefined,
  };
}

/**
 * A call that has no whole answer after this fails with a line that says so. An idle timeout alone let a create call
 * of the storm bench hang for 12 minutes under load (429 of 2 000 created, the API server idle): it fires only on a
 * socket that goes quiet, and a call can stall without its socket ever being idle long enough, or be left with no
 * event to settle it.
 */
export const API_DEADLINE_MS = 60_000;

/** `headers`: extra request headers, e.g. Impersonate-User to act as a node. */
export function api(creds: Credentials, method: string, path: string, body?: unknown, headers: Record<string, string | string[]> = {}, deadlineMs = API_DEADLINE_MS): Promise<Response> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    // Settled once, by the answer, an error, or the deadline: whichever comes first.
    let timer: NodeJS.Timeout | undefined;
    const settle = (err: Error | null, response?: Response) => {
      if (timer === undefined) return;
      clearTimeout(timer);
      timer = undefined;
      if (err) {
        req.destroy();
        reject(err);
      } else resolve(response!);
    };
    const req = request(
      new URL(path, creds.server),
      {
        method,
        ca: creds.ca,
        cert: creds.cert,
        key: creds.key,
        headers: {
          Accept: 'application/json',
          ...(creds.token ? { Authorization: `Bearer ${creds.token}` } : {}),
          ...(payload ? { 'Content-Type': 'application/json' } : {}),
          ...headers,
        },
        timeout: 15000,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('error', (err) => settle(new Error(`${method} ${path}: ${err.message}`)));
        res.on('close', () => {
          if (!res.complete) settle(new Error(`${method} ${path}: the answer was cut short (${res.statusCode}, ${text.length} characters read)`));
        });
        res.on('end', () => {
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // not JSON; keep the text
          }
          settle(null, { status: res.statusCode ?? 0, body: parsed });
        });
      },
    );
    timer = setTimeout(() => settle(new Error(`${method} ${path}: no whole answer within ${deadlineMs / 1000} s`)), deadlineMs);
    req.on('timeout', () => settle(new Error(`${method} ${path}: timeout`)));
    req.on('error', (err) => settle(err));
    req.end(payload);
  });
}

/** Polls until fn returns a value, or fails after timeoutMs. */
export async function eventually<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 30000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await fn();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out after ${timeoutMs}ms waiting for ${what}`);
}
