// The test users: static tokens (kube-apiserver --token-auth-file) and the RBAC that gives each its rights.
import { randomBytes } from 'node:crypto';

export type IdentityName = 'admin' | 'requester' | 'approver' | 'nobody';
export const IDENTITIES: readonly IdentityName[] = ['admin', 'requester', 'approver', 'nobody'];

export interface Identity {
  name: IdentityName;
  user: string;
  groups: string[];
  token: string;
}

export function makeIdentities(): Identity[] {
  const token = () => randomBytes(24).toString('hex');
  return [
    { name: 'admin', user: 'test-admin', groups: ['system:masters'], token: token() },
    { name: 'requester', user: 'test-requester', groups: [], token: token() },
    { name: 'approver', user: 'test-approver', groups: [], token: token() },
    { name: 'nobody', user: 'test-nobody', groups: [], token: token() },
  ];
}

/** token,user,uid,"group1,group2" — the format of --token-auth-file. */
export function tokenFile(identities: Identity[]): string {
  return identities.map((i) => `${i.token},${i.user},${i.user},"${i.groups.join(',')}"`).join('\n') + '\n';
}

/**
 * requester: create, get, list and watch CSRs. approver: that, plus update on /approval and verb approve on the
 * kube-apiserver-client signer only (pkg/registry/certificates/certificates/strategy.go checks the signers verb),
 * and read access to RBAC, Nodes and ServiceAccounts for the policy checks.
 */
export function rbacManifest(): string {
  return `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: kubectl-csr-test-requester}
rules:
- apiGroups: [certificates.k8s.io]
  resources: [certificatesigningrequests]
  verbs: [create, get, list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: kubectl-csr-test-requester}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: kubectl-csr-test-requester}
subjects:
- {apiGroup: rbac.authorization.k8s.io, kind: User, name: test-requester}
- {apiGroup: rbac.authorization.k8s.io, kind: User, name: test-approver}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: kubectl-csr-test-approver}
rules:
- apiGroups: [certificates.k8s.io]
  resources: [certificatesigningrequests/approval]
  verbs: [update]
- apiGroups: [certificates.k8s.io]
  resources: [signers]
  resourceNames: [kubernetes.io/kube-apiserver-client]
  verbs: [approve]
# Reading RBAC and Nodes lets kubectl csr's policy checks see who is privileged before an approval.
- apiGroups: [rbac.authorization.k8s.io]
  resources: [clusterroles, clusterrolebindings, roles, rolebindings]
  verbs: [get, list]
- apiGroups: ['']
  resources: [nodes]
  verbs: [get]
# Listing ServiceAccounts lets them follow escalation through the accounts an identity can become.
- apiGroups: ['']
  resources: [serviceaccounts]
  verbs: [list]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: kubectl-csr-test-approver}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: kubectl-csr-test-approver}
subjects:
- {apiGroup: rbac.authorization.k8s.io, kind: User, name: test-approver}
`;
}
