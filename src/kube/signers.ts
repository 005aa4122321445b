// What the API server and the built-in signers accept (pkg/apis/certificates/validation/validation.go,
// pkg/apis/certificates/helpers.go, pkg/controller/certificates/signer/). Checked before the round trip so that a
// request fails with the reason instead of ending as Approved,Failed.

export const KUBE_APISERVER_CLIENT = 'kubernetes.io/kube-apiserver-client';
export const KUBELET_CLIENT = 'kubernetes.io/kube-apiserver-client-kubelet';
export const KUBELET_SERVING = 'kubernetes.io/kubelet-serving';
export const LEGACY_UNKNOWN = 'kubernetes.io/legacy-unknown';
export const BUILT_IN_SIGNERS = [KUBE_APISERVER_CLIENT, KUBELET_CLIENT, KUBELET_SERVING] as const;

/** certificates.k8s.io/v1 KeyUsage values. */
export const KNOWN_USAGES = [
  'signing', 'digital signature', 'content commitment', 'key encipherment', 'key agreement', 'data encipherment',
  'cert sign', 'crl sign', 'encipher only', 'decipher only', 'any', 'server auth', 'client auth', 'code signing',
  'email protection', 's/mime', 'ipsec end system', 'ipsec tunnel', 'ipsec user', 'timestamping', 'ocsp signing',
  'microsoft sgc', 'netscape sgc',
] as const;

/** The API server refuses shorter durations: "may not specify a duration less than 600 seconds (10 minutes)". */
export const MIN_EXPIRATION_SECONDS = 600;

const SIGNER_NAME = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)\/[^/]+$/;

/** Why a signer name is malformed, or null. validation.go: "domain/path", the domain a DNS-1123 subdomain. */
export function signerNameProblem(name: string): string | null {
  if (!name.includes('/')) return `signer name "${name}" must be of the form "example.com/signer-name"`;
  if (!SIGNER_NAME.test(name)) return `signer name "${name}" must be a DNS subdomain, a "/", and a path without "/"`;
  if (name === LEGACY_UNKNOWN) return `signer "${LEGACY_UNKNOWN}" cannot be used with certificates.k8s.io/v1`;
  return null;
}

export interface SubjectFacts {
  commonName: string;
  organizations: string[];
  dns: string[];
  ip: string[];
  email: string[];
  uri: string[];
}

/** Everything a built-in signer (or the API server for it) would refuse; empty for a signer we know nothing about. */
export function signerRuleProblems(signer: string, usages: string[], subject: SubjectFacts): string[] {
  return [...signerUsageProblems(signer, usages), ...signerSubjectProblems(signer, subject)];
}

/** The usage sets the kubelet signers take, made once: the approver checks every CSR of a storm (issue 25). */
const KUBELET_USAGE_SETS: Readonly<Record<typeof KUBELET_CLIENT | typeof KUBELET_SERVING, readonly (readonly string[])[]>> = {
  [KUBELET_CLIENT]: [['digital signature', 'key encipherment', 'client auth'], ['digital signature', 'client auth']],
  [KUBELET_SERVING]: [['digital signature', 'key encipherment', 'server auth'], ['digital signature', 'server auth']],
};

/** Usages the signer refuses: the request would end as Approved,Failed. */
export function signerUsageProblems(signer: string, usages: string[]): string[] {
  const problems: string[] = [];
  const usageSet = new Set(usages);
  switch (signer) {
    case KUBE_APISERVER_CLIENT: {
      if (!usageSet.has('client auth')) problems.push(`signer ${signer} requires the usage "client auth"`);
      const allowed = ['digital signature', 'key encipherment', 'client auth'];
      const extra = usages.filter((u) => !allowed.includes(u));
      if (extra.length) problems.push(`signer ${signer} does not allow usages ${extra.join(', ')} (allowed: ${allowed.join(', ')})`);
      break;
    }
    case KUBELET_CLIENT:
    case KUBELET_SERVING: {
      const auth = signer === KUBELET_CLIENT ? 'client auth' : 'server auth';
      const okSets = KUBELET_USAGE_SETS[signer];
      if (!okSets.some((set) => set.length === usageSet.size && set.every((u) => usageSet.has(u)))) {
        problems.push(`signer ${signer} requires usages {digital signature, key encipherment, ${auth}} or {digital signature, ${auth}}`);
      }
      break;
    }
  }
  return problems;
}

/** Subject and SAN rules of the built-in signers and of the CertificateSubjectRestriction admission plugin. */
export function signerSubjectProblems(signer: string, subject: SubjectFacts): string[] {
  const problems: string[] = [];
  const sanCount = subject.dns.length + subject.ip.length + subject.email.length + subject.uri.length;
  switch (signer) {
    case KUBE_APISERVER_CLIENT:
      if (subject.organizations.includes('system:masters')) {
        problems.push(`O=system:masters is refused for signer ${signer} by the API server's CertificateSubjectRestriction admission plugin`);
      }
      break;
    case KUBELET_CLIENT:
    case KUBELET_SERVING: {
      const organizations = subject.organizations;
      if (organizations.length !== 1 || organizations[0] !== 'system:nodes') problems.push(`signer ${signer} requires O=system:nodes and no other organization`);
      if (!subject.commonName.startsWith('system:node:')) problems.push(`signer ${signer} requires a CN of the form system:node:NODENAME`);
      if (signer === KUBELET_CLIENT && sanCount > 0) problems.push(`signer ${signer} does not allow subject alternative names`);
      if (signer === KUBELET_SERVING) {
        if (subject.dns.length + subject.ip.length === 0) problems.push(`signer ${signer} requires at least one DNS or IP subject alternative name`);
        if (subject.email.length + subject.uri.length > 0) problems.push(`signer ${signer} does not allow email or URI subject alternative names`);
      }
      break;
    }
  }
  return problems;
}

/** Usages when none are given: what the signer needs, with key encipherment only for RSA (ECDSA/Ed25519 keys cannot encipher). */
export function defaultUsages(signer: string, rsa: boolean): string[] {
  const auth = signer === KUBELET_SERVING ? 'server auth' : 'client auth';
  return rsa ? ['digital signature', 'key encipherment', auth] : ['digital signature', auth];
}
