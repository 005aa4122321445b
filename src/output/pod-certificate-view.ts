// `podcerts`: PodCertificateRequests as a table (NAME, NAMESPACE, POD, NODE, SIGNER, KEY TYPE, STATE, AGE) and, for
// one, the request's key, the issued chain and its times, and why a pending one is stuck.
import type { PodCertificateCondition, PodCertificateRequest } from '../kube/certificates-objects.js';
import { parseCertificates } from '../pki/certificate.js';
import { humanDuration } from '../pki/duration.js';
import { publicKeyInfo } from '../pki/public-key.js';
import { parseRequest } from '../pki/request.js';
import { printableDeep } from '../util/printable.js';
import { age, align, certificateRows, keyText, section, when, type Row } from './describe.js';
import { certificateView, keyView, requestView, type CertificateView, type KeyView, type RequestView } from './views.js';

/** Issued, Denied and Failed are set by the signer (at most one); there is no approval step. */
export type PodCertificateState = 'Pending' | 'Issued' | 'Denied' | 'Failed';

/** The kube-controller-manager's podcertificaterequest-cleaner deletes every request this long after its creation. */
export const CLEANUP_AFTER_MS = 15 * 60 * 1000;

export interface PodCertificateView {
  kind: 'PodCertificateRequest';
  name: string;
  namespace: string | null;
  created: string | null;
  signerName: string;
  pod: { name: string; uid: string };
  serviceAccount: { name: string; uid: string };
  node: { name: string; uid: string };
  maxExpirationSeconds: number | null;
  /** Where the key came from: the stub PKCS#10 request (1.36+), or the deprecated pkixPublicKey. */
  keyFrom: 'stubPKCS10Request' | 'pkixPublicKey' | null;
  publicKey: KeyView | null;
  /** The stub request, decoded (kubelet's are empty but for the key). */
  request: RequestView | null;
  state: PodCertificateState;
  /** The condition that decided the state, if any. */
  condition: PodCertificateCondition | null;
  certificates: CertificateView[] | null;
  /** Whether the leaf carries the requested key; null while none is issued. */
  certificateMatchesKey: boolean | null;
  notBefore: string | null;
  beginRefreshAt: string | null;
  notAfter: string | null;
  /** What could not be decoded, one sentence each. */
  problems: string[];
}

export function podCertificateView(pcr: PodCertificateRequest, now: Date): PodCertificateView {
  const problems: string[] = [];
  const { keyFrom, request, publicKey } = decodeKey(pcr, problems);
  const condition = (pcr.status?.conditions ?? []).find((c) => ['Issued', 'Denied', 'Failed'].includes(c.type) && c.status === 'True') ?? null;
  let certificates: CertificateView[] | null = null;
  let certificateMatchesKey: boolean | null = null;
  if (pcr.status?.certificateChain) {
    try {
      certificates = parseCertificates(pcr.status.certificateChain).map((c) => certificateView(c, now));
      certificateMatchesKey = publicKey ? certificates[0]!.publicKey.sha256 === publicKey.sha256 : null;
    } catch (err) {
      problems.push(`status.certificateChain: ${(err as Error).message}`);
    }
  }
  const s = pcr.spec;
  return {
    kind: 'PodCertificateRequest',
    name: pcr.metadata.name ?? '',
    namespace: pcr.metadata.namespace ?? null,
    created: pcr.metadata.creationTimestamp ?? null,
    signerName: s.signerName,
    pod: { name: s.podName, uid: s.podUID },
    serviceAccount: { name: s.serviceAccountName, uid: s.serviceAccountUID },
    node: { name: s.nodeName, uid: s.nodeUID },
    maxExpirationSeconds: s.maxExpirationSeconds ?? null,
    keyFrom,
    publicKey,
    request,
    state: (condition?.type as PodCertificateState | undefined) ?? 'Pending',
    condition,
    certificates,
    certificateMatchesKey,
    notBefore: pcr.status?.notBefore ?? null,
    beginRefreshAt: pcr.status?.beginRefreshAt ?? null,
    notAfter: pcr.status?.notAfter ?? null,
    problems,
  };
}

function decodeKey(pcr: PodCertificateRequest, problems: string[]): Pick<PodCertificateView, 'keyFrom' | 'request' | 'publicKey'> {
  const { stubPKCS10Request: stub, pkixPublicKey: pkix } = pcr.spec;
  try {
    if (stub) {
      const decoded = parseRequest(Buffer.from(stub, 'base64'));
      return { keyFrom: 'stubPKCS10Request', request: requestView(decoded), publicKey: keyView(decoded.publicKey) };
    }
    if (pkix) return { keyFrom: 'pkixPublicKey', request: null, publicKey: keyView(publicKeyInfo(Buffer.from(pkix, 'base64'))) };
    problems.push('neither spec.stubPKCS10Request nor spec.pkixPublicKey is set');
  } catch (err) {
    problems.push(`${stub ? 'spec.stubPKCS10Request' : 'spec.pkixPublicKey'}: ${(err as Error).message}`);
  }
  return { keyFrom: null, request: null, publicKey: null };
}

