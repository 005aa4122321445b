// --kubeconfig-out keeps what the cluster entry needs to be reached. The API server is reached here at 127.0.0.2, an
// address its serving certificate does not name (it names 127.0.0.1, localhost and kubernetes*), through a plain
// TCP relay: only `tls-server-name: kubernetes` makes TLS succeed. And --timeout 0 means "check once".
import t from 'tap';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { runCli } from '../helpers/run-cli.js';
import { run } from '../package/run.js';
import { credentialsFrom } from './api.js';
import { cluster } from './cluster.js';

const plane = cluster();
const work = mkdtempSync(join(tmpdir(), 'kubectl-csr-kubeconfig-out-'));
t.teardown(() => rmSync(work, { recursive: true, force: true }));
const unique = (base: string) => `${base}-${process.pid}-${Math.floor(Math.random() * 1e6)}`;

/** A TCP relay on 127.0.0.2 to the API server: another address, the same server and certificate. */
async function relay(target: URL): Promise<{ port: number; close(): void }> {
  const server = createServer((socket) => {
    const upstream = createConnection(Number(target.port), target.hostname);
    socket.pipe(upstream).pipe(socket);
    socket.on('error', () => upstream.destroy());
    upstream.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.2', resolve);
  });
  return { port: (server.address() as AddressInfo).port, close: () => server.close() };
}

function kubeconfig(server: string, tlsServerName: string | undefined): string {
  const creds = credentialsFrom(plane.kubeconfigs.admin);
  return yaml.dump({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'relayed', cluster: { server, 'certificate-authority-data': creds.ca.toString('base64'), ...(tlsServerName ? { 'tls-server-name': tlsServerName } : {}) } }],
    users: [{ name: 'admin', user: { token: creds.token } }],
    contexts: [{ name: 'relayed', context: { cluster: 'relayed', user: 'admin' } }],
    'current-context': 'relayed',
  });
}

t.test('a kubeconfig written from a context with tls-server-name authenticates through an address the certificate does not name', { skip: plane.external && 'needs the harness control plane' }, async (t) => {
  const r = await relay(new URL(plane.server!));
  t.teardown(() => r.close());
  const server = `https://127.0.0.2:${r.port}`;
  writeFileSync(join(work, 'plain.kubeconfig'), kubeconfig(server, undefined));
  writeFileSync(join(work, 'named.kubeconfig'), kubeconfig(server, 'kubernetes'));

  // Without tls-server-name, TLS fails: the test would prove nothing otherwise.
  const refused = await runCli(['list', '-o', 'name'], { cwd: work, env: { KUBECONFIG: join(work, 'plain.kubeconfig') } });
  t.equal(refused.code, 1);
  t.match(refused.stderr, /127\.0\.0\.2|certificate|altnames/i, refused.stderr);

  const name = unique('tls-name');
  const res = await runCli(['request', name, '--cn', name, '-g', 'dev', '--approve', '--kubeconfig-out', `${name}.kubeconfig`], {
    cwd: work,
    env: { KUBECONFIG: join(work, 'named.kubeconfig') },
  });
  t.equal(res.code, 0, res.stderr);
  const written = yaml.load(readFileSync(join(work, `${name}.kubeconfig`), 'utf8')) as any;
  t.strictSame(Object.keys(written.clusters[0].cluster).sort(), ['certificate-authority-data', 'server', 'tls-server-name']);
  t.equal(written.clusters[0].cluster.server, server);
  t.equal(written.clusters[0].cluster['tls-server-name'], 'kubernetes');

  // SelfSubjectReview with the written kubeconfig, by the plugin's own client...
  const who = await runCli(['list', '-o', 'name', '--field-selector', `metadata.name=${name}`], { cwd: work, env: { KUBECONFIG: join(work, `${name}.kubeconfig`) } });
  t.equal(who.code, 1, 'the new user may not list CSRs: it authenticated, and is forbidden');
  t.match(who.stderr, new RegExp(`User "${name}" cannot list resource "certificatesigningrequests"`));
  // ...and by kubectl.
  if (plane.kubectl) {
    const whoami = await run(plane.kubectl, ['--kubeconfig', join(work, `${name}.kubeconfig`), 'auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username} {.status.userInfo.groups}'], { cwd: work, env: { HOME: work } });
    t.equal(whoami.code, 0, whoami.stderr);
    t.equal(whoami.stdout, `${name} ["dev","system:authenticated"]`);
  }
});

t.test('--timeout 0 checks once and does not wait, for request --wait as for fetch', { skip: plane.external && 'needs the harness control plane' }, async (t) => {
  const name = unique('no-wait');
  const started = Date.now();
  const res = await runCli(['request', name, '--wait', '--timeout', '0'], { cwd: work, env: { KUBECONFIG: plane.kubeconfigs.admin } });
  t.equal(res.code, 5, res.stderr);
  t.match(res.stderr, `error: certificate signing request "${name}" is Pending; no certificate yet; resume with: kubectl csr fetch ${name} --key ${name}.key\n`);
  const fetched = await runCli(['fetch', name, '--timeout', '0'], { cwd: work, env: { KUBECONFIG: plane.kubeconfigs.admin } });
  t.equal(fetched.code, 5);
  t.match(fetched.stderr, `error: certificate signing request "${name}" is Pending; no certificate yet; resume with: kubectl csr fetch ${name}\n`);
  t.ok(Date.now() - started < 30_000, 'neither waited for the 5m default');
});
