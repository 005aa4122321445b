// --kubeconfig-out's CA (--ca-from), in-process against the in-memory cluster: the API server's serving CA as the
// cluster publishes it (ClusterTrustBundles of kubernetes.io/kube-apiserver-serving) when it verifies the server, the
// kubeconfig's otherwise; --ca-from=trust-bundle refuses before anything is created. test/e2e/kubeconfig-out.test.ts
// uses the written kubeconfig with kubectl against the real control plane.
import t from 'tap';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { FakeCluster } from '../fakes/fake-cluster.js';
import { csrFor, runIn } from '../fakes/run-command.js';
import { rsaKeyPem } from '../fixtures/pki/keys.js';
import { makeTestCa } from '../fixtures/pki/sign-certificate.js';

const served = makeTestCa('kube-apiserver-serving-ca', rsaKeyPem('rsa-2048-3'));
const other = makeTestCa('some-other-ca', rsaKeyPem('rsa-2048-4'));
const SERVING = 'kubernetes.io/kube-apiserver-serving';
const PUBLISHED = "the kubeconfig's CA is the API server's serving CA the cluster publishes (ClusterTrustBundle kubernetes.io:kube-apiserver-serving:abc)\n";

function cluster(bundle?: { pem: string; signer?: string }): FakeCluster {
  const fake = new FakeCluster({ signer: true });
  fake.certificates.serverCa = served.caCertPem;
  if (bundle) fake.certificates.add('clustertrustbundles', { metadata: { name: 'kubernetes.io:kube-apiserver-serving:abc' }, spec: { signerName: bundle.signer ?? SERVING, trustBundle: bundle.pem } });
  return fake;
}

/** The CA (PEM) and cluster entry of a written kubeconfig. */
function written(path: string): { ca: string; cluster: Record<string, unknown> } {
  const config = yaml.load(readFileSync(path, 'utf8')) as { clusters: { cluster: Record<string, unknown> }[] };
  const entry = config.clusters[0]!.cluster;
  return { ca: Buffer.from(String(entry['certificate-authority-data']), 'base64').toString(), cluster: entry };
}

