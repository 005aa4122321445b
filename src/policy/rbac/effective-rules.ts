// The rules an identity holds: every rule of every role bound to it, with the binding that grants it and where
// (cluster-wide or one namespace). A ClusterRole whose rules are empty but that has an aggregationRule gets the rules
// of the ClusterRoles its selectors pick, as the clusterrole-aggregation controller would fill them in
// (pkg/controller/clusterroleaggregation); a role that does not exist grants nothing, as RBAC treats it.
import type { LabelSelector, PolicyRule, RbacObjects, RbacRole } from '../../kube/rbac-objects.js';
import { matchingBindings, type BindingMatch, type CertificateIdentity } from './matching-bindings.js';

export interface Grant {
  match: BindingMatch;
  rule: PolicyRule;
  /** The aggregated ClusterRole the rule comes from, when the bound role is an aggregating one. */
  aggregatedFrom: string | null;
}

interface RoleRule {
  rule: PolicyRule;
  aggregatedFrom: string | null;
}

const resolved = new WeakMap<RbacObjects, Map<RbacRole, RoleRule[]>>();

export function effectiveGrants(identity: CertificateIdentity, objects: RbacObjects): Grant[] {
  return matchingBindings(identity, objects).flatMap((match) =>
    match.role ? roleRules(match.role, objects).map(({ rule, aggregatedFrom }) => ({ match, rule, aggregatedFrom })) : [],
  );
}

/** The role's own rules; for an aggregating ClusterRole with none, those of the ClusterRoles it selects. */
export function roleRules(role: RbacRole, objects: RbacObjects): RoleRule[] {
  let cache = resolved.get(objects);
  if (!cache) resolved.set(objects, (cache = new Map<RbacRole, RoleRule[]>()));
  return rulesOf(role, objects, cache, new Set());
}

function rulesOf(role: RbacRole, objects: RbacObjects, cache: Map<RbacRole, RoleRule[]>, visiting: Set<RbacRole>): RoleRule[] {
  const known = cache.get(role);
  if (known) return known;
  const own = role.rules ?? [];
  const selectors = role.aggregationRule?.clusterRoleSelectors ?? [];
  if (own.length > 0 || selectors.length === 0 || role.metadata.namespace) {
    const rules = own.map((rule) => ({ rule, aggregatedFrom: null }));
    cache.set(role, rules);
    return rules;
  }
  visiting.add(role);
  const rules: RoleRule[] = [];
  for (const other of objects.clusterRoles) {
    if (visiting.has(other) || !selectors.some((s) => selects(s, other.metadata.labels ?? {}))) continue;
    for (const r of rulesOf(other, objects, cache, visiting)) rules.push({ rule: r.rule, aggregatedFrom: r.aggregatedFrom ?? other.metadata.name });
  }
  visiting.delete(role);
  cache.set(role, rules);
  return rules;
}

/** metav1.LabelSelector semantics: every matchLabels pair and every expression must hold; an empty selector selects all. */
export function selects(selector: LabelSelector, labels: Record<string, string>): boolean {
  const has = (k: string) => Object.prototype.hasOwnProperty.call(labels, k);
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (!has(k) || labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const values = e.values ?? [];
    const ok =
      e.operator === 'In' ? has(e.key) && values.includes(labels[e.key]!)
      : e.operator === 'NotIn' ? !has(e.key) || !values.includes(labels[e.key]!)
      : e.operator === 'Exists' ? has(e.key)
      : e.operator === 'DoesNotExist' ? !has(e.key)
      : false;
    if (!ok) return false;
  }
  return true;
}
