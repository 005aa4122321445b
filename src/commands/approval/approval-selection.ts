// Which CSRs an approve or deny decides, one rule for the one-shot run, the --watch loop, the review and the in-cluster
// approver: the pending ones that pass the filters, and of those what the decision and the policy select.
import type { Csr } from '../../kube/csr.js';
import { isPending } from '../../kube/csr.js';
import type { Decision } from '../../kube/csr-decision.js';
import type { Assessment } from '../../policy/assessment.js';
import { findingIds } from '../../policy/finding.js';

/** Neither approved nor denied, and from the requestor asked for (the signer is filtered on the server). */
export function isPendingMatch(filter: { requestor?: string }): (c: Csr) => boolean {
  return (c) => isPending(c) && (!filter.requestor || c.spec.username === filter.requestor);
}

/** approve selects what the policy does not block; deny selects every CSR, or with --failing only those it blocks. */
export function isSelected(decision: Decision, failingOnly: boolean, a: Assessment): boolean {
  return decision.condition === 'Approved' ? a.blockers.length === 0 : !failingOnly || a.blockers.length > 0;
}

/** A denial says why: the ids of the findings, so that the requester can look them up. */
export function denialMessage(decision: Decision, a: Assessment): string | undefined {
  const ids = findingIds(a.findings.filter((f) => f.severity !== 'info'));
  return ids.length ? `${decision.message} Findings: ${ids.join(', ')}.` : undefined;
}
