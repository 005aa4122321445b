// Every id a policy check can give a finding, as one union type: --allow takes only these (a usage error lists them,
// before anything is read), and a check cannot give an id that is not here. docs/policy.md's findings tables describe them.

export const FINDING_IDS = [
  // who the certificate makes its holder (identity-checks.ts, rbac/escalation-findings.ts)
  'privileged-group',
  'privileged-user',
  'namespace-privileged-group',
  'namespace-privileged-user',
  'rbac-unreadable',
  'serviceaccounts-unreadable',
  'impersonates-node',
  'impersonates-serviceaccount',
  'impersonates-control-plane',
  // kubelet CSRs (kubelet-checks.ts)
  'requestor-not-node',
  'bootstrap-requestor',
  'san-not-node-address',
  'node-not-found',
  'node-unreadable',
  // the request itself (request-checks.ts, subject-checks.ts)
  'usages-rejected-by-signer',
  'subject-rejected-by-signer',
  'usages-excessive',
  'unknown-signer',
  'duration-too-long',
  'weak-key',
  'unknown-key',
  'invalid-signature',
  'undecodable-request',
  'subject-ignored-type',
  'subject-altered-value',
  'subject-multiple-cn',
  'subject-unusable-uid',
  'subject-control-characters',
  'subject-rejected-by-go',
  // the approver's provider rules (provider-checks.ts)
  'too-many-dns-names',
  'dns-name-not-allowed',
  'ip-not-in-prefixes',
  // RBAC escalation classes (rbac/escalation-classes.ts)
  'rbac-impersonate',
  'rbac-escalate',
  'rbac-bind',
  'rbac-modify-bindings',
  'rbac-approve-csrs',
  'rbac-token-request',
  'rbac-read-secrets',
  'rbac-create-workloads',
  'rbac-pods-exec',
  'rbac-pods-attach',
  'rbac-ephemeral-containers',
  'rbac-nodes-proxy',
  'rbac-node-status',
  'rbac-pod-status',
  'rbac-persistent-volumes',
  'rbac-admission-webhooks',
  'rbac-admission-policies',
  'rbac-apiservices',
  'rbac-namespace-labels',
  'rbac-namespace-workloads',
  'rbac-namespace-tokens',
  'rbac-namespace-secrets',
  'rbac-namespace-rbac',
  'rbac-named-identities',
  'rbac-authenticated-escalation',
  // paths to other identities (rbac/escalation-graph.ts)
  'rbac-path-token-request',
  'rbac-path-impersonate',
  'rbac-path-workloads',
  'rbac-path-secrets',
  'rbac-node-client-certs',
  'rbac-path-warn',
] as const;

export type FindingId = (typeof FINDING_IDS)[number];

const KNOWN: ReadonlySet<string> = new Set(FINDING_IDS);

export function isFindingId(id: string): id is FindingId {
  return KNOWN.has(id);
}
