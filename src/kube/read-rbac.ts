// The one RBAC read of a command: ClusterRoles, ClusterRoleBindings, and Roles and RoleBindings of every namespace,
// four LISTs at once, whatever the number of CSRs. When the caller may not read them, the reason is kept, never a guess.
import { ApiError } from './api-error.js';
import type { Connection } from './connection.js';
import { kubeJson } from './http.js';
import type { RbacBinding, RbacRead, RbacRole } from './rbac-objects.js';

const RBAC = '/apis/rbac.authorization.k8s.io/v1';

export async function readRbac(conn: Connection): Promise<RbacRead> {
  const list = <T>(resource: string) => kubeJson<{ items: T[] | null }>(conn, { method: 'GET', path: `${RBAC}/${resource}` }).then((l) => l.items ?? []);
  try {
    const [clusterRoles, roles, clusterRoleBindings, roleBindings] = await Promise.all([
      list<RbacRole>('clusterroles'),
      list<RbacRole>('roles'),
      list<RbacBinding>('clusterrolebindings'),
      list<RbacBinding>('rolebindings'),
    ]);
    return { readable: true, objects: { clusterRoles, roles, clusterRoleBindings, roleBindings } };
  } catch (err) {
    if (err instanceof ApiError) return { readable: false, reason: err.message.replace(/^Error from server /, '') };
    throw err;
  }
}
