// podcerts' table, describe text and notes, from requests built here: keys from a stub PKCS#10 request (v1) or a
// PKIX public key (v1beta1), an issued chain, a denial, and pending ones of every age and with pods gone or replaced.
import t from 'tap';
import { createHash, createPublicKey, X509Certificate } from 'node:crypto';
import { describePodCertificate, podCertificateNotes, podCertificateRow, podCertificateView, POD_CERTIFICATE_HEAD } from '../../src/output/pod-certificate-view.js';
import type { PodCertificateRequest } from '../../src/kube/certificates-objects.js';
import { createRequest } from '../../src/pki/create-request.js';
import { generateKey, rsaKeyPem } from '../fixtures/pki/keys.js';
import { makeTestCa, signClientCertificate } from '../fixtures/pki/sign-certificate.js';

const NOW = new Date('2026-06-01T12:00:00Z');
const MIN = 60_000;
const key = generateKey('ecdsa-p256');
const spki = createPublicKey(key).export({ type: 'spki', format: 'der' });
const stubDer = Buffer.from(createRequest({ key, commonName: 'web-0' }).replace(/-----[^-]+-----|\s/g, ''), 'base64');

function pcr(name: string, createdMinutesAgo: number, extra: { spec?: Partial<PodCertificateRequest['spec']>; status?: PodCertificateRequest['status'] } = {}): PodCertificateRequest {
  return {
    apiVersion: 'certificates.k8s.io/v1',
    kind: 'PodCertificateRequest',
    metadata: { name, namespace: 'shop', creationTimestamp: new Date(NOW.getTime() - createdMinutesAgo * MIN).toISOString().replace('.000', '') },
    spec: {
      signerName: 'example.com/pods', podName: 'web-0', podUID: 'pod-uid-1', serviceAccountName: 'web', serviceAccountUID: 'sa-uid',
      nodeName: 'node-a', nodeUID: 'node-uid', maxExpirationSeconds: 86400, stubPKCS10Request: stubDer.toString('base64'), ...extra.spec,
    },
    ...(extra.status ? { status: extra.status } : {}),
  };
}

t.test('a pending request: the key from the stub, and why it is stuck', async (t) => {
  const v = podCertificateView(pcr('web-0-a', 3), NOW);
  t.equal(v.state, 'Pending');
  t.equal(v.keyFrom, 'stubPKCS10Request');
  t.equal(v.publicKey?.sha256, createHash('sha256').update(spki).digest('hex'));
  t.equal(v.request?.subject.commonName, 'web-0');
  t.same(podCertificateNotes(v, NOW, { exists: true, uid: 'pod-uid-1' }), [
    'no signer has acted: nothing has set Issued, Denied or Failed; the controller of signer example.com/pods must (there is no approval step), and until then the pod does not start',
    'the kube-controller-manager deletes it in 12m, 15 minutes after its creation (podcertificaterequest-cleaner)',
  ]);
  t.match(podCertificateNotes(v, NOW, { exists: false, uid: null })[1], 'pod shop/web-0 is gone: nothing will mount this certificate');
  t.match(podCertificateNotes(v, NOW, { exists: true, uid: 'pod-uid-2' })[1], 'is another pod now (UID pod-uid-2, not pod-uid-1)');
  t.equal(podCertificateNotes(v, NOW, null).length, 2, 'nothing said about a pod we could not read');
  const old = podCertificateView(pcr('web-0-old', 20), NOW);
  t.match(podCertificateNotes(old, NOW, null)[1], /^older than 15 minutes/);
  const text = describePodCertificate(v, NOW, podCertificateNotes(v, NOW, null));
  t.match(text, /^Name:\s+web-0-a\nNamespace:\s+shop\nCreated:\s+Jun 01, 2026 11:57 UTC \(3m ago\)\nSigner:\s+example\.com\/pods\nPod:\s+web-0 \(UID pod-uid-1\)\n/);
  t.match(text, /Key:\s+ECDSA P-256 \(from spec\.stubPKCS10Request\)\n/);
  t.match(text, /Max expiration:\s+24h \(86400s\)\n/);
  t.match(text, /Stub request:\n {2}Subject:\s+CN=web-0\n {2}Signature:\s+valid\n/);
  t.match(text, /Certificate: {2}<not issued>\n\nNotes:\n {2}no signer has acted/);
});

