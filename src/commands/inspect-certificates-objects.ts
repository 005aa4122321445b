// inspect -f for ClusterTrustBundle and PodCertificateRequest objects, offline: the same text bundles NAME and
// podcerts NAME print (without what only the cluster can say: whether the pod still exists), or the views as JSON/YAML.
import { ExitCode, InputError, warningLine } from '../errors.js';
import type { Io } from '../io.js';
import { DocumentError } from '../kube/csr-document.js';
import { parseCertificatesDocuments } from '../kube/certificates-document.js';
import type { Inspected } from '../output/inspect-printing.js';
import { podCertificateView, type PodCertificateView } from '../output/pod-certificate-view.js';
import type { Printer } from '../output/printer.js';
import { trustBundleView, trustBundleWarnings, type TrustBundleView } from '../output/trust-bundle-view.js';
import { DEFAULT_EXPIRING_WITHIN_MS, expiryWarning } from '../output/expiry-warning.js';

export function inspectCertificatesObjects(
  bytes: Buffer,
  opts: { name: string; printer: Printer<Inspected>; expiringWithinMs: number | null },
  deps: { io: Io; now: () => Date },
): ExitCode {
  const now = deps.now();
  let views: (TrustBundleView | PodCertificateView)[];
  try {
    views = parseCertificatesDocuments(bytes.toString('utf8')).map((o) => (o.kind === 'ClusterTrustBundle' ? trustBundleView(o, now) : podCertificateView(o, now)));
  } catch (err) {
    if (err instanceof DocumentError) throw new InputError(opts.name, err.message);
    throw err;
  }
  opts.printer.print(views, now);
  for (const v of views) {
    const warnings = v.kind === 'ClusterTrustBundle'
      ? trustBundleWarnings(v, now, opts.expiringWithinMs ?? DEFAULT_EXPIRING_WITHIN_MS)
      : (v.certificates ?? []).slice(0, 1).flatMap((c) => expiryWarning(`the certificate of "${v.name}"`, { notBefore: new Date(c.notBefore), notAfter: new Date(c.notAfter) }, now, opts.expiringWithinMs) ?? []);
    for (const w of warnings) deps.io.stderr.write(warningLine(w));
  }
  return ExitCode.ok;
}
