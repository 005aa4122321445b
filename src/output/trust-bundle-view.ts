// `bundles`: ClusterTrustBundles as a table (NAME, SIGNER, CERTIFICATES, EARLIEST EXPIRY, AGE) and, for one, each
// CA certificate decoded, with the same rows inspect prints for a certificate.
import type { ClusterTrustBundle } from '../kube/certificates-objects.js';
import { parseCertificates } from '../pki/certificate.js';
import { humanDuration } from '../pki/duration.js';
import { printableDeep } from '../util/printable.js';
import { age, align, certificateRows, section, when } from './describe.js';
import { expiryWarning } from './expiry-warning.js';
import { certificateView, type CertificateView } from './views.js';

export interface TrustBundleView {
  kind: 'ClusterTrustBundle';
  name: string;
  /** null for a bundle linked to no signer. */
  signerName: string | null;
  created: string | null;
  certificates: CertificateView[];
  /** Why the bundle's PEM could not be read; the server validates it, a file need not be. */
  problem: string | null;
}

export function trustBundleView(bundle: ClusterTrustBundle, now: Date): TrustBundleView {
  let certificates: CertificateView[] = [];
  let problem: string | null = null;
  try {
    certificates = parseCertificates(bundle.spec.trustBundle).map((c) => certificateView(c, now));
  } catch (err) {
    problem = err instanceof Error ? err.message : String(err);
  }
  return {
    kind: 'ClusterTrustBundle',
    name: bundle.metadata.name ?? '',
    signerName: bundle.spec.signerName || null,
    created: bundle.metadata.creationTimestamp ?? null,
    certificates,
    problem,
  };
}

export const BUNDLE_HEAD = ['NAME', 'SIGNER', 'CERTIFICATES', 'EARLIEST EXPIRY', 'AGE'];

export function trustBundleRow(v: TrustBundleView, now: Date): string[] {
  return printableDeep([v.name, v.signerName ?? '<none>', v.problem ? '<invalid>' : String(v.certificates.length), earliestExpiry(v, now), v.created ? age(v.created, now) : '<unknown>']);
}

function earliestExpiry(v: TrustBundleView, now: Date): string {
  if (v.certificates.length === 0) return '<none>';
  const first = Math.min(...v.certificates.map((c) => Date.parse(c.notAfter)));
  const left = first - now.getTime();
  return left > 0 ? humanDuration(left) : 'EXPIRED';
}

export function describeTrustBundle(raw: TrustBundleView, now: Date): string {
  const v = printableDeep(raw);
  let text = align([
    ['Name', v.name],
    ['Signer', v.signerName ?? '<none>'],
    ['Created', v.created ? `${when(v.created)} (${age(v.created, now)} ago)` : '<unknown>'],
    ['Certificates', v.problem ? `<invalid>: ${v.problem}` : String(v.certificates.length)],
  ]);
  v.certificates.forEach((c, i) => {
    text += '\n' + section(`Certificate ${i + 1} of ${v.certificates.length}`, certificateRows(c));
  });
  return text;
}

/**
 * One warning (without "warning: ") for each certificate of the bundle that has expired or expires within `withinMs`:
 * a CA's last days end every certificate it signed, so a bundle keeps the plain window whatever the CA's lifetime.
 */
export function trustBundleWarnings(v: TrustBundleView, now: Date, withinMs: number): string[] {
  return v.certificates.flatMap((c, i) => {
    const what = `certificate ${i + 1} (${c.subject.text || '<empty subject>'}) of bundle "${v.name}"`;
    const warning = expiryWarning(what, { notBefore: new Date(c.notBefore), notAfter: new Date(c.notAfter) }, now, withinMs);
    return warning ? [warning] : [];
  });
}
