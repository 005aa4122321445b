// Runs the policy checks over CSRs with one read of the cluster's facts (offline without a connection).
import { CliError, ExitCode } from '../../errors.js';
import type { ClusterConnection } from '../../kube/api.js';
import type { Csr } from '../../kube/csr.js';
import { decodeRequestField } from '../../kube/csr-request.js';
import { KUBELET_SERVING } from '../../kube/signers.js';
import { assessAll, type Assessment, type PolicySettings } from '../../policy/assessment.js';
import { OFFLINE } from '../../policy/cluster-facts.js';
import { findingIds } from '../../policy/finding.js';
import { describeFindings } from '../../output/findings.js';

export async function assess(csrs: Csr[], connection: ClusterConnection | null, settings: PolicySettings): Promise<Assessment[]> {
  const decoded = csrs.map((csr) => {
    try {
      return decodeRequestField(csr);
    } catch (err) {
      return err instanceof Error ? err : new Error(String(err));
    }
  });
  const nodeNames = decoded.flatMap((req, i) =>
    req instanceof Error || csrs[i]!.spec.signerName !== KUBELET_SERVING ? [] : [(req.subject.commonName ?? '').replace(/^system:node:/, '')],
  );
  const facts = connection ? await connection.readFacts(nodeNames) : OFFLINE;
  return assessAll(csrs, decoded, facts, settings);
}

export class PolicyRefusal extends CliError {
  constructor(name: string, assessment: Assessment) {
    const ids = findingIds(assessment.blockers).join(',');
    super(`refusing to approve "${name}": ${describeFindings(assessment.blockers)} (to override, --allow ${ids})`, ExitCode.policy);
    this.name = 'PolicyRefusal';
  }
}
