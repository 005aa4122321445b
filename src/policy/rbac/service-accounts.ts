// The service accounts escalation can reach, per namespace. What an account may do comes from the bindings that name
// it and from its groups (system:serviceaccounts, system:serviceaccounts:NS), so every account that no binding names
// holds the same as any other of its namespace: one of them stands for all, which keeps 5 000 accounts cheap.
import type { RbacObjects } from '../../kube/rbac-objects.js';
import type { CertificateIdentity } from './matching-bindings.js';

export const SERVICE_ACCOUNTS_GROUP = 'system:serviceaccounts';
const USER_PREFIX = 'system:serviceaccount:';

export interface AccountRef {
  namespace: string;
  name: string;
}

interface Universe {
  /** Per namespace: the accounts some binding names, then one account no binding names (if there is one). */
  byNamespace: Map<string, AccountRef[]>;
}

const universes = new WeakMap<RbacObjects, Universe>();

/** The accounts worth judging in one namespace, or (null) in every namespace. */
export function accountsIn(namespace: string | null, objects: RbacObjects): AccountRef[] {
  const { byNamespace } = universeOf(objects);
  if (namespace !== null) return byNamespace.get(namespace) ?? [];
  return [...byNamespace.values()].flat();
}

/** Whether the account exists (or, when the accounts were not read, whether a binding names it). */
export function accountExists(ref: AccountRef, objects: RbacObjects): boolean {
  return exists(objects).has(key(ref));
}

export function accountIdentity(ref: AccountRef): CertificateIdentity {
  return { user: `${USER_PREFIX}${ref.namespace}:${ref.name}`, organizations: [SERVICE_ACCOUNTS_GROUP, `${SERVICE_ACCOUNTS_GROUP}:${ref.namespace}`] };
}

const existing = new WeakMap<RbacObjects, Set<string>>();

function exists(objects: RbacObjects): Set<string> {
  let set = existing.get(objects);
  if (!set) existing.set(objects, (set = new Set(allAccounts(objects).map(key))));
  return set;
}

function universeOf(objects: RbacObjects): Universe {
  let universe = universes.get(objects);
  if (universe) return universe;
  const bound = boundAccounts(objects);
  const byNamespace = new Map<string, AccountRef[]>();
  const standIn = new Set<string>();
  const add = (ref: AccountRef) => {
    const list = byNamespace.get(ref.namespace);
    if (list) list.push(ref);
    else byNamespace.set(ref.namespace, [ref]);
  };
  for (const ref of allAccounts(objects)) {
    if (bound.has(key(ref))) add(ref);
    else if (!standIn.has(ref.namespace)) {
      standIn.add(ref.namespace);
      add(ref);
    }
  }
  universes.set(objects, (universe = { byNamespace }));
  return universe;
}

/** The accounts read from the cluster; when none were read, those the bindings name. */
function allAccounts(objects: RbacObjects): AccountRef[] {
  const read = objects.serviceAccounts;
  if (read?.readable) return read.items.map((sa) => ({ namespace: sa.metadata.namespace, name: sa.metadata.name }));
  const bound = boundAccounts(objects);
  return [...bound].map((k) => {
    const [namespace, name] = k.split('/') as [string, string];
    return { namespace, name };
  });
}

/** "NS/NAME" of every account a binding names, as a ServiceAccount subject or as its user name. */
function boundAccounts(objects: RbacObjects): Set<string> {
  const bound = new Set<string>();
  for (const binding of [...objects.clusterRoleBindings, ...objects.roleBindings]) {
    for (const s of binding.subjects ?? []) {
      if (s.kind === 'ServiceAccount') {
        const ns = s.namespace || binding.metadata.namespace;
        if (ns) bound.add(`${ns}/${s.name}`);
      } else if (s.kind === 'User' && s.name.startsWith(USER_PREFIX)) {
        const [ns, name] = s.name.slice(USER_PREFIX.length).split(':');
        if (ns && name) bound.add(`${ns}/${name}`);
      }
    }
  }
  return bound;
}

function key(ref: AccountRef): string {
  return `${ref.namespace}/${ref.name}`;
}
