// Findings from the identity's effective permissions: privileged-group/-user where a binding gives it everything
// (cluster-admin, or every verb on every resource), and one finding per escalation class, binding and subject
// elsewhere, e.g. "[rbac-impersonate] O=ops may impersonate users, groups (ClusterRole ops-sudo, by
// ClusterRoleBinding ops-sudo)". Cluster-wide and privileged-namespace grants block; one ordinary namespace warns.
import type { RbacObjects } from '../../kube/rbac-objects.js';
import type { Finding, Severity } from '../finding.js';
import type { FindingId } from '../finding-ids.js';
import { effectiveGrants, type Grant } from './effective-rules.js';
import { AUTHENTICATED_ESCALATION, ESCALATION_CLASSES, type ClassPermission, type EscalationClass } from './escalation-classes.js';
import { AUTHENTICATED_GROUP, type BindingMatch, type CertificateIdentity } from './matching-bindings.js';
import { grantsEverything, ruleAllows } from './rule-matching.js';

const CLUSTER_ADMIN = 'cluster-admin';

/**
 * A finding about one identity, with what a path that reaches the identity ends with: "→ ClusterRole cluster-admin
 * (ClusterRoleBinding d)" for a binding that grants everything, "may impersonate users (...)" for a class.
 */
export interface Risk extends Finding {
  claim: string;
  /** The group of the identity that the (first) binding names; null when it names the user itself. */
  group: string | null;
}

export function rbacFindings(identity: CertificateIdentity, objects: RbacObjects, privilegedNamespaces: ReadonlySet<string>): Finding[] {
  return rbacRisks(effectiveGrants(identity, objects), identity, privilegedNamespaces).map(({ id, severity, message }) => ({ id, severity, message }));
}

/** The findings of these grants of the identity (all of its grants, or those an identity reached on a path adds). */
export function rbacRisks(grants: Grant[], identity: CertificateIdentity, privilegedNamespaces: ReadonlySet<string>): Risk[] {
  const { findings, privileged } = privilegedFindings(grants, privilegedNamespaces);
  const rest = grants.filter((g) => !privileged.has(g.match));
  const buckets = new Map<string, Bucket>();
  for (const cls of ESCALATION_CLASSES) {
    if (cls.all) findings.push(...combinedFinding(cls, rest, identity));
    else for (const grant of rest) for (const p of cls.permissions) collect(cls, p, grant, privilegedNamespaces, identity, buckets);
  }
  return [...findings, ...[...buckets.values()].map(bucketFinding)];
}

/** One finding per binding (and subject) that grants everything; the escalation classes say nothing more of it. */
function privilegedFindings(grants: Grant[], privilegedNamespaces: ReadonlySet<string>) {
  const findings: Risk[] = [];
  const privileged = new Set<BindingMatch>();
  for (const { match, rule } of grants) {
    if (privileged.has(match)) continue;
    const everything = (match.binding.roleRef.kind === 'ClusterRole' && match.binding.roleRef.name === CLUSTER_ADMIN) || grantsEverything(rule);
    if (!everything) continue;
    privileged.add(match);
    const kind = match.subject.kind === 'Group' ? 'group' : 'user';
    const message = `${match.via} is bound to ${match.roleName} by ${match.bindingName}`;
    const wide = match.namespace === null || privilegedNamespaces.has(match.namespace);
    const risk = { message, claim: `→ ${match.roleName} (${match.bindingName})`, group: groupOf(match) };
    findings.push(wide ? { id: `privileged-${kind}`, severity: 'block', ...risk } : { id: `namespace-privileged-${kind}`, severity: 'warn', ...risk });
  }
  return { findings, privileged };
}

function groupOf(match: BindingMatch): string | null {
  return match.subject.kind === 'Group' ? match.subject.name : null;
}

interface Part {
  verbs: string[];
  resources: string[];
  /** null: every name. */
  names: string[] | null;
  /** Some resource is namespaced, so a cluster-wide grant reaches it "in every namespace". */
  namespaced: boolean;
}

interface Bucket {
  id: FindingId;
  severity: Severity;
  match: BindingMatch;
  aggregatedFrom: Set<string>;
  /** By class id, in the order of ESCALATION_CLASSES. */
  parts: Map<string, Part>;
}

