// Who the certificate would make its holder: a privileged or admin-equivalent group or user (RBAC read as an attacker
// would, in rbac/), or an impersonated node, service account or control-plane component.
import type { DecodedRequest } from '../pki/types.js';
import type { Csr } from '../kube/csr.js';
import { KUBE_APISERVER_CLIENT } from '../kube/signers.js';
import type { ClusterFacts } from './cluster-facts.js';
import type { Finding } from './finding.js';
import type { FindingId } from './finding-ids.js';
import type { PolicyOptions } from './policy-options.js';
import { rbacFindings } from './rbac/escalation-findings.js';
import { escalationFindings } from './rbac/escalation-graph.js';
import { certificateIdentity, type CertificateIdentity } from './rbac/matching-bindings.js';
import type { RbacObjects } from '../kube/rbac-objects.js';

/** Built into the API server's authorizer, whatever RBAC says. */
const SUPERUSER_GROUP = 'system:masters';

export function privilegeFindings(req: DecodedRequest, facts: ClusterFacts, opts: PolicyOptions): Finding[] {
  const groups = req.subject.organizations;
  const user = req.subject.commonName ?? '';
  const findings: Finding[] = [];
  if (groups.includes(SUPERUSER_GROUP)) {
    findings.push({ id: 'privileged-group', severity: 'block', message: `O=${SUPERUSER_GROUP} is the API server's superuser group: it bypasses RBAC` });
  }
  if (facts.rbac === null) return findings;
  if (!facts.rbac.readable) {
    findings.push({
      id: 'rbac-unreadable',
      severity: 'block',
      message: `cannot read RBAC bindings to check whether CN=${user} or its groups are privileged (${facts.rbac.reason})`,
    });
    return findings;
  }
  const { objects } = facts.rbac;
  if (objects.serviceAccounts?.readable === false) {
    findings.push({
      id: 'serviceaccounts-unreadable',
      severity: 'block',
      message: `cannot read ServiceAccounts to follow escalation through them (${objects.serviceAccounts.reason})`,
    });
  }
  return [...findings, ...judgedOnce(opts.followEscalation !== false, certificateIdentity(req.subject), objects, opts.privilegedNamespaces)];
}

/**
 * RBAC findings by the RBAC read they were judged on, then by identity: a storm of node certificates brings each node's
 * identity again with each of its CSRs, and following escalation is the costliest check there (issue 25). They depend
 * on nothing else, and a cache that changed gives a new read (kube/cached-facts.ts), so nothing is judged on an older
 * RBAC; a read that is dropped takes its findings with it.
 */
const judged = new WeakMap<RbacObjects, Map<string, Finding[]>>();
/**
 * Identities kept per read: a cluster's nodes and users, not every CSR; past it, the judged are forgotten. A bulk
 * approval reads RBAC once for the whole run, and user certificates each bring a CN of their own: at 10 000 such CSRs,
 * 10 000 kept cost about 3.2 MiB of peak RSS (issue 26: 76.4-76.7 → 73.2-73.6 MiB with 1 000).
 */
export const JUDGED_KEPT = 1_000;

function judgedOnce(follow: boolean, identity: CertificateIdentity, objects: RbacObjects, namespaces: ReadonlySet<string>): Finding[] {
  let byIdentity = judged.get(objects);
  if (!byIdentity) judged.set(objects, (byIdentity = new Map<string, Finding[]>()));
  const key = JSON.stringify([follow, identity.user, identity.organizations, listed(namespaces)]);
  let found = byIdentity.get(key);
  if (!found) {
    if (byIdentity.size >= JUDGED_KEPT) byIdentity.clear();
    found = (follow ? escalationFindings : rbacFindings)(identity, objects, namespaces);
    byIdentity.set(key, found);
  }
  return found;
}

/** The options' privileged namespaces as a list, made once per set: part of every CSR's key above. */
const namespaceLists = new WeakMap<ReadonlySet<string>, string[]>();

function listed(namespaces: ReadonlySet<string>): string[] {
  let list = namespaceLists.get(namespaces);
  if (!list) namespaceLists.set(namespaces, (list = [...namespaces]));
  return list;
}

const IMPERSONATION: { pattern: RegExp; id: FindingId; what: string }[] = [
  { pattern: /^system:node:/, id: 'impersonates-node', what: 'a node' },
  { pattern: /^system:nodes$/, id: 'impersonates-node', what: 'the nodes group' },
  { pattern: /^system:serviceaccount:/, id: 'impersonates-serviceaccount', what: 'a service account' },
  { pattern: /^system:serviceaccounts(:|$)/, id: 'impersonates-serviceaccount', what: 'the service accounts groups' },
  { pattern: /^system:kube-/, id: 'impersonates-control-plane', what: 'a control-plane component' },
];

/** A client certificate from kube-apiserver-client whose CN or O claims an identity the cluster gives out itself. */
export function impersonationFindings(csr: Csr, req: DecodedRequest): Finding[] {
  if (csr.spec.signerName !== KUBE_APISERVER_CLIENT) return [];
  const findings: Finding[] = [];
  const names = [
    ...(req.subject.commonName ? [{ label: `CN=${req.subject.commonName}`, value: req.subject.commonName }] : []),
    ...req.subject.organizations.map((o) => ({ label: `O=${o}`, value: o })),
  ];
  for (const { label, value } of names) {
    const rule = IMPERSONATION.find((r) => r.pattern.test(value));
    if (rule) findings.push({ id: rule.id, severity: 'block', message: `${label} would let the holder act as ${rule.what}` });
  }
  return findings;
}
