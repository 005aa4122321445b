// list -o wide's EXPIRES: how long the issued certificate has left ("23h", "364d"), EXPIRED once it has run out, and
// <none> until one is issued; NOT YET VALID before its NotBefore, not the years until its NotAfter.
import type { Csr } from '../kube/csr.js';
import { parseCertificates } from '../pki/certificate.js';
import { humanDuration } from '../pki/duration.js';
import { isNotYetValid } from '../pki/validity.js';

export function certificateExpiresCell(csr: Csr, now: Date): string {
  const encoded = csr.status?.certificate;
  if (!encoded) return '<none>';
  try {
    const [leaf] = parseCertificates(Buffer.from(encoded, 'base64').toString('latin1'));
    if (isNotYetValid(leaf!.notBefore, now)) return 'NOT YET VALID';
    const left = leaf!.notAfter.getTime() - now.getTime();
    return left > 0 ? humanDuration(left) : 'EXPIRED';
  } catch {
    return '<invalid>';
  }
}
