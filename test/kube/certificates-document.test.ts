// inspect -f's reading of ClusterTrustBundle and PodCertificateRequest objects: only typed fields, in a List too,
// with one clear sentence for what does not fit.
import t from 'tap';
import { looksLikeCertificatesObject, parseCertificatesDocuments } from '../../src/kube/certificates-document.js';
import { DocumentError } from '../../src/kube/csr-document.js';

const BUNDLE = `apiVersion: certificates.k8s.io/v1beta1
kind: ClusterTrustBundle
metadata: {name: "example.com:s:v1", creationTimestamp: 2026-06-01T11:00:00Z, managedFields: [{manager: x}]}
spec: {signerName: example.com/s, trustBundle: "PEM"}
`;
const PCR = {
  apiVersion: 'certificates.k8s.io/v1', kind: 'PodCertificateRequest', metadata: { name: 'p', namespace: 'shop' },
  spec: { signerName: 's.io/x', podName: 'web-0', podUID: 'u1', serviceAccountName: 'web', serviceAccountUID: 'u2', nodeName: 'n', nodeUID: 'u3', maxExpirationSeconds: 86400, stubPKCS10Request: 'AAAA', extra: 'dropped' },
  status: { conditions: [{ type: 'Denied', status: 'True', reason: 'R', message: 'm', lastTransitionTime: '2026-06-01T12:00:00Z' }] },
};

t.test('objects are recognised and copied field by field', async (t) => {
  t.ok(looksLikeCertificatesObject(Buffer.from(BUNDLE)));
  t.ok(looksLikeCertificatesObject(Buffer.from(JSON.stringify(PCR, null, 2))));
  t.notOk(looksLikeCertificatesObject(Buffer.from('kind: CertificateSigningRequest\n')));
  const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
  t.ok(looksLikeCertificatesObject(Buffer.from(`${BUNDLE.replace('trustBundle: "PEM"}', '}')}  trustBundle: |\n${pem.replace(/^/gm, '    ')}`)), 'the PEM of kubectl get -o yaml, indented');
  t.ok(looksLikeCertificatesObject(Buffer.from(JSON.stringify({ ...PCR, status: { certificateChain: pem } }, null, 2))), 'the PEM in a JSON string');
  t.notOk(looksLikeCertificatesObject(Buffer.from(`kind: PodCertificateRequest\n${pem}`)), 'a PEM file, whatever text is around it');
  t.same(parseCertificatesDocuments(BUNDLE), [{
    apiVersion: 'certificates.k8s.io/v1beta1', kind: 'ClusterTrustBundle',
    metadata: { name: 'example.com:s:v1', creationTimestamp: '2026-06-01T11:00:00Z' },
    spec: { signerName: 'example.com/s', trustBundle: 'PEM' },
  }]);
  const [pcr] = parseCertificatesDocuments(JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [PCR] }));
  t.same(pcr, {
    apiVersion: 'certificates.k8s.io/v1', kind: 'PodCertificateRequest', metadata: { name: 'p', namespace: 'shop' },
    spec: { signerName: 's.io/x', podName: 'web-0', podUID: 'u1', serviceAccountName: 'web', serviceAccountUID: 'u2', nodeName: 'n', nodeUID: 'u3', maxExpirationSeconds: 86400, stubPKCS10Request: 'AAAA' },
    status: { conditions: [{ type: 'Denied', status: 'True', reason: 'R', message: 'm', lastTransitionTime: '2026-06-01T12:00:00Z' }] },
  });
});

t.test('what does not fit is one sentence', async (t) => {
  const fails = (text: string, message: RegExp) => t.throws(() => parseCertificatesDocuments(text), message instanceof RegExp ? { message } : message);
  fails('kind: ClusterTrustBundle\napiVersion: certificates.k8s.io/v1\nspec: {}\n', /^has no spec\.trustBundle$/);
  fails(JSON.stringify({ ...PCR, spec: { ...PCR.spec, podUID: undefined } }), /^has no spec\.podUID$/);
  fails(JSON.stringify({ ...PCR, spec: { ...PCR.spec, maxExpirationSeconds: 'a day' } }), /^has a spec\.maxExpirationSeconds that is not a whole number of seconds$/);
  fails(JSON.stringify({ ...PCR, spec: { ...PCR.spec, nodeName: 7 } }), /^has a spec\.nodeName that is not a string$/);
  fails('kind: ClusterTrustBundle\napiVersion: example.com/v1\n', /^holds a ClusterTrustBundle \(example\.com\/v1\), not a certificates\.k8s\.io ClusterTrustBundle or PodCertificateRequest$/);
  t.throws(() => parseCertificatesDocuments('- a\n'), DocumentError);
});
