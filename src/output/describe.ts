// `kubectl describe`-like text for inspect: labelled sections, aligned values, one fact a line.
import { humanTime } from '../util/time-text.js';
import { humanDuration } from '../pki/duration.js';
import type { SubjectAltNames } from '../pki/types.js';
import { printableDeep } from '../util/printable.js';
import { accessLines } from './access-text.js';
import type { CertificateView, CsrView, InspectView, KeyView, RequestView } from './views.js';
import type { Finding } from '../policy/finding.js';

export type Row = [label: string, value: string];

export function describe(raw: InspectView, now: Date): string {
  const view = printableDeep(raw); // values come from requests and objects others wrote
  switch (view.kind) {
    case 'CertificateRequest':
      return section('Certificate request', requestRows(view.request)) + '\n' + findingsSection(`Policy (offline, as a CSR for ${view.policy.signerName}: RBAC and Node checks need the cluster)`, view.policy.findings);
    case 'CertificateChain':
      return view.certificates.map((c, i) => section(chainTitle(i, view.certificates.length), certificateRows(c))).join('\n');
    case 'CertificateSigningRequest':
      return describeCsr(view, now);
  }
}

function describeCsr(view: CsrView, now: Date): string {
  const rows: Row[] = [
    ['Name', view.name ?? '<none>'],
    ['Created', view.created ? `${when(view.created)} (${age(view.created, now)} ago)` : '<none>'],
    ['Signer', view.signerName],
    ['Requestor', view.requestor.username ?? '<none>'],
    ['Requestor groups', list(view.requestor.groups)],
    ['Usages', list(view.usages)],
    ['Requested duration', view.expirationSeconds === null ? '<none>' : `${humanDuration(view.expirationSeconds * 1000)} (${view.expirationSeconds}s)`],
    ['Condition', view.condition],
  ];
  let text = align(rows);
  if (view.conditions.length > 0) {
    text += 'Conditions:\n';
    for (const c of view.conditions) {
      const at = c.lastUpdateTime ?? c.lastTransitionTime;
      text += `  ${c.type}=${c.status}  ${c.reason ?? ''}${at ? `  ${when(at)}` : ''}\n`;
      if (c.message) text += `    ${c.message}\n`;
    }
  }
  text += '\n' + section('Request', requestRows(view.request));
  text += '\n' + policySection(view);
  if (view.access) text += '\nAccess:\n' + accessLines(view.access).map((l) => `  ${l}\n`).join('');
  if (view.certificates) {
    const matches = view.certificateMatchesRequest ? 'yes' : 'NO: the certificate does not carry the request\'s public key';
    view.certificates.forEach((c, i) => {
      const rows = certificateRows(c);
      if (i === 0) rows.push(['Matches request', matches]);
      text += '\n' + section(i === 0 ? 'Certificate' : `Chain certificate ${i + 1}`, rows);
    });
  } else {
    text += '\nCertificate:  <not issued>\n';
  }
  return text;
}

function policySection(view: CsrView): string {
  return findingsSection(view.policy.scope === 'offline' ? 'Policy (offline: RBAC and Node checks need the cluster)' : 'Policy', view.policy.findings);
}

function findingsSection(title: string, findings: readonly Finding[]): string {
  if (findings.length === 0) return `${title}:  no findings\n`;
  return `${title}:\n` + findings.map((f) => `  ${f.severity.toUpperCase().padEnd(5)}  ${f.id}: ${f.message}\n`).join('');
}

function requestRows(r: RequestView): Row[] {
  return [
    ['Subject', r.subject.text || '<empty>'],
    ...(r.subjectProblems ? [['Read differently', `${r.subjectProblems.problems.map((p) => p.detail).join('; ')}; read generously: ${r.subjectProblems.readGenerously || '<empty>'}`] as Row] : []),
    ['Common name', r.subject.commonName ?? '<none>'],
    ['Organizations', list(r.subject.organizations)],
    ...(r.subject.uid !== null ? [['UID', r.subject.uid] as Row] : []),
    ...(r.subject.organizationalUnits.length ? [['Org units', list(r.subject.organizationalUnits)] as Row] : []),
    ['Subject alt names', sanText(r.sans)],
    ['Public key', keyText(r.publicKey)],
    ['Signature algorithm', r.signatureAlgorithm],
    ['Signature', r.signatureValid ? 'valid' : 'INVALID: the self-signature does not verify'],
    ...(r.keyUsage.length ? [['Key usage', r.keyUsage.join(', ')] as Row] : []),
    ...(r.extendedKeyUsage.length ? [['Extended key usage', r.extendedKeyUsage.join(', ')] as Row] : []),
    ['Extensions', list(r.extensions.map((e) => (e.critical ? `${e.name} (critical)` : e.name)))],
  ];
}

export function certificateRows(c: CertificateView): Row[] {
  return [
    ['Subject', c.subject.text || '<empty>'],
    // The UID kube-apiserver authenticates with this certificate (no kubernetes.io/ signer writes one).
    ...(c.subject.uid !== null ? [['UID', c.subject.uid] as Row] : []),
    ['Issuer', c.issuer.text || '<empty>'],
    ['Serial', c.serial],
    ['Not before', c.notYetValid ? `${when(c.notBefore)} (NOT YET VALID: ${c.validity})` : when(c.notBefore)],
    ['Not after', c.notYetValid ? when(c.notAfter) : `${when(c.notAfter)} (${c.expired ? `EXPIRED ${c.validity.replace(/^expired /, '')}` : c.validity})`],
    ['Subject alt names', sanText(c.sans)],
    ['Key usage', list(c.keyUsage)],
    ['Extended key usage', list(c.extendedKeyUsage)],
    ['CA', c.isCA ? 'yes' : 'no'],
    ['Public key', keyText(c.publicKey)],
    ['Signature algorithm', c.signatureAlgorithm],
    ['SHA-256 fingerprint', c.fingerprintSha256],
    ['Credential ID', c.credentialId],
  ];
}

function chainTitle(index: number, count: number): string {
  return count === 1 ? 'Certificate' : `Certificate ${index + 1} of ${count}`;
}

export function section(title: string, rows: Row[]): string {
  return `${title}:\n${align(rows, '  ')}`;
}

export function align(rows: Row[], indent = ''): string {
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  return rows.map(([label, value]) => `${indent}${`${label}:`.padEnd(width)}${value}\n`).join('');
}

export function keyText(k: KeyView): string {
  if (k.algorithm === 'ECDSA') return `ECDSA ${k.curve ?? `${k.bits} bits`}`;
  if (k.algorithm === 'RSA') return `RSA ${k.bits} bits`;
  return k.algorithm;
}

export function sanText(s: SubjectAltNames): string {
  const all = [
    ...s.dns.map((v) => `DNS:${v}`),
    ...s.ip.map((v) => `IP:${v}`),
    ...s.email.map((v) => `email:${v}`),
    ...s.uri.map((v) => `URI:${v}`),
  ];
  return list(all);
}

function list(values: string[]): string {
  return values.length ? values.join(', ') : '<none>';
}

/** A time of the views (RFC 3339, machine output) as a person reads it: "Nov 30, 2026 23:16 UTC". */
export function when(timestamp: string): string {
  const ms = Date.parse(timestamp);
  return Number.isFinite(ms) ? humanTime(new Date(ms)) : timestamp;
}

export function age(timestamp: string, now: Date): string {
  const ms = now.getTime() - Date.parse(timestamp);
  return Number.isFinite(ms) ? humanDuration(Math.max(ms, 0)) : '<unknown>';
}
