// The request itself and its spec: usages the signer would refuse or that grant more than needed, unknown
// signers, long durations, weak keys, a self-signature that does not verify.
import type { DecodedRequest } from '../pki/types.js';
import type { Csr } from '../kube/csr.js';
import { BUILT_IN_SIGNERS, signerSubjectProblems, signerUsageProblems } from '../kube/signers.js';
import { humanDuration } from '../pki/duration.js';
import type { Finding } from './finding.js';
import { MIN_RSA_BITS, type PolicyOptions } from './policy-options.js';

/** Usages that make the holder a CA or allow anything: never needed by a client or serving certificate. */
const CA_USAGES = ['cert sign', 'crl sign', 'any'];

export function requestFindings(csr: Csr, req: DecodedRequest, opts: PolicyOptions): Finding[] {
  const findings: Finding[] = [];
  const signer = csr.spec.signerName;
  const usages = csr.spec.usages ?? [];
  const subject = { commonName: req.subject.commonName ?? '', organizations: req.subject.organizations, ...req.sans };
  for (const problem of signerUsageProblems(signer, usages)) {
    findings.push({ id: 'usages-rejected-by-signer', severity: 'block', message: `${problem}; it would end as Approved,Failed` });
  }
  for (const problem of signerSubjectProblems(signer, subject)) {
    findings.push({ id: 'subject-rejected-by-signer', severity: 'block', message: `${problem}; it would end as Approved,Failed` });
  }
  const ca = usages.filter((u) => CA_USAGES.includes(u));
  if (ca.length) findings.push({ id: 'usages-excessive', severity: 'block', message: `usages ${ca.join(', ')} would make the holder a certificate authority` });
  if (!(BUILT_IN_SIGNERS as readonly string[]).includes(signer)) {
    findings.push({ id: 'unknown-signer', severity: 'warn', message: `no built-in controller signs for ${signer}; approval only helps if a signer for it runs` });
  }
  const seconds = csr.spec.expirationSeconds;
  if (seconds !== undefined && seconds > opts.maxDurationSeconds) {
    findings.push({
      id: 'duration-too-long',
      severity: 'block',
      message: `requests ${humanDuration(seconds * 1000)}, more than the maximum of ${humanDuration(opts.maxDurationSeconds * 1000)} (--max-duration)`,
    });
  }
  if (req.publicKey.algorithm === 'RSA' && (req.publicKey.bits ?? 0) < MIN_RSA_BITS) {
    findings.push({ id: 'weak-key', severity: 'block', message: `RSA ${req.publicKey.bits}-bit key; at least ${MIN_RSA_BITS} bits are needed` });
  }
  if (req.publicKey.algorithm === 'unknown') findings.push({ id: 'unknown-key', severity: 'warn', message: 'the key algorithm is not one this tool knows' });
  if (!req.signatureValid) {
    findings.push({ id: 'invalid-signature', severity: 'block', message: 'the self-signature does not verify: the requester may not hold the key' });
  }
  return findings;
}
