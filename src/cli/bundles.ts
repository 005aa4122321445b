import type { Argv } from 'yargs';
import { connector, defineCommand, type CommandContext } from './context.js';
import { withOutputFlag } from './output-flag.js';
import { kubeFlagsFrom, withKubeFlags } from './kube-flags.js';
import { singleValue } from './single-value.js';
import { CERTIFICATES_FORMATS } from '../output/output-format.js';

export function bundlesCommand(ctx: CommandContext) {
  return defineCommand({
    command: 'bundles [name]',
    describe: 'List ClusterTrustBundles, or decode the CA certificates of one (certificates.k8s.io v1, or v1beta1 where only that is served)',
    builder: (y: Argv) =>
      withKubeFlags(withOutputFlag(y, CERTIFICATES_FORMATS))
        .positional('name', { type: 'string', describe: 'A ClusterTrustBundle: NAME or clustertrustbundle/NAME' })
        .option('signer', singleValue({ type: 'string', requiresArg: true, describe: 'Only bundles linked to this signer (a server-side field selector)' }))
        .option('no-headers', { type: 'boolean', default: false, describe: 'Do not print headers (tables and custom-columns)' })
        .option('expiring-within', singleValue({ type: 'string', default: '30d', requiresArg: true, describe: 'Warn about CA certificates that expire within this long (e.g. 720h, 30d)' }))
        .example('$0 bundles --signer kubernetes.io/kube-apiserver-serving', "The CA the cluster publishes for its API server's certificate")
        .example('$0 bundles example.com:signer:v1', 'Each CA certificate of a bundle, decoded'),
    handler: (argv) =>
      ctx.run(async () => {
        const { bundlesOptions, runBundles } = await import('../commands/bundles.js');
        const opts = await bundlesOptions(argv, ctx.deps.io);
        const cluster = await connector(ctx.deps, kubeFlagsFrom(argv))();
        return runBundles(opts, { ...ctx.deps, client: await cluster.certificates() });
      }),
  });
}
