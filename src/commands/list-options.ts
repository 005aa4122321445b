// list: argv → the one options object (kubectl's Complete and Validate): a template that does not parse, a template
// file that cannot be read, a --sort-by that is not a jsonpath, filters no CSR can pass together or names with a
// selector are usage errors before the cluster is asked.
import { UsageError } from '../errors.js';
import type { Io } from '../io.js';
import type { OutputFormat } from '../output/output-format.js';
import { csrPrinting } from '../output/csr-printer.js';
import { csrNameFromArgument } from '../kube/object-name.js';
import { buildPrinter } from './shared/output-options.js';
import type { ListOptions, ListState } from './list.js';

/** The flags of list, as yargs parses them. */
export interface ListArgs extends Record<ListState, boolean> {
  names?: string[];
  output?: OutputFormat;
  noHeaders: boolean;
  signer?: string;
  requestor?: string;
  sortBy?: string;
  selector?: string;
  fieldSelector?: string;
  watch: boolean;
  showLabels?: boolean;
  labelColumns?: string[];
  showManagedFields?: boolean;
}

const STATES: ListState[] = ['pending', 'approved', 'denied', 'issued'];

/**
 * Pairs of filters no CSR passes together: the API server keeps Approved and Denied apart, and lets a signer issue a
 * certificate only to an approved CSR.
 */
const EXCLUSIVE: [ListState, ListState][] = [
  ['pending', 'approved'],
  ['pending', 'denied'],
  ['pending', 'issued'],
  ['approved', 'denied'],
  ['denied', 'issued'],
];

export async function listOptions(a: ListArgs, io: Io): Promise<ListOptions> {
  const states = STATES.filter((s) => a[s]);
  for (const [x, y] of EXCLUSIVE) {
    if (states.includes(x) && states.includes(y)) throw new UsageError(`--${x} and --${y} cannot be used together: no CSR is both`);
  }
  const names = (a.names ?? []).map(csrNameFromArgument);
  // kubectl's words (resource.Builder and get's watch), for the same mistakes
  if (names.length > 0 && (a.selector || a.fieldSelector)) throw new UsageError('name cannot be provided when a selector is specified');
  if (names.length > 1 && a.watch) {
    throw new UsageError(`watch is only supported on individual resources and resource collections, but ${names.length} resources were found`);
  }
  const labelColumns = (a.labelColumns ?? []).flatMap((v) => v.split(',')).filter((v) => v !== '');
  const printing = csrPrinting('table', { showManagedFields: a.showManagedFields, showLabels: a.showLabels, labelColumns });
  // One name watched is the list of that name, as kubectl watches it (a field selector on metadata.name).
  const named = a.watch ? [] : names;
  const printer = await buildPrinter(
    { output: a.output, noHeaders: a.noHeaders, sortBy: a.sortBy },
    { ...printing, listing: true, named: named.length || undefined, watching: a.watch },
    io,
  );
  return {
    names: named,
    signer: a.signer,
    requestor: a.requestor,
    states,
    printer,
    labelSelector: a.selector,
    fieldSelector: a.watch && names.length === 1 ? `metadata.name=${names[0]}` : a.fieldSelector,
    watch: a.watch,
  };
}
