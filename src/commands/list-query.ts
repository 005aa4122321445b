// What `list` asks the API server for, from its command line: list.ts's run() reads it, and so does the command's
// handler before list.ts is loaded, to ask for the first page while the verb loads (readAheadOf).
import type { ListOptions } from '../kube/api.js';
import { printsWholeObjects } from '../output/output-format.js';
import type { ArgvOf } from './shared/flags.js';
import type { LIST } from './list-flags.js';
import { tuneForBulk } from '../startup/v8-tuning.js';

/** The filters the server applies: --signer as a field selector beside --field-selector, -l as the label selector. */
export function serverSelector(a: { signer?: string; fieldSelector?: string; selector?: string }): ListOptions {
  const fields = [a.signer ? `spec.signerName=${a.signer}` : '', a.fieldSelector ?? ''].filter(Boolean).join(',');
  return { fieldSelector: fields || undefined, labelSelector: a.selector || undefined };
}

/**
 * The first page of a plain listing, which may be asked for before list.ts loads: a line on which complete() cannot
 * fail (no names, no template, no --sort-by, no --watch, one state at most), so that no usage error can follow a
 * request, and whose printer needs the whole objects. Undefined for any other line, which is read as before.
 */
export function readAheadOf(a: ArgvOf<typeof LIST.flags>): ListOptions | undefined {
  const states = [a.pending, a.approved, a.denied, a.issued].filter(Boolean).length;
  const plain = !a.watch && (a.names ?? []).length === 0 && printsWholeObjects(a.output) && a.sortBy === undefined && states <= 1;
  return plain ? { ...serverSelector(a), morePages: tuneForBulk } : undefined;
}
