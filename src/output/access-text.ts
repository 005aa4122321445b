// The Access section of inspect and the access= part of approve's one-line summary (issue 13).
import type { Access, AccessBinding } from '../policy/access.js';

const NOTHING_MORE = 'none: it can authenticate and do what system:authenticated may, nothing more';

/** One line per binding, role names aligned: `ClusterRole view   (cluster-wide, by ClusterRoleBinding dev-view, via group dev)`. */
export function accessLines(access: Access): string[] {
  if (!access.readable) return [`unknown: RBAC cannot be read ${access.reason}`];
  if (access.bindings.length === 0) return [NOTHING_MORE];
  const roles = access.bindings.map((b) => `${b.roleKind} ${b.role}`);
  const width = Math.max(...roles.map((r) => r.length)) + 3;
  return access.bindings.map((b, i) => `${roles[i]!.padEnd(width)}(${where(b)}, by ${b.bindingKind} ${b.binding}, via ${via(b)}${b.roleExists ? '' : '; the role does not exist'})`);
}

/** "access=2 bindings, broadest ClusterRole edit in team-a" */
export function accessSummary(access: Access, broadest: AccessBinding | null): string {
  if (!access.readable) return 'access=unknown (RBAC cannot be read)';
  if (access.bindings.length === 0) return 'access=none beyond system:authenticated';
  const count = `${access.bindings.length} binding${access.bindings.length === 1 ? '' : 's'}`;
  if (!broadest) return `access=${count}`;
  return `access=${count}, broadest ${broadest.roleKind} ${broadest.role} ${broadest.namespace === null ? 'cluster-wide' : `in ${broadest.namespace}`}`;
}

function where(b: AccessBinding): string {
  return b.namespace === null ? 'cluster-wide' : `namespace ${b.namespace}`;
}

function via(b: AccessBinding): string {
  return `${b.via.kind === 'ServiceAccount' ? 'service account' : b.via.kind.toLowerCase()} ${b.via.name}`;
}
