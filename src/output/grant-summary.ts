// One line on stderr before each approval of a CSR named on the command line: what is being granted, so that nobody
// approves blind (decide() calls back its caller, which prints it, just before it sends the condition).
import { humanDuration } from '../pki/duration.js';
import type { Csr } from '../kube/csr.js';
import { decodeRequestField } from '../kube/csr-request.js';
import { sanText } from './describe.js';
import { printable } from '../util/printable.js';

/** `access`: what RBAC gives the identity ("access=2 bindings, broadest …"), when it was read. */
export function grantSummary(csr: Csr, access?: string | null): string {
  const parts = [`approving ${csr.metadata.name}:`];
  try {
    const req = decodeRequestField(csr);
    parts.push(`CN=${req.subject.commonName ?? ''}`, `O=${req.subject.organizations.join(',') || '<none>'}`, ...(req.subject.uid ? [`UID=${req.subject.uid}`] : []), `SANs=${sanText(req.sans)}`);
  } catch (err) {
    parts.push(`request=<undecodable: ${(err as Error).message}>`);
  }
  parts.push(
    `signer=${csr.spec.signerName}`,
    `usages=${(csr.spec.usages ?? []).join(',') || '<none>'}`,
    `duration=${csr.spec.expirationSeconds ? humanDuration(csr.spec.expirationSeconds * 1000) : '<signer default>'}`,
    `requestor=${csr.spec.username ?? '<unknown>'}`,
  );
  if (access) parts.push(access);
  return printable(parts.join(' ')) + '\n'; // the subject and the requestor come from others
}
