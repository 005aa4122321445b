// A user's UID in a client certificate (issue 24): kube-apiserver's x509 authenticator reads it from the subject
// attribute 1.3.6.1.4.1.57683.2 (gate AllowParsingUserUIDFromCertAuth, beta and on since 1.33), but no kubernetes.io/
// signer writes it. So the test acts as a signer of its own, with the harness's client CA: it signs what was
// requested, and `inspect`, `fetch` and `kubectl auth whoami` must name the same UID. Then a signer that writes another
// UID than the one requested: `fetch` refuses the certificate (exit 7) and writes nothing, and `kubectl auth whoami`
// with that certificate shows why it mattered: the API server takes the UID nobody reviewed.
import t from 'tap';
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { attribute, craftRequest, derName, requestPem } from '../fixtures/pki/der-name.js';
import { runCli } from '../helpers/run-cli.js';
import { api, credentialsFrom, eventually } from './api.js';
import { cluster } from './cluster.js';

const plane = cluster();
const kubectl = plane.kubectl;
const harness = !plane.external && kubectl !== undefined && plane.caCert !== undefined;
const admin = credentialsFrom(plane.kubeconfigs.admin);
const work = mkdtempSync(join(tmpdir(), 'kubectl-csr-uid-'));
const tag = `${process.pid}-${Math.floor(Math.random() * 1e6)}`;
const CSRS = '/apis/certificates.k8s.io/v1/certificatesigningrequests';
const SIGNER = `uid.example.com/test-${tag}`;
const utf8 = (oid: string, value: string) => attribute(oid, 0x0c, Buffer.from(value));
const CN = '2.5.4.3';
const UID = '1.3.6.1.4.1.57683.2';
const cli = (args: string[]) => runCli(args, { cwd: work, env: { KUBECONFIG: plane.kubeconfigs.admin } });

function whoami(kubeconfig: string): { username: string; uid?: string; groups: string[] } {
  const out = execFileSync(kubectl!, ['--kubeconfig', kubeconfig, 'auth', 'whoami', '-o', 'json'], { stdio: 'pipe' }).toString();
  return JSON.parse(out).status.userInfo;
}

