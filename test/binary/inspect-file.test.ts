// inspect -f through the built binary, offline: every input kind, for RSA, ECDSA and Ed25519, made by openssl.
import t from 'tap';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';
import yaml from 'js-yaml';
import { runCli } from '../helpers/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'kubectl-csr-inspect-'));
const p = (name: string) => join(dir, name);
const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
// No kubeconfig anywhere: inspect -f must not need one.
const inspect = (args: string[], input?: string | Buffer) => runCli(['inspect', ...args], { cwd: dir, env: { KUBECONFIG: p('none'), HOME: dir }, input });

const KEYS = {
  rsa: { newkey: ['-newkey', 'rsa:2048'], text: 'RSA 2048 bits', algorithm: 'RSA', bits: 2048, curve: null, sig: 'sha256WithRSAEncryption' },
  ecdsa: { newkey: ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'], text: 'ECDSA P-256', algorithm: 'ECDSA', bits: 256, curve: 'P-256', sig: 'ecdsa-with-SHA256' },
  ed25519: { newkey: ['-newkey', 'ed25519'], text: 'Ed25519', algorithm: 'Ed25519', bits: 256, curve: null, sig: 'ED25519' },
} as const;

for (const [kind, k] of Object.entries(KEYS)) {
  openssl('req', '-new', ...k.newkey, '-nodes', '-subj', `/CN=${kind}-user/O=dev/O=ops`,
    '-addext', 'subjectAltName=DNS:app.example.com,IP:10.0.0.7,IP:2001:db8::7,email:u@example.com,URI:spiffe://cluster/ns/u',
    '-keyout', `${kind}.key`, '-out', `${kind}.csr`);
  openssl('req', '-in', `${kind}.csr`, '-outform', 'DER', '-out', `${kind}.der`);
}

t.test('a PEM request, for each key type', async (t) => {
  for (const [kind, k] of Object.entries(KEYS)) {
    const res = await inspect(['-f', `${kind}.csr`, '-o', 'json']);
    t.equal(res.code, 0, res.stderr);
    const view = JSON.parse(res.stdout);
    t.equal(view.kind, 'CertificateRequest');
    t.equal(view.request.subject.commonName, `${kind}-user`);
    t.same(view.request.subject.organizations, ['dev', 'ops']);
    t.same(view.request.sans, { dns: ['app.example.com'], ip: ['10.0.0.7', '2001:db8::7'], email: ['u@example.com'], uri: ['spiffe://cluster/ns/u'] });
    t.same([view.request.publicKey.algorithm, view.request.publicKey.bits, view.request.publicKey.curve], [k.algorithm, k.bits, k.curve]);
    t.equal(view.request.signatureAlgorithm, k.sig);
    t.equal(view.request.signatureValid, true);
  }
});

t.test('the describe view reads like kubectl describe', async (t) => {
  const res = await inspect(['-f', 'ecdsa.csr']);
  t.equal(res.code, 0);
  t.match(res.stdout, /^Certificate request:\n  Subject: +CN=ecdsa-user, O=dev, O=ops\n/);
  t.match(res.stdout, /\n  Public key: +ECDSA P-256\n/);
  t.match(res.stdout, /\n  Subject alt names: +DNS:app\.example\.com, IP:10\.0\.0\.7, IP:2001:db8::7, email:u@example\.com, URI:spiffe:\/\/cluster\/ns\/u\n/);
  t.match(res.stdout, /\n  Signature: +valid\n/);
  t.notMatch(res.stdout, /\x1b\[/, 'no colour when piped');
});

t.test('DER, one-line base64 and stdin', async (t) => {
  for (const kind of Object.keys(KEYS)) {
    const der = await inspect(['-f', `${kind}.der`, '-o', 'json']);
    t.equal(JSON.parse(der.stdout).request.subject.commonName, `${kind}-user`, `${kind} DER`);
    writeFileSync(p(`${kind}.b64`), readFileSync(p(`${kind}.csr`)).toString('base64'));
    const b64 = await inspect(['-f', `${kind}.b64`, '-o', 'yaml']);
    t.match(b64.stdout, new RegExp(`commonName: ${kind}-user\\n`), `${kind} base64`);
  }
  const stdin = await inspect(['-f', '-', '-o', 'json'], readFileSync(p('rsa.csr')));
  t.equal(JSON.parse(stdin.stdout).request.publicKey.bits, 2048);
});

t.test('a certificate chain, an expired certificate', async (t) => {
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '30', '-subj', '/CN=test-ca', '-keyout', 'ca.key', '-out', 'ca.crt');
  writeFileSync(p('leaf.ext'), 'extendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature\nsubjectAltName=DNS:leaf.example\n');
  openssl('x509', '-req', '-in', 'ecdsa.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-set_serial', '0x1234', '-days', '10', '-extfile', 'leaf.ext', '-out', 'leaf.crt');
  writeFileSync(p('chain.pem'), readFileSync(p('leaf.crt'), 'utf8') + readFileSync(p('ca.crt'), 'utf8'));
  const res = await inspect(['-f', 'chain.pem', '-o', 'json']);
  t.equal(res.code, 0, res.stderr);
  const view = JSON.parse(res.stdout);
  t.equal(view.kind, 'CertificateChain');
  t.equal(view.certificates.length, 2);
  const [leaf, ca] = view.certificates;
  t.equal(leaf.subject.text, 'CN=ecdsa-user, O=dev, O=ops');
  t.equal(leaf.issuer.text, 'CN=test-ca');
  t.equal(leaf.serial, '12:34');
  t.equal(leaf.expired, false);
  t.match(leaf.validity, /^expires in (9d2[0-3]h|10d|9d)/);
  t.same(leaf.extendedKeyUsage, ['TLS Web Client Authentication']);
  t.same(leaf.keyUsage, ['Digital Signature']);
  const fingerprint = openssl('x509', '-in', 'leaf.crt', '-noout', '-fingerprint', '-sha256').toString().trim().split('=')[1];
  t.equal(leaf.fingerprintSha256, fingerprint);
  t.equal(ca.isCA, true);

  // An expired certificate, made with node-forge so that its dates can lie in the past.
  const keys = forge.pki.rsa.generateKeyPair(1024);
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date('2020-01-01T00:00:00Z');
  cert.validity.notAfter = new Date('2021-01-01T00:00:00Z');
  cert.setSubject([{ name: 'commonName', value: 'old' }]);
  cert.setIssuer([{ name: 'commonName', value: 'old' }]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  writeFileSync(p('expired.crt'), forge.pki.certificateToPem(cert));
  const expired = await inspect(['-f', 'expired.crt']);
  t.equal(expired.code, 0);
  t.match(expired.stdout, /\n  Not after: +Jan 01, 2021 00:00 UTC \(EXPIRED \d+y\d*d? ago\)\n/);
});

t.test('a CertificateSigningRequest object, as kubectl get -o yaml writes it and as a manifest', async (t) => {
  const csrB64 = readFileSync(p('ecdsa.csr')).toString('base64');
  const object = {
    apiVersion: 'certificates.k8s.io/v1',
    kind: 'CertificateSigningRequest',
    metadata: { name: 'ecdsa-user', creationTimestamp: '2026-01-01T00:00:00Z' },
    spec: { request: csrB64, signerName: 'kubernetes.io/kube-apiserver-client', usages: ['digital signature', 'client auth'], expirationSeconds: 86400, username: 'admin', groups: ['system:masters', 'system:authenticated'] },
    status: {
      conditions: [{ type: 'Approved', status: 'True', reason: 'KubectlApprove', message: 'This CSR was approved by kubectl certificate approve.', lastUpdateTime: '2026-01-01T00:01:00Z' }],
      certificate: readFileSync(p('leaf.crt')).toString('base64'),
    },
  };
  writeFileSync(p('object.yaml'), yaml.dump(object));
  const res = await inspect(['-f', 'object.yaml', '-o', 'json']);
  t.equal(res.code, 0, res.stderr);
  const view = JSON.parse(res.stdout);
  t.equal(view.kind, 'CertificateSigningRequest');
  t.equal(view.condition, 'Approved,Issued');
  t.same(view.requestor, { username: 'admin', uid: null, groups: ['system:masters', 'system:authenticated'] });
  t.equal(view.expirationSeconds, 86400);
  t.equal(view.certificateMatchesRequest, true);
  t.equal(view.conditions[0].reason, 'KubectlApprove');

  const text = await inspect(['-f', 'object.yaml']);
  t.match(text.stdout, /\nRequested duration: +24h \(86400s\)\n/);
  t.match(text.stdout, /\n  Matches request: +yes\n/);

  const manifest = { apiVersion: 'certificates.k8s.io/v1', kind: 'CertificateSigningRequest', metadata: { name: 'm' }, spec: { request: csrB64, signerName: 'kubernetes.io/kube-apiserver-client', usages: ['client auth'] } };
  writeFileSync(p('manifest.json'), JSON.stringify(manifest));
  const m = await inspect(['-f', 'manifest.json', '-o', 'json']);
  t.equal(JSON.parse(m.stdout).condition, 'Pending');
  t.equal(JSON.parse(m.stdout).certificates, null);
});

t.test('a request whose self-signature does not verify exits 1 after the report', async (t) => {
  const der = readFileSync(p('rsa.der'));
  der[der.length - 5]! ^= 0xff; // inside the signature BIT STRING
  writeFileSync(p('tampered.der'), der);
  const res = await inspect(['-f', 'tampered.der']);
  t.equal(res.code, 1);
  t.match(res.stdout, /\n  Signature: +INVALID: the self-signature does not verify\n/);
  t.equal(res.stderr, "error: tampered.der: the request's self-signature does not verify\n");
});

t.test('bad input: one line on stderr naming the file, exit 1, no stack', async (t) => {
  mkdirSync(p('adir'));
  writeFileSync(p('empty'), '');
  writeFileSync(p('text.txt'), 'hello: [unclosed\n');
  const cut = readFileSync(p('rsa.csr')).toString('base64');
  writeFileSync(p('cut.b64'), cut.slice(0, Math.floor(cut.length / 2 / 4) * 4));
  writeFileSync(p('corrupt.pem'), '-----BEGIN CERTIFICATE REQUEST-----\nnot*base64!\n-----END CERTIFICATE REQUEST-----\n');
  writeFileSync(p('secret.yaml'), 'apiVersion: v1\nkind: Secret\nmetadata: {name: x}\n');
  const cases: [string, string][] = [
    ['missing.csr', 'error: missing.csr: no such file\n'],
    ['adir', 'error: adir: is a directory\n'],
    ['empty', 'error: empty: file is empty\n'],
    ['text.txt', /^error: text\.txt: not PEM, DER, base64, YAML or JSON \(.+\)\n$/ as unknown as string],
    ['cut.b64', 'error: cut.b64: base64 is cut short: the PEM inside has no END line (was it truncated when copied?)\n'],
    ['corrupt.pem', 'error: corrupt.pem: PEM block "CERTIFICATE REQUEST" is not valid base64 (is it corrupt or cut short?)\n'],
    ['secret.yaml', 'error: secret.yaml: is a Secret, not a CertificateSigningRequest\n'],
    ['rsa.key', 'error: rsa.key: holds a private key; inspect reads requests and certificates, and never prints keys\n'],
  ];
  for (const [file, expected] of cases) {
    const res = await inspect(['-f', file]);
    t.equal(res.code, 1, file);
    if (typeof expected === 'string') t.equal(res.stderr, expected, file);
    else t.match(res.stderr, expected, file);
    t.equal(res.stdout, '', `${file}: nothing on stdout`);
    t.notMatch(res.stderr, /\n\s+at /, `${file}: no stack trace`);
  }
});
