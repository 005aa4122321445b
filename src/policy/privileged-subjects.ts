// Who RBAC makes powerful: the Users and Groups bound to cluster-admin or to a role with a wildcard verb or resource.
import type { Binding, Role } from '../kube/read-cluster-facts.js';

/** A User or Group that a binding gives a privileged role: cluster-admin, or a role with wildcard verbs or resources. */
export interface PrivilegedSubject {
  kind: 'User' | 'Group';
  name: string;
  /** "ClusterRoleBinding admins" or "RoleBinding team-a/admins". */
  binding: string;
  /** "ClusterRole cluster-admin", "Role team-a/everything". */
  role: string;
  clusterWide: boolean;
}

/** cluster-admin, or any rule with a wildcard verb or resource. */
export function isPrivileged(role: Role): boolean {
  return role.metadata.name === 'cluster-admin' || (role.rules ?? []).some((r) => (r.verbs ?? []).includes('*') || (r.resources ?? []).includes('*'));
}

export function privilegedSubjects(clusterRoles: Role[], roles: Role[], clusterBindings: Binding[], bindings: Binding[]): PrivilegedSubject[] {
  const privilegedClusterRoles = new Set(clusterRoles.filter(isPrivileged).map((r) => r.metadata.name));
  const privilegedRoles = new Set(roles.filter(isPrivileged).map((r) => `${r.metadata.namespace}/${r.metadata.name}`));
  const out: PrivilegedSubject[] = [];
  for (const b of [...clusterBindings, ...bindings]) {
    const ns = b.metadata.namespace;
    const privileged = b.roleRef.kind === 'ClusterRole' ? privilegedClusterRoles.has(b.roleRef.name) : privilegedRoles.has(`${ns}/${b.roleRef.name}`);
    if (!privileged) continue;
    for (const s of b.subjects ?? []) {
      if (s.kind !== 'User' && s.kind !== 'Group') continue;
      out.push({
        kind: s.kind,
        name: s.name,
        binding: ns ? `RoleBinding ${ns}/${b.metadata.name}` : `ClusterRoleBinding ${b.metadata.name}`,
        role: b.roleRef.kind === 'ClusterRole' ? `ClusterRole ${b.roleRef.name}` : `Role ${ns}/${b.roleRef.name}`,
        clusterWide: !ns,
      });
    }
  }
  return out;
}
