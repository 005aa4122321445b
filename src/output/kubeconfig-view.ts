// `inspect -f KUBECONFIG`: the client certificate of every user entry, as one table in the manner of
// `kubeadm certs check-expiration` (which admins already read), and the same facts for -o json|yaml.
import { humanTime } from '../util/time-text.js';
import type { DecodedCertificate } from '../pki/types.js';
import { humanDuration } from '../pki/duration.js';
import type { CredentialKind, KubeconfigUserEntry, MaterialSource } from '../kube/kubeconfig-users.js';
import { printable } from '../util/printable.js';
import { certificateView, type CertificateView } from './views.js';
import { renderRows } from './table.js';

export interface KubeconfigUserView {
  user: string;
  contexts: string[];
  /** The file's current context uses this user. */
  current: boolean;
  credential: CredentialKind;
  /** "client-certificate-data", or the path as written in the file; null without a certificate. */
  certificateFrom: string | null;
  keyFrom: string | null;
  /** The leaf certificate; null when there is none or it cannot be read (see problems). */
  certificate: CertificateView | null;
  /** NotBefore is still ahead. */
  notYetValid: boolean;
  key: { type: string; matchesCertificate: boolean | null } | null;
  /** What could not be read or does not fit, one sentence each. */
  problems: string[];
}

export interface KubeconfigView {
  kind: 'KubeconfigCertificates';
  file: string;
  currentContext: string | null;
  users: KubeconfigUserView[];
}

export interface UserMaterial {
  certificate: DecodedCertificate | null;
  key: { type: string; matchesCertificate: boolean | null } | null;
  problems: string[];
}

export function kubeconfigUserView(entry: KubeconfigUserEntry, material: UserMaterial, now: Date): KubeconfigUserView {
  const cert = material.certificate;
  return {
    user: entry.name,
    contexts: entry.contexts,
    current: entry.current,
    credential: entry.credential,
    certificateFrom: sourceText(entry.certificate),
    keyFrom: sourceText(entry.key),
    certificate: cert ? certificateView(cert, now) : null,
    notYetValid: cert ? cert.notBefore.getTime() > now.getTime() : false,
    key: material.key,
    problems: material.problems,
  };
}

function sourceText(source: MaterialSource | null): string | null {
  if (!source) return null;
  return source.kind === 'data' ? source.field : source.path;
}

const HEAD = ['USER', 'CONTEXTS', 'SUBJECT', 'EXPIRES', 'RESIDUAL TIME', 'ISSUER', 'KEY'];

/** The table, then one line for each user that carries no certificate and for each problem. */
export function kubeconfigTable(view: KubeconfigView, now: Date): string {
  const withCert = view.users.filter((u) => u.credential === 'client-certificate');
  let text = '';
  if (withCert.length > 0) text += renderRows([HEAD, ...withCert.map((u) => row(u, now).map(printable))]);
  // Under the table rather than in it: 76 characters, and kubeadm's columns are what admins already read.
  for (const u of withCert) if (u.certificate) text += `user "${printable(u.user)}": credential ID ${u.certificate.credentialId}\n`;
  for (const u of view.users) {
    if (u.credential !== 'client-certificate') text += `user "${printable(u.user)}" carries no client certificate (${credentialText(u.credential)})\n`;
    for (const p of u.problems) text += `user "${printable(u.user)}": ${printable(p)}\n`;
  }
  return text === '' ? 'no users\n' : text;
}

function row(u: KubeconfigUserView, now: Date): string[] {
  const contexts = u.contexts.length ? u.contexts.join(',') : '<none>';
  const c = u.certificate;
  if (!c) return [u.user, contexts, '<unreadable>', '<unknown>', '<unknown>', '<unknown>', keyText(u)];
  const subject = [`CN=${c.subject.commonName ?? ''}`, ...c.subject.organizations.map((o) => `O=${o}`)].join(',');
  return [u.user, contexts, subject, humanTime(new Date(c.notAfter)), residualText(u, now), c.issuer.text || '<empty>', keyText(u)];
}

function residualText(u: KubeconfigUserView, now: Date): string {
  const c = u.certificate!;
  if (u.notYetValid) return `NOT YET VALID (for ${humanDuration(Date.parse(c.notBefore) - now.getTime())})`;
  const left = Date.parse(c.notAfter) - now.getTime();
  return left > 0 ? humanDuration(left) : `EXPIRED ${humanDuration(-left)} ago`;
}

function keyText(u: KubeconfigUserView): string {
  if (!u.key) return u.keyFrom ? '<unreadable>' : '<none>';
  if (u.key.matchesCertificate === null) return u.key.type;
  return `${u.key.type}, ${u.key.matchesCertificate ? 'matches' : 'DOES NOT MATCH'}`;
}

function credentialText(kind: KubeconfigUserView['credential']): string {
  switch (kind) {
    case 'token':
      return 'it uses a token';
    case 'basic-auth':
      return 'it uses a username and password';
    case 'exec':
      return 'it uses an exec credential plugin';
    case 'auth-provider':
      return 'it uses an auth provider';
    default:
      return 'it has no credentials';
  }
}
