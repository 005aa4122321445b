import type { Argv } from 'yargs';
import { UsageError } from '../errors.js';
import { connector, type CommandContext } from './context.js';
import { withOutputFlag } from './output-flag.js';
import { kubeFlagsFrom, withKubeFlags } from './kube-flags.js';
import { checkNameArgument } from '../kube/object-name.js';
import { policyFrom, withPolicyFlags } from './policy-flags.js';
import type { InspectOutput } from '../commands/inspect.js';

export function inspectCommand(ctx: CommandContext) {
  return {
    command: 'inspect [names..]',
    describe: 'Decode CSRs from the cluster, or a request, certificate or CSR object from a file (offline)',
    builder: (y: Argv) =>
      withPolicyFlags(withKubeFlags(withOutputFlag(y, ['json', 'yaml'])))
        .positional('names', { type: 'string', array: true, describe: 'CSR names in the cluster' })
        .option('filename', {
          alias: 'f',
          type: 'string',
          requiresArg: true,
          describe: 'File to read: PEM, DER, one-line base64, or CSR YAML/JSON ("-" reads stdin); needs no cluster',
        })
        .example('$0 inspect -f user.csr', 'Show the subject, SANs and key of a request')
        .example('kubectl get csr jane -o yaml | $0 inspect -f -', 'Decode a CSR object and its issued certificate')
        .example('$0 inspect jane', 'Decode a CSR in the cluster'),
    handler: (argv: any) =>
      ctx.run(async () => {
        const output = (argv.output ?? 'describe') as InspectOutput;
        const names: string[] = argv.names ?? [];
        if (argv.filename !== undefined && names.length) throw new UsageError('give CSR names or -f FILE, not both');
        const commands = await import('../commands/inspect.js');
        if (argv.filename !== undefined) return commands.inspectFile({ file: argv.filename, output }, ctx.deps);
        if (!names.length) throw new UsageError('one or more CSRs must be specified as <name> or -f <filename>');
        names.forEach(checkNameArgument);
        const { client, connection } = await connector(ctx.deps, kubeFlagsFrom(argv))();
        return commands.inspectNames({ names, output, policy: policyFrom(argv) }, { ...ctx.deps, client, connection });
      }),
  };
}
