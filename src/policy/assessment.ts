// What the checks mean for an approval: a block finding stops it unless --allow names that finding's id.
import type { Csr } from '../kube/csr.js';
import type { DecodedRequest } from '../pki/types.js';
import type { ClusterFacts } from './cluster-facts.js';
import { evaluate } from './evaluate.js';
import { blocking, type Finding } from './finding.js';
import type { FindingId } from './finding-ids.js';
import type { PolicyOptions } from './policy-options.js';
import { accessOf, broadestBinding, type Access, type AccessBinding } from './access.js';

export interface PolicySettings {
  /** Finding ids the user overrides, one by one (--allow). */
  allow: ReadonlySet<FindingId>;
  options: PolicyOptions;
  /**
   * Leave out what an approval grants (access and broadest null): the --watch loop and the in-cluster approver never
   * show it, and it was worked out for every CSR they judged (issue 25).
   */
  withoutAccess?: boolean;
}

export interface Assessment {
  csr: Csr;
  request: DecodedRequest | null;
  findings: Finding[];
  /** Block findings not overridden by --allow. */
  blockers: Finding[];
  /** What an approval grants, from the same RBAC read; null offline, when the request cannot be decoded or withoutAccess. */
  access: Access | null;
  /** The widest of access's bindings, for one-line summaries. */
  broadest: AccessBinding | null;
}

/** decoded[i] is csrs[i]'s request, or why it could not be decoded. */
export function assessAll(csrs: Csr[], decoded: (DecodedRequest | Error)[], facts: ClusterFacts, settings: PolicySettings): Assessment[] {
  return csrs.map((csr, i) => {
    const req = decoded[i]!;
    const findings = evaluate(csr, req, facts, settings.options);
    const request = req instanceof Error ? null : req;
    const access = request && facts.rbac && !settings.withoutAccess ? accessOf(request.subject, facts.rbac) : null;
    const broadest = access?.readable && facts.rbac?.readable ? broadestBinding(access.bindings, facts.rbac.objects) : null;
    return { csr, request, findings, blockers: blocking(findings, settings.allow), access, broadest };
  });
}
