// inspect -f KUBECONFIG in-process through main(): embedded and referenced certificates, users without one, expired
// and not-yet-valid certificates, a key that does not match, and missing files as findings, with a throwaway CA.
import t from 'tap';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/main.js';
import type { Io } from '../../src/io.js';
import { rsaKeyPem } from '../fixtures/pki/keys.js';
import { makeTestCa, signClientCertificate } from '../fixtures/pki/sign-certificate.js';

const NOW = new Date('2026-06-01T12:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const dir = mkdtempSync(join(tmpdir(), 'kubectl-csr-kcview-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
const ca = makeTestCa(undefined, rsaKeyPem('rsa-2048-5'));
const at = (offset: number) => new Date(NOW.getTime() + offset);
const jane = signClientCertificate({ ...ca, keyPem: rsaKeyPem('rsa-2048-1'), commonName: 'jane', organizations: ['dev', 'ops'], notBefore: at(-30 * DAY), notAfter: at(10 * DAY) });
const bob = signClientCertificate({ ...ca, keyPem: rsaKeyPem('rsa-2048-2'), commonName: 'bob', notBefore: at(-DAY), notAfter: at(90 * DAY) });
const old = signClientCertificate({ ...ca, keyPem: rsaKeyPem('rsa-2048-3'), commonName: 'old', notBefore: at(-10 * DAY), notAfter: at(-2 * DAY - 3 * HOUR) });
const early = signClientCertificate({ ...ca, keyPem: rsaKeyPem('rsa-2048-4'), commonName: 'early', notBefore: at(2 * HOUR), notAfter: at(30 * DAY) });
const b64 = (s: string) => Buffer.from(s).toString('base64');
writeFileSync(join(dir, 'bob.crt'), bob.certificatePem);
writeFileSync(join(dir, 'bob.key'), bob.keyPem);

const kubeconfig = `apiVersion: v1
kind: Config
clusters:
- name: c
  cluster: {server: 'https://127.0.0.1:6443'}
contexts:
- {name: jane@c, context: {cluster: c, user: jane}}
- {name: jane-too, context: {cluster: c, user: jane}}
- {name: bob@c, context: {cluster: c, user: bob}}
current-context: jane@c
users:
- name: jane
  user:
    client-certificate-data: ${b64(jane.certificatePem)}
    client-key-data: ${b64(jane.keyPem)}
- name: bob
  user:
    client-certificate: bob.crt
    client-key: bob.key
- name: ci
  user:
    token: abc
- name: sso
  user:
    exec: {apiVersion: client.authentication.k8s.io/v1, command: kubelogin}
- name: old
  user:
    client-certificate-data: ${b64(old.certificatePem)}
    client-key-data: ${b64(bob.keyPem)}
- name: early
  user:
    client-certificate-data: ${b64(early.certificatePem)}
    client-key-data: ${b64(early.keyPem)}
- name: gone
  user:
    client-certificate: missing.crt
    client-key: missing.key
`;
writeFileSync(join(dir, 'config'), kubeconfig);

async function run(argv: string[], stdin = Buffer.alloc(0)) {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: { write: (c: string) => (stdout += c) },
    stderr: { write: (c: string) => (stderr += c) },
    readStdin: async () => stdin,
    env: { KUBECONFIG: join(dir, 'no-such'), HOME: dir },
    cwd: dir,
  };
  const code = await main(argv, io, () => NOW);
  return { code, stdout, stderr };
}

t.test('the table: one row per certificate, then the users without one and the findings', async (t) => {
  const res = await run(['inspect', '-f', join(dir, 'config')]);
  t.equal(res.code, 0, res.stderr);
  const lines = res.stdout.split('\n');
  t.match(lines[0], /^USER\s+CONTEXTS\s+SUBJECT\s+EXPIRES\s+RESIDUAL TIME\s+ISSUER\s+KEY$/);
  const cells = (user: string) => lines.find((l) => l.startsWith(`${user} `))!.split(/ {2,}/);
  t.same(cells('jane'), ['jane', 'jane@c,jane-too', 'CN=jane,O=dev,O=ops', 'Jun 11, 2026 12:00 UTC', '10d', 'CN=kubectl-csr-unit-ca', 'RSA 2048, matches']);
  t.same(cells('bob'), ['bob', 'bob@c', 'CN=bob', 'Aug 30, 2026 12:00 UTC', '90d', 'CN=kubectl-csr-unit-ca', 'RSA 2048, matches']);
  t.same(cells('old'), ['old', '<none>', 'CN=old', 'May 30, 2026 09:00 UTC', 'EXPIRED 2d3h ago', 'CN=kubectl-csr-unit-ca', 'RSA 2048, DOES NOT MATCH']);
  t.same(cells('early'), ['early', '<none>', 'CN=early', 'Jul 01, 2026 12:00 UTC', 'NOT YET VALID (for 120m)', 'CN=kubectl-csr-unit-ca', 'RSA 2048, matches']);
  t.same(cells('gone'), ['gone', '<none>', '<unreadable>', '<unknown>', '<unknown>', '<unknown>', '<unreadable>']);
  // kube-apiserver's credential ID: SHA-256 of the DER, here as node:crypto reads the PEM, not as our parser does.
  const id = (pem: string) => `X509SHA256=${createHash('sha256').update(new X509Certificate(pem).raw).digest('hex')}`;
  t.ok(lines.includes(`user "jane": credential ID ${id(jane.certificatePem)}`));
  t.ok(lines.includes(`user "bob": credential ID ${id(bob.certificatePem)}`));
  t.notOk(lines.some((l) => l.startsWith('user "gone": credential ID')), 'no ID without a readable certificate');
  t.ok(lines.includes('user "ci" carries no client certificate (it uses a token)'));
  t.ok(lines.includes('user "sso" carries no client certificate (it uses an exec credential plugin)'));
  t.ok(lines.includes(`user "gone": client-certificate ${join(dir, 'missing.crt')}: no such file`));
  t.ok(lines.includes(`user "gone": client-key ${join(dir, 'missing.key')}: no such file`));
  t.ok(lines.includes('user "old": the private key does not match the certificate'));
  t.equal(
    res.stderr,
    // jane's 40 days are 75% gone: past where kubelet starts to rotate (70%); bob's 91 days, 1% gone, are quiet.
    'warning: the certificate of user "jane" expires in 10d (Jun 11, 2026 12:00 UTC), with 25% of its 40d lifetime left\n' +
      'warning: the certificate of user "old" EXPIRED 2d3h ago (May 30, 2026 09:00 UTC)\n' +
      'warning: the certificate of user "early" is NOT VALID YET: not valid until Jun 01, 2026 14:00 UTC (in 120m)\n',
  );
  t.notMatch(res.stdout + res.stderr, /PRIVATE KEY/);
});

