import type { Argv } from 'yargs';
import { connector, defineCommand, type CommandContext } from './context.js';
import { kubeFlagsFrom, withKubeFlags } from './kube-flags.js';
import { singleValue } from './single-value.js';
import { CA_SOURCES } from '../commands/shared/ca-source.js';

export function fetchCommand(ctx: CommandContext) {
  return defineCommand({
    command: 'fetch <name>',
    describe: 'Write the issued certificate to NAME.crt, waiting for it if needed',
    builder: (y: Argv) =>
      withKubeFlags(y)
        .positional('name', { type: 'string', demandOption: true, describe: 'CSR name' })
        .option('out', singleValue({ alias: 'O', type: 'string', requiresArg: true, describe: 'Certificate file (default NAME.crt; "-" for stdout)' }))
        .option('timeout', singleValue({ type: 'string', default: '5m', describe: 'How long to wait for the certificate ("0": check once, do not wait, as kubectl wait --timeout=0)' }))
        .option('overwrite', { type: 'boolean', default: false, describe: 'Replace existing files' })
        .option('key', singleValue({ type: 'string', requiresArg: true, describe: 'The private key of the request (checked against the certificate)' }))
        .option('kubeconfig-out', singleValue({ type: 'string', requiresArg: true, describe: 'Also write a kubeconfig for the new identity (needs --key)' }))
        .option('ca-from', singleValue({
          type: 'string',
          requiresArg: true,
          choices: CA_SOURCES,
          describe: "The CA of --kubeconfig-out: the API server's serving CA the cluster publishes (trust-bundle), your kubeconfig's, or auto (the published one when it verifies the server)",
        }))
        .example('$0 fetch jane', 'Write jane.crt once it is issued'),
    handler: (argv) =>
      ctx.run(async () => {
        const { validateFetch, runFetch } = await import('../commands/fetch.js');
        const opts = validateFetch(argv);
        return runFetch(opts, { io: ctx.deps.io, connect: connector(ctx.deps, kubeFlagsFrom(argv)) });
      }),
  });
}
