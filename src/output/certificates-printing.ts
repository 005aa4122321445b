// What a printer needs to know about ClusterTrustBundles and PodCertificateRequests: names, kubectl's resource for
// -o name, and how they look without -o (bundles and podcerts: a table for a list, describe text for one).
import type { ClusterTrustBundle, PodCertificateRequest } from '../kube/certificates-objects.js';
import { describePodCertificate, podCertificateNotes, podCertificateRow, podCertificateView, POD_CERTIFICATE_HEAD, type PodPresence } from './pod-certificate-view.js';
import type { PrinterSpec } from './printer.js';
import { BUNDLE_HEAD, describeTrustBundle, trustBundleRow, trustBundleView } from './trust-bundle-view.js';

export const BUNDLE_RESOURCE = 'clustertrustbundle.certificates.k8s.io';
export const POD_CERTIFICATE_RESOURCE = 'podcertificaterequest.certificates.k8s.io';

export function bundlePrinting(view: 'table' | 'describe'): Pick<PrinterSpec<ClusterTrustBundle>, 'view' | 'name' | 'resource' | 'listing'> {
  return {
    view: view === 'table'
      ? { kind: 'table', head: BUNDLE_HEAD, wideHead: [], row: (b, now) => trustBundleRow(trustBundleView(b, now), now) }
      : { kind: 'text', render: (bundles, now) => bundles.map((b) => describeTrustBundle(trustBundleView(b, now), now)).join('\n') },
    name: (b) => b.metadata.name ?? '',
    resource: BUNDLE_RESOURCE,
    listing: view === 'table',
  };
}

/** A request and, for describe, what the cluster said about its pod (null: not asked, or not allowed to). */
export interface PodCertificateShown {
  pcr: PodCertificateRequest;
  pod: PodPresence;
}

export function podCertificatePrinting(view: 'table' | 'describe'): Pick<PrinterSpec<PodCertificateShown>, 'view' | 'name' | 'resource' | 'listing' | 'json'> {
  return {
    view: view === 'table'
      ? { kind: 'table', head: POD_CERTIFICATE_HEAD, wideHead: [], row: (s, now) => podCertificateRow(podCertificateView(s.pcr, now), now) }
      : {
          kind: 'text',
          render: (shown, now) => shown.map((s) => {
            const v = podCertificateView(s.pcr, now);
            return describePodCertificate(v, now, podCertificateNotes(v, now, s.pod));
          }).join('\n'),
        },
    name: (s) => s.pcr.metadata.name ?? '',
    resource: POD_CERTIFICATE_RESOURCE,
    listing: view === 'table',
    json: (s) => s.pcr,
  };
}