/** What the cluster says about the request's pod: null when it could not be asked. */
export type PodPresence = { exists: boolean; uid: string | null } | null;

/**
 * Why a request is where it is, one sentence each: who has (not) acted, whether its pod is still there, and when
 * the cleaner deletes it. Issued requests get only the cleaner's line.
 */
export function podCertificateNotes(v: PodCertificateView, now: Date, pod: PodPresence): string[] {
  const notes: string[] = [];
  if (v.state === 'Pending') {
    notes.push(`no signer has acted: nothing has set Issued, Denied or Failed; the controller of signer ${v.signerName} must (there is no approval step), and until then the pod does not start`);
  } else if (v.state !== 'Issued') {
    const why = [v.condition?.reason, v.condition?.message].filter(Boolean).join(': ');
    notes.push(`the signer ${v.state === 'Denied' ? 'denied' : 'failed'} it${why ? ` (${why})` : ''}; the kubelet will not mount a certificate from it`);
  }
  if (pod && !pod.exists) notes.push(`pod ${v.namespace ?? ''}/${v.pod.name} is gone: nothing will mount this certificate`);
  else if (pod && pod.uid !== v.pod.uid) notes.push(`pod ${v.namespace ?? ''}/${v.pod.name} is another pod now (UID ${pod.uid ?? '<none>'}, not ${v.pod.uid}): nothing will mount this certificate`);
  if (v.created) {
    const left = Date.parse(v.created) + CLEANUP_AFTER_MS - now.getTime();
    notes.push(left > 0
      ? `the kube-controller-manager deletes it in ${humanDuration(left)}, 15 minutes after its creation (podcertificaterequest-cleaner)`
      : `older than 15 minutes: the kube-controller-manager's podcertificaterequest-cleaner deletes it at its next pass (every 5 minutes)`);
  }
  return notes;
}

export const POD_CERTIFICATE_HEAD = ['NAME', 'NAMESPACE', 'POD', 'NODE', 'SIGNER', 'KEY TYPE', 'STATE', 'AGE'];

export function podCertificateRow(v: PodCertificateView, now: Date): string[] {
  return printableDeep([
    v.name,
    v.namespace ?? '<none>',
    v.pod.name,
    v.node.name,
    v.signerName,
    v.publicKey ? keyText(v.publicKey) : '<invalid>',
    v.state,
    v.created ? age(v.created, now) : '<unknown>',
  ]);
}

export function describePodCertificate(raw: PodCertificateView, now: Date, notes: string[]): string {
  const v = printableDeep(raw);
  const time = (t: string | null) => (t ? `${when(t)} (${timeFromNow(t, now)})` : '<none>');
  const rows: Row[] = [
    ['Name', v.name],
    ['Namespace', v.namespace ?? '<none>'],
    ['Created', v.created ? `${when(v.created)} (${age(v.created, now)} ago)` : '<unknown>'],
    ['Signer', v.signerName],
    ['Pod', `${v.pod.name} (UID ${v.pod.uid})`],
    ['Service account', `${v.serviceAccount.name} (UID ${v.serviceAccount.uid})`],
    ['Node', `${v.node.name} (UID ${v.node.uid})`],
    ['Max expiration', v.maxExpirationSeconds === null ? '<none>' : `${humanDuration(v.maxExpirationSeconds * 1000)} (${v.maxExpirationSeconds}s)`],
    ['Key', v.publicKey ? `${keyText(v.publicKey)} (from spec.${v.keyFrom})` : '<unreadable>'],
    ['Key SHA-256', v.publicKey?.sha256 ?? '<none>'],
    ['State', v.condition ? `${v.state}${v.condition.reason ? ` (${v.condition.reason})` : ''}` : v.state],
  ];
  if (v.condition?.message) rows.push(['Message', v.condition.message]);
  rows.push(['Not before', time(v.notBefore)], ['Begin refresh at', time(v.beginRefreshAt)], ['Not after', time(v.notAfter)]);
  let text = align(rows);
  if (v.request) text += '\n' + section('Stub request', [['Subject', v.request.subject.text || '<empty>'], ['Signature', v.request.signatureValid ? 'valid' : 'INVALID']]);
  (v.certificates ?? []).forEach((c, i) => {
    const certRows = certificateRows(c);
    if (i === 0) certRows.push(['Matches key', v.certificateMatchesKey === null ? '<unknown>' : v.certificateMatchesKey ? 'yes' : 'NO: the certificate does not carry the requested key']);
    text += '\n' + section(i === 0 ? 'Certificate' : `Chain certificate ${i + 1}`, certRows);
  });
  if (!v.certificates) text += '\nCertificate:  <not issued>\n';
  const all = [...printableDeep(notes), ...v.problems];
  if (all.length) text += '\nNotes:\n' + all.map((n) => `  ${n}\n`).join('');
  return text;
}

function timeFromNow(t: string, now: Date): string {
  const ms = Date.parse(t) - now.getTime();
  if (!Number.isFinite(ms)) return '<invalid>';
  return ms >= 0 ? `in ${humanDuration(ms)}` : `${humanDuration(-ms)} ago`;
}