t.test('an issued request: the chain, its times, whether it carries the key', async (t) => {
  const ca = makeTestCa('pods-ca', rsaKeyPem('rsa-2048-1'));
  const leaf = signClientCertificate({ ...ca, keyPem: rsaKeyPem('rsa-2048-2'), commonName: 'web-0', notBefore: NOW, notAfter: new Date(NOW.getTime() + 1440 * MIN) });
  const leafKey = createPublicKey(rsaKeyPem('rsa-2048-2')).export({ type: 'spki', format: 'der' });
  const status = {
    conditions: [{ type: 'Issued', status: 'True', reason: 'Signed', message: 'ok', lastTransitionTime: '2026-06-01T12:00:00Z' }],
    certificateChain: leaf.certificatePem + ca.caCertPem,
    notBefore: '2026-06-01T12:00:00Z', beginRefreshAt: '2026-06-02T00:00:00Z', notAfter: '2026-06-02T12:00:00Z',
  };
  const v = podCertificateView(pcr('web-0-b', 1, { spec: { stubPKCS10Request: undefined, pkixPublicKey: leafKey.toString('base64'), proofOfPossession: 'AA==' }, status }), NOW);
  t.equal(v.state, 'Issued');
  t.equal(v.keyFrom, 'pkixPublicKey');
  t.equal(v.certificateMatchesKey, true);
  t.equal(v.certificates?.length, 2);
  t.equal(v.certificates?.[0]?.fingerprintSha256, new X509Certificate(leaf.certificatePem).fingerprint256);
  const notes = podCertificateNotes(v, NOW, { exists: true, uid: 'pod-uid-1' });
  t.same(notes, ['the kube-controller-manager deletes it in 14m, 15 minutes after its creation (podcertificaterequest-cleaner)']);
  const text = describePodCertificate(v, NOW, notes);
  t.match(text, /State:\s+Issued \(Signed\)\nMessage:\s+ok\nNot before:\s+Jun 01, 2026 12:00 UTC \(in 0s\)\nBegin refresh at:\s+Jun 02, 2026 00:00 UTC \(in 12h\)\nNot after:\s+Jun 02, 2026 12:00 UTC \(in 24h\)\n/);
  t.match(text, /Key:\s+RSA 2048 bits \(from spec\.pkixPublicKey\)\n/);
  t.match(text, /Certificate:\n {2}Subject:\s+CN=web-0\n {2}Issuer:\s+CN=pods-ca\n[^]*Matches key:\s+yes\n\nChain certificate 2:\n {2}Subject:\s+CN=pods-ca\n/);
  const other = podCertificateView(pcr('web-0-c', 1, { status }), NOW);
  t.equal(other.certificateMatchesKey, false, 'a chain for another key');
  t.match(describePodCertificate(other, NOW, []), /Matches key:\s+NO: the certificate does not carry the requested key\n/);
});

t.test('denied and failed requests, and what cannot be decoded', async (t) => {
  const denied = podCertificateView(pcr('web-0-d', 2, { status: { conditions: [{ type: 'Denied', status: 'True', reason: 'UnsupportedKeyType', message: 'use ED25519' }] } }), NOW);
  t.equal(denied.state, 'Denied');
  t.equal(podCertificateNotes(denied, NOW, null)[0], 'the signer denied it (UnsupportedKeyType: use ED25519); the kubelet will not mount a certificate from it');
  const failed = podCertificateView(pcr('web-0-f', 2, { status: { conditions: [{ type: 'Failed', status: 'True' }] } }), NOW);
  t.equal(podCertificateNotes(failed, NOW, null)[0], 'the signer failed it; the kubelet will not mount a certificate from it');
  const broken = podCertificateView(pcr('web-0-x', 2, { spec: { stubPKCS10Request: 'AAAA' }, status: { certificateChain: 'junk' } }), NOW);
  t.equal(broken.publicKey, null);
  t.equal(broken.problems.length, 2);
  t.match(broken.problems[0], /^spec\.stubPKCS10Request: /);
  t.match(broken.problems[1], /^status\.certificateChain: not an X\.509 certificate/);
  const none = podCertificateView(pcr('web-0-y', 2, { spec: { stubPKCS10Request: undefined } }), NOW);
  t.same(none.problems, ['neither spec.stubPKCS10Request nor spec.pkixPublicKey is set']);
  const table = [POD_CERTIFICATE_HEAD, ...[denied, failed, broken].map((v) => podCertificateRow(v, NOW))];
  t.same(table, [
    ['NAME', 'NAMESPACE', 'POD', 'NODE', 'SIGNER', 'KEY TYPE', 'STATE', 'AGE'],
    ['web-0-d', 'shop', 'web-0', 'node-a', 'example.com/pods', 'ECDSA P-256', 'Denied', '2m'],
    ['web-0-f', 'shop', 'web-0', 'node-a', 'example.com/pods', 'ECDSA P-256', 'Failed', '2m'],
    ['web-0-x', 'shop', 'web-0', 'node-a', 'example.com/pods', '<invalid>', 'Pending', '2m'],
  ]);
});
