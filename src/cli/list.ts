import type { Argv } from 'yargs';
import { connector, type CommandContext } from './context.js';
import { withOutputFlag } from './output-flag.js';
import { kubeFlagsFrom, withKubeFlags } from './kube-flags.js';

export function listCommand(ctx: CommandContext) {
  return {
    command: 'list',
    aliases: ['ls'],
    describe: 'List certificate signing requests, with the columns of kubectl get csr',
    builder: (y: Argv) =>
      withKubeFlags(withOutputFlag(y, ['json', 'yaml', 'name']))
        .option('signer', { type: 'string', requiresArg: true, describe: 'Only CSRs for this signer (a server-side field selector)' })
        .option('requestor', { type: 'string', requiresArg: true, describe: 'Only CSRs created by this user' })
        .option('pending', { type: 'boolean', default: false, describe: 'Only CSRs that are neither approved nor denied' })
        .example('$0 list --pending', 'What is waiting for a decision'),
    handler: (argv: any) =>
      ctx.run(async () => {
        const [{ listCsrs }, { client }] = await Promise.all([import('../commands/list.js'), connector(ctx.deps, kubeFlagsFrom(argv))()]);
        return listCsrs({ signer: argv.signer, requestor: argv.requestor, pending: argv.pending, output: argv.output }, { ...ctx.deps, client });
      }),
  };
}
