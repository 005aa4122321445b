// list -o wide's cells after the subject: SANS, USAGES and EXPIRES. A module of their own, loaded by list only for
// -o wide (commands/list.ts): EXPIRES reads the issued certificate, which brings the certificate module, node-forge's
// ASN.1 and the describe texts, and a plain table needs none of it before its first row (issue 26).
import type { Csr } from '../kube/csr.js';
import { readRequestSans } from '../pki/request-subject.js';
import { sanText } from './describe.js';
import { certificateExpiresCell } from './certificate-expires.js';

/** The wide cells of a row; `der`: the request, when it decodes (undefined: `<invalid>` SANs). */
export type WideCells = (csr: Csr, der: Buffer | undefined, now: Date) => string[];

export const wideCells: WideCells = (csr, der, now) => {
  let sans = '<invalid>';
  try {
    if (der) sans = sanText(readRequestSans(der)).replaceAll(', ', ',');
  } catch {
    // an undecodable request still gets its row
  }
  return [sans, (csr.spec.usages ?? []).join(',') || '<none>', certificateExpiresCell(csr, now)];
};
