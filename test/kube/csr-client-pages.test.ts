// list's pages read ahead (src/kube/csr-client.ts pages({ readAhead: true })) from a real local HTTPS server that
// serves a list of three pages: every CSR once and in order, each page asked for once, the next page asked for from
// the continue token in a page's first bytes, and a server that writes its metadata after the items still read whole.
import t from 'tap';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Connection } from '../../src/kube/connection.js';
import { CsrClient } from '../../src/kube/csr-client.js';
import { tempDir } from './fixture.js';

const dir = tempDir(t);
execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', path.join(dir, 'k'), '-out', path.join(dir, 'c'), '-days', '1', '-subj', '/CN=server', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'pipe' });
const cert = readFileSync(path.join(dir, 'c'));

const TOKENS = ['', 'c2Vjb25k', 'dGhpcmQ='];
const asked: string[] = [];
let metadataLast = false;

const server = https.createServer({ cert, key: readFileSync(path.join(dir, 'k')) }, (req, res) => {
  const token = new URL(req.url!, 'https://x').searchParams.get('continue') ?? '';
  asked.push(token);
  const at = TOKENS.indexOf(token);
  const items = [0, 1].map((i) => ({ metadata: { name: `csr-${at}-${i}` }, spec: { signerName: 's', request: '' } }));
  const metadata = { resourceVersion: '9', ...(TOKENS[at + 1] ? { continue: TOKENS[at + 1] } : {}) };
  const body = metadataLast ? { kind: 'CertificateSigningRequestList', items, metadata } : { kind: 'CertificateSigningRequestList', apiVersion: 'certificates.k8s.io/v1', metadata, items };
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
t.teardown(() => {
  server.closeAllConnections();
  server.close();
});

const conn: Connection = {
  server: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
  contextName: null,
  clusterName: null,
  userName: null,
  namespace: 'default',
  requestTimeoutMs: null,
  plainCredentials: true,
  httpsOptions: () => Promise.resolve({ ca: cert, rejectUnauthorized: true, headers: {} }),
  caData: null,
  insecureSkipTlsVerify: false,
  clientCertificate: null,
};

async function read(): Promise<{ names: string[]; more: boolean[] }> {
  const names: string[] = [];
  const more: boolean[] = [];
  for await (const page of new CsrClient(conn).pages({ readAhead: true })) {
    names.push(...page.items.map((c) => c.metadata.name!));
    more.push(page.more);
  }
  return { names, more };
}

const ALL = ['csr-0-0', 'csr-0-1', 'csr-1-0', 'csr-1-1', 'csr-2-0', 'csr-2-1'];

t.test('three pages, the next asked for from the token in the first bytes: each page once, every CSR in order', async (t) => {
  asked.length = 0;
  t.same(await read(), { names: ALL, more: [true, true, false] });
  t.same(asked, TOKENS);
});

t.test('metadata written after the items: the token read from the parsed page, each page once', async (t) => {
  asked.length = 0;
  metadataLast = true;
  t.teardown(() => (metadataLast = false));
  t.same(await read(), { names: ALL, more: [true, true, false] });
  t.same(asked, TOKENS);
});
