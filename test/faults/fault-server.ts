// A small local HTTPS server that injects the faults a real API server will not produce on demand: scripted
// status codes, Retry-After, a slow answer, a watch stream cut in the middle. Behaviour tests stay on the real
// control plane; this serves faults only. It speaks HTTP/2 and HTTP/1.1 as kube-apiserver does, so that a watcher's
// requests, which go over HTTP/2 (src/kube/http2-session.ts), meet the faults there; its handlers get node:http2's
// compatibility objects then, which have what they use of IncomingMessage and ServerResponse (`res.socket.destroy()`
// ends the whole HTTP/2 connection, as a server going away does).
import { execFileSync } from 'node:child_process';
import { createSecureServer } from 'node:http2';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type Handler = (req: IncomingMessage, res: ServerResponse, call: number) => void;

export interface FaultServer {
  url: string;
  caPem: string;
  /** Every request seen, as "METHOD path?query". */
  calls: string[];
  /** Route: the first handler whose pattern matches "METHOD path?query" answers; `call` counts per route. */
  on(pattern: RegExp, handler: Handler): void;
  close(): Promise<void>;
  /** A kubeconfig for this server, trusting `caPem` (or another CA, to test verification). */
  kubeconfig(dir: string, caPem?: string): string;
}

export function selfSignedCert(cn: string): { cert: string; key: string } {
  const dir = mkdtempSync(join(tmpdir(), 'kubectl-csr-fault-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1',
    '-subj', `/CN=${cn}`, '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem')], { stdio: 'ignore' });
  return { cert: readFileSync(join(dir, 'c.pem'), 'utf8'), key: readFileSync(join(dir, 'k.pem'), 'utf8') };
}

export async function startFaultServer(): Promise<FaultServer> {
  const { cert, key } = selfSignedCert('fault-server');
  const routes: { pattern: RegExp; handler: Handler; calls: number }[] = [];
  const calls: string[] = [];
  const sockets = new Set<Socket>();
  const server = createSecureServer({ cert, key, allowHTTP1: true }, (h2req, h2res) => {
    const req = h2req as unknown as IncomingMessage;
    const res = h2res as unknown as ServerResponse;
    const line = `${req.method} ${req.url}`;
    calls.push(line);
    const route = routes.find((r) => r.pattern.test(line));
    if (!route) {
      status(res, 404, 'NotFound', `no fault scripted for ${line}`);
      return;
    }
    route.handler(req, res, route.calls++);
  });
  server.on('secureConnection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const url = `https://127.0.0.1:${port}`;
  return {
    url,
    caPem: cert,
    calls,
    on: (pattern, handler) => routes.push({ pattern, handler, calls: 0 }),
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
    kubeconfig: (dir, caPem = cert) => {
      const path = join(dir, `fault-${Math.random().toString(36).slice(2)}.kubeconfig`);
      writeFileSync(
        path,
        `apiVersion: v1
kind: Config
clusters: [{name: fault, cluster: {server: "${url}", certificate-authority-data: ${Buffer.from(caPem).toString('base64')}}}]
users: [{name: fault, user: {token: fault-token}}]
contexts: [{name: fault, context: {cluster: fault, user: fault}}]
current-context: fault
`,
      );
      return path;
    },
  };
}

/** A metav1.Status, as the API server sends with an error code. */
export function status(res: ServerResponse, code: number, reason: string, message: string, headers: Record<string, string> = {}): void {
  res.writeHead(code, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code }));
}

export function json(res: ServerResponse, body: unknown, code = 200): void {
  res.writeHead(code, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}
