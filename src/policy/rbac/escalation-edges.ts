// The hops from one identity to the identities it can become, read from its grants as an attacker would (KubeHound's
// edges, rbac-police's token and service-account policies): a service account whose token it can request, that it can
// impersonate, that a pod or workload it creates runs as, or whose token secret it can read; a user or group named in
// an impersonate rule; and a node, whose client certificate the kube-controller-manager approves by itself
// (pkg/controller/certificates/approver/sarapprove.go: a kube-apiserver-client-kubelet request with O=[system:nodes]
// and CN=system:node:*, after a SubjectAccessReview of create certificatesigningrequests/nodeclient, or of
// .../selfnodeclient when the CN is the requester's own user name).
import type { Grant } from './effective-rules.js';
import { ESCALATION_CLASSES } from './escalation-classes.js';
import type { BindingMatch, CertificateIdentity } from './matching-bindings.js';
import { ruleAllows, type Allowed, type Permission } from './rule-matching.js';
import type { RbacObjects } from '../../kube/rbac-objects.js';
import { accountExists, accountIdentity, accountsIn, type AccountRef } from './service-accounts.js';

/** How the hop is taken; the first hop of a path names its finding. */
export type HopKind = 'token' | 'impersonate' | 'workloads' | 'secrets' | 'node-client';

export interface Target {
  /** The identity's user and groups, as one string: the graph visits each once. */
  key: string;
  /** "ServiceAccount ops/deployer", "User bob", "Group qa", "Node system:node:* (O=system:nodes)". */
  label: string;
  identity: CertificateIdentity;
  /** A node: the Node authorizer gives it more than RBAC says. */
  node: boolean;
}

export interface Edge {
  kind: HopKind;
  /** "create serviceaccounts/token in ops". */
  action: string;
  match: BindingMatch;
  target: Target;
}

const CORE = '';
const CERTIFICATES = 'certificates.k8s.io';
const NODES_GROUP = 'system:nodes';
const NODE_PREFIX = 'system:node:';
const SERVICE_ACCOUNT_USER = 'system:serviceaccount:';

const TOKEN: Permission = { verbs: ['create'], group: CORE, resources: ['serviceaccounts/token'] };
const IMPERSONATE_ACCOUNTS: Permission = { verbs: ['impersonate'], group: CORE, resources: ['serviceaccounts'] };
const IMPERSONATE_USERS: Permission = { verbs: ['impersonate'], group: CORE, resources: ['users'] };
const IMPERSONATE_GROUPS: Permission = { verbs: ['impersonate'], group: CORE, resources: ['groups'] };
const SECRETS: Permission = { verbs: ['get', 'list', 'watch'], group: CORE, resources: ['secrets'] };
const WORKLOADS: readonly Permission[] = ESCALATION_CLASSES.find((c) => c.id === 'rbac-create-workloads')!.permissions;
const CREATE_CSR: Permission = { verbs: ['create'], group: CERTIFICATES, resources: ['certificatesigningrequests'] };
const NODE_CLIENT: Permission = { verbs: ['create'], group: CERTIFICATES, resources: ['certificatesigningrequests/nodeclient'] };
const SELF_NODE_CLIENT: Permission = { verbs: ['create'], group: CERTIFICATES, resources: ['certificatesigningrequests/selfnodeclient'] };

