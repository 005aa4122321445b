// Policy: pure functions from (the CSR, its decoded request, facts read from the cluster) to findings.
import type { Csr } from '../kube/csr.js';
import type { DecodedRequest } from '../pki/types.js';
import type { ClusterFacts } from './cluster-facts.js';
import { sortFindings, type Finding } from './finding.js';
import { impersonationFindings, privilegeFindings } from './identity-checks.js';
import { kubeletFindings } from './kubelet-checks.js';
import { providerFindings } from './provider-checks.js';
import { requestFindings } from './request-checks.js';
import { subjectFindings } from './subject-checks.js';
import type { PolicyOptions } from './policy-options.js';

export function evaluate(csr: Csr, request: DecodedRequest | Error, facts: ClusterFacts, opts: PolicyOptions): Finding[] {
  if (request instanceof Error) {
    return [{ id: 'undecodable-request', severity: 'block', message: `spec.request cannot be decoded: ${request.message}` }];
  }
  return sortFindings([
    ...subjectFindings(request),
    ...privilegeFindings(request, facts, opts),
    ...impersonationFindings(csr, request),
    ...kubeletFindings(csr, request, facts, opts.provider?.bypassHostnameCheck ?? false),
    ...providerFindings(csr, request, opts.provider),
    ...requestFindings(csr, request, opts),
  ]);
}