function collect(cls: EscalationClass, p: ClassPermission, grant: Grant, privilegedNamespaces: ReadonlySet<string>, identity: CertificateIdentity, buckets: Map<string, Bucket>) {
  const { match } = grant;
  if (p.clusterScoped && match.namespace !== null) return;
  const allowed = ruleAllows(grant.rule, p);
  if (!allowed) return;
  const wide = match.namespace === null || privilegedNamespaces.has(match.namespace);
  let id = wide ? cls.id : cls.namespaceId;
  let severity: Severity = wide ? cls.severity : 'warn';
  // Limited to names, the grant reaches only those identities: the escalation graph judges what they hold.
  if (cls.namedId && allowed.names !== null) [id, severity] = [cls.namedId, 'warn'];
  if (!id) return;
  if (severity === 'block' && viaEveryone(match, identity)) id = AUTHENTICATED_ESCALATION;
  const key = `${id}\0${match.bindingName}\0${match.via}`;
  let bucket = buckets.get(key);
  if (!bucket) buckets.set(key, (bucket = { id, severity, match, aggregatedFrom: new Set(), parts: new Map() }));
  if (grant.aggregatedFrom) bucket.aggregatedFrom.add(grant.aggregatedFrom);
  const part = bucket.parts.get(cls.id) ?? { verbs: [], resources: [], names: [], namespaced: false };
  bucket.parts.set(cls.id, part);
  addAll(part.verbs, allowed.verbs);
  addAll(part.resources, allowed.resources);
  part.names = part.names === null || allowed.names === null ? null : [...new Set([...part.names, ...allowed.names])];
  part.namespaced ||= !p.clusterScoped;
}

function bucketFinding(b: Bucket): Risk {
  const { match } = b;
  const parts = [...b.parts.values()].map((p) => phrase(p) + (match.namespace === null && p.namespaced ? ' in every namespace' : ''));
  const where = match.namespace === null ? '' : ` in ${match.namespace}`;
  const claim = `may ${parts.join('; ')}${where} (${provenance(match, b.aggregatedFrom)})`;
  return { id: b.id, severity: b.severity, message: `${match.via} ${claim}`, claim, group: groupOf(match) };
}

/** A class that needs several permissions at once: each may come from a different binding, all cluster-wide. */
function combinedFinding(cls: EscalationClass, grants: Grant[], identity: CertificateIdentity): Risk[] {
  const cited: { grant: Grant; part: Part }[] = [];
  for (const p of cls.permissions) {
    const found = grants.flatMap((grant) => {
      if (grant.match.namespace !== null) return [];
      const allowed = ruleAllows(grant.rule, p);
      return allowed ? [{ grant, part: { ...allowed, namespaced: false } }] : [];
    });
    if (found.length === 0) return [];
    cited.push(found[0]!);
  }
  const matches = [...new Set(cited.map((c) => c.grant.match))];
  const everyone = matches.every((m) => viaEveryone(m, identity));
  const who = [...new Set(matches.map((m) => m.via))].join(', ');
  const sources = [...new Set(cited.map((c) => provenance(c.grant.match, new Set(c.grant.aggregatedFrom ? [c.grant.aggregatedFrom] : []))))];
  const phrases = cited.map((c) => phrase(c.part));
  const what = phrases.length > 1 ? `${phrases.slice(0, -1).join(', ')} and ${phrases.at(-1)}` : phrases[0];
  const claim = `may ${what} (${sources.join('; ')})`;
  const group = matches.length === 1 ? groupOf(matches[0]!) : null;
  return [{ id: everyone ? AUTHENTICATED_ESCALATION : cls.id, severity: cls.severity, message: `${who} ${claim}`, claim, group }];
}

function phrase(p: Part): string {
  return `${p.verbs.join(', ')} ${p.resources.join(', ')}${p.names ? ` named ${p.names.join(', ')}` : ''}`;
}

function provenance(match: BindingMatch, aggregatedFrom: Set<string>): string {
  const aggregated = aggregatedFrom.size ? ` aggregating ${[...aggregatedFrom].join(', ')}` : '';
  return `${match.roleName}${aggregated}, by ${match.bindingName}`;
}

/** Granted to system:authenticated, and not because a certificate's O names that group: every identity holds it. */
export function viaEveryone(match: BindingMatch, identity: CertificateIdentity): boolean {
  return match.subject.kind === 'Group' && match.subject.name === AUTHENTICATED_GROUP && !identity.organizations.includes(AUTHENTICATED_GROUP);
}

function addAll(into: string[], values: string[]) {
  for (const v of values) if (!into.includes(v)) into.push(v);
}
