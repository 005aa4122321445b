// The bundles table, describe text and expiry warnings, from bundles made with a throwaway CA at a fixed time.
import t from 'tap';
import { X509Certificate } from 'node:crypto';
import { BUNDLE_HEAD, describeTrustBundle, trustBundleRow, trustBundleView, trustBundleWarnings } from '../../src/output/trust-bundle-view.js';
import type { ClusterTrustBundle } from '../../src/kube/certificates-objects.js';
import { rsaKeyPem } from '../fixtures/pki/keys.js';
import { makeTestCa, signClientCertificate } from '../fixtures/pki/sign-certificate.js';

const NOW = new Date('2026-06-01T12:00:00Z');
const DAY = 86_400_000;
const ca = makeTestCa('bundle-ca', rsaKeyPem('rsa-2048-1'));
const soon = signClientCertificate({ ...ca, keyPem: rsaKeyPem('rsa-2048-2'), commonName: 'soon', notBefore: new Date(NOW.getTime() - DAY), notAfter: new Date(NOW.getTime() + 2 * DAY) });
const gone = signClientCertificate({ ...ca, keyPem: rsaKeyPem('rsa-2048-3'), commonName: 'gone', notBefore: new Date(NOW.getTime() - 9 * DAY), notAfter: new Date(NOW.getTime() - DAY) });
const bundle = (name: string, trustBundle: string, signerName?: string): ClusterTrustBundle => ({
  metadata: { name, creationTimestamp: '2026-06-01T11:00:00Z' },
  spec: { ...(signerName ? { signerName } : {}), trustBundle },
});
const fingerprint = (pem: string) => new X509Certificate(pem).fingerprint256;

t.test('the table: signer, count, earliest expiry, age', async (t) => {
  const views = [
    bundle('example.com:s:v1', soon.certificatePem + gone.certificatePem, 'example.com/s'),
    bundle('plain', soon.certificatePem),
    bundle('broken', 'not pem'),
  ].map((b) => trustBundleView(b, NOW));
  t.same([BUNDLE_HEAD, ...views.map((v) => trustBundleRow(v, NOW))], [
    ['NAME', 'SIGNER', 'CERTIFICATES', 'EARLIEST EXPIRY', 'AGE'],
    ['example.com:s:v1', 'example.com/s', '2', 'EXPIRED', '60m'],
    ['plain', '<none>', '1', '2d', '60m'],
    ['broken', '<none>', '<invalid>', '<none>', '60m'],
  ]);
  t.match(views[2]!.problem, /not an X\.509 certificate/);
});

t.test('describe: each certificate with its fingerprint and CA flags; warnings for the expired and the expiring', async (t) => {
  const v = trustBundleView(bundle('example.com:s:v1', ca.caCertPem + soon.certificatePem + gone.certificatePem, 'example.com/s'), NOW);
  const text = describeTrustBundle(v, NOW);
  t.match(text, /^Name:\s+example\.com:s:v1\nSigner:\s+example\.com\/s\nCreated:\s+Jun 01, 2026 11:00 UTC \(60m ago\)\nCertificates:\s+3\n/);
  t.match(text, /Certificate 1 of 3:\n {2}Subject:\s+CN=bundle-ca\n {2}Issuer:\s+CN=bundle-ca\n/);
  t.match(text, new RegExp(`SHA-256 fingerprint:\\s+${fingerprint(ca.caCertPem)}\\n`));
  t.match(text, new RegExp(`SHA-256 fingerprint:\\s+${fingerprint(soon.certificatePem)}\\n`));
  t.same(text.match(/^ {2}CA:\s+(yes|no)$/gm)?.map((l) => l.trim().split(/\s+/)[1]), ['yes', 'no', 'no']);
  t.same(trustBundleWarnings(v, NOW, 30 * DAY), [
    'certificate 2 (CN=soon) of bundle "example.com:s:v1" expires in 2d (Jun 03, 2026 12:00 UTC), within 30d',
    'certificate 3 (CN=gone) of bundle "example.com:s:v1" EXPIRED 24h ago (May 31, 2026 12:00 UTC)',
  ]);
  t.same(trustBundleWarnings(v, NOW, DAY), [trustBundleWarnings(v, NOW, 30 * DAY)[1]], 'the window is the caller\'s');
});