export function edgesOf(grants: Grant[], identity: CertificateIdentity, objects: RbacObjects): Edge[] {
  const edges: Edge[] = [];
  for (const grant of grants) {
    const { match, rule } = grant;
    const ns = match.namespace;
    const accounts = (kind: HopKind, allowed: Allowed | null, namedOnly: boolean) => {
      if (!allowed || (namedOnly && allowed.names !== null)) return;
      const refs = allowed.names === null ? accountsIn(ns, objects) : namedAccounts(allowed.names, ns, objects);
      const text = action(allowed, ns);
      for (const ref of refs) edges.push({ kind, action: text, match, target: accountTarget(ref) });
    };
    accounts('token', ruleAllows(rule, TOKEN), false);
    accounts('impersonate', ruleAllows(rule, IMPERSONATE_ACCOUNTS), false);
    // A secret read by name reaches only that secret, which need not be a token: the accounts are not reached.
    accounts('secrets', ruleAllows(rule, SECRETS), true);
    for (const p of WORKLOADS) accounts('workloads', ruleAllows(rule, p), false);
    if (ns !== null) continue;
    // Impersonating any user or group is a block class of its own; limited to names, it reaches those identities.
    // The API server checks a service account's user name against serviceaccounts, not users.
    const users = ruleAllows(rule, IMPERSONATE_USERS);
    for (const name of users?.names ?? []) {
      if (name.startsWith(SERVICE_ACCOUNT_USER)) continue;
      const target = name.startsWith(NODE_PREFIX) ? nodeTarget(name, []) : newTarget(`User ${name}`, { user: name, organizations: [] });
      edges.push({ kind: 'impersonate', action: action(users!, undefined), match, target });
    }
    const groups = ruleAllows(rule, IMPERSONATE_GROUPS);
    for (const name of groups?.names ?? []) {
      edges.push({ kind: 'impersonate', action: action(groups!, undefined), match, target: newTarget(`Group ${name}`, { user: '', organizations: [name] }) });
    }
  }
  edges.push(...nodeEdges(grants, identity));
  return edges;
}

/** A kubelet client certificate the kube-controller-manager approves: any node, or (selfnodeclient) the node it is. */
function nodeEdges(grants: Grant[], identity: CertificateIdentity): Edge[] {
  // The approver's SubjectAccessReview names no object, so a rule limited to names does not pass it.
  const clusterWide = (p: Permission) => grants.find((g) => g.match.namespace === null && ruleAllows(g.rule, p)?.names === null);
  const create = clusterWide(CREATE_CSR);
  if (!create) return [];
  const any = clusterWide(NODE_CLIENT);
  if (any) return [{ kind: 'node-client', action: 'create certificatesigningrequests and certificatesigningrequests/nodeclient', match: any.match, target: nodeTarget(`${NODE_PREFIX}*`, [NODES_GROUP]) }];
  const self = identity.user.startsWith(NODE_PREFIX) && !identity.organizations.includes(NODES_GROUP) ? clusterWide(SELF_NODE_CLIENT) : undefined;
  if (self) return [{ kind: 'node-client', action: 'create certificatesigningrequests and certificatesigningrequests/selfnodeclient', match: self.match, target: nodeTarget(identity.user, [NODES_GROUP]) }];
  return [];
}

function nodeTarget(user: string, organizations: string[]): Target {
  const groups = organizations.map((o) => `, O=${o}`).join('');
  return newTarget(`Node CN=${user}${groups}`, { user, organizations }, organizations.includes(NODES_GROUP));
}

// One target per account and RBAC read: an account is an edge's end for every identity that reaches its namespace.
const accountTargets = new WeakMap<AccountRef, Target>();

function accountTarget(ref: AccountRef): Target {
  let target = accountTargets.get(ref);
  if (!target) accountTargets.set(ref, (target = newTarget(`ServiceAccount ${ref.namespace}/${ref.name}`, accountIdentity(ref))));
  return target;
}

function newTarget(label: string, identity: CertificateIdentity, node = false): Target {
  return { key: identityKey(identity), label, identity, node };
}

export function identityKey(identity: CertificateIdentity): string {
  return `${identity.user}\0${[...identity.organizations].sort().join('\0')}`;
}

function namedAccounts(names: string[], ns: string | null, objects: RbacObjects): AccountRef[] {
  const namespaces = ns !== null ? [ns] : [...new Set(accountsIn(null, objects).map((a) => a.namespace))];
  return namespaces.flatMap((namespace) => names.map((name) => ({ namespace, name }))).filter((ref) => accountExists(ref, objects));
}

/** ns: the RoleBinding's namespace, null for a ClusterRoleBinding, undefined for cluster-scoped resources. */
function action(allowed: Allowed, ns: string | null | undefined): string {
  const named = allowed.names ? ` named ${allowed.names.join(', ')}` : '';
  const where = ns === undefined ? '' : ` in ${ns ?? 'every namespace'}`;
  return `${allowed.verbs.join(', ')} ${allowed.resources.join(', ')}${named}${where}`;
}
