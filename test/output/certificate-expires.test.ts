// list -o wide's EXPIRES cell, from the issued certificate.
import t from 'tap';
import { certificateExpiresCell } from '../../src/output/certificate-expires.js';
import type { Csr } from '../../src/kube/csr.js';
import { rsaKeyPem } from '../fixtures/pki/keys.js';
import { makeTestCa, signClientCertificate } from '../fixtures/pki/sign-certificate.js';

const NOW = new Date('2026-06-01T12:00:00Z');
const ca = makeTestCa(undefined, rsaKeyPem('rsa-2048-5'));
const csr = (certificate?: string): Csr => ({
  apiVersion: 'certificates.k8s.io/v1',
  kind: 'CertificateSigningRequest',
  metadata: { name: 'x' },
  spec: { request: '', signerName: 'kubernetes.io/kube-apiserver-client' },
  ...(certificate === undefined ? {} : { status: { certificate } }),
});
const issued = (notAfter: Date) =>
  Buffer.from(signClientCertificate({ ...ca, keyPem: rsaKeyPem('rsa-2048-1'), commonName: 'x', notBefore: new Date(NOW.getTime() - 86_400_000), notAfter }).certificatePem).toString('base64');

t.equal(certificateExpiresCell(csr(), NOW), '<none>', 'not issued');
t.equal(certificateExpiresCell(csr(issued(new Date(NOW.getTime() + 23 * 3600_000))), NOW), '23h');
t.equal(certificateExpiresCell(csr(issued(new Date(NOW.getTime() + 400 * 86_400_000))), NOW), '400d');
t.equal(certificateExpiresCell(csr(issued(new Date(NOW.getTime() - 60_000))), NOW), 'EXPIRED');
t.equal(certificateExpiresCell(csr('bm90IGEgY2VydGlmaWNhdGU='), NOW), '<invalid>', 'not a certificate');
const later = signClientCertificate({ ...ca, keyPem: rsaKeyPem('rsa-2048-1'), commonName: 'later', notBefore: new Date(NOW.getTime() + 4 * 365 * 86_400_000), notAfter: new Date(NOW.getTime() + 5 * 365 * 86_400_000) });
t.equal(certificateExpiresCell(csr(Buffer.from(later.certificatePem).toString('base64')), NOW), 'NOT YET VALID', 'never "4y" for a certificate that has not started');
