// Escalation as a graph: from the certificate's identity, every identity it can become (escalation-edges.ts), hop by
// hop, breadth first so that each is reached by its shortest path, each visited once (cycles end). The union is
// judged: what every reached identity holds (its own findings, rbac-risks as escalation-findings.ts reads them) is a
// finding of the certificate, with the path that leads there, e.g.
// "O=ops → create serviceaccounts/token in ops (RoleBinding ops/t) → ServiceAccount ops/deployer → ClusterRole
// cluster-admin (ClusterRoleBinding d)". A namespace is thus as privileged as its service accounts.
import type { RbacObjects } from '../../kube/rbac-objects.js';
import type { Finding, Severity } from '../finding.js';
import type { FindingId } from '../finding-ids.js';
import { effectiveGrants, type Grant } from './effective-rules.js';
import { edgesOf, identityKey, type Edge, type HopKind, type Target } from './escalation-edges.js';
import { AUTHENTICATED_ESCALATION } from './escalation-classes.js';
import { rbacRisks, viaEveryone, type Risk } from './escalation-findings.js';
import type { CertificateIdentity } from './matching-bindings.js';

/** The finding of a path, by its first hop: what the certificate's holder does first. */
export const PATH_IDS: Record<HopKind, FindingId> = {
  token: 'rbac-path-token-request',
  impersonate: 'rbac-path-impersonate',
  workloads: 'rbac-path-workloads',
  secrets: 'rbac-path-secrets',
  'node-client': 'rbac-node-client-certs',
};
/** A path to an identity whose own findings are only warnings. */
export const PATH_WARN = 'rbac-path-warn';

/** Paths shown per finding id; the rest are counted, so that one wide grant does not print a thousand lines. */
const SHOWN_PER_ID = 3;

interface Visit {
  edge: Edge;
  /** The visit the edge leaves from; null: from the certificate's identity. */
  from: Visit | null;
}

/** The identity's own findings and those of every identity it can become. */
export function escalationFindings(identity: CertificateIdentity, objects: RbacObjects, privilegedNamespaces: ReadonlySet<string>): Finding[] {
  const grants = effectiveGrants(identity, objects);
  const own = rbacRisks(grants, identity, privilegedNamespaces);
  const findings: Finding[] = own.map(plain);
  // Bound to everything already: nothing it can become holds more.
  if (own.some(isEverything)) return findings;
  const visited = new Set<string>([identityKey(identity)]);
  const queue: Visit[] = [];
  const follow = (grantsFrom: Grant[], who: CertificateIdentity, from: Visit | null) => {
    for (const edge of edgesOf(grantsFrom, who, objects)) {
      if (visited.has(edge.target.key)) continue;
      visited.add(edge.target.key);
      queue.push({ edge, from });
    }
  };
  follow(grants, identity, null);
  const paths = new PathFindings();
  for (let i = 0; i < queue.length; i++) {
    const visit = queue[i]!;
    const { target } = visit.edge;
    // What the reached identity has through system:authenticated, the certificate has already.
    const reached = effectiveGrants(target.identity, objects).filter((g) => !viaEveryone(g.match, target.identity));
    if (reached.length === 0 && !target.node) continue;
    const risks = [...(target.node ? [NODE_RISK] : []), ...rbacRisks(reached, target.identity, privilegedNamespaces)];
    for (const risk of risks) paths.add(pathId(identity, visit, risk), risk.severity === 'block' ? 'block' : 'warn', () => pathMessage(pathOf(visit), target, risk));
    if (!risks.some(isEverything)) follow(reached, target.identity, visit);
  }
  return [...findings, ...paths.findings()];
}

/** A risk of an identity reached: its own findings', or being a node (never a finding of its own: only a path's). */
type Reached = Omit<Risk, 'id'> & { id: FindingId | 'node' };

const NODE_RISK: Reached = {
  id: 'node',
  severity: 'block',
  message: '',
  claim: '(the kube-controller-manager approves its kubelet client certificate without review; the Node authorizer then lets it read the secrets of the pods bound to it)',
  group: null,
};

function pathId(identity: CertificateIdentity, visit: Visit, risk: Reached): FindingId {
  if (risk.severity !== 'block') return PATH_WARN;
  let first = visit;
  while (first.from) first = first.from;
  return viaEveryone(first.edge.match, identity) ? AUTHENTICATED_ESCALATION : PATH_IDS[first.edge.kind];
}

function pathMessage(path: Edge[], target: Target, risk: Reached): string {
  const steps = path.map((e) => `${e.action} (${e.match.bindingName}) → ${e.target.label}`);
  // A group reached by impersonation is what the binding names: no need to say it twice.
  const group = risk.group && target.identity.user !== '' ? ` (in group ${risk.group})` : '';
  return `${path[0]!.match.via} → ${steps.join(' → ')}${group} ${risk.claim}`;
}

/** The first paths of each id, written out; the others only counted (their text is never built). */
class PathFindings {
  private readonly byId = new Map<FindingId, { shown: Finding[]; more: number }>();

  add(id: FindingId, severity: Severity, message: () => string): void {
    let entry = this.byId.get(id);
    if (!entry) this.byId.set(id, (entry = { shown: [], more: 0 }));
    if (entry.shown.length < SHOWN_PER_ID) entry.shown.push({ id, severity, message: message() });
    else entry.more++;
  }

  findings(): Finding[] {
    return [...this.byId.values()].flatMap(({ shown, more }) =>
      more === 0 ? shown : [...shown, { id: shown[0]!.id, severity: shown[0]!.severity, message: `and ${more} more ${more === 1 ? 'path' : 'paths'} of this kind` }],
    );
  }
}

function isEverything(r: Reached): boolean {
  return r.severity === 'block' && r.id.startsWith('privileged-');
}

function plain({ id, severity, message }: Risk): Finding {
  return { id, severity, message };
}

function pathOf(visit: Visit): Edge[] {
  const path: Edge[] = [];
  for (let v: Visit | null = visit; v; v = v.from) path.unshift(v.edge);
  return path;
}
