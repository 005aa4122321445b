import type { Argv } from 'yargs';
import { UsageError } from '../errors.js';
import { connector, type CommandContext } from './context.js';
import { withOutputFlag } from './output-flag.js';
import { kubeFlagsFrom, withKubeFlags } from './kube-flags.js';
import type { ObjectOutput } from '../output/objects.js';

/** approve and deny are one module with two decisions, as they are one routine. */
export function approvalCommand(ctx: CommandContext, which: 'approve' | 'deny') {
  const past = which === 'approve' ? 'approved' : 'denied';
  return {
    command: `${which} [names..]`,
    describe: `${which === 'approve' ? 'Approve' : 'Deny'} certificate signing requests`,
    builder: (y: Argv) =>
      withKubeFlags(withOutputFlag(y, ['json', 'yaml', 'name']))
        .positional('names', { type: 'string', array: true, describe: 'CSR names' })
        .option('filename', { alias: 'f', type: 'string', array: true, requiresArg: true, describe: 'Files with CSR objects identifying the CSRs' })
        .option('force', { type: 'boolean', default: false, describe: `Update the CSR even if it is already ${past}` })
        .option('reason', { type: 'string', requiresArg: true, describe: `The condition's reason (default KubectlCsr${which === 'approve' ? 'Approve' : 'Deny'})` })
        .option('message', { type: 'string', requiresArg: true, describe: `The condition's message (default "This CSR was ${past} by kubectl csr ${which}.")` })
        .example(`$0 ${which} jane`, `${which === 'approve' ? 'Approve' : 'Deny'} the CSR named jane`),
    handler: (argv: any) =>
      ctx.run(async () => {
        const names: string[] = [...(argv.names ?? []), ...(await namesFromFiles(argv.filename ?? [], ctx))];
        if (!names.length) throw new UsageError('one or more CSRs must be specified as <name> or -f <filename>');
        const [{ changeApproval, APPROVE, DENY }, { client }] = await Promise.all([
          import('../commands/change-approval.js'),
          connector(ctx.deps, kubeFlagsFrom(argv))(),
        ]);
        return changeApproval(which === 'approve' ? APPROVE : DENY, { names, force: argv.force, reason: argv.reason, message: argv.message, output: argv.output as ObjectOutput | undefined }, { ...ctx.deps, client });
      }),
  };
}

async function namesFromFiles(files: string[], ctx: CommandContext): Promise<string[]> {
  if (!files.length) return [];
  const [{ readInput, inputName }, { parseCsrDocuments, DocumentError }, { InputError }] = await Promise.all([
    import('../input/read-input.js'),
    import('../kube/csr-document.js'),
    import('../errors.js'),
  ]);
  const names: string[] = [];
  for (const file of files) {
    const text = (await readInput(file, ctx.deps.io)).toString('utf8');
    try {
      for (const csr of parseCsrDocuments(text)) {
        if (!csr.metadata.name) throw new DocumentError('has a CertificateSigningRequest without metadata.name');
        names.push(csr.metadata.name);
      }
    } catch (err) {
      if (err instanceof DocumentError) throw new InputError(inputName(file), err.message);
      throw err;
    }
  }
  return names;
}
