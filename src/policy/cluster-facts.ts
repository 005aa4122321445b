// What the policy checks need to know about the cluster, read once per command: who RBAC makes powerful, and the
// addresses of the Nodes that kubelet-serving requests name. Plain data, so that the checks stay pure.

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

export type RbacFacts = { readable: true; privileged: PrivilegedSubject[] } | { readable: false; reason: string };

export interface NodeFacts {
  /** status.addresses[].address (InternalIP, ExternalIP, Hostname, InternalDNS, ExternalDNS). */
  addresses: string[];
}

export interface ClusterFacts {
  /** null: not consulted (inspect -f works offline). */
  rbac: RbacFacts | null;
  /** Nodes by name; a name missing from a readable map does not exist. null: not consulted or not readable. */
  nodes: Map<string, NodeFacts> | null;
  nodesUnreadable?: string;
}

export const OFFLINE: ClusterFacts = { rbac: null, nodes: null };
