// The kubelet signers: the requestor must be the node the certificate names, and a serving certificate may only
// name that Node's own addresses (the incidents where auto-approvers signed serving certificates for any name).
import type { DecodedRequest } from '../pki/types.js';
import type { Csr } from '../kube/csr.js';
import { KUBELET_CLIENT, KUBELET_SERVING } from '../kube/signers.js';
import type { ClusterFacts } from './cluster-facts.js';
import type { NodeFacts } from '../kube/read-cluster-facts.js';
import type { Finding } from './finding.js';

const NODE_PREFIX = 'system:node:';

/** bypassHostnameCheck: kubelet-csr-approver's --bypass-hostname-check, DNS SANs need not be the Node's addresses. */
export function kubeletFindings(csr: Csr, req: DecodedRequest, facts: ClusterFacts, bypassHostnameCheck = false): Finding[] {
  const signer = csr.spec.signerName;
  if (signer !== KUBELET_CLIENT && signer !== KUBELET_SERVING) return [];
  const findings: Finding[] = [];
  const cn = req.subject.commonName ?? '';
  const requestor = csr.spec.username ?? '';
  const groups = csr.spec.groups ?? [];
  const bootstrap = requestor.startsWith('system:bootstrap:') && groups.includes('system:bootstrappers');
  if (signer === KUBELET_CLIENT && bootstrap) {
    findings.push({ id: 'bootstrap-requestor', severity: 'info', message: `requested with bootstrap token ${requestor}, as a joining node does` });
  } else if (requestor !== cn || !groups.includes('system:nodes')) {
    findings.push({
      id: 'requestor-not-node',
      severity: 'block',
      message: `requested by ${requestor || '<unknown>'}, not by ${cn || 'the node'} itself in group system:nodes`,
    });
  }
  if (signer === KUBELET_SERVING) findings.push(...servingFindings(cn, req, facts, bypassHostnameCheck));
  return findings;
}

/**
 * A Node's addresses in lower case, made once per Node as the facts' cache read it: a storm brings each node's CSRs
 * again and again (issue 25). NodeFacts are plain data, never changed once read; a Node that changes is a new object.
 */
const lowerAddresses = new WeakMap<NodeFacts, ReadonlySet<string>>();

function addressesOf(node: NodeFacts): ReadonlySet<string> {
  let known = lowerAddresses.get(node);
  if (!known) lowerAddresses.set(node, (known = new Set(node.addresses.map((a) => a.toLowerCase()))));
  return known;
}

function servingFindings(cn: string, req: DecodedRequest, facts: ClusterFacts, bypassHostnameCheck: boolean): Finding[] {
  // Missing SANs, email and URI SANs: request-checks reports them as rules the signer enforces.
  const findings: Finding[] = [];
  const { dns, ip } = req.sans;
  if (!cn.startsWith(NODE_PREFIX) || facts.rbac === null) return findings;
  const nodeName = cn.slice(NODE_PREFIX.length);
  if (facts.nodes === null) {
    findings.push({ id: 'node-unreadable', severity: 'warn', message: `cannot read Node ${nodeName} to check the SANs against its addresses${facts.nodesUnreadable ? ` (${facts.nodesUnreadable})` : ''}` });
    return findings;
  }
  const node = facts.nodes.get(nodeName);
  if (!node) {
    findings.push({ id: 'node-not-found', severity: 'warn', message: `Node ${nodeName} does not exist, so its SANs cannot be checked` });
    return findings;
  }
  const known = addressesOf(node);
  const foreign: string[] = [];
  for (let i = 0; !bypassHostnameCheck && i < dns.length; i++) if (!known.has(dns[i]!.toLowerCase())) foreign.push(`DNS:${dns[i]}`);
  for (let i = 0; i < ip.length; i++) if (!known.has(ip[i]!.toLowerCase())) foreign.push(`IP:${ip[i]}`);
  if (foreign.length) {
    findings.push({ id: 'san-not-node-address', severity: 'block', message: `${foreign.join(', ')} ${foreign.length === 1 ? 'is not an address' : 'are not addresses'} of Node ${nodeName}` });
  }
  return findings;
}
