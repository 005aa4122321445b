// What a printer needs to know about CSRs: their name, kubectl's resource for the "resource/name" lines, and how they
// look without -o (list: kubectl get csr's table; the commands that change CSRs: their lines).
import { CSR_RESOURCE, type Csr } from '../kube/csr.js';
import { csrRow, HEAD, WIDE_HEAD } from './csr-rows.js';
import type { PrinterSpec } from './printer.js';

export type CsrPrinting = Pick<PrinterSpec<Csr>, 'view' | 'name' | 'resource'>;

export function csrPrinting(view: 'table' | 'lines'): CsrPrinting {
  return {
    view: view === 'table' ? { kind: 'table', head: HEAD, wideHead: WIDE_HEAD, row: csrRow } : { kind: 'lines' },
    name: (csr) => csr.metadata.name ?? '',
    resource: CSR_RESOURCE,
  };
}
