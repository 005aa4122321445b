import type { Argv } from 'yargs';
import { connector, type CommandContext } from './context.js';
import { withOutputFlag } from './output-flag.js';
import { kubeFlagsFrom, withKubeFlags } from './kube-flags.js';
import type { ListState } from '../commands/list.js';

const STATES: ListState[] = ['pending', 'approved', 'denied', 'issued'];

export function listCommand(ctx: CommandContext) {
  return {
    command: 'list',
    aliases: ['ls'],
    describe: 'List certificate signing requests: the columns of kubectl get csr, plus the subject',
    builder: (y: Argv) =>
      withKubeFlags(withOutputFlag(y, ['wide', 'json', 'yaml', 'name']))
        .option('signer', { type: 'string', requiresArg: true, describe: 'Only CSRs for this signer (a server-side field selector)' })
        .option('requestor', { type: 'string', requiresArg: true, describe: 'Only CSRs created by this user' })
        .option('pending', { type: 'boolean', default: false, describe: 'Only CSRs that are neither approved nor denied' })
        .option('approved', { type: 'boolean', default: false, describe: 'Only approved CSRs' })
        .option('denied', { type: 'boolean', default: false, describe: 'Only denied CSRs' })
        .option('issued', { type: 'boolean', default: false, describe: 'Only CSRs with a certificate' })
        .option('watch', { alias: 'w', type: 'boolean', default: false, describe: 'After listing, print each change (Ctrl-C ends it)' })
        .example('$0 list --pending', 'What is waiting for a decision'),
    handler: (argv: any) =>
      ctx.run(async () => {
        const [{ listCsrs }, { client }] = await Promise.all([import('../commands/list.js'), connector(ctx.deps, kubeFlagsFrom(argv))()]);
        const states = STATES.filter((s) => argv[s]);
        return listCsrs({ signer: argv.signer, requestor: argv.requestor, states, output: argv.output, watch: argv.watch }, { ...ctx.deps, client });
      }),
  };
}
