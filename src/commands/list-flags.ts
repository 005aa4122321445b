// list's command line, declared once: every flag's type in complete()'s argv comes from here.
import { LIST_FORMATS } from '../output/output-format.js';
import { declare, positional, singleValue } from './shared/flags.js';
import { outputFlag } from './shared/output-flag.js';

export const LIST = declare({
  command: 'list [names..]',
  aliases: ['ls'],
  describe: 'List certificate signing requests: the columns of kubectl get csr, plus the subject',
  cluster: true,
  flags: {
    ...outputFlag(LIST_FORMATS),
    names: positional({ type: 'string', array: true, describe: 'Only these CSRs, in this order (NAME, csr/NAME, or what -o name prints), as kubectl get csr NAME...' }),
    signer: singleValue({ type: 'string', requiresArg: true, describe: 'Only CSRs for this signer (a server-side field selector)' }),
    requestor: singleValue({ type: 'string', requiresArg: true, describe: 'Only CSRs created by this user' }),
    pending: { type: 'boolean', default: false, describe: 'Only CSRs that are neither approved nor denied' },
    approved: { type: 'boolean', default: false, describe: 'Only approved CSRs' },
    denied: { type: 'boolean', default: false, describe: 'Only denied CSRs' },
    issued: { type: 'boolean', default: false, describe: 'Only CSRs with a certificate' },
    'no-headers': { type: 'boolean', default: false, describe: 'Do not print headers (tables and custom-columns)' },
    'sort-by': singleValue({ type: 'string', requiresArg: true, describe: "Sort by a field, as a jsonpath (kubectl's --sort-by: '{.metadata.name}' or .spec.signerName)" }),
    selector: singleValue({ alias: 'l', type: 'string', requiresArg: true, describe: 'Label selector, sent to the server (-l key=value,key2!=value2)' }),
    'field-selector': singleValue({ type: 'string', requiresArg: true, describe: 'Field selector, sent to the server: metadata.name and spec.signerName (=, ==, !=)' }),
    watch: { alias: 'w', type: 'boolean', default: false, describe: 'After listing, print each change (Ctrl-C ends it)' },
    'show-labels': { type: 'boolean', default: false, describe: "When printing, show all labels as the last column (kubectl's LABELS)" },
    // nargs 1, as --as-group: an array option would swallow the names after it; each value may hold several, comma-separated.
    'label-columns': { alias: 'L', type: 'array', string: true, nargs: 1, describe: 'Labels to show as columns, one each (-L tier,team or -L tier -L team)' },
    'show-managed-fields': { type: 'boolean', default: false, describe: 'Keep metadata.managedFields in -o json and -o yaml' },
    // CSRs are cluster-scoped: kubectl takes -n and -A with them and ignores both; so does list.
    namespace: singleValue({ alias: 'n', type: 'string', requiresArg: true, describe: 'Ignored: CSRs belong to no namespace (as kubectl get csr -n)' }),
    'all-namespaces': { alias: 'A', type: 'boolean', default: false, describe: 'Ignored: CSRs belong to no namespace (as kubectl get csr -A)' },
  },
  examples: [
    ['$0 list --pending', 'What is waiting for a decision'],
    [`$0 list -o go-template='{{range .items}}{{if not .status}}{{.metadata.name}}{{"\\n"}}{{end}}{{end}}'`, "kubectl's bulk-approval recipe: the names of CSRs with no status yet"],
    [`$0 list -o jsonpath='{range .items[*]}{.metadata.name}{"\\n"}{end}'`, 'One name a line'],
    ['$0 list -o custom-columns=NAME:.metadata.name,SIGNER:.spec.signerName --sort-by=.metadata.creationTimestamp', 'Columns of your own, oldest first'],
  ],
});
