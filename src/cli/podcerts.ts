import type { Argv } from 'yargs';
import { connector, defineCommand, type CommandContext } from './context.js';
import { withOutputFlag } from './output-flag.js';
import { kubeFlagsFrom, withKubeFlags } from './kube-flags.js';
import { singleValue } from './single-value.js';
import { CERTIFICATES_FORMATS } from '../output/output-format.js';

export function podcertsCommand(ctx: CommandContext) {
  return defineCommand({
    command: 'podcerts [name]',
    describe: 'List PodCertificateRequests, or decode one and say why it is pending (no approve or deny: the signer issues)',
    builder: (y: Argv) =>
      withKubeFlags(withOutputFlag(y, CERTIFICATES_FORMATS))
        .positional('name', { type: 'string', describe: 'A PodCertificateRequest: NAME or podcertificaterequest/NAME' })
        .option('namespace', singleValue({ alias: 'n', type: 'string', requiresArg: true, describe: "The namespace (default: the kubeconfig context's)" }))
        .option('all-namespaces', { alias: 'A', type: 'boolean', default: false, describe: 'List the requests of every namespace' })
        .option('node', singleValue({ type: 'string', requiresArg: true, describe: 'Only requests of pods on this node (a server-side field selector)' }))
        .option('signer', singleValue({ type: 'string', requiresArg: true, describe: 'Only requests for this signer (a server-side field selector)' }))
        .option('pending', { type: 'boolean', default: false, describe: 'Only requests no signer has issued, denied or failed' })
        .option('no-headers', { type: 'boolean', default: false, describe: 'Do not print headers (tables and custom-columns)' })
        .example('$0 podcerts -A --pending', 'Pods waiting for a certificate, in every namespace')
        .example('$0 podcerts web-0-abcde -n shop', 'The key, chain and times of one request, and why it is stuck'),
    handler: (argv) =>
      ctx.run(async () => {
        const { podcertsOptions, runPodcerts } = await import('../commands/podcerts.js');
        const opts = await podcertsOptions(argv, ctx.deps.io);
        const cluster = await connector(ctx.deps, kubeFlagsFrom(argv))();
        return runPodcerts(opts, { ...ctx.deps, client: await cluster.certificates() });
      }),
  });
}
