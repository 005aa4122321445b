// The CertificateSigningRequest as it travels on the wire (certificates.k8s.io/v1, JSON field names), and the
// facts kubectl derives from it. Our own narrow type, so that offline commands never load @kubernetes/client-node.
import { compareBytes } from '../util/compare-bytes.js';

export interface CsrCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastUpdateTime?: string;
  lastTransitionTime?: string;
}

export interface Csr {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name?: string;
    generateName?: string;
    uid?: string;
    resourceVersion?: string;
    creationTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec: {
    /** base64 of the PEM "CERTIFICATE REQUEST". */
    request: string;
    signerName: string;
    usages?: string[];
    expirationSeconds?: number;
    username?: string;
    uid?: string;
    groups?: string[];
    extra?: Record<string, string[]>;
  };
  status?: {
    conditions?: CsrCondition[];
    /** base64 of one or more PEM "CERTIFICATE" blocks. */
    certificate?: string;
  };
}

export const CSR_API_VERSION = 'certificates.k8s.io/v1';
export const CSR_KIND = 'CertificateSigningRequest';

export function hasCondition(csr: Csr, type: string): boolean {
  return (csr.status?.conditions ?? []).some((c) => c.type === type && c.status !== 'False');
}

export function findCondition(csr: Csr, type: string): CsrCondition | undefined {
  return (csr.status?.conditions ?? []).find((c) => c.type === type);
}

/** Pending as kubectl shows it: neither Approved nor Denied (a Failed CSR was approved first). */
export function isPending(csr: Csr): boolean {
  return !hasCondition(csr, 'Approved') && !hasCondition(csr, 'Denied');
}

/** The order kubectl get lists in: by name, byte by byte (util/compare-bytes.ts). */
export function byName(a: Csr, b: Csr): number {
  return compareBytes(a.metadata.name ?? '', b.metadata.name ?? '');
}

/**
 * kubectl's CONDITION column (pkg/printers/internalversion/printers.go): Denied, else Approved, else Pending;
 * then ",Failed" if that condition exists and ",Issued" when status.certificate is set.
 */
export function conditionText(csr: Csr): string {
  let text = hasCondition(csr, 'Denied') ? 'Denied' : hasCondition(csr, 'Approved') ? 'Approved' : 'Pending';
  if (hasCondition(csr, 'Failed')) text += ',Failed';
  if (csr.status?.certificate) text += ',Issued';
  return text;
}

/** kubectl's resource name for CSRs, as its "resource/name" lines print it. */
export const CSR_RESOURCE = 'certificatesigningrequest.certificates.k8s.io';
