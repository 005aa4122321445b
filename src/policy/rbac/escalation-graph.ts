// Escalation as a graph: from the certificate's identity, every identity it can become (escalation-edges.ts), hop by
// hop, breadth first so that each is reached by its shortest path, each visited once (cycles end). The union is
// judged: what every reached identity holds (its own findings, rbac-risks as escalation-findings.ts reads them) is a
// finding of the certificate, with the path that leads there, e.g.
// "O=ops → create serviceaccounts/token in ops (RoleBinding ops/t) → ServiceAccount ops/deployer → ClusterRole
// cluster-admin (ClusterRoleBinding d)". A namespace is thus as privileged as its service accounts.
import type { RbacObjects } from '../../kube/rbac-objects.js';
import type { Finding, Severity } from '../finding.js';
import { effectiveGrants, type Grant } from './effective-rules.js';
import { edgesOf, type Edge, type HopKind, type Target } from './escalation-edges.js';
import { AUTHENTICATED_ESCALATION } from './escalation-classes.js';
import { rbacRisks, viaEveryone, type Risk } from './escalation-findings.js';
import type { CertificateIdentity } from './matching-bindings.js';

/** The finding of a path, by its first hop: what the certificate's holder does first. */
export const PATH_IDS: Record<HopKind, string> = {
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
  target: Target;
  path: Edge[];
}

/** The identity's own findings and those of every identity it can become. */
export function escalationFindings(identity: CertificateIdentity, objects: RbacObjects, privilegedNamespaces: ReadonlySet<string>): Finding[] {
  const grants = effectiveGrants(identity, objects);
  const own = rbacRisks(grants, identity, privilegedNamespaces);
  const findings: Finding[] = own.map(plain);
  // Bound to everything already: nothing it can become holds more.
  if (own.some(isEverything)) return findings;
  const visited = new Set<string>([keyOf(identity)]);
  const queue: Visit[] = [];
  const follow = (from: Grant[], who: CertificateIdentity, path: Edge[]) => {
    for (const edge of edgesOf(from, who, objects)) {
      const key = keyOf(edge.target.identity);
      if (visited.has(key)) continue;
      visited.add(key);
      queue.push({ target: edge.target, path: [...path, edge] });
    }
  };
  follow(grants, identity, []);
  const paths: Finding[] = [];
  for (let i = 0; i < queue.length; i++) {
    const { target, path } = queue[i]!;
    // What the reached identity has through system:authenticated, the certificate has already.
    const reached = effectiveGrants(target.identity, objects).filter((g) => !viaEveryone(g.match, target.identity));
    const risks = [...(target.node ? [NODE_RISK] : []), ...rbacRisks(reached, target.identity, privilegedNamespaces)];
    for (const risk of risks) paths.push(pathFinding(identity, path, target, risk));
    if (!risks.some(isEverything)) follow(reached, target.identity, path);
  }
  return [...findings, ...capped(paths)];
}

const NODE_RISK: Risk = {
  id: 'node',
  severity: 'block',
  message: '',
  claim: '(the kube-controller-manager approves its kubelet client certificate without review; the Node authorizer then lets it read the secrets of the pods bound to it)',
  group: null,
};

function pathFinding(identity: CertificateIdentity, path: Edge[], target: Target, risk: Risk): Finding {
  const first = path[0]!;
  const steps = path.map((e) => `${e.action} (${e.match.bindingName}) → ${e.target.label}`);
  // A group reached by impersonation is what the binding names: no need to say it twice.
  const group = risk.group && target.identity.user !== '' ? ` (in group ${risk.group})` : '';
  const message = `${first.match.via} → ${steps.join(' → ')}${group} ${risk.claim}`;
  const severity: Severity = risk.severity === 'block' ? 'block' : 'warn';
  if (severity !== 'block') return { id: PATH_WARN, severity, message };
  return { id: viaEveryone(first.match, identity) ? AUTHENTICATED_ESCALATION : PATH_IDS[first.kind], severity, message };
}

function capped(findings: Finding[]): Finding[] {
  const byId = new Map<string, Finding[]>();
  for (const f of findings) byId.set(f.id, [...(byId.get(f.id) ?? []), f]);
  return [...byId.values()].flatMap((list) => {
    if (list.length <= SHOWN_PER_ID) return list;
    const rest = list.length - SHOWN_PER_ID;
    return [...list.slice(0, SHOWN_PER_ID), { id: list[0]!.id, severity: list[0]!.severity, message: `and ${rest} more ${rest === 1 ? 'path' : 'paths'} of this kind` }];
  });
}

function isEverything(r: Risk): boolean {
  return r.severity === 'block' && r.id.startsWith('privileged-');
}

function plain({ id, severity, message }: Risk): Finding {
  return { id, severity, message };
}

function keyOf(identity: CertificateIdentity): string {
  return `${identity.user}\0${[...identity.organizations].sort().join('\0')}`;
}
