// Reads ClusterTrustBundle and PodCertificateRequest objects from YAML or JSON (what `kubectl get … -o yaml|json`
// writes, also in a List), for `inspect -f`, offline. As for CSRs (csr-document.ts), only the fields we read are
// copied, each checked for its type, paid for from the file's budget.
import { defined, DocumentError, isObject, loadDocuments, optionalObject, Reader } from './csr-document.js';
import { isClusterTrustBundle, isPodCertificateRequest, type ClusterTrustBundle, type ObjectMeta, type PodCertificateRequest } from './certificates-objects.js';

const KIND = /^\s*"?kind"?\s*:\s*"?(ClusterTrustBundle|PodCertificateRequest)"?\s*,?\s*$/m;

/** Whether a text names one of these kinds; then parseCertificatesDocuments reads it, or says why it cannot. */
export function looksLikeCertificatesObject(bytes: Buffer): boolean {
  if (bytes[0] === 0x30) return false; // DER
  const text = bytes.toString('utf8');
  // A PEM file has its BEGIN lines at the start of a line; in YAML or JSON the PEM of a trustBundle or
  // certificateChain is indented (a block scalar) or inside a string.
  return !/^-----BEGIN /m.test(text) && KIND.test(text);
}

export type CertificatesObject = (ClusterTrustBundle & { kind: 'ClusterTrustBundle' }) | (PodCertificateRequest & { kind: 'PodCertificateRequest' });

export function parseCertificatesDocuments(text: string): CertificatesObject[] {
  const docs = loadDocuments(text);
  return docs.map((doc) => {
    if (!isObject(doc)) throw new DocumentError('is not a YAML/JSON object');
    const kind = doc as { apiVersion?: string; kind?: string };
    const read = new Reader(docs.budget);
    if (isClusterTrustBundle(kind)) return toBundle(doc, read);
    if (isPodCertificateRequest(kind)) return toPodCertificate(doc, read);
    throw new DocumentError(`holds a ${String(kind.kind)} (${String(kind.apiVersion)}), not a certificates.k8s.io ClusterTrustBundle or PodCertificateRequest`);
  });
}

function meta(doc: Record<string, unknown>, read: Reader): ObjectMeta {
  const m = optionalObject(doc.metadata, 'metadata') ?? {};
  return defined({
    name: read.string(m.name, 'metadata.name'),
    namespace: read.string(m.namespace, 'metadata.namespace'),
    uid: read.string(m.uid, 'metadata.uid'),
    creationTimestamp: read.time(m.creationTimestamp, 'metadata.creationTimestamp'),
  });
}

function toBundle(doc: Record<string, unknown>, read: Reader): CertificatesObject {
  const spec = optionalObject(doc.spec, 'spec');
  const trustBundle = spec && read.string(spec.trustBundle, 'spec.trustBundle');
  if (!trustBundle) throw new DocumentError('has no spec.trustBundle');
  return {
    apiVersion: doc.apiVersion as string,
    kind: 'ClusterTrustBundle',
    metadata: meta(doc, read),
    spec: defined({ signerName: read.string(spec.signerName, 'spec.signerName'), trustBundle }),
  };
}

function toPodCertificate(doc: Record<string, unknown>, read: Reader): CertificatesObject {
  const spec = optionalObject(doc.spec, 'spec');
  if (!spec) throw new DocumentError('has no spec');
  const required = (field: string) => {
    const value = read.string(spec[field], `spec.${field}`);
    if (value === undefined) throw new DocumentError(`has no spec.${field}`);
    return value;
  };
  const max = spec.maxExpirationSeconds;
  if (max !== undefined && max !== null && !(typeof max === 'number' && Number.isInteger(max) && max > 0)) {
    throw new DocumentError('has a spec.maxExpirationSeconds that is not a whole number of seconds');
  }
  const status = optionalObject(doc.status, 'status');
  return {
    apiVersion: doc.apiVersion as string,
    kind: 'PodCertificateRequest',
    metadata: meta(doc, read),
    spec: defined({
      signerName: required('signerName'),
      podName: required('podName'),
      podUID: required('podUID'),
      serviceAccountName: required('serviceAccountName'),
      serviceAccountUID: required('serviceAccountUID'),
      nodeName: required('nodeName'),
      nodeUID: required('nodeUID'),
      maxExpirationSeconds: typeof max === 'number' ? max : undefined,
      stubPKCS10Request: read.string(spec.stubPKCS10Request, 'spec.stubPKCS10Request'),
      pkixPublicKey: read.string(spec.pkixPublicKey, 'spec.pkixPublicKey'),
      proofOfPossession: read.string(spec.proofOfPossession, 'spec.proofOfPossession'),
    }),
    ...(status
      ? {
          status: defined({
            conditions: read.list(status.conditions, 'status.conditions', (c, field) => read.condition(c, field)),
            certificateChain: read.string(status.certificateChain, 'status.certificateChain'),
            notBefore: read.time(status.notBefore, 'status.notBefore'),
            beginRefreshAt: read.time(status.beginRefreshAt, 'status.beginRefreshAt'),
            notAfter: read.time(status.notAfter, 'status.notAfter'),
          }),
        }
      : {}),
  };
}
