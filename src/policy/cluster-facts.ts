// What the policy checks need to know about the cluster, read once per command: every RBAC role and binding, and the
// addresses of the Nodes that kubelet-serving requests name. Plain data, so that the checks stay pure.
import type { NodeFacts } from '../kube/read-cluster-facts.js';
import type { RbacRead } from '../kube/rbac-objects.js';

/** kube/read-cluster-facts' ClusterReadings are ClusterFacts as read: the checks evaluate RBAC per identity (rbac/). */
export interface ClusterFacts {
  /** null: not consulted (inspect -f works offline). */
  rbac: RbacRead | null;
  /** Nodes by name; a name missing from a readable map does not exist. null: not consulted or not readable. */
  nodes: Map<string, NodeFacts> | null;
  nodesUnreadable?: string;
}

export const OFFLINE: ClusterFacts = { rbac: null, nodes: null };
