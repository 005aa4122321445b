// The trust of a connection whose kubeconfig names no CA, in the single executable: Node's own roots, its bundled
// ones and NODE_EXTRA_CA_CERTS, as in every release before. The executable starts Node.js with --use-openssl-ca (so
// that loading node:tls parses no roots on a thread), which makes OpenSSL's store Node's default; src/kube/tls-trust.ts
// must never leave that store in place. The API server's CA is given one way at a time: as NODE_EXTRA_CA_CERTS it is
// trusted; as OpenSSL's store (SSL_CERT_FILE) it is not. Both for a token user and for an exec-plugin user (whose
// credentials come through client-node, and whose libraries may make requests of their own).
import t from 'tap';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/run-cli.js';
import { credentialsFrom } from './api.js';
import { cluster } from './cluster.js';
import { makeCa } from './certificates-api.js';

const plane = cluster();
const admin = credentialsFrom(plane.kubeconfigs.admin);
const work = mkdtempSync(join(tmpdir(), 'kubectl-csr-default-trust-'));
t.teardown(() => rmSync(work, { recursive: true, force: true }));
const skip = !admin.token && 'the admin has no token';

writeFileSync(join(work, 'api-ca.crt'), admin.ca);
/** A kubeconfig for the admin's token, with `ca` as its CA (none: undefined), the token given as is or by a plugin. */
function kubeconfig(name: string, ca: string | undefined, by: 'token' | 'exec'): string {
  const credential = JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token: admin.token } });
  const exec = { apiVersion: 'client.authentication.k8s.io/v1', command: process.execPath, args: ['-e', `console.log(${JSON.stringify(credential)})`], interactiveMode: 'Never' };
  const file = join(work, `${name}.kubeconfig`);
  writeFileSync(
    file,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'c', cluster: { server: admin.server, ...(ca ? { 'certificate-authority-data': Buffer.from(ca).toString('base64') } : {}) } }],
      users: [{ name: 'u', user: by === 'token' ? { token: admin.token } : { exec } }],
      contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }],
      'current-context': 'x',
    }),
  );
  return file;
}

const list = (file: string, env: Record<string, string>) => runCli(['list', '--signer', 'none'], { cwd: work, env: { KUBECONFIG: file, ...env } });
const UNTRUSTED = /certificate signed by unknown authority|unable to verify|self.signed|UNABLE_TO_VERIFY/i;

for (const by of ['token', 'exec'] as const) {
  t.test(`${by} user, no CA in the kubeconfig: NODE_EXTRA_CA_CERTS is trusted, OpenSSL's store is not`, { skip }, async (t) => {
    const file = kubeconfig(`${by}-no-ca`, undefined, by);
    const extra = await list(file, { NODE_EXTRA_CA_CERTS: join(work, 'api-ca.crt') });
    t.equal(extra.code, 0, extra.stderr);
    t.equal(extra.stderr, 'No resources found\n');
    const openssl = await list(file, { SSL_CERT_FILE: join(work, 'api-ca.crt'), SSL_CERT_DIR: work });
    t.equal(openssl.code, 1, 'refused');
    t.match(openssl.stderr, UNTRUSTED);
  });

  t.test(`${by} user: the kubeconfig's CA is trusted, and only it`, { skip }, async (t) => {
    const right = await list(kubeconfig(`${by}-ca`, admin.ca.toString(), by), { NODE_EXTRA_CA_CERTS: join(work, 'api-ca.crt') });
    t.equal(right.code, 0, right.stderr);
    const other = makeCa(work, `other-${by}`, 1);
    const wrong = await list(kubeconfig(`${by}-other-ca`, other.pem, by), { NODE_EXTRA_CA_CERTS: join(work, 'api-ca.crt') });
    t.equal(wrong.code, 1, 'refused, though NODE_EXTRA_CA_CERTS would verify the server');
    t.match(wrong.stderr, UNTRUSTED);
  });
}
