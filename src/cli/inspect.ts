import type { Argv } from 'yargs';
import { UsageError } from '../errors.js';
import { connector, type CommandContext } from './context.js';
import { resolveOutput, withFormatFlag } from './template-output.js';
import { kubeFlagsFrom, withKubeFlags } from './kube-flags.js';
import { csrNameFromArgument } from '../kube/object-name.js';
import { withPolicyFlags } from './policy-flags.js';
import { policySettings } from '../commands/shared/policy-settings.js';
import type { InspectOutput } from '../commands/inspect.js';
import { parseDuration } from '../util/go-duration.js';

const INSPECT_FORMATS = ['json', 'jsonpath', 'jsonpath-file', 'yaml'];

export function inspectCommand(ctx: CommandContext) {
  return {
    command: 'inspect [names..]',
    describe: 'Decode CSRs from the cluster, or a request, certificate or CSR object from a file (offline)',
    builder: (y: Argv) =>
      withPolicyFlags(withKubeFlags(withFormatFlag(y, INSPECT_FORMATS)))
        .positional('names', { type: 'string', array: true, describe: 'CSR names in the cluster' })
        .option('filename', {
          alias: 'f',
          type: 'string',
          requiresArg: true,
          describe: 'File to read: PEM, DER, one-line base64, CSR YAML/JSON or a kubeconfig ("-" reads stdin); needs no cluster',
        })
        .option('expiring-within', {
          type: 'string',
          default: '30d',
          requiresArg: true,
          describe: 'Warn about certificates that expire within this long (e.g. 720h, 30d)',
        })
        .example('$0 inspect -f ~/.kube/config', 'When the client certificates of a kubeconfig expire')
        .example('$0 inspect -f user.csr', 'Show the subject, SANs and key of a request')
        .example('kubectl get csr jane -o yaml | $0 inspect -f -', 'Decode a CSR object and its issued certificate')
        .example('$0 inspect jane', 'Decode a CSR in the cluster'),
    handler: (argv: any) =>
      ctx.run(async () => {
        const resolved = await resolveOutput<'json' | 'yaml'>(argv.output, INSPECT_FORMATS, false, ctx.deps.io);
        const output: InspectOutput = resolved.template ?? resolved.plain ?? 'describe';
        const names = ((argv.names ?? []) as string[]).map(csrNameFromArgument);
        if (argv.filename !== undefined && names.length) throw new UsageError('resource/name arguments cannot be provided when a path is specified');
        const expiringWithinMs = parseDuration(argv.expiringWithin);
        if (expiringWithinMs === null) throw new UsageError(`invalid --expiring-within "${argv.expiringWithin}": use a duration like 720h or 30d`);
        const commands = await import('../commands/inspect.js');
        if (argv.filename !== undefined) return commands.inspectFile({ file: argv.filename, output, expiringWithinMs }, ctx.deps);
        if (!names.length) throw new UsageError('one or more CSRs must be specified as <name> or -f <filename>');
        const { client, connection } = await connector(ctx.deps, kubeFlagsFrom(argv))();
        return commands.inspectNames({ names, output, policy: policySettings(argv), expiringWithinMs }, { ...ctx.deps, client, connection });
      }),
  };
}
