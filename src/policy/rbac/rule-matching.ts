// Whether a PolicyRule allows a permission, with RBAC's own semantics (k8s.io/component-helpers/auth/rbac/validation
// and pkg/apis/rbac/v1/evaluation_helpers.go): `*` in verbs, apiGroups and resources matches everything (a `*`
// resource includes subresources), `*/SUB` matches that subresource of any resource, and an empty resourceNames
// means every name; names are compared literally (RBAC has no wildcard inside resourceNames).
import type { PolicyRule } from '../../kube/rbac-objects.js';

const ALL = '*';

/** One permission a check looks for: any of these verbs on any of these resources of one API group. */
export interface Permission {
  verbs: readonly string[];
  group: string;
  /** "pods", "pods/exec", "signers". */
  resources: readonly string[];
  /** Only these object names count (the signer names for approve); absent: any name. */
  names?: readonly string[];
}

/** What of a permission a rule grants: the verbs and resources it matched, and the names it is limited to. */
export interface Allowed {
  verbs: string[];
  resources: string[];
  /** null: every name. */
  names: string[] | null;
}

export function ruleAllows(rule: PolicyRule, permission: Permission): Allowed | null {
  const groups = rule.apiGroups ?? [];
  if (!groups.includes(ALL) && !groups.includes(permission.group)) return null;
  let verbs = rule.verbs.includes(ALL) ? [...permission.verbs] : permission.verbs.filter((v) => rule.verbs.includes(v));
  let resources = permission.resources.filter((r) => resourceMatches(rule.resources ?? [], r));
  const names = rule.resourceNames?.length ? [...rule.resourceNames] : null;
  if (names) {
    // A create of a whole object is authorized before the object has a name, so a rule limited to names never allows
    // it (RBAC: "cannot be restricted by resourceName"); a subresource create (pods/exec NAME) has one.
    if (verbs.every((v) => v === 'create')) resources = resources.filter((r) => r.includes('/'));
    else if (resources.every((r) => !r.includes('/'))) verbs = verbs.filter((v) => v !== 'create');
  }
  if (verbs.length === 0 || resources.length === 0) return null;
  if (permission.names && names) {
    const wanted = names.filter((n) => permission.names!.includes(n));
    if (wanted.length === 0) return null;
    return { verbs, resources, names: wanted };
  }
  return { verbs, resources, names };
}

export function resourceMatches(ruleResources: readonly string[], requested: string): boolean {
  const slash = requested.indexOf('/');
  const sub = slash < 0 ? '' : requested.slice(slash + 1);
  return ruleResources.some((r) => r === ALL || r === requested || (sub !== '' && r === `*/${sub}`));
}

/** A rule that grants every verb on every resource in every API group: what cluster-admin is. */
export function grantsEverything(rule: PolicyRule): boolean {
  return rule.verbs.includes(ALL) && (rule.resources ?? []).includes(ALL) && (rule.apiGroups ?? []).includes(ALL);
}
