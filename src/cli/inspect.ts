import type { Argv } from 'yargs';
import { connector, defineCommand, type CommandContext } from './context.js';
import { withOutputFlag } from './output-flag.js';
import { kubeFlagsFrom, withKubeFlags } from './kube-flags.js';
import { singleValue } from './single-value.js';
import { withPolicyFlags } from './policy-flags.js';
import { INSPECT_FORMATS } from '../output/output-format.js';

export function inspectCommand(ctx: CommandContext) {
  return defineCommand({
    command: 'inspect [names..]',
    describe: 'Decode CSRs from the cluster, or a request, certificate or CSR object from a file (offline)',
    builder: (y: Argv) =>
      withPolicyFlags(withKubeFlags(withOutputFlag(y, INSPECT_FORMATS)))
        .positional('names', { type: 'string', array: true, describe: 'CSR names in the cluster' })
        .option('filename', {
          alias: 'f',
          type: 'string',
          requiresArg: true,
          describe: 'File to read: PEM, DER, one-line base64, CSR YAML/JSON or a kubeconfig ("-" reads stdin); needs no cluster',
        })
        .option('expiring-within', singleValue({
          type: 'string',
          default: '30d',
          requiresArg: true,
          describe: 'Warn about certificates that expire within this long (e.g. 720h, 30d)',
        }))
        .example('$0 inspect -f ~/.kube/config', 'When the client certificates of a kubeconfig expire')
        .example('$0 inspect -f user.csr', 'Show the subject, SANs and key of a request')
        .example('kubectl get csr jane -o yaml | $0 inspect -f -', 'Decode a CSR object and its issued certificate')
        .example('$0 inspect jane', 'Decode a CSR in the cluster'),
    handler: (argv) =>
      ctx.run(async () => {
        const { inspectOptions, runInspect } = await import('../commands/inspect-options.js');
        const opts = await inspectOptions(argv, ctx.deps.io);
        return runInspect(opts, { ...ctx.deps, connect: connector(ctx.deps, kubeFlagsFrom(argv)) });
      }),
  });
}
