// The one RBAC read of a command: ClusterRoles, ClusterRoleBindings, and Roles and RoleBindings of every namespace,
// and the ServiceAccounts of every namespace (the identities escalation can reach), five LISTs at once, whatever the
// number of CSRs. When the caller may not read them, the reason is kept, never a guess. A fault (no answer, 429, 5xx,
// a 403 while the server is not ready) is thrown: it says nothing about RBAC (issue 27).
import { ApiError, isFault } from './api-error.js';
import type { Connection } from './connection.js';
import { kubeJson } from './http.js';
import type { RbacBinding, RbacRead, RbacRole, RbacServiceAccount, ServiceAccountRead } from './rbac-objects.js';

export const RBAC = '/apis/rbac.authorization.k8s.io/v1';

export async function readRbac(conn: Connection): Promise<RbacRead> {
  const list = <T>(path: string) => kubeJson<{ items: T[] | null }>(conn, { method: 'GET', path }).then((l) => l.items ?? []);
  const serviceAccounts = list<RbacServiceAccount>('/api/v1/serviceaccounts').then(
    (items): ServiceAccountRead => ({ readable: true, items: items.map((sa) => ({ metadata: { name: sa.metadata.name, namespace: sa.metadata.namespace } })) }),
    (err: unknown): ServiceAccountRead => {
      if (err instanceof ApiError && !isFault(err)) return { readable: false, reason: reasonOf(err) };
      throw err;
    },
  );
  serviceAccounts.catch(() => undefined); // awaited below; a failure of the RBAC LISTs first must not leave it unhandled
  try {
    const [clusterRoles, roles, clusterRoleBindings, roleBindings] = await Promise.all([
      list<RbacRole>(`${RBAC}/clusterroles`),
      list<RbacRole>(`${RBAC}/roles`),
      list<RbacBinding>(`${RBAC}/clusterrolebindings`),
      list<RbacBinding>(`${RBAC}/rolebindings`),
    ]);
    return { readable: true, objects: { clusterRoles, roles, clusterRoleBindings, roleBindings, serviceAccounts: await serviceAccounts } };
  } catch (err) {
    if (err instanceof ApiError && !isFault(err)) return { readable: false, reason: reasonOf(err) };
    throw err;
  }
}

function reasonOf(err: ApiError): string {
  return err.message.replace(/^Error from server /, '');
}