t.test('--expiring-within changes the warning threshold', async (t) => {
  const res = await run(['inspect', '-f', join(dir, 'config'), '--expiring-within', '100d']);
  t.match(res.stderr, /user "bob" expires in 90d \(Aug 30, 2026 12:00 UTC\), within 100d/);
  const none = await run(['inspect', '-f', join(dir, 'config'), '--expiring-within', '1h']);
  t.notMatch(none.stderr, /jane|bob/);
  const bad = await run(['inspect', '-f', join(dir, 'config'), '--expiring-within', 'soon']);
  t.equal(bad.code, 2);
  t.equal(bad.stderr, 'error: invalid --expiring-within "soon": use a duration like 90s, 30m, 24h or 30d\n');
});

t.test('-o json: the same facts, stable field names', async (t) => {
  const res = await run(['inspect', '-f', join(dir, 'config'), '-o', 'json']);
  t.equal(res.code, 0, res.stderr);
  const view = JSON.parse(res.stdout);
  t.equal(view.kind, 'KubeconfigCertificates');
  t.equal(view.currentContext, 'jane@c');
  t.same(view.users.map((u: { user: string }) => u.user), ['jane', 'bob', 'ci', 'sso', 'old', 'early', 'gone']);
  const [janeView, bobView, ci] = view.users;
  t.equal(janeView.current, true);
  t.equal(janeView.certificateFrom, 'client-certificate-data');
  t.equal(janeView.certificate.subject.commonName, 'jane');
  t.equal(janeView.certificate.notAfter, '2026-06-11T12:00:00Z', 'RFC 3339, to the second, as Go writes a time');
  t.same(janeView.key, { type: 'RSA 2048', matchesCertificate: true });
  t.equal(bobView.certificateFrom, 'bob.crt');
  t.equal(bobView.keyFrom, 'bob.key');
  t.same([ci.credential, ci.certificate, ci.key], ['token', null, null]);
  t.equal(view.users[4].certificate.expired, true);
  t.equal(view.users[5].notYetValid, true);
});

t.test('-f - reads a kubeconfig from stdin; references resolve against the working directory', async (t) => {
  const res = await run(['inspect', '-f', '-'], Buffer.from(kubeconfig));
  t.equal(res.code, 0, res.stderr);
  t.match(res.stdout, /\nbob\s+bob@c\s+CN=bob\s/);
});

t.test('a kubeconfig that is not valid YAML is one line naming the file', async (t) => {
  writeFileSync(join(dir, 'broken'), 'kind: Config\nusers: [\n');
  const res = await run(['inspect', '-f', join(dir, 'broken')]);
  t.equal(res.code, 1);
  t.match(res.stderr, new RegExp(`^error: ${join(dir, 'broken')}: yaml: line \\d+: .+\\n$`));
});

t.test('inspect of a certificate warns when it expires soon, and says EXPIRED', async (t) => {
  writeFileSync(join(dir, 'jane.crt'), jane.certificatePem);
  writeFileSync(join(dir, 'old.crt'), old.certificatePem);
  const soon = await run(['inspect', '-f', join(dir, 'jane.crt')]);
  t.equal(soon.code, 0);
  t.equal(soon.stderr, 'warning: certificate CN=jane, O=dev, O=ops expires in 10d (Jun 11, 2026 12:00 UTC), with 25% of its 40d lifetime left\n');
  const expired = await run(['inspect', '-f', join(dir, 'old.crt')]);
  t.match(expired.stdout, /Not after:\s+May 30, 2026 09:00 UTC \(EXPIRED 2d3h ago\)/);
  t.equal(expired.stderr, 'warning: certificate CN=old EXPIRED 2d3h ago (May 30, 2026 09:00 UTC)\n');
});
