// Runs the policy checks over CSRs with one read of the cluster's facts (offline without a connection).
import { CliError, ExitCode } from '../../errors.js';
import type { ClusterConnection } from '../../kube/api.js';
import type { Csr } from '../../kube/csr.js';
import { decodeRequestFieldUnchecked } from '../../kube/csr-request.js';
import { checkInPool } from '../../pki/request.js';
import { KUBELET_SERVING } from '../../kube/signers.js';
import { assessAll, type Assessment, type PolicySettings } from '../../policy/assessment.js';
import { OFFLINE } from '../../policy/cluster-facts.js';
import { findingIds } from '../../policy/finding.js';
import { describeFindings } from '../../output/findings.js';

export async function assess(csrs: Csr[], connection: ClusterConnection | null, settings: PolicySettings): Promise<Assessment[]> {
  const unchecked = csrs.map((csr) => {
    try {
      return decodeRequestFieldUnchecked(csr);
    } catch (err) {
      return err instanceof Error ? err : new Error(String(err));
    }
  });
  // The self-signature checks run on libuv's thread pool while the facts are read: in a storm the approver leader's
  // main thread bounds its decisions, and OpenSSL's verification was most of its decode (issue 25). Started here,
  // per batch, rather than as each CSR is queued: a queue of thousands then holds no decoded requests, and the
  // batch's wait for its checks is shorter than its wait for a free decision slot.
  const checked = Promise.all(unchecked.map((req) => (req instanceof Error ? Promise.resolve(req) : checkInPool(req))));
  const nodeNames = unchecked.flatMap((req, i) =>
    req instanceof Error || csrs[i]!.spec.signerName !== KUBELET_SERVING ? [] : [(req.request.subject.commonName ?? '').replace(/^system:node:/, '')],
  );
  const [facts, decoded] = await Promise.all([connection ? connection.readFacts(nodeNames) : OFFLINE, checked]);
  return assessAll(csrs, decoded, facts, settings);
}

export class PolicyRefusal extends CliError {
  constructor(name: string, assessment: Assessment) {
    const ids = findingIds(assessment.blockers).join(',');
    super(`refusing to approve "${name}": ${describeFindings(assessment.blockers)} (to override, --allow ${ids})`, ExitCode.policy);
    this.name = 'PolicyRefusal';
  }
}
