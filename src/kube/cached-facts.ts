// The policy's cluster facts (read-cluster-facts.ts) from caches kept by list and watch (object-cache.ts), for the
// approver, which judges CSRs for as long as it runs: Nodes and the five RBAC reads are listed once and then followed,
// so a batch of CSRs reads them from memory. What each read finds unreadable is what a one-time read would find.
import type { Connection } from './connection.js';
import { kubeJson } from './http.js';
import type { ListWatch } from './follow-csrs.js';
import { ObjectCache, type CacheRead } from './object-cache.js';
import type { ClusterReadings, NodeFacts } from './read-cluster-facts.js';
import { RBAC } from './read-rbac.js';
import type { RbacBinding, RbacRead, RbacRole, RbacServiceAccount } from './rbac-objects.js';
import { watchStream } from './watch-stream.js';

export type FactsReader = (nodeNames: string[]) => Promise<ClusterReadings>;

interface NodeObject {
  metadata: { name: string; resourceVersion?: string };
  status?: { addresses?: { address: string }[] };
}

/** Starts the caches (they run until the signal aborts) and returns the reader of the facts they hold. */
export function cachedClusterFacts(conn: Connection, signal: AbortSignal, log: (text: string) => void): FactsReader {
  const cache = <T extends { metadata: { name: string } }, V>(what: string, path: string, project: (o: T) => V) => {
    const c = new ObjectCache<T, V>(what, resource<T>(conn, path), project, log);
    c.run(signal).catch((err: unknown) => log(`the cache of ${what} stopped: ${err instanceof Error ? err.message : String(err)}`));
    return c;
  };
  const nodes = cache('nodes', '/api/v1/nodes', (n: NodeObject): NodeFacts => ({ addresses: (n.status?.addresses ?? []).map((a) => a.address) }));
  const role = (r: RbacRole): RbacRole => ({ metadata: { name: r.metadata.name, namespace: r.metadata.namespace, labels: r.metadata.labels }, rules: r.rules, aggregationRule: r.aggregationRule });
  const binding = (b: RbacBinding): RbacBinding => ({ metadata: { name: b.metadata.name, namespace: b.metadata.namespace }, roleRef: b.roleRef, subjects: b.subjects });
  const rbac = [
    cache('clusterroles', `${RBAC}/clusterroles`, role),
    cache('roles', `${RBAC}/roles`, role),
    cache('clusterrolebindings', `${RBAC}/clusterrolebindings`, binding),
    cache('rolebindings', `${RBAC}/rolebindings`, binding),
  ] as const;
  const accounts = cache('serviceaccounts', '/api/v1/serviceaccounts', (sa: RbacServiceAccount): RbacServiceAccount => ({ metadata: { name: sa.metadata.name, namespace: sa.metadata.namespace } }));

  // The arrays the policy takes, built again only when a cache changed.
  let built: { key: string; read: RbacRead } | null = null;
  const rbacRead = (reads: CacheRead<RbacRole | RbacBinding>[], sa: CacheRead<RbacServiceAccount>): RbacRead => {
    const unreadable = reads.find((r) => !r.readable);
    if (unreadable && !unreadable.readable) return { readable: false, reason: unreadable.reason };
    const key = [...reads, sa].map((r) => (r.readable ? r.version : `x${r.reason}`)).join(',');
    if (built?.key === key) return built.read;
    const values = (r: CacheRead<RbacRole | RbacBinding>) => (r.readable ? [...r.items.values()] : []);
    const [clusterRoles, roles, clusterRoleBindings, roleBindings] = reads.map(values);
    const read: RbacRead = {
      readable: true,
      objects: {
        clusterRoles: clusterRoles as RbacRole[],
        roles: roles as RbacRole[],
        clusterRoleBindings: clusterRoleBindings as RbacBinding[],
        roleBindings: roleBindings as RbacBinding[],
        serviceAccounts: sa.readable ? { readable: true, items: [...sa.items.values()] } : { readable: false, reason: sa.reason },
      },
    };
    built = { key, read };
    return read;
  };

  return async (nodeNames) => {
    const [n, sa, ...reads] = await Promise.all([nodes.read(), accounts.read(), ...rbac.map((c) => c.read())]);
    const facts: ClusterReadings = { rbac: rbacRead(reads, sa), nodes: null };
    if (!n.readable) return { ...facts, nodesUnreadable: n.reason };
    return { ...facts, nodes: new Map(nodeNames.flatMap((name) => (n.items.has(name) ? [[name, n.items.get(name)!] as const] : []))) };
  };
}

/** A cluster-wide list and watch of one resource over HTTPS. */
function resource<T>(conn: Connection, path: string): ListWatch<T> {
  return {
    list: async () => {
      const list = await kubeJson<{ items: T[] | null; metadata: { resourceVersion: string } }>(conn, { method: 'GET', path });
      return { items: list.items ?? [], resourceVersion: list.metadata.resourceVersion };
    },
    watch: (opts, signal, onOpen) => watchStream<T>(conn, path, opts, signal, onOpen),
  };
}
