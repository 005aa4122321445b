// ClusterTrustBundle and PodCertificateRequest as they travel on the wire (certificates.k8s.io v1 in 1.37, v1beta1
// behind gates in 1.35 and 1.36, v1alpha1 in 1.34 for pod certificates; staging/src/k8s.io/api/certificates): our
// own narrow types, so that `inspect -f` reads them without the Kubernetes client.

export interface ObjectMeta {
  name?: string;
  namespace?: string;
  uid?: string;
  creationTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface ClusterTrustBundle {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec: {
    /** Empty for a bundle linked to no signer. */
    signerName?: string;
    /** PEM CERTIFICATE blocks, each a CA (the server checks basicConstraints CA:TRUE). */
    trustBundle: string;
  };
}

/** metav1.Condition: Issued, Denied or Failed (at most one, status "True"), set by the signer via /status. */
export interface PodCertificateCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  observedGeneration?: number;
}

export interface PodCertificateRequest {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec: {
    signerName: string;
    podName: string;
    podUID: string;
    serviceAccountName: string;
    serviceAccountUID: string;
    nodeName: string;
    nodeUID: string;
    maxExpirationSeconds?: number;
    /** base64 DER PKCS#10 (1.36 v1beta1 and v1); the only key field in v1. */
    stubPKCS10Request?: string;
    /** base64 DER SubjectPublicKeyInfo, with a proof of possession over the pod UID (v1alpha1, v1beta1; deprecated in 1.36). */
    pkixPublicKey?: string;
    proofOfPossession?: string;
    unverifiedUserAnnotations?: Record<string, string>;
  };
  status?: {
    conditions?: PodCertificateCondition[];
    /** PEM CERTIFICATE blocks, leaf first. */
    certificateChain?: string;
    notBefore?: string;
    beginRefreshAt?: string;
    notAfter?: string;
  };
}

export const CERTIFICATES_GROUP = 'certificates.k8s.io';

/** The versions this tool reads, most preferred first (GA before beta before alpha, as kubectl's RESTMapper prefers). */
export const READ_VERSIONS = ['v1', 'v1beta1', 'v1alpha1'] as const;
export type CertificatesVersion = (typeof READ_VERSIONS)[number];

export type CertificatesResource = 'clustertrustbundles' | 'podcertificaterequests';

/**
 * The signer of kube-apiserver's serving certificates: the kube-controller-manager's
 * kube-apiserver-serving-clustertrustbundle-publisher-controller publishes its CA as bundles of this signer, named
 * `kubernetes.io:kube-apiserver-serving:<hash>` (pkg/controller/certificates/clustertrustbundlepublisher).
 */
export const KUBE_APISERVER_SERVING = 'kubernetes.io/kube-apiserver-serving';

export function isClusterTrustBundle(o: { apiVersion?: string; kind?: string }): boolean {
  return o.kind === 'ClusterTrustBundle' && isCertificatesApiVersion(o.apiVersion);
}

export function isPodCertificateRequest(o: { apiVersion?: string; kind?: string }): boolean {
  return o.kind === 'PodCertificateRequest' && isCertificatesApiVersion(o.apiVersion);
}

function isCertificatesApiVersion(apiVersion: string | undefined): boolean {
  return (READ_VERSIONS as readonly string[]).some((v) => apiVersion === `${CERTIFICATES_GROUP}/${v}`);
}
