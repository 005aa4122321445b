// A certificate for a local TLS server on 127.0.0.1 and a Connection to it, for the tests of list's pages
// (plain-get.test.ts, csr-client-pages.test.ts).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { RequestOptions } from 'node:https';
import path from 'node:path';
import type { Connection } from '../../src/kube/connection.js';

/** A self-signed P-256 certificate for IP 127.0.0.1, made in dir. */
export function localCertificate(dir: string): { cert: Buffer; key: Buffer } {
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', path.join(dir, 'k'), '-out', path.join(dir, 'c'), '-days', '1', '-subj', '/CN=server', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'pipe' });
  return { cert: readFileSync(path.join(dir, 'c')), key: readFileSync(path.join(dir, 'k')) };
}

/** A user whose credentials are files and flags, on the server at 127.0.0.1:port, with these TLS options. */
export function localConnection(port: number, options: RequestOptions): Connection {
  return {
    server: `https://127.0.0.1:${port}`,
    contextName: null,
    clusterName: null,
    userName: null,
    namespace: 'default',
    requestTimeoutMs: null,
    plainCredentials: true,
    httpsOptions: () => Promise.resolve(options),
    caData: null,
    insecureSkipTlsVerify: false,
    clientCertificate: null,
  };
}
