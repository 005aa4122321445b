// What -i shows before it asks about one CSR: who asks, for what, what the checks found and what it would grant.
import type { Csr } from '../kube/csr.js';
import type { DecodedRequest } from '../pki/types.js';
import { humanDuration } from '../pki/duration.js';
import { sortFindings, type Finding } from '../policy/finding.js';
import { printable } from '../util/printable.js';
import { sanText } from './describe.js';
import { subjectText } from './subject-text.js';

export interface ReviewItem {
  csr: Csr;
  request: DecodedRequest | null;
  findings: Finding[];
  /** Block findings not overridden by --allow. */
  blockers: Finding[];
  /** Access lines; undefined: not shown. */
  access?: string[];
  /** "2/5" */
  position: string;
  now: Date;
}

export function reviewText(item: ReviewItem): string {
  const { csr, request } = item;
  const created = Date.parse(csr.metadata.creationTimestamp ?? '');
  const age = Number.isFinite(created) ? `, ${humanDuration(Math.max(item.now.getTime() - created, 0))} ago` : '';
  const groups = (csr.spec.groups ?? []).length ? ` (groups ${csr.spec.groups!.join(', ')})` : '';
  const rows: [string, string[]][] = [
    ['Requested by', [`${csr.spec.username ?? '<unknown>'}${groups}${age}`]],
    ['Subject', [request ? subjectText(request.subject) : '<undecodable request>']],
    ['SANs', [request ? sanText(request.sans) : '<unknown>']],
    ['Signer', [csr.spec.signerName]],
    ['Usages', [(csr.spec.usages ?? []).join(', ') || '<none>']],
    ['Duration', [csr.spec.expirationSeconds ? humanDuration(csr.spec.expirationSeconds * 1000) : '<signer default>']],
    ['Findings', item.findings.length ? sortFindings(item.findings).map((f) => `${label(f, item.blockers)} [${f.id}] ${f.message}`) : ['none']],
  ];
  if (item.access) rows.push(['Access', item.access]);
  const width = Math.max(...rows.map(([l]) => l.length)) + 2;
  const body = rows.flatMap(([l, values]) => values.map((v, i) => `  ${(i === 0 ? `${l}:` : '').padEnd(width)}${printable(v)}\n`)).join('');
  return `\n[${item.position}] ${printable(csr.metadata.name ?? '')}\n${body}`;
}

/** A block that --allow overrides reads "allowed", so the reviewer sees why "y" is enough. */
function label(f: Finding, blockers: Finding[]): string {
  if (f.severity === 'block') return blockers.includes(f) ? 'BLOCK' : 'allowed';
  return f.severity;
}
