// The policy's cluster facts (read-cluster-facts.ts) from caches kept by list and watch (object-cache.ts), for the
// approver, which judges CSRs for as long as it runs: Nodes and the five RBAC reads are listed once and then followed,
// so a batch of CSRs reads them from memory. A cache the server refuses to list or watch (403: the approver's RBAC
// is wrong) is not read as "unreadable", as a one-time read of the CLI is: that is no fact about a CSR, and a fault is
// never a decision. Its readers wait until it can be read again (object-cache.ts), so the CSRs that need it stay
// pending; refused() names it for /readyz and the metrics.
import type { ListMemory, WatchedFacts } from './api.js';
import type { Connection } from './connection.js';
import { kubeJson } from './http.js';
import type { ListWatch } from './follow-csrs.js';
import { ObjectCache, type CacheRead } from './object-cache.js';
import type { ClusterReadings, NodeFacts } from './read-cluster-facts.js';
import { RBAC } from './read-rbac.js';
import type { RbacBinding, RbacRead, RbacRole, RbacServiceAccount } from './rbac-objects.js';
import { watchStream } from './watch-stream.js';


interface NodeObject {
  metadata: { name: string; resourceVersion?: string };
  status?: { addresses?: { address: string }[] };
}

/** Starts the caches (they run until the signal aborts) and returns the reader of the facts they hold. */
export function cachedClusterFacts(conn: Connection, signal: AbortSignal, log: (text: string) => void, listMemory?: () => ListMemory): WatchedFacts {
  const refusals = new Map<string, () => string | null>();
  const cache = <T extends { metadata: { name: string } }, V>(what: string, path: string, project: (o: T) => V) => {
    const c = new ObjectCache<T, V>(what, resource<T>(conn, path), project, log);
    c.run(signal, listMemory).catch((err: unknown) => log(`the cache of ${what} stopped: ${err instanceof Error ? err.message : String(err)}`));
    refusals.set(what, () => c.refused());
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
    const key = [...reads, sa].map((r) => r.version).join(',');
    if (built?.key === key) return built.read;
    const [clusterRoles, roles, clusterRoleBindings, roleBindings] = reads.map((r) => [...r.items.values()]);
    const read: RbacRead = {
      readable: true,
      objects: {
        clusterRoles: clusterRoles as RbacRole[],
        roles: roles as RbacRole[],
        clusterRoleBindings: clusterRoleBindings as RbacBinding[],
        roleBindings: roleBindings as RbacBinding[],
        serviceAccounts: { readable: true, items: [...sa.items.values()] },
      },
    };
    built = { key, read };
    return read;
  };

  // The Nodes are read only for CSRs that name one (kubelet-serving): a refused Node cache holds up only those.
  const read = async (nodeNames: string[]): Promise<ClusterReadings> => {
    const [n, sa, ...reads] = await Promise.all([nodeNames.length > 0 ? nodes.read() : null, accounts.read(), ...rbac.map((c) => c.read())]);
    return { rbac: rbacRead(reads, sa), nodes: new Map(nodeNames.flatMap((name) => (n?.items.has(name) ? [[name, n.items.get(name)!] as const] : []))) };
  };
  const refused = () => new Map([...refusals].map(([what, refusal]) => [what, refusal()]));
  return { read, refused };
}

/** Objects a page of the caches' lists holds, as client-go's reflector asks (its pager's limit). */
const PAGE_SIZE = 500;

/** A cluster-wide list (a page at a time) and watch of one resource over HTTPS. */
function resource<T>(conn: Connection, path: string): ListWatch<T> {
  return {
    pages: async function* () {
      let token: string | undefined;
      do {
        const page = await kubeJson<{ items: T[] | null; metadata: { resourceVersion: string; continue?: string } }>(conn, { method: 'GET', path, query: { limit: PAGE_SIZE, continue: token } });
        token = page.metadata.continue || undefined;
        yield { items: page.items ?? [], resourceVersion: page.metadata.resourceVersion, more: token !== undefined };
      } while (token);
    },
    watch: (opts, signal, onOpen) => watchStream<T>(conn, path, opts, signal, onOpen),
  };
}
