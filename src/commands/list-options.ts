// list: argv → the one options object (kubectl's Complete and Validate): a template that does not parse, a template
// file that cannot be read or a --sort-by that is not a jsonpath is a usage error before the cluster is asked.
import type { Io } from '../io.js';
import type { OutputFormat } from '../output/output-format.js';
import { csrPrinting } from '../output/csr-printer.js';
import { buildPrinter } from './shared/output-options.js';
import type { ListOptions, ListState } from './list.js';

/** The flags of list, as yargs parses them. */
export interface ListArgs extends Record<ListState, boolean> {
  output?: OutputFormat;
  noHeaders: boolean;
  signer?: string;
  requestor?: string;
  sortBy?: string;
  selector?: string;
  fieldSelector?: string;
  watch: boolean;
}

const STATES: ListState[] = ['pending', 'approved', 'denied', 'issued'];

export async function listOptions(a: ListArgs, io: Io): Promise<ListOptions> {
  const printer = await buildPrinter({ output: a.output, noHeaders: a.noHeaders, sortBy: a.sortBy }, { ...csrPrinting('table'), listing: true, watching: a.watch }, io);
  return {
    signer: a.signer,
    requestor: a.requestor,
    states: STATES.filter((s) => a[s]),
    printer,
    labelSelector: a.selector,
    fieldSelector: a.fieldSelector,
    watch: a.watch,
  };
}
