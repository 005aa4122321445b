// The line fetch, request and renew print (stderr) once a certificate is issued: the name kube-apiserver will log
// its requests under, so that an admin can find them in the audit log before anyone has used the certificate.
import type { DecodedCertificate } from '../pki/types.js';

export function credentialIdLine(certificate: DecodedCertificate): string {
  return `credential ID ${certificate.credentialId} (audit events and kubectl auth whoami name the certificate so)\n`;
}
