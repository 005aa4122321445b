// What the policy checks need to know about the cluster, read once per command: who RBAC makes powerful, and the
// addresses of the Nodes that kubelet-serving requests name. Plain data, so that the checks stay pure.
import type { ClusterReadings, NodeFacts } from '../kube/read-cluster-facts.js';
import { privilegedSubjects, type PrivilegedSubject } from './privileged-subjects.js';

export type RbacFacts = { readable: true; privileged: PrivilegedSubject[] } | { readable: false; reason: string };

export interface ClusterFacts {
  /** null: not consulted (inspect -f works offline). */
  rbac: RbacFacts | null;
  /** Nodes by name; a name missing from a readable map does not exist. null: not consulted or not readable. */
  nodes: Map<string, NodeFacts> | null;
  nodesUnreadable?: string;
}

export const OFFLINE: ClusterFacts = { rbac: null, nodes: null };

/** What was read from the cluster, with RBAC reduced to the privileged subjects. */
export function clusterFacts(read: ClusterReadings): ClusterFacts {
  const { rbac, ...nodes } = read;
  if (!rbac.readable) return { rbac, ...nodes };
  const { clusterRoles, roles, clusterBindings, bindings } = rbac.objects;
  return { rbac: { readable: true, privileged: privilegedSubjects(clusterRoles, roles, clusterBindings, bindings) }, ...nodes };
}
