// Runs the policy checks over CSRs with one read of the cluster's facts, and decides what each check means for an
// approval: a block finding stops it unless --allow names that finding's id.
import type { Csr } from '../kube/csr.js';
import type { Io } from '../io.js';
import { warningLine } from '../errors.js';
import type { Connection } from '../kube/connection.js';
import { readClusterFacts } from '../kube/read-cluster-facts.js';
import { decodeRequestField } from '../input/decode-input.js';
import { evaluate } from '../policy/evaluate.js';
import { blocking, type Finding } from '../policy/finding.js';
import type { ClusterFacts } from '../policy/cluster-facts.js';
import type { PolicyOptions } from '../policy/policy-options.js';
import type { DecodedRequest } from '../pki/types.js';
import { KUBELET_SERVING } from '../kube/signers.js';

export interface PolicySettings {
  /** Finding ids the user overrides, one by one (--allow). */
  allow: ReadonlySet<string>;
  options: PolicyOptions;
}

export interface Assessment {
  csr: Csr;
  request: DecodedRequest | null;
  findings: Finding[];
  /** Block findings not overridden by --allow. */
  blockers: Finding[];
}

export async function assess(csrs: Csr[], connection: Connection | null, settings: PolicySettings): Promise<Assessment[]> {
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
  const facts: ClusterFacts = connection ? await readClusterFacts(connection, nodeNames) : { rbac: null, nodes: null };
  return csrs.map((csr, i) => {
    const req = decoded[i]!;
    const findings = evaluate(csr, req, facts, settings.options);
    return { csr, request: req instanceof Error ? null : req, findings, blockers: blocking(findings, settings.allow) };
  });
}

/** One stderr line per warn finding, before an approval. */
export function printWarnings(assessment: Assessment, io: Io): void {
  for (const f of assessment.findings.filter((f) => f.severity === 'warn')) {
    io.stderr.write(warningLine(`${assessment.csr.metadata.name}: [${f.id}] ${f.message}`));
  }
}

/** "[id] message; [id] message" */
export function describeFindings(findings: Finding[]): string {
  return findings.map((f) => `[${f.id}] ${f.message}`).join('; ');
}
