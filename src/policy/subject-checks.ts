// The subject must mean one thing: Kubernetes reads it with Go (pki/go-name.ts), and every view here shows Go's
// reading, but a subject that a more generous reader (openssl, an older kubectl-csr, a reviewer's eye on the DER)
// would read differently is refused anyway (issue 21): the difference is what an attacker hides a CN or O behind.
import type { DecodedRequest, SubjectProblemKind } from '../pki/types.js';
import type { Finding } from './finding.js';
import type { FindingId } from './finding-ids.js';

const IDS: Record<SubjectProblemKind, FindingId> = {
  'ignored-type': 'subject-ignored-type',
  'altered-value': 'subject-altered-value',
  'multiple-cn': 'subject-multiple-cn',
  'unusable-uid': 'subject-unusable-uid',
  'control-characters': 'subject-control-characters',
  'rejected-by-go': 'subject-rejected-by-go',
};

/** One block finding per kind of problem, each showing both readings side by side. */
export function subjectFindings(req: DecodedRequest): Finding[] {
  const { problems, rawText, text } = req.subject;
  const kinds = [...new Set(problems.map((p) => p.kind))];
  const rejected = kinds.includes('rejected-by-go');
  const readings = rejected ? `read generously: ${rawText || '<empty>'}; Go refuses the request` : `read generously: ${rawText || '<empty>'}; read by Go, as the API server does: ${text || '<empty>'}`;
  return kinds.map((kind) => ({
    id: IDS[kind],
    severity: 'block' as const,
    message: `${problems.filter((p) => p.kind === kind).map((p) => p.detail).join('; ')} (${readings})`,
  }));
}
