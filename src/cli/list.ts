import type { Argv } from 'yargs';
import { connector, defineCommand, type CommandContext } from './context.js';
import { withOutputFlag } from './output-flag.js';
import { LIST_FORMATS } from '../output/output-format.js';
import { kubeFlagsFrom, withKubeFlags } from './kube-flags.js';
import { singleValue } from './single-value.js';

export function listCommand(ctx: CommandContext) {
  return defineCommand({
    command: 'list [names..]',
    aliases: ['ls'],
    describe: 'List certificate signing requests: the columns of kubectl get csr, plus the subject',
    builder: (y: Argv) =>
      withKubeFlags(withOutputFlag(y, LIST_FORMATS))
        .positional('names', { type: 'string', array: true, describe: 'Only these CSRs, in this order (NAME, csr/NAME, or what -o name prints), as kubectl get csr NAME...' })
        .option('signer', singleValue({ type: 'string', requiresArg: true, describe: 'Only CSRs for this signer (a server-side field selector)' }))
        .option('requestor', singleValue({ type: 'string', requiresArg: true, describe: 'Only CSRs created by this user' }))
        .option('pending', { type: 'boolean', default: false, describe: 'Only CSRs that are neither approved nor denied' })
        .option('approved', { type: 'boolean', default: false, describe: 'Only approved CSRs' })
        .option('denied', { type: 'boolean', default: false, describe: 'Only denied CSRs' })
        .option('issued', { type: 'boolean', default: false, describe: 'Only CSRs with a certificate' })
        .option('no-headers', { type: 'boolean', default: false, describe: 'Do not print headers (tables and custom-columns)' })
        .option('sort-by', singleValue({ type: 'string', requiresArg: true, describe: "Sort by a field, as a jsonpath (kubectl's --sort-by: '{.metadata.name}' or .spec.signerName)" }))
        .option('selector', singleValue({ alias: 'l', type: 'string', requiresArg: true, describe: 'Label selector, sent to the server (-l key=value,key2!=value2)' }))
        .option('field-selector', singleValue({ type: 'string', requiresArg: true, describe: 'Field selector, sent to the server: metadata.name and spec.signerName (=, ==, !=)' }))
        .option('watch', { alias: 'w', type: 'boolean', default: false, describe: 'After listing, print each change (Ctrl-C ends it)' })
        .option('show-labels', { type: 'boolean', default: false, describe: "When printing, show all labels as the last column (kubectl's LABELS)" })
        // nargs 1, as --as-group: an array option would swallow the names after it; each value may hold several, comma-separated.
        .option('label-columns', { alias: 'L', type: 'array', string: true, nargs: 1, describe: 'Labels to show as columns, one each (-L tier,team or -L tier -L team)' })
        .option('show-managed-fields', { type: 'boolean', default: false, describe: 'Keep metadata.managedFields in -o json and -o yaml' })
        // CSRs are cluster-scoped: kubectl takes -n and -A with them and ignores both; so does list.
        .option('namespace', singleValue({ alias: 'n', type: 'string', requiresArg: true, describe: 'Ignored: CSRs belong to no namespace (as kubectl get csr -n)' }))
        .option('all-namespaces', { alias: 'A', type: 'boolean', default: false, describe: 'Ignored: CSRs belong to no namespace (as kubectl get csr -A)' })
        .example('$0 list --pending', 'What is waiting for a decision')
        .example(`$0 list -o go-template='{{range .items}}{{if not .status}}{{.metadata.name}}{{"\\n"}}{{end}}{{end}}'`, "kubectl's bulk-approval recipe: the names of CSRs with no status yet")
        .example(`$0 list -o jsonpath='{range .items[*]}{.metadata.name}{"\\n"}{end}'`, 'One name a line')
        .example('$0 list -o custom-columns=NAME:.metadata.name,SIGNER:.spec.signerName --sort-by=.metadata.creationTimestamp', 'Columns of your own, oldest first'),
    handler: (argv) =>
      ctx.run(async () => {
        const { listOptions } = await import('../commands/list-options.js');
        const opts = await listOptions(argv, ctx.deps.io);
        const [{ listCsrs }, { client }] = await Promise.all([import('../commands/list.js'), connector(ctx.deps, kubeFlagsFrom(argv))()]);
        return listCsrs(opts, { ...ctx.deps, client });
      }),
  });
}
