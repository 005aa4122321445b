// The table a bulk run prints before it changes anything: what will happen to each CSR, and why.
import type { Io, Writer } from '../io.js';
import type { Assessment } from '../policy/assessment.js';
import { findingIds } from '../policy/finding.js';
import type { Decision } from '../kube/csr-decision.js';
import { renderTable } from './table.js';
import { subjectText } from './subject-text.js';
import { printableDeep } from '../util/printable.js';

export function printDecisionTable(assessments: Assessment[], decision: Decision, selected: Assessment[], out: Writer, io: Io): void {
  if (assessments.length === 0) {
    io.stderr.write('No resources found\n');
    return;
  }
  const chosen = new Set(selected);
  const approving = decision.condition === 'Approved';
  const rows = assessments.map((a) => {
    const subject = a.request ? subjectText(a.request.subject) : '<invalid>';
    const verb = approving ? 'approve' : 'deny';
    const decisionText = chosen.has(a) ? verb : approving ? 'refuse' : 'keep';
    const reasons = findingIds(approving && !chosen.has(a) ? a.blockers : a.findings.filter((f) => f.severity !== 'info'));
    return [a.csr.metadata.name ?? '', subject, a.csr.spec.signerName, a.csr.spec.username ?? '', decisionText, reasons.join(',') || '-'];
  });
  out.write(renderTable(['NAME', 'SUBJECT', 'SIGNER', 'REQUESTOR', 'DECISION', 'REASON'], printableDeep(rows)));
}
