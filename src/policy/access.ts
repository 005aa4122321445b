// What approving a certificate grants: the bindings whose subjects name its identity (the CN as user, each O as
// group), each with the role it binds and where. Bindings that apply only through system:authenticated are left out:
// every identity that can log in has those, and the text says so instead. Issue 13; the subject matching is issue
// 17's (rbac/matching-bindings.ts).
import type { RbacObjects, RbacRead } from '../kube/rbac-objects.js';
import { AUTHENTICATED_GROUP, certificateIdentity, matchingBindings } from './rbac/matching-bindings.js';
import { roleRules } from './rbac/effective-rules.js';

export interface AccessBinding {
  roleKind: 'ClusterRole' | 'Role';
  role: string;
  /** null: cluster-wide (a ClusterRoleBinding). */
  namespace: string | null;
  bindingKind: 'ClusterRoleBinding' | 'RoleBinding';
  binding: string;
  /** The binding's subject that names the identity. */
  via: { kind: 'User' | 'Group' | 'ServiceAccount'; name: string };
  /** A binding to a role that does not exist grants nothing until the role is created. */
  roleExists: boolean;
}

export type Access = { readable: true; bindings: AccessBinding[] } | { readable: false; reason: string };

export function accessOf(subject: { commonName?: string | null; organizations: readonly string[] }, rbac: RbacRead): Access {
  if (!rbac.readable) return { readable: false, reason: rbac.reason };
  const identity = certificateIdentity(subject);
  const seen = new Set<object>();
  const bindings: AccessBinding[] = [];
  for (const m of matchingBindings(identity, rbac.objects)) {
    if (seen.has(m.binding)) continue; // one line per binding, through the first subject that names the identity
    if (m.subject.kind === 'Group' && m.subject.name === AUTHENTICATED_GROUP && !identity.organizations.includes(AUTHENTICATED_GROUP)) continue;
    seen.add(m.binding);
    bindings.push({
      roleKind: m.binding.roleRef.kind === 'ClusterRole' ? 'ClusterRole' : 'Role',
      role: m.binding.roleRef.name,
      namespace: m.namespace,
      bindingKind: m.namespace === null ? 'ClusterRoleBinding' : 'RoleBinding',
      binding: m.binding.metadata.name,
      via: { kind: m.subject.kind as AccessBinding['via']['kind'], name: m.subject.kind === 'ServiceAccount' ? `${m.subject.namespace ?? m.namespace}/${m.subject.name}` : m.subject.name },
      roleExists: m.role !== null,
    });
  }
  return { readable: true, bindings };
}

/**
 * The widest grant: cluster-wide before one namespace, then the role with the most verb × resource pairs (a wildcard
 * counts as many). A measure to pick one binding for a one-line summary, not an authorization decision.
 */
export function broadestBinding(bindings: AccessBinding[], objects: RbacObjects): AccessBinding | null {
  let best: AccessBinding | null = null;
  let bestScore = -1;
  for (const b of bindings) {
    const score = (b.namespace === null ? 1e9 : 0) + breadth(b, objects);
    if (score > bestScore) [best, bestScore] = [b, score];
  }
  return best;
}

function breadth(b: AccessBinding, objects: RbacObjects): number {
  const role =
    b.roleKind === 'ClusterRole'
      ? objects.clusterRoles.find((r) => r.metadata.name === b.role)
      : objects.roles.find((r) => r.metadata.name === b.role && r.metadata.namespace === b.namespace);
  if (!role) return 0;
  const count = (values: readonly string[] | null | undefined, wildcard: number) => (values?.includes('*') ? wildcard : (values?.length ?? 0));
  return roleRules(role, objects).reduce((sum, { rule }) => sum + count(rule.verbs, 10) * Math.max(count(rule.resources, 100), count(rule.nonResourceURLs, 10)) * (rule.apiGroups?.includes('*') ? 10 : 1), 0);
}
