import { createHash } from 'node:crypto';

/**
 * The credential ID kube-apiserver gives a client certificate: "X509SHA256=" and the lower-case hex SHA-256 of its
 * DER (k8s.io/apiserver pkg/authentication/request/x509/x509.go, CommonNameUserConversion, 1.34 to 1.37). It is the
 * user's extra "authentication.kubernetes.io/credential-id" in audit events and in `kubectl auth whoami -o json`,
 * so it finds a certificate's requests in the audit log.
 */
export function credentialId(der: Buffer): string {
  return `X509SHA256=${createHash('sha256').update(der).digest('hex')}`;
}
