// What inspect prints: its views (a request, a chain, CSRs; or a kubeconfig's users), as describe text without -o,
// and as themselves under -o json|yaml and templates (a template sees the JSON, as -o json prints it).
import { describe } from './describe.js';
import { kubeconfigTable, type KubeconfigView } from './kubeconfig-view.js';
import type { PrinterSpec } from './printer.js';
import type { InspectView } from './views.js';
import { describeTrustBundle, type TrustBundleView } from './trust-bundle-view.js';
import { describePodCertificate, podCertificateNotes, type PodCertificateView } from './pod-certificate-view.js';

export type Inspected = InspectView | KubeconfigView | TrustBundleView | PodCertificateView;

function describeInspected(v: Inspected, now: Date): string {
  switch (v.kind) {
    case 'KubeconfigCertificates':
      return kubeconfigTable(v, now);
    case 'ClusterTrustBundle':
      return describeTrustBundle(v, now);
    case 'PodCertificateRequest':
      // Offline: nothing is known about the pod.
      return describePodCertificate(v, now, podCertificateNotes(v, now, null));
    default:
      return describe(v, now);
  }
}

export const INSPECT_PRINTING: Pick<PrinterSpec<Inspected>, 'view' | 'list' | 'json'> = {
  view: { kind: 'text', render: (views, now) => views.map((v) => describeInspected(v, now)).join('\n') },
  list: 'views',
  json: (view) => JSON.parse(JSON.stringify(view)) as unknown,
};
