// Reads what the policy checks need from the cluster, once per command: every RBAC role and binding, and the Nodes
// that kubelet-serving requests name. What cannot be read is said, never guessed; policy/ interprets what was read.
// A fault is thrown, never turned into "unreadable": a finding comes only from the server's answer (issue 27).
import { ApiError, isFault } from './api-error.js';
import type { Connection } from './connection.js';
import { kubeJson } from './http.js';
import type { RbacRead } from './rbac-objects.js';
import { readRbac } from './read-rbac.js';

export interface NodeFacts {
  /** status.addresses[].address (InternalIP, ExternalIP, Hostname, InternalDNS, ExternalDNS). */
  addresses: string[];
}

export interface ClusterReadings {
  rbac: RbacRead;
  /** Nodes by name; a name missing from a readable map does not exist. null: not readable. */
  nodes: Map<string, NodeFacts> | null;
  nodesUnreadable?: string;
}

/** rbac: already read by this command, not read again. */
export async function readClusterFacts(conn: Connection, nodeNames: string[], known?: RbacRead): Promise<ClusterReadings> {
  const [rbac, nodes] = await Promise.all([known ?? readRbac(conn), readNodes(conn, [...new Set(nodeNames)])]);
  return { rbac, ...nodes };
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
    if (err instanceof ApiError && !isFault(err)) return { nodes: null, nodesUnreadable: err.message.replace(/^Error from server /, '') };
    throw err;
  }
}
