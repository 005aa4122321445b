// The stable, documented structure that `inspect -o json|yaml` prints (docs/list-and-inspect.md "inspect").
// Dates are RFC 3339 strings; nothing here holds key material beyond public keys' fingerprints.
import { rfc3339 } from '../util/time-text.js';
import type { DecodedCertificate, DecodedRequest, DistinguishedName, PublicKeyInfo, SubjectAltNames, SubjectProblem } from '../pki/types.js';
import { isExpired, isNotYetValid, validityText } from '../pki/validity.js';
import { conditionText, type Csr, type CsrCondition } from '../kube/csr.js';
import type { Finding } from '../policy/finding.js';
import type { Access } from '../policy/access.js';

export interface NameView {
  text: string;
  commonName: string | null;
  organizations: string[];
  organizationalUnits: string[];
  /** The UID the API server takes from the subject (1.3.6.1.4.1.57683.2), or null. */
  uid: string | null;
  attributes: { type: string; value: string }[];
}

export interface KeyView {
  algorithm: string;
  bits: number | null;
  curve: string | null;
  sha256: string;
}

export interface RequestView {
  subject: NameView;
  /** Only when Go's reading of the subject and a generous one differ (pki/go-name.ts): what, and the generous one. */
  subjectProblems?: { problems: SubjectProblem[]; readGenerously: string };
  sans: SubjectAltNames;
  publicKey: KeyView;
  signatureAlgorithm: string;
  signatureValid: boolean;
  extensions: { name: string; oid: string; critical: boolean }[];
  keyUsage: string[];
  extendedKeyUsage: string[];
}

export interface CertificateView {
  subject: NameView;
  issuer: NameView;
  serial: string;
  notBefore: string;
  notAfter: string;
  expired: boolean;
  /** notBefore is still to come: not valid now, whatever notAfter says. */
  notYetValid: boolean;
  /** "expires in 364d", "expired 2d3h ago", or "not valid for another 4y". */
  validity: string;
  sans: SubjectAltNames;
  keyUsage: string[];
  extendedKeyUsage: string[];
  isCA: boolean;
  fingerprintSha256: string;
  /** "X509SHA256=<lower-case hex>": the certificate's credential ID in audit events and `kubectl auth whoami`. */
  credentialId: string;
  publicKey: KeyView;
  signatureAlgorithm: string;
}

export interface CsrView {
  kind: 'CertificateSigningRequest';
  name: string | null;
  created: string | null;
  signerName: string;
  usages: string[];
  expirationSeconds: number | null;
  requestor: { username: string | null; uid: string | null; groups: string[] };
  /** kubectl's CONDITION column: Pending, Approved, Denied, then ",Failed" and ",Issued". */
  condition: string;
  conditions: CsrCondition[];
  request: RequestView;
  /** The issued chain, leaf first; null while none is issued. */
  certificates: CertificateView[] | null;
  /** Whether the issued certificate carries the request's public key; null while none is issued. */
  certificateMatchesRequest: boolean | null;
  /** Policy findings (docs/policy.md); "offline" when read from a file, without RBAC and Node checks. */
  policy: { scope: 'offline' | 'cluster'; findings: Finding[] };
  /** What an approval grants (docs/commands.md "What an approval grants"); absent offline. */
  access?: Access;
}

export type InspectView =
  | {
      kind: 'CertificateRequest';
      request: RequestView;
      /** A bare request names no signer: judged as a CSR for `signerName` with its default usages would be. */
      policy: { scope: 'offline'; signerName: string; findings: Finding[] };
    }
  | { kind: 'CertificateChain'; certificates: CertificateView[] }
  | CsrView;

export function nameView(name: DistinguishedName): NameView {
  return {
    text: name.text,
    commonName: name.commonName,
    organizations: name.organizations,
    organizationalUnits: name.organizationalUnits,
    uid: name.uid,
    attributes: name.attributes.map(({ type, value }) => ({ type, value })),
  };
}

export function keyView(key: PublicKeyInfo): KeyView {
  return { algorithm: key.algorithm, bits: key.bits, curve: key.curve, sha256: key.sha256 };
}

export function requestView(req: DecodedRequest): RequestView {
  return {
    subject: nameView(req.subject),
    ...(req.subject.problems.length ? { subjectProblems: { problems: req.subject.problems, readGenerously: req.subject.rawText } } : {}),
    sans: req.sans,
    publicKey: keyView(req.publicKey),
    signatureAlgorithm: req.signatureAlgorithm,
    signatureValid: req.signatureValid,
    extensions: req.extensions.map(({ name, oid, critical }) => ({ name, oid, critical })),
    keyUsage: req.keyUsage,
    extendedKeyUsage: req.extendedKeyUsage,
  };
}

export function certificateView(cert: DecodedCertificate, now: Date): CertificateView {
  return {
    subject: nameView(cert.subject),
    issuer: nameView(cert.issuer),
    serial: cert.serial,
    notBefore: rfc3339(cert.notBefore),
    notAfter: rfc3339(cert.notAfter),
    expired: isExpired(cert.notAfter, now),
    notYetValid: isNotYetValid(cert.notBefore, now),
    validity: validityText(cert.notAfter, now, cert.notBefore),
    sans: cert.sans,
    keyUsage: cert.keyUsage,
    extendedKeyUsage: cert.extendedKeyUsage,
    isCA: cert.isCA,
    fingerprintSha256: cert.fingerprintSha256,
    credentialId: cert.credentialId,
    publicKey: keyView(cert.publicKey),
    signatureAlgorithm: cert.signatureAlgorithm,
  };
}

export function csrView(csr: Csr, req: DecodedRequest, chain: DecodedCertificate[] | null, findings: Finding[], now: Date): CsrView {
  return {
    kind: 'CertificateSigningRequest',
    name: csr.metadata.name ?? csr.metadata.generateName ?? null,
    created: csr.metadata.creationTimestamp ?? null,
    signerName: csr.spec.signerName,
    usages: csr.spec.usages ?? [],
    expirationSeconds: csr.spec.expirationSeconds ?? null,
    requestor: { username: csr.spec.username ?? null, uid: csr.spec.uid ?? null, groups: csr.spec.groups ?? [] },
    condition: conditionText(csr),
    conditions: csr.status?.conditions ?? [],
    request: requestView(req),
    certificates: chain ? chain.map((c) => certificateView(c, now)) : null,
    certificateMatchesRequest: chain && chain.length > 0 ? chain[0]!.publicKey.sha256 === req.publicKey.sha256 : null,
    policy: { scope: 'offline', findings },
  };
}
