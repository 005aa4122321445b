// The rows of `list`: kubectl get csr's columns, then the decoded subject (and with -o wide, SANs and usages).
import { conditionText, type Csr } from '../kube/csr.js';
import { humanDuration } from '../pki/duration.js';
import { fromBase64 } from '../pki/sniff.js';
import { parseRequestNames, type RequestNames } from '../pki/request-names.js';
import { printable } from '../util/printable.js';
import { sanText } from './describe.js';
import { subjectText } from './subject-text.js';

export const HEAD = ['NAME', 'AGE', 'SIGNERNAME', 'REQUESTOR', 'REQUESTEDDURATION', 'CONDITION', 'SUBJECT'];
export const WIDE_HEAD = ['SANS', 'USAGES'];

/** pkg/printers/internalversion/printers.go printCertificateSigningRequest, then what the request asks for. */
export function csrRow(csr: Csr, now: Date, wide = false): string[] {
  const created = Date.parse(csr.metadata.creationTimestamp ?? '');
  const age = Number.isFinite(created) ? humanDuration(Math.max(now.getTime() - created, 0)) : '<unknown>';
  const duration = csr.spec.expirationSeconds ? humanDuration(csr.spec.expirationSeconds * 1000) : '<none>';
  const cells = [csr.metadata.name ?? '', age, csr.spec.signerName, csr.spec.username ?? '', duration, conditionText(csr)];
  let subject = '<invalid>';
  let sans = '<invalid>';
  try {
    const req = requestNames(csr);
    subject = subjectText(req.subject);
    sans = sanText(req.requested.sans).replaceAll(', ', ',');
  } catch {
    // an undecodable request still gets its row
  }
  cells.push(subject);
  if (wide) cells.push(sans, (csr.spec.usages ?? []).join(',') || '<none>');
  return cells.map(printable); // subjects and requestors come from others
}

/**
 * Only what a row shows. Checking the signature and decoding the key of every CSR in the cluster cost more than the
 * rest of `list` together (BENCHMARKS.md); `inspect` is where those are shown.
 */
function requestNames(csr: Csr): RequestNames {
  const sniffed = fromBase64(csr.spec.request);
  if (sniffed.type !== 'request') throw new Error('spec.request holds no CERTIFICATE REQUEST');
  return parseRequestNames(sniffed.der);
}
