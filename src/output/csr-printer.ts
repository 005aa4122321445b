// What a printer needs to know about CSRs: their name, kubectl's resource for the "resource/name" lines, and how they
// look without -o (list: kubectl get csr's table, with -L's columns and --show-labels' LABELS after the others; the
// commands that change CSRs: their lines).
import { CSR_RESOURCE, type Csr } from '../kube/csr.js';
import { csrRow, HEAD, WIDE_HEAD } from './csr-rows.js';
import type { WideCells } from './csr-wide-cells.js';
import { labelCells, labelHead } from './label-columns.js';
import type { OutputFormat } from './output-format.js';
import type { PrinterSpec } from './printer.js';

export type CsrPrinting = Pick<PrinterSpec<Csr>, 'view' | 'name' | 'resource' | 'apiObjects'>;

export interface CsrPrintingOptions {
  /** --show-managed-fields: keep metadata.managedFields in -o json|yaml. */
  showManagedFields?: boolean;
  /** --show-labels */
  showLabels?: boolean;
  /** -L: label keys, one column each. */
  labelColumns?: string[];
  /** -o wide's cells (csr-wide-cells.ts), which the table's rows need for -o wide only. */
  wideCells?: WideCells;
}

export function csrPrinting(view: 'table' | 'lines', opts: CsrPrintingOptions = {}): CsrPrinting {
  const labels = { showLabels: opts.showLabels ?? false, columns: opts.labelColumns ?? [] };
  const wideRow = (wide: boolean): WideCells | undefined => {
    if (wide && !opts.wideCells) throw new Error('-o wide without its cells: load csr-wide-cells.ts for it');
    return wide ? opts.wideCells : undefined;
  };
  return {
    apiObjects: { showManagedFields: opts.showManagedFields ?? false },
    view:
      view === 'table'
        ? {
            kind: 'table',
            head: HEAD,
            wideHead: WIDE_HEAD,
            tailHead: labelHead(labels),
            row: (csr, now, wide) => [...csrRow(csr, now, wideRow(wide)), ...labelCells(csr.metadata.labels, labels)],
          }
        : { kind: 'lines' },
    name: (csr) => csr.metadata.name ?? '',
    resource: CSR_RESOURCE,
  };
}

/** list's table for -o `output`: -o wide's cells read the issued certificate, and are loaded for -o wide only (issue 26). */
export async function csrTablePrinting(output: OutputFormat | undefined, opts: Omit<CsrPrintingOptions, 'wideCells'>): Promise<CsrPrinting> {
  const wideCells = output?.format === 'wide' ? (await import('./csr-wide-cells.js')).wideCells : undefined;
  return csrPrinting('table', { ...opts, wideCells });
}
