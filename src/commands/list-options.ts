// list: argv → the one options object (kubectl's Complete and Validate): a template that does not parse, a template
// file that cannot be read or a --sort-by that is not a jsonpath is a usage error before the cluster is asked.
import type { Io } from '../io.js';
import { LIST_FORMATS } from '../output/output-format.js';
import type { ObjectOutput } from '../output/objects.js';
import { resolveOutput } from './shared/resolve-output.js';
import type { ListOptions, ListState } from './list.js';

/** The flags of list, as yargs parses them. */
export interface ListArgs extends Record<ListState, boolean> {
  output?: string;
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
  const output = await resolveOutput<ObjectOutput | 'wide'>(a.output, LIST_FORMATS, a.noHeaders, io);
  if (a.sortBy !== undefined) (await import('../output/custom-columns.js')).checkedRelaxedJsonPath(a.sortBy);
  return {
    signer: a.signer,
    requestor: a.requestor,
    states: STATES.filter((s) => a[s]),
    output: output.plain,
    template: output.template,
    noHeaders: a.noHeaders,
    sortBy: a.sortBy,
    labelSelector: a.selector,
    fieldSelector: a.fieldSelector,
    watch: a.watch,
  };
}
