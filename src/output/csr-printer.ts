// What a printer needs to know about CSRs: their name, kubectl's resource for the "resource/name" lines, and how they
// look without -o (list: kubectl get csr's table, with -L's columns and --show-labels' LABELS after the others; the
// commands that change CSRs: their lines).
import { CSR_RESOURCE, type Csr } from '../kube/csr.js';
import { csrRow, HEAD, WIDE_HEAD } from './csr-rows.js';
import { labelCells, labelHead } from './label-columns.js';
import type { PrinterSpec } from './printer.js';

export type CsrPrinting = Pick<PrinterSpec<Csr>, 'view' | 'name' | 'resource' | 'apiObjects'>;

export interface CsrPrintingOptions {
  /** --show-managed-fields: keep metadata.managedFields in -o json|yaml. */
  showManagedFields?: boolean;
  /** --show-labels */
  showLabels?: boolean;
  /** -L: label keys, one column each. */
  labelColumns?: string[];
}

export function csrPrinting(view: 'table' | 'lines', opts: CsrPrintingOptions = {}): CsrPrinting {
  const labels = { showLabels: opts.showLabels ?? false, columns: opts.labelColumns ?? [] };
  return {
    apiObjects: { showManagedFields: opts.showManagedFields ?? false },
    view:
      view === 'table'
        ? {
            kind: 'table',
            head: HEAD,
            wideHead: WIDE_HEAD,
            tailHead: labelHead(labels),
            row: (csr, now, wide) => [...csrRow(csr, now, wide), ...labelCells(csr.metadata.labels, labels)],
          }
        : { kind: 'lines' },
    name: (csr) => csr.metadata.name ?? '',
    resource: CSR_RESOURCE,
  };
}
