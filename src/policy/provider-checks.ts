// kubelet-csr-approver's provider checks on kubelet-serving requests (postfinance/kubelet-csr-approver, issue 25):
// the DNS SANs must match the provider's regex and be no more than allowed, the IP SANs must lie in the provider's
// prefixes. Only `approver run` sets them; it takes that project's flags with their meanings.
import { BlockList, isIPv4 } from 'node:net';
import type { Csr } from '../kube/csr.js';
import { KUBELET_SERVING } from '../kube/signers.js';
import type { DecodedRequest } from '../pki/types.js';
import type { Finding } from './finding.js';

export interface ProviderRules {
  /** --provider-regex: each DNS SAN must match, anywhere in the name unless anchored (Go's MatchString). */
  dnsPattern: RegExp | null;
  /** --provider-ip-prefixes: each IP SAN lies in one of them; null allows every address (0.0.0.0/0,::/0). */
  ipPrefixes: { text: string; list: BlockList } | null;
  /** --allowed-dns-names: at most this many DNS SANs (kubelet-csr-approver's default is 1). */
  allowedDnsNames: number;
  /** --bypass-hostname-check: DNS SANs need not be addresses of the Node (IP SANs still must). */
  bypassHostnameCheck: boolean;
}

export function providerFindings(csr: Csr, req: DecodedRequest, rules: ProviderRules | undefined): Finding[] {
  if (!rules || csr.spec.signerName !== KUBELET_SERVING) return [];
  const findings: Finding[] = [];
  const { dns, ip } = req.sans;
  if (dns.length > rules.allowedDnsNames) {
    findings.push({ id: 'too-many-dns-names', severity: 'block', message: `${dns.length} DNS names, more than the ${rules.allowedDnsNames} allowed (--allowed-dns-names)` });
  }
  const pattern = rules.dnsPattern;
  const unmatched = pattern ? dns.filter((d) => !pattern.test(d)) : [];
  if (unmatched.length) {
    findings.push({ id: 'dns-name-not-allowed', severity: 'block', message: `${unmatched.map((d) => `DNS:${d}`).join(', ')} ${unmatched.length === 1 ? 'does' : 'do'} not match --provider-regex ${pattern!.source}` });
  }
  const prefixes = rules.ipPrefixes;
  const outside = prefixes ? ip.filter((a) => !prefixes.list.check(a, isIPv4(a) ? 'ipv4' : 'ipv6')) : [];
  if (outside.length) {
    findings.push({ id: 'ip-not-in-prefixes', severity: 'block', message: `${outside.map((a) => `IP:${a}`).join(', ')} ${outside.length === 1 ? 'is' : 'are'} not in --provider-ip-prefixes ${prefixes!.text}` });
  }
  return findings;
}
