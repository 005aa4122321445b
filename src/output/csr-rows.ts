// The rows of `list`: kubectl get csr's columns, then the decoded subject (and with -o wide, SANs, usages and when
// the issued certificate expires: csr-wide-cells.ts, loaded for -o wide only).
import { conditionText, type Csr } from '../kube/csr.js';
import { humanDuration } from '../pki/duration.js';
import { readRequestSubject, requestDer } from '../pki/request-subject.js';
import { printable } from '../util/printable.js';
import { subjectText } from './subject-text.js';
import type { WideCells } from './csr-wide-cells.js';

export const HEAD = ['NAME', 'AGE', 'SIGNERNAME', 'REQUESTOR', 'REQUESTEDDURATION', 'CONDITION', 'SUBJECT'];
export const WIDE_HEAD = ['SANS', 'USAGES', 'EXPIRES'];

/** pkg/printers/internalversion/printers.go printCertificateSigningRequest, then what the request asks for; `wide`: -o wide's cells too. */
export function csrRow(csr: Csr, now: Date, wide?: WideCells): string[] {
  const created = Date.parse(csr.metadata.creationTimestamp ?? '');
  const age = Number.isFinite(created) ? humanDuration(Math.max(now.getTime() - created, 0)) : '<unknown>';
  const duration = csr.spec.expirationSeconds ? humanDuration(csr.spec.expirationSeconds * 1000) : '<none>';
  const cells = [csr.metadata.name ?? '', age, csr.spec.signerName, csr.spec.username ?? '', duration, conditionText(csr)];
  let subject = '<invalid>';
  let der: Buffer | undefined;
  try {
    // Only what a row shows, read in place: checking the signature and decoding the key of every CSR in the cluster
    // cost more than the rest of `list` together, and so did building node-forge trees for the rest (BENCHMARKS.md).
    const request = requestDer(csr.spec.request);
    subject = subjectText(readRequestSubject(request));
    der = request;
  } catch {
    // an undecodable request still gets its row
  }
  cells.push(subject);
  if (wide) cells.push(...wide(csr, der, now));
  return cells.map(printable); // subjects and requestors come from others
}
