// What inspect prints: its views (a request, a chain, CSRs; or a kubeconfig's users), as describe text without -o,
// and as themselves under -o json|yaml and templates (a template sees the JSON, as -o json prints it).
import { describe } from './describe.js';
import { kubeconfigTable, type KubeconfigView } from './kubeconfig-view.js';
import type { PrinterSpec } from './printer.js';
import type { InspectView } from './views.js';

export type Inspected = InspectView | KubeconfigView;

export const INSPECT_PRINTING: Pick<PrinterSpec<Inspected>, 'view' | 'list' | 'json'> = {
  view: { kind: 'text', render: (views, now) => views.map((v) => (v.kind === 'KubeconfigCertificates' ? kubeconfigTable(v, now) : describe(v, now))).join('\n') },
  list: 'views',
  json: (view) => JSON.parse(JSON.stringify(view)) as unknown,
};