/** Creates a CSR for the subject, approved by the admin with kubectl; returns its key and the request's PEM. */
async function requested(name: string, subject: Buffer): Promise<{ key: KeyObject; pem: string }> {
  const { privateKey: key } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pem = requestPem(craftRequest(subject, key));
  const made = await api(admin, 'POST', CSRS, {
    apiVersion: 'certificates.k8s.io/v1',
    kind: 'CertificateSigningRequest',
    metadata: { name },
    spec: { request: Buffer.from(pem).toString('base64'), signerName: SIGNER, usages: ['digital signature', 'client auth'] },
  });
  if (made.status !== 201) throw new Error(`POST ${name}: ${made.status} ${made.body.message}`);
  execFileSync(kubectl!, ['--kubeconfig', plane.kubeconfigs.admin, 'certificate', 'approve', name], { stdio: 'pipe' });
  writeFileSync(join(work, `${name}.key`), key.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  return { key, pem };
}

/** Signs with the harness's client CA as a signer would, copying the subject of `pem`, and uploads the certificate. */
async function sign(name: string, pem: string): Promise<string> {
  writeFileSync(join(work, `${name}.csr`), pem);
  writeFileSync(join(work, 'ext'), 'keyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n');
  const ca = plane.caCert!;
  execFileSync('openssl', ['x509', '-req', '-in', `${name}.csr`, '-CA', ca, '-CAkey', join(dirname(ca), 'ca.key'), '-set_serial', `${Date.now()}`,
    '-days', '1', '-extfile', 'ext', '-out', `${name}.crt.issued`], { cwd: work, stdio: 'pipe' });
  const certificate = readFileSync(join(work, `${name}.crt.issued`));
  const csr = (await api(admin, 'GET', `${CSRS}/${name}`)).body;
  const put = await api(admin, 'PUT', `${CSRS}/${name}/status`, { ...csr, status: { ...csr.status, certificate: certificate.toString('base64') } });
  if (put.status !== 200) throw new Error(`PUT ${name}/status: ${put.status} ${put.body.message}`);
  return certificate.toString();
}

t.test('request --uid, signed as requested: inspect, fetch and kubectl auth whoami name the same UID', { skip: !harness && 'needs the harness, its kubectl and its CA' }, async (t) => {
  const name = `uid-${tag}`;
  const made = await cli(['request', name, '--cn', `uid-user-${tag}`, '-g', `uid-team-${tag}`, '--uid', `uid-${tag}`, '--signer', SIGNER, '--usages', 'digital signature,client auth']);
  t.equal(made.code, 0, made.stderr);
  const inspected = await cli(['inspect', name]);
  t.match(inspected.stdout, new RegExp(`\\n  UID: +uid-${tag}\\n`), 'inspect reads the requested UID');
  execFileSync(kubectl!, ['--kubeconfig', plane.kubeconfigs.admin, 'certificate', 'approve', name], { stdio: 'pipe' });
  const pem = Buffer.from((await api(admin, 'GET', `${CSRS}/${name}`)).body.spec.request, 'base64').toString();
  await sign(name, pem);

  const fetched = await cli(['fetch', name, '--key', `${name}.key`, '--kubeconfig-out', `${name}.kubeconfig`]);
  t.equal(fetched.code, 0, fetched.stderr);
  const described = await cli(['inspect', '-f', `${name}.crt`]);
  t.equal(described.code, 0, described.stderr);
  t.match(described.stdout, new RegExp(`\\n  UID: +uid-${tag}\\n`), 'inspect -f reads the UID in the certificate');

  const who = whoami(join(work, `${name}.kubeconfig`));
  t.equal(who.username, `uid-user-${tag}`);
  t.equal(who.uid, `uid-${tag}`, 'kube-apiserver authenticates the UID that request asked for and inspect and fetch named');
  t.same([...who.groups].sort(), [`uid-team-${tag}`, 'system:authenticated'].sort());

  // renew asks for the same identity, UID included; the test approves and signs while it waits.
  const renewing = cli(['renew', `${name}.kubeconfig`, '--signer', SIGNER, '--timeout', '2m']);
  const renewal = await eventually('the renewal CSR', async () => {
    const items = (await api(admin, 'GET', CSRS)).body.items as { metadata: { name: string }; spec: { request: string } }[];
    return items.find((c) => c.metadata.name.startsWith(`uid-user-${tag}-renew-`));
  });
  execFileSync(kubectl!, ['--kubeconfig', plane.kubeconfigs.admin, 'certificate', 'approve', renewal.metadata.name], { stdio: 'pipe' });
  await sign(renewal.metadata.name, Buffer.from(renewal.spec.request, 'base64').toString());
  const renewed = await renewing;
  t.equal(renewed.code, 0, renewed.stderr);
  t.equal(whoami(join(work, `${name}.kubeconfig`)).uid, `uid-${tag}`, 'the renewed certificate carries the same UID');
});

t.test('a signer that writes another UID: fetch refuses it with exit 7, and the API server would have taken it', { skip: !harness && 'needs the harness, its kubectl and its CA' }, async (t) => {
  const name = `uid-swap-${tag}`;
  const { key } = await requested(name, derName([[utf8(CN, `swap-user-${tag}`)], [utf8(UID, `asked-${tag}`)]]));
  // The signer signs a request of its own with the same key and another UID: what it issues is not what was approved.
  const forged = requestPem(craftRequest(derName([[utf8(CN, `swap-user-${tag}`)], [utf8(UID, `other-${tag}`)]]), key));
  const certificate = await sign(name, forged);

  const fetched = await cli(['fetch', name, '--key', `${name}.key`, '--kubeconfig-out', `${name}.kubeconfig`]);
  t.equal(fetched.code, 7, `fetch exits 7 (identity mismatch): ${fetched.stderr}`);
  t.match(fetched.stderr, /(^|\n)error: the certificate issued for ".*" is for .*UID=other-.*, not the .*UID=asked-.* that was requested: do not use it\n$/);
  t.notOk(existsSync(join(work, `${name}.crt`)), 'no certificate written');
  t.notOk(existsSync(join(work, `${name}.kubeconfig`)), 'no kubeconfig written');

  // What the refusal kept from the user: with this certificate the API server authenticates the UID nobody approved.
  const kubeconfig = join(work, `${name}.by-hand.kubeconfig`);
  writeFileSync(kubeconfig, [
    'apiVersion: v1', 'kind: Config', 'current-context: c', 'clusters:', '- name: c', '  cluster:', `    server: ${plane.server}`,
    `    certificate-authority: ${plane.caCert}`, 'users:', '- name: u', '  user:',
    `    client-certificate-data: ${Buffer.from(certificate).toString('base64')}`,
    `    client-key-data: ${Buffer.from(key.export({ type: 'pkcs8', format: 'pem' }) as string).toString('base64')}`,
    'contexts:', '- name: c', '  context: {cluster: c, user: u}', '',
  ].join('\n'), { mode: 0o600 });
  t.equal(whoami(kubeconfig).uid, `other-${tag}`);
});
