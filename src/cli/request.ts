import type { Argv } from 'yargs';
import { connector, defineCommand, type CommandContext } from './context.js';
import { withOutputFlag } from './output-flag.js';
import { kubeFlagsFrom, withKubeFlags } from './kube-flags.js';
import { singleValue } from './single-value.js';
import { CA_SOURCES } from '../commands/shared/ca-source.js';
import { withPolicyFlags } from './policy-flags.js';
import { KEY_TYPES } from '../pki/types.js';
import { CREATED_FORMATS } from '../output/output-format.js';

export function requestCommand(ctx: CommandContext) {
  return defineCommand({
    command: 'request <name>',
    describe: 'Generate a key and submit a CertificateSigningRequest for it',
    builder: (y: Argv) =>
      withPolicyFlags(withKubeFlags(withOutputFlag(y, CREATED_FORMATS)))
        .positional('name', { type: 'string', demandOption: true, describe: 'CSR name; also the default CN and file names' })
        .option('cn', singleValue({ type: 'string', requiresArg: true, describe: 'Common name: the user name (default NAME)' }))
        .option('group', { alias: 'g', type: 'string', array: true, requiresArg: true, default: [], describe: 'Organization (O), one per group; repeatable' })
        .option('dns', { type: 'string', array: true, requiresArg: true, default: [], describe: 'DNS subject alternative name; repeatable' })
        .option('ip', { type: 'string', array: true, requiresArg: true, default: [], describe: 'IP subject alternative name; repeatable' })
        .option('email', { type: 'string', array: true, requiresArg: true, default: [], describe: 'Email subject alternative name; repeatable' })
        .option('uri', { type: 'string', array: true, requiresArg: true, default: [], describe: 'URI subject alternative name; repeatable' })
        .option('key-type', singleValue({ type: 'string', requiresArg: true, choices: KEY_TYPES as string[], describe: 'Key to generate (default rsa-2048)' }))
        .option('key', singleValue({ type: 'string', requiresArg: true, describe: 'Reuse this private key (renewal) instead of generating one' }))
        .option('key-out', singleValue({ type: 'string', requiresArg: true, describe: 'Where to write the new key (default NAME.key, mode 0600)' }))
        .option('signer', singleValue({ type: 'string', requiresArg: true, describe: 'Signer name (default kubernetes.io/kube-apiserver-client)' }))
        .option('usages', { type: 'string', array: true, requiresArg: true, default: [], describe: 'Key usages, comma-separated or repeated (default: what the signer needs)' })
        .option('duration', singleValue({ type: 'string', requiresArg: true, describe: 'Requested lifetime, e.g. 24h or 30d (spec.expirationSeconds; at least 10m)' }))
        .option('approve', { type: 'boolean', default: false, describe: 'Approve the request as well' })
        .option('wait', { type: 'boolean', default: false, describe: 'Wait for the certificate and write it to NAME.crt' })
        .option('cert-out', singleValue({ type: 'string', requiresArg: true, describe: 'Where --wait writes the certificate (default NAME.crt)' }))
        .option('kubeconfig-out', singleValue({ type: 'string', requiresArg: true, describe: 'Write a kubeconfig for the new identity (implies --wait)' }))
        .option('ca-from', singleValue({
          type: 'string',
          requiresArg: true,
          choices: CA_SOURCES,
          describe: "The CA of --kubeconfig-out: the API server's serving CA the cluster publishes (trust-bundle), your kubeconfig's, or auto (the published one when it verifies the server)",
        }))
        .option('timeout', singleValue({ type: 'string', default: '5m', describe: 'How long --wait waits ("0": check once, do not wait, as kubectl wait --timeout=0)' }))
        .option('overwrite', { type: 'boolean', default: false, describe: 'Replace existing key, certificate and kubeconfig files' })
        .option('dry-run', singleValue({
          type: 'string',
          requiresArg: true,
          choices: ['none', 'client'],
          describe: 'client: write the key and print the CSR object without sending it (with -o yaml, a manifest to apply later)',
        }))
        .example('$0 request jane -g dev --approve --kubeconfig-out jane.kubeconfig', 'Create user jane in group dev, in one step')
        .example('$0 request jane -g dev --dry-run=client -o yaml > jane-csr.yaml', 'Make the key, and a manifest for someone else to apply'),
    handler: (argv) =>
      ctx.run(async () => {
        const { validateRequest, runRequest } = await import('../commands/request.js');
        const opts = validateRequest(argv, ctx.deps.io);
        return runRequest(opts, { ...ctx.deps, connect: connector(ctx.deps, kubeFlagsFrom(argv)) });
      }),
  });
}
