// Reads what the policy checks need from the cluster, once per command: RBAC bindings to privileged roles, and the
// Nodes that kubelet-serving requests name. What cannot be read is said, never guessed.
import type { ClusterFacts, NodeFacts, PrivilegedSubject, RbacFacts } from '../policy/cluster-facts.js';
import { ApiError } from './api-error.js';
import type { Connection } from './connection.js';
import { kubeJson } from './http.js';

interface Rule {
  verbs?: string[];
  resources?: string[];
}
interface Role {
  metadata: { name: string; namespace?: string };
  rules?: Rule[] | null;
}
interface Binding {
  metadata: { name: string; namespace?: string };
  roleRef: { kind: 'ClusterRole' | 'Role'; name: string };
  subjects?: { kind: string; name: string }[] | null;
}

const RBAC = '/apis/rbac.authorization.k8s.io/v1';

export async function readClusterFacts(conn: Connection, nodeNames: string[]): Promise<ClusterFacts> {
  const [rbac, nodes] = await Promise.all([readRbac(conn), readNodes(conn, [...new Set(nodeNames)])]);
  return { rbac, ...nodes };
}

async function readRbac(conn: Connection): Promise<RbacFacts> {
  try {
    const list = <T>(path: string) => kubeJson<{ items: T[] }>(conn, { method: 'GET', path: `${RBAC}/${path}` }).then((l) => l.items);
    const [clusterRoles, roles, clusterBindings, bindings] = await Promise.all([
      list<Role>('clusterroles'),
      list<Role>('roles'),
      list<Binding>('clusterrolebindings'),
      list<Binding>('rolebindings'),
    ]);
    return { readable: true, privileged: privilegedSubjects(clusterRoles, roles, clusterBindings, bindings) };
  } catch (err) {
    if (err instanceof ApiError) return { readable: false, reason: err.message.replace(/^Error from server /, '') };
    throw err;
  }
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

async function readNodes(conn: Connection, names: string[]): Promise<Pick<ClusterFacts, 'nodes' | 'nodesUnreadable'>> {
  const nodes = new Map<string, NodeFacts>();
  try {
    await Promise.all(
      names.map(async (name) => {
        try {
          const node = await kubeJson<{ status?: { addresses?: { address: string }[] } }>(conn, { method: 'GET', path: `/api/v1/nodes/${encodeURIComponent(name)}` });
          nodes.set(name, { addresses: (node.status?.addresses ?? []).map((a) => a.address) });
        } catch (err) {
          if (!(err instanceof ApiError && err.status === 404)) throw err;
        }
      }),
    );
    return { nodes };
  } catch (err) {
    if (err instanceof ApiError) return { nodes: null, nodesUnreadable: err.message.replace(/^Error from server /, '') };
    throw err;
  }
}
