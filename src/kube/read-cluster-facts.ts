// Reads what the policy checks need from the cluster, once per command: the RBAC roles and bindings, and the Nodes
// that kubelet-serving requests name. What cannot be read is said, never guessed; policy/ interprets what was read.
import { ApiError } from './api-error.js';
import type { Connection } from './connection.js';
import { kubeJson } from './http.js';

export interface Rule {
  verbs?: string[];
  resources?: string[];
}
export interface Role {
  metadata: { name: string; namespace?: string };
  rules?: Rule[] | null;
}
export interface Binding {
  metadata: { name: string; namespace?: string };
  roleRef: { kind: 'ClusterRole' | 'Role'; name: string };
  subjects?: { kind: string; name: string }[] | null;
}

export interface RbacObjects {
  clusterRoles: Role[];
  roles: Role[];
  clusterBindings: Binding[];
  bindings: Binding[];
}

export type RbacReading = { readable: true; objects: RbacObjects } | { readable: false; reason: string };

export interface NodeFacts {
  /** status.addresses[].address (InternalIP, ExternalIP, Hostname, InternalDNS, ExternalDNS). */
  addresses: string[];
}

export interface ClusterReadings {
  rbac: RbacReading;
  /** Nodes by name; a name missing from a readable map does not exist. null: not readable. */
  nodes: Map<string, NodeFacts> | null;
  nodesUnreadable?: string;
}

const RBAC = '/apis/rbac.authorization.k8s.io/v1';

export async function readClusterFacts(conn: Connection, nodeNames: string[]): Promise<ClusterReadings> {
  const [rbac, nodes] = await Promise.all([readRbac(conn), readNodes(conn, [...new Set(nodeNames)])]);
  return { rbac, ...nodes };
}

async function readRbac(conn: Connection): Promise<RbacReading> {
  try {
    const list = <T>(path: string) => kubeJson<{ items: T[] }>(conn, { method: 'GET', path: `${RBAC}/${path}` }).then((l) => l.items);
    const [clusterRoles, roles, clusterBindings, bindings] = await Promise.all([
      list<Role>('clusterroles'),
      list<Role>('roles'),
      list<Binding>('clusterrolebindings'),
      list<Binding>('rolebindings'),
    ]);
    return { readable: true, objects: { clusterRoles, roles, clusterBindings, bindings } };
  } catch (err) {
    if (err instanceof ApiError) return { readable: false, reason: err.message.replace(/^Error from server /, '') };
    throw err;
  }
}

async function readNodes(conn: Connection, names: string[]): Promise<Pick<ClusterReadings, 'nodes' | 'nodesUnreadable'>> {
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
