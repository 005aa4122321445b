// The decoded shapes shared by the PKI core, the printers and the policy checks. Plain data only, so that
// `-o json|yaml` can print them as they are.

/** The key types `request --key-type` can generate. */
export type KeyType = 'rsa-2048' | 'rsa-3072' | 'rsa-4096' | 'ecdsa-p256' | 'ecdsa-p384' | 'ed25519';
export const KEY_TYPES: readonly KeyType[] = ['rsa-2048', 'rsa-3072', 'rsa-4096', 'ecdsa-p256', 'ecdsa-p384', 'ed25519'];

export interface NameAttribute {
  /** Short name as openssl prints it (CN, O, OU, C, ST, L, ...), or the dotted OID when unknown. */
  type: string;
  oid: string;
  value: string;
}

export interface DistinguishedName {
  /** In the order they appear in the encoding. */
  attributes: NameAttribute[];
  commonName: string | null;
  organizations: string[];
  organizationalUnits: string[];
  /** The UID the API server takes from attribute 1.3.6.1.4.1.57683.2 (Kubernetes 1.34+); null without a usable one. */
  uid: string | null;
  /** Where a generous reading and Go's differ, or Go would refuse the name (pki/go-name.ts); empty when they agree. */
  problems: SubjectProblem[];
  /** RFC 2253-like one-line form of what Go reads, in encoding order, e.g. "CN=jane, O=dev, O=ops". */
  text: string;
  /** The same form of every attribute as a generous reader decodes it (every string type, nothing dropped). */
  rawText: string;
}

export type SubjectProblemKind = 'ignored-type' | 'altered-value' | 'multiple-cn' | 'unusable-uid' | 'control-characters' | 'rejected-by-go';

export interface SubjectProblem {
  kind: SubjectProblemKind;
  /** What and where, e.g. `CN VisibleString "harmless"`. */
  detail: string;
}

export interface SubjectAltNames {
  dns: string[];
  /** IPv4 dotted, IPv6 in canonical compressed form. */
  ip: string[];
  email: string[];
  uri: string[];
}

export interface PublicKeyInfo {
  algorithm: 'RSA' | 'ECDSA' | 'Ed25519' | 'Ed448' | 'unknown';
  /** RSA modulus size, or the curve size for ECDSA (256/384/521), 256 for Ed25519. */
  bits: number | null;
  curve: 'P-256' | 'P-384' | 'P-521' | null;
  /** SHA-256 of the DER SubjectPublicKeyInfo, lowercase hex. Two keys match when these are equal. */
  sha256: string;
  /** PEM "PUBLIC KEY" (SPKI). */
  pem: string;
}

export interface Extension {
  oid: string;
  /** Friendly name (subjectAltName, keyUsage, extKeyUsage, basicConstraints, ...) or the OID. */
  name: string;
  critical: boolean;
}

export interface DecodedRequest {
  subject: DistinguishedName;
  sans: SubjectAltNames;
  publicKey: PublicKeyInfo;
  /** e.g. "sha256WithRSAEncryption", "ecdsa-with-SHA256", "ED25519", or the OID. */
  signatureAlgorithm: string;
  /** Extensions asked for in the extensionRequest attribute. */
  extensions: Extension[];
  /** Key usages and extended key usages asked for in the request, openssl wording ("Digital Signature", "TLS Web Client Authentication"). */
  keyUsage: string[];
  extendedKeyUsage: string[];
  signatureValid: boolean;
  /** The request re-encoded as PEM "CERTIFICATE REQUEST". */
  pem: string;
}

export interface DecodedCertificate {
  subject: DistinguishedName;
  issuer: DistinguishedName;
  /** Uppercase hex, colon separated, as openssl x509 -serial without the prefix. */
  serial: string;
  notBefore: Date;
  notAfter: Date;
  sans: SubjectAltNames;
  keyUsage: string[];
  extendedKeyUsage: string[];
  isCA: boolean;
  /** SHA-256 of the DER certificate, uppercase hex, colon separated (openssl x509 -fingerprint -sha256). */
  fingerprintSha256: string;
  /** What kube-apiserver names the certificate in audit events and `kubectl auth whoami`: "X509SHA256=<hex>". */
  credentialId: string;
  publicKey: PublicKeyInfo;
  signatureAlgorithm: string;
  pem: string;
}
