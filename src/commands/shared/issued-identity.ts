// After issuance: the certificate must be for the identity that was requested and approved (issue 21). Both are read
// the one way Kubernetes reads them (pki/go-name.ts): a signer that rewrote the subject, or a request whose subject
// meant something else to it, would otherwise hand out an identity nobody reviewed, and a certificate cannot be
// revoked. Group order is not compared: Go's signer re-encodes the O values as one SET, which DER sorts.
import { CliError, ExitCode } from '../../errors.js';
import { decodeCertificateField, decodeRequestField } from '../../kube/csr-request.js';
import type { Csr } from '../../kube/csr.js';
import type { DistinguishedName } from '../../pki/types.js';
import { subjectText } from '../../output/subject-text.js';

export class IdentityMismatchError extends CliError {
  override name = 'IdentityMismatchError';
  constructor(message: string) {
    super(message, ExitCode.identityMismatch);
  }
}

/** Throws an IdentityMismatchError when the issued certificate's identity is not the requested one. */
export function checkIssuedIdentity(csr: Csr): void {
  const requested = decodeRequestField(csr).subject;
  const [leaf] = decodeCertificateField(csr);
  if (!leaf) return;
  if (sameIdentity(requested, leaf.subject, csr.spec.signerName)) return;
  throw new IdentityMismatchError(
    `the certificate issued for "${csr.metadata.name ?? ''}" is for ${subjectText(leaf.subject)}, not the ${subjectText(requested)} that was requested: do not use it`,
  );
}

export function sameIdentity(requested: DistinguishedName, issued: DistinguishedName, signerName: string): boolean {
  const sorted = (groups: string[]) => JSON.stringify([...groups].sort());
  // The kube-controller-manager signs with Go's pkix.Name.ToRDNSequence, which writes only the named fields (CN, O,
  // OU, C, L, ST, street, postal code, serial number): a UID asked for is dropped by every kubernetes.io/ signer.
  const uidDropped = signerName.startsWith('kubernetes.io/') && issued.uid === null;
  return (
    (requested.commonName ?? '') === (issued.commonName ?? '') &&
    sorted(requested.organizations) === sorted(issued.organizations) &&
    (requested.uid === issued.uid || uidDropped)
  );
}
