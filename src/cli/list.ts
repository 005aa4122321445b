import type { Argv } from 'yargs';
import { connector, defineCommand, type CommandContext } from './context.js';
import { withOutputFlag } from './output-flag.js';
import { LIST_FORMATS } from '../output/output-format.js';
import { kubeFlagsFrom, withKubeFlags } from './kube-flags.js';
import { singleValue } from './single-value.js';

export function listCommand(ctx: CommandContext) {
  return defineCommand({
    command: 'list',
    aliases: ['ls'],
    describe: 'List certificate signing requests: the columns of kubectl get csr, plus the subject',
    builder: (y: Argv) =>
      withKubeFlags(withOutputFlag(y, LIST_FORMATS))
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
        .example('$0 list --pending', 'What is waiting for a decision')
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
