// Who the certificate would make its holder: a privileged or admin-equivalent group or user (RBAC read as an attacker
// would, in rbac/), or an impersonated node, service account or control-plane component.
import type { DecodedRequest } from '../pki/types.js';
import type { Csr } from '../kube/csr.js';
import { KUBE_APISERVER_CLIENT } from '../kube/signers.js';
import type { ClusterFacts } from './cluster-facts.js';
import type { Finding } from './finding.js';
import type { FindingId } from './finding-ids.js';
import type { PolicyOptions } from './policy-options.js';
import { rbacFindings } from './rbac/escalation-findings.js';
import { escalationFindings } from './rbac/escalation-graph.js';
import { certificateIdentity } from './rbac/matching-bindings.js';

/** Built into the API server's authorizer, whatever RBAC says. */
const SUPERUSER_GROUP = 'system:masters';

export function privilegeFindings(req: DecodedRequest, facts: ClusterFacts, opts: PolicyOptions): Finding[] {
  const groups = req.subject.organizations;
  const user = req.subject.commonName ?? '';
  const findings: Finding[] = [];
  if (groups.includes(SUPERUSER_GROUP)) {
    findings.push({ id: 'privileged-group', severity: 'block', message: `O=${SUPERUSER_GROUP} is the API server's superuser group: it bypasses RBAC` });
  }
  if (facts.rbac === null) return findings;
  if (!facts.rbac.readable) {
    findings.push({
      id: 'rbac-unreadable',
      severity: 'block',
      message: `cannot read RBAC bindings to check whether CN=${user} or its groups are privileged (${facts.rbac.reason})`,
    });
    return findings;
  }
  const { objects } = facts.rbac;
  if (objects.serviceAccounts?.readable === false) {
    findings.push({
      id: 'serviceaccounts-unreadable',
      severity: 'block',
      message: `cannot read ServiceAccounts to follow escalation through them (${objects.serviceAccounts.reason})`,
    });
  }
  const judge = opts.followEscalation === false ? rbacFindings : escalationFindings;
  return [...findings, ...judge(certificateIdentity(req.subject), objects, opts.privilegedNamespaces)];
}

const IMPERSONATION: { pattern: RegExp; id: FindingId; what: string }[] = [
  { pattern: /^system:node:/, id: 'impersonates-node', what: 'a node' },
  { pattern: /^system:nodes$/, id: 'impersonates-node', what: 'the nodes group' },
  { pattern: /^system:serviceaccount:/, id: 'impersonates-serviceaccount', what: 'a service account' },
  { pattern: /^system:serviceaccounts(:|$)/, id: 'impersonates-serviceaccount', what: 'the service accounts groups' },
  { pattern: /^system:kube-/, id: 'impersonates-control-plane', what: 'a control-plane component' },
];

/** A client certificate from kube-apiserver-client whose CN or O claims an identity the cluster gives out itself. */
export function impersonationFindings(csr: Csr, req: DecodedRequest): Finding[] {
  if (csr.spec.signerName !== KUBE_APISERVER_CLIENT) return [];
  const findings: Finding[] = [];
  const names = [
    ...(req.subject.commonName ? [{ label: `CN=${req.subject.commonName}`, value: req.subject.commonName }] : []),
    ...req.subject.organizations.map((o) => ({ label: `O=${o}`, value: o })),
  ];
  for (const { label, value } of names) {
    const rule = IMPERSONATION.find((r) => r.pattern.test(value));
    if (rule) findings.push({ id: rule.id, severity: 'block', message: `${label} would let the holder act as ${rule.what}` });
  }
  return findings;
}
