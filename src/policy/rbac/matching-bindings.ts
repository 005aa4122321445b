// Which bindings apply to the identity a client certificate gives its holder, and the role each binds. RBAC matches
// subjects as pkg/registry/rbac/validation/rule.go (appliesToUser) does: a User by name, a Group by membership, a
// ServiceAccount by its username system:serviceaccount:NS:NAME (a certificate with that CN is that account to RBAC).
import type { RbacBinding, RbacObjects, RbacRole, RbacSubject } from '../../kube/rbac-objects.js';

/** Every authenticated request carries this group (the API server's authenticated-group adder). */
export const AUTHENTICATED_GROUP = 'system:authenticated';

/** What the x509 authenticator makes of a certificate: the CN is the user, each O a group. */
export interface CertificateIdentity {
  user: string;
  organizations: readonly string[];
}

export function certificateIdentity(subject: { commonName?: string | null; organizations: readonly string[] }): CertificateIdentity {
  return { user: subject.commonName ?? '', organizations: subject.organizations };
}

/** The groups RBAC sees: each O, then system:authenticated. */
export function identityGroups(identity: CertificateIdentity): string[] {
  return [...new Set([...identity.organizations, AUTHENTICATED_GROUP])];
}

export interface BindingMatch {
  binding: RbacBinding;
  /** null for a ClusterRoleBinding (cluster-wide); the RoleBinding's namespace otherwise. */
  namespace: string | null;
  /** "ClusterRoleBinding ops-sudo" or "RoleBinding team-a/editors". */
  bindingName: string;
  /** The role bound; null when the roleRef names a role that does not exist (it grants nothing). */
  role: RbacRole | null;
  /** "ClusterRole ops-sudo" or "Role team-a/deployer". */
  roleName: string;
  /** The subject of the binding that names the identity. */
  subject: RbacSubject;
  /** How the identity is named by that subject: "CN=jane", "O=ops", "system:authenticated". */
  via: string;
}

interface Index {
  byUser: Map<string, Entry[]>;
  byGroup: Map<string, Entry[]>;
  clusterRoles: Map<string, RbacRole>;
  roles: Map<string, RbacRole>;
  /** Each binding's place in the lists, ClusterRoleBindings first. */
  order: Map<RbacBinding, number>;
}
interface Entry {
  binding: RbacBinding;
  subject: RbacSubject;
}

// RBAC objects are read once per command and never changed afterwards, so an index per objects value stays valid.
const indexes = new WeakMap<RbacObjects, Index>();

/**
 * Every (binding, subject) pair that applies to the identity, ClusterRoleBindings first, each list in the order the
 * server returned it. The objects are indexed once, so a bulk run pays for the index once, not per CSR.
 */
export function matchingBindings(identity: CertificateIdentity, objects: RbacObjects): BindingMatch[] {
  const index = indexOf(objects);
  const entries = [
    ...(index.byUser.get(identity.user) ?? []),
    ...identityGroups(identity).flatMap((g) => index.byGroup.get(g) ?? []),
  ];
  const { order } = index;
  entries.sort((a, b) => order.get(a.binding)! - order.get(b.binding)! || a.binding.subjects!.indexOf(a.subject) - b.binding.subjects!.indexOf(b.subject));
  return entries.map(({ binding, subject }) => {
    const namespace = binding.metadata.namespace ?? null;
    const clusterRole = binding.roleRef.kind === 'ClusterRole';
    return {
      binding,
      namespace,
      bindingName: namespace === null ? `ClusterRoleBinding ${binding.metadata.name}` : `RoleBinding ${namespace}/${binding.metadata.name}`,
      role: (clusterRole ? index.clusterRoles.get(binding.roleRef.name) : index.roles.get(`${namespace}/${binding.roleRef.name}`)) ?? null,
      roleName: clusterRole ? `ClusterRole ${binding.roleRef.name}` : `Role ${namespace}/${binding.roleRef.name}`,
      subject,
      via: subjectLabel(subject, identity),
    };
  });
}

function subjectLabel(subject: RbacSubject, identity: CertificateIdentity): string {
  if (subject.kind === 'Group') return identity.organizations.includes(subject.name) ? `O=${subject.name}` : subject.name;
  return `CN=${identity.user}`;
}

function indexOf(objects: RbacObjects): Index {
  let index = indexes.get(objects);
  if (index) return index;
  index = { byUser: new Map(), byGroup: new Map(), clusterRoles: new Map(), roles: new Map(), order: new Map() };
  for (const r of objects.clusterRoles) index.clusterRoles.set(r.metadata.name, r);
  for (const r of objects.roles) index.roles.set(`${r.metadata.namespace}/${r.metadata.name}`, r);
  for (const binding of [...objects.clusterRoleBindings, ...objects.roleBindings]) {
    index.order.set(binding, index.order.size);
    // A roleRef of kind Role only makes sense in a RoleBinding; the API server refuses anything else.
    if (binding.roleRef.kind !== 'ClusterRole' && !(binding.roleRef.kind === 'Role' && binding.metadata.namespace)) continue;
    for (const subject of binding.subjects ?? []) {
      const user = subjectUser(subject, binding.metadata.namespace);
      const map = subject.kind === 'Group' ? index.byGroup : index.byUser;
      const name = subject.kind === 'Group' ? subject.name : user;
      if (name === null) continue;
      const list = map.get(name);
      if (list) list.push({ binding, subject });
      else map.set(name, [{ binding, subject }]);
    }
  }
  indexes.set(objects, index);
  return index;
}

/** The username a User or ServiceAccount subject matches; null for kinds RBAC ignores. */
function subjectUser(subject: RbacSubject, bindingNamespace: string | undefined): string | null {
  if (subject.kind === 'User') return subject.name;
  if (subject.kind !== 'ServiceAccount') return null;
  const ns = subject.namespace || bindingNamespace;
  return ns ? `system:serviceaccount:${ns}:${subject.name}` : null;
}
