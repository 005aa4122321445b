// connect() against a real local HTTPS server with a self-signed certificate made by openssl.
import t from 'tap';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { TLSSocket } from 'node:tls';
import { connect, type Connection } from '../../src/kube/connection.js';
import { flags, singleConfig, tempDir, write } from './fixture.js';

interface Seen {
  url: string;
  headers: IncomingHttpHeaders;
  groups: string[] | undefined;
  peer: { CN?: string | string[]; O?: string | string[] } | null;
}

const dir = tempDir(t);
/** A self-signed P-256 certificate; returns the paths of the PEM certificate and key. */
function selfSigned(name: string, subject: string, san?: string): { cert: string; key: string } {
  const cert = path.join(dir, `${name}.crt`);
  const key = path.join(dir, `${name}.key`);
  const args = ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  args.push('-keyout', key, '-out', cert, '-days', '1', '-subj', subject);
  if (san) args.push('-addext', `subjectAltName=${san}`);
  execFileSync('openssl', args, { stdio: 'pipe' });
  return { cert, key };
}

const serverPki = selfSigned('server', '/CN=kube-apiserver', 'IP:127.0.0.1');
selfSigned('client', '/O=dev/CN=jane'); // client.crt and client.key, named by the kubeconfigs below
const seen: Seen[] = [];
const server = https.createServer(
  // Ask for a client certificate but accept any, so that the test can see which one arrived.
  {
    cert: readFileSync(serverPki.cert),
    key: readFileSync(serverPki.key),
    requestCert: true,
    rejectUnauthorized: false,
  },
  (req, res) => {
    const peer = (req.socket as TLSSocket).getPeerCertificate();
    seen.push({
      url: req.url ?? '',
      headers: req.headers,
      groups: req.headersDistinct['impersonate-group'],
      peer: peer && peer.subject ? { CN: peer.subject.CN, O: peer.subject.O } : null,
    });
    res.setHeader('content-type', 'application/json');
    res.end('{"kind":"APIVersions"}');
  },
);
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
t.teardown(() => {
  server.closeAllConnections();
  server.close();
});
const serverUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
// The CA is referenced relative to the kubeconfig, as kubeadm and kind write it.
const kubeconfig = write(
  dir,
  'config',
  singleConfig('local', { server: serverUrl, 'certificate-authority': 'server.crt' }, { token: 'tls-token' }),
);

/** GET over node:https with the connection's options, as the CSR client does. */
async function get(conn: Connection, urlPath: string): Promise<{ status: number; body: string }> {
  const options = await conn.httpsOptions();
  return new Promise((resolve, reject) => {
    const req = https.request(new URL(conn.server + urlPath), { ...options, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

t.beforeEach(() => {
  seen.length = 0;
});

t.test('with the CA: the handshake succeeds and the headers arrive', async (t) => {
  const conn = await connect(
    flags({ as: 'jane', asGroups: ['g1', 'g2'], asUid: 'u-1' }),
    { KUBECONFIG: kubeconfig },
    dir,
  );
  t.strictSame(await get(conn, '/apis'), { status: 200, body: '{"kind":"APIVersions"}' });
  t.equal(seen.length, 1);
  t.equal(seen[0]!.url, '/apis');
  t.equal(seen[0]!.headers.authorization, 'Bearer tls-token');
  t.equal(seen[0]!.headers['impersonate-user'], 'jane');
  t.strictSame(seen[0]!.groups, ['g1', 'g2']);
  t.equal(seen[0]!.headers['impersonate-uid'], 'u-1');
  t.equal(seen[0]!.peer, null); // no client certificate configured
});

t.test('without the CA the handshake fails: verification is not skipped', async (t) => {
  const conn = await connect(flags({ server: serverUrl, token: 'x' }), {}, dir);
  await t.rejects(get(conn, '/apis'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
  t.equal(seen.length, 0);
});

t.test('--tls-server-name is the name the certificate is checked against', async (t) => {
  const conn = await connect(flags({ tlsServerName: 'wrong.example' }), { KUBECONFIG: kubeconfig }, dir);
  await t.rejects(get(conn, '/apis'), { code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
  t.equal(seen.length, 0);
});

t.test('--insecure-skip-tls-verify connects without a CA', async (t) => {
  const conn = await connect(flags({ server: serverUrl, insecureSkipTlsVerify: true }), {}, dir);
  t.equal((await get(conn, '/version')).status, 200);
  t.equal(seen[0]!.headers.authorization, undefined);
});

t.test('a client certificate from the kubeconfig is presented', async (t) => {
  const file = write(
    dir,
    'config-cert',
    singleConfig(
      'local',
      { server: serverUrl, 'certificate-authority-data': readFileSync(serverPki.cert).toString('base64') },
      { 'client-certificate': 'client.crt', 'client-key': 'client.key' },
    ),
  );
  const conn = await connect(flags(), { KUBECONFIG: file }, dir);
  t.equal((await get(conn, '/api')).status, 200);
  t.strictSame(seen[0]!.peer, { CN: 'jane', O: 'dev' });
  t.equal(seen[0]!.headers.authorization, undefined);
});

t.test("an exec plugin's token arrives", async (t) => {
  write(
    dir,
    'exec-plugin.sh',
    '#!/bin/sh\necho \'{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"exec-token-123"}}\'\n',
    0o755,
  );
  const user = { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: './exec-plugin.sh' } };
  const file = write(
    dir,
    'config-exec',
    singleConfig('local', { server: serverUrl, 'certificate-authority': 'server.crt' }, user),
  );
  const conn = await connect(flags(), { KUBECONFIG: file }, dir);
  t.equal((await get(conn, '/api')).status, 200);
  t.equal(seen[0]!.headers.authorization, 'Bearer exec-token-123');
});