t.test('auto: the published CA when it verifies the server, else the kubeconfig\'s', async (t) => {
  const dir = t.testdir({ 'user.key': rsaKeyPem('rsa-2048-2') });
  const at = (n: string) => join(dir, n);
  const request = (fake: FakeCluster, name: string, ...more: string[]) =>
    runIn(fake, ['request', name, '--key', at('user.key'), '--approve', '--cert-out', at(`${name}.crt`), '--kubeconfig-out', at(`${name}.kubeconfig`), ...more]);

  const published = cluster({ pem: served.caCertPem });
  const a = await request(published, 'a');
  t.equal(a.code, 0, a.stderr);
  t.equal(written(at('a.kubeconfig')).ca, `${served.caCertPem.trim()}\n`);
  t.match(a.stderr, PUBLISHED);
  t.strictSame(published.certificates.requests, ['LIST clustertrustbundles  spec.signerName=kubernetes.io/kube-apiserver-serving', 'GET /version (TLS with a CA of our own)']);
  t.ok(published.requests.indexOf('POST a') > -1, 'then the request was made');

  const none = cluster();
  const b = await request(none, 'b');
  t.equal(b.code, 0, b.stderr);
  t.equal(written(at('b.kubeconfig')).ca, none.ca.caCertPem, 'no bundle: the kubeconfig\'s CA, as before');
  t.notMatch(b.stderr, /kubeconfig's CA|does not verify/);

  const wrong = cluster({ pem: other.caCertPem });
  const c = await request(wrong, 'c');
  t.equal(c.code, 0, c.stderr);
  t.equal(written(at('c.kubeconfig')).ca, wrong.ca.caCertPem);
  t.match(c.stderr, "warning: the CA of ClusterTrustBundle kubernetes.io:kube-apiserver-serving:abc does not verify the API server's certificate at https://fake.example:6443; the kubeconfig keeps the CA of yours\n");

  const off = cluster();
  off.certificates.notServed.add('clustertrustbundles');
  const d = await request(off, 'd');
  t.equal(d.code, 0, d.stderr);
  t.equal(written(at('d.kubeconfig')).ca, off.ca.caCertPem, 'a cluster without the API: the kubeconfig\'s CA');

  const mine = cluster({ pem: served.caCertPem });
  const e = await request(mine, 'e', '--ca-from', 'kubeconfig');
  t.equal(e.code, 0, e.stderr);
  t.equal(written(at('e.kubeconfig')).ca, mine.ca.caCertPem);
  t.strictSame(mine.certificates.requests, [], '--ca-from=kubeconfig reads no bundle');
});

t.test('--ca-from=trust-bundle: the published CA, or an error before anything is created', async (t) => {
  const dir = t.testdir({ 'user.key': rsaKeyPem('rsa-2048-2') });
  const at = (n: string) => join(dir, n);
  const request = (fake: FakeCluster, name: string) =>
    runIn(fake, ['request', name, '--key-out', at(`${name}.key`), '--key-type', 'ed25519', '--approve', '--cert-out', at(`${name}.crt`), '--kubeconfig-out', at(`${name}.kubeconfig`), '--ca-from', 'trust-bundle']);

  const published = cluster({ pem: served.caCertPem });
  const ok = await request(published, 'ok');
  t.equal(ok.code, 0, ok.stderr);
  t.equal(written(at('ok.kubeconfig')).ca, `${served.caCertPem.trim()}\n`);

  const none = cluster({ pem: other.caCertPem, signer: 'example.com/other' });
  const refused = await request(none, 'none');
  t.strictSame(refused, { code: 1, stdout: '', stderr: `error: --ca-from=trust-bundle: the cluster publishes no ClusterTrustBundle for signer ${SERVING} (the kube-controller-manager does, with the ClusterTrustBundle API on)\n` });
  t.notOk(none.object('none'), 'no CSR created');
  t.notOk(existsSync(at('none.key')), 'no key written');

  const wrong = cluster({ pem: other.caCertPem });
  const unverified = await request(wrong, 'wrong');
  t.equal(unverified.code, 1);
  t.equal(unverified.stderr, "error: --ca-from=trust-bundle: the CA of ClusterTrustBundle kubernetes.io:kube-apiserver-serving:abc does not verify the API server's certificate: x509: certificate signed by unknown authority\n");
  t.notOk(wrong.object('wrong'));

  const off = cluster();
  off.certificates.notServed.add('clustertrustbundles');
  const notServed = await request(off, 'off');
  t.equal(notServed.code, 1);
  t.match(notServed.stderr, /^error: --ca-from=trust-bundle: the server does not serve clustertrustbundles \(certificates\.k8s\.io v1, v1beta1, v1alpha1\)/);
});

t.test('the published CA is said only once the certificate is accepted: not before an identity refusal', async (t) => {
  const dir = t.testdir({ 'user.key': rsaKeyPem('rsa-2048-2') });
  const at = (n: string) => join(dir, n);
  const fake = cluster({ pem: served.caCertPem });
  // A signer that issued jane's request a certificate for someone else (same key): the identity check refuses it.
  fake.add(csrFor('other', { cn: 'system:admin', key: 'rsa-2048-2' }));
  fake.setCondition('other', 'Approved');
  fake.issue('other');
  fake.add({ ...csrFor('jane', { key: 'rsa-2048-2' }), status: fake.object('other')!.status! });
  const r = await runIn(fake, ['fetch', 'jane', '-O', at('jane.crt'), '--key', at('user.key'), '--kubeconfig-out', at('jane.kubeconfig'), '--ca-from', 'trust-bundle']);
  t.equal(r.code, 7, r.stderr);
  t.strictSame(r.stderr.split('\n').filter(Boolean), ['error: the certificate issued for "jane" is for CN=system:admin, not the CN=jane that was requested: do not use it']);
  t.notOk(existsSync(at('jane.kubeconfig')), 'no kubeconfig written');
  t.notOk(existsSync(at('jane.crt')), 'no certificate written');
  t.strictSame(fake.certificates.requests, ['LIST clustertrustbundles  spec.signerName=kubernetes.io/kube-apiserver-serving', 'GET /version (TLS with a CA of our own)'], 'the CA was chosen before the wait');

  const ok = await runIn(fake, ['fetch', 'other', '-O', at('other.crt'), '--key', at('user.key'), '--kubeconfig-out', at('other.kubeconfig'), '--ca-from', 'trust-bundle']);
  t.equal(ok.code, 0, ok.stderr);
  const lines = ok.stderr.split('\n');
  t.ok(lines.indexOf(PUBLISHED.trimEnd()) > lines.findIndex((l) => l.startsWith('wrote certificate to ')), 'said after the certificate is written');
  t.ok(lines.indexOf(PUBLISHED.trimEnd()) < lines.findIndex((l) => l.startsWith('wrote kubeconfig for ')), 'just before the kubeconfig line');
});

t.test('fetch --kubeconfig-out takes --ca-from too; --ca-from alone is a usage error', async (t) => {
  const dir = t.testdir({ 'user.key': rsaKeyPem('rsa-2048-2') });
  const at = (n: string) => join(dir, n);
  const fake = cluster({ pem: served.caCertPem });
  fake.add(csrFor('jane', { key: 'rsa-2048-2' }));
  fake.setCondition('jane', 'Approved');
  fake.issue('jane');
  const r = await runIn(fake, ['fetch', 'jane', '-O', at('jane.crt'), '--key', at('user.key'), '--kubeconfig-out', at('jane.kubeconfig'), '--ca-from', 'trust-bundle']);
  t.equal(r.code, 0, r.stderr);
  t.equal(written(at('jane.kubeconfig')).ca, `${served.caCertPem.trim()}\n`);
  t.match(r.stderr, PUBLISHED);
  writeFileSync(at('x.key'), rsaKeyPem('rsa-2048-2'));
  for (const argv of [['fetch', 'jane', '--ca-from', 'auto'], ['request', 'x', '--key', at('x.key'), '--ca-from', 'trust-bundle'], ['request', 'x', '--kubeconfig-out', at('x.kc'), '--ca-from', 'bundle']]) {
    const usage = await runIn(fake, argv);
    t.equal(usage.code, 2, `${argv.join(' ')}: ${usage.stderr}`);
  }
  t.match((await runIn(fake, ['fetch', 'jane', '--ca-from', 'auto'])).stderr, 'error: --ca-from chooses the CA of the kubeconfig --kubeconfig-out writes: it needs --kubeconfig-out\n');
});
