import type { Argv } from 'yargs';
import { ExitCode, UsageError } from '../errors.js';
import { connector, type CommandContext } from './context.js';
import { resolveOutput, withFormatFlag } from './template-output.js';
import { OBJECT_FORMATS } from '../output/output-format.js';
import { kubeFlagsFrom, withKubeFlags } from './kube-flags.js';
import { csrNameFromArgument } from '../kube/object-name.js';
import { withPolicyFlags } from './policy-flags.js';
import { policySettings } from '../commands/shared/policy-settings.js';
import type { ObjectOutput } from '../output/objects.js';

/** approve and deny are one module with two decisions, as they are one routine. */
export function approvalCommand(ctx: CommandContext, which: 'approve' | 'deny') {
  const past = which === 'approve' ? 'approved' : 'denied';
  return {
    command: `${which} [names..]`,
    describe: `${which === 'approve' ? 'Approve' : 'Deny'} certificate signing requests${which === 'approve' ? ', after policy checks' : ''}`,
    builder: (y: Argv) => {
      let b = withPolicyFlags(withKubeFlags(withFormatFlag(y, OBJECT_FORMATS)))
        .positional('names', { type: 'string', array: true, describe: 'CSR names: NAME, csr/NAME, or what -o name prints' })
        // Not an array option: yargs takes the "-" of `-f -` (standard input) for a flag in an array. Repeating -f still
        // collects every file, one per flag, as kubectl does.
        .option('filename', { alias: 'f', type: 'string', requiresArg: true, describe: 'Files with CSR objects identifying the CSRs ("-" reads stdin); repeatable' })
        .option('pending', { type: 'boolean', default: false, describe: `${which === 'approve' ? 'Approve' : 'Deny'} every pending CSR that passes the filters, after a decision table` })
        .option('signer', { type: 'string', requiresArg: true, describe: 'With --pending: only this signer' })
        .option('requestor', { type: 'string', requiresArg: true, describe: 'With --pending: only this requestor' })
        .option('watch', { alias: 'w', type: 'boolean', default: false, describe: 'With --pending: keep going, deciding each CSR as it arrives; one line per decision (SIGINT/SIGTERM ends it)' })
        .option('dry-run', { type: 'boolean', default: false, describe: 'Show what would happen; change nothing' })
        .option('yes', { alias: 'y', type: 'boolean', default: false, describe: 'Do not ask before changing several CSRs (only a terminal is asked)' })
        .option('force', { type: 'boolean', default: false, describe: `Update the CSR even if it is already ${past} (never overrides policy)` })
        .option('reason', { type: 'string', requiresArg: true, describe: `The condition's reason (default KubectlCsr${which === 'approve' ? 'Approve' : 'Deny'})` })
        .option('message', { type: 'string', requiresArg: true, describe: `The condition's message (default "This CSR was ${past} by kubectl csr ${which}.")` })
        .example(`$0 ${which} jane`, `${which === 'approve' ? 'Approve' : 'Deny'} the CSR named jane`);
      if (which === 'deny') {
        b = b
          .option('failing', { type: 'boolean', default: false, describe: 'With --pending: deny only the CSRs that fail the policy checks' })
          .example('$0 deny --pending --failing', 'Deny every pending CSR that policy would refuse');
      } else {
        b = b
          .option('interactive', { alias: 'i', type: 'boolean', default: false, describe: 'On a terminal: review each CSR (findings, access) and answer approve, deny, skip or quit' })
          .example('$0 approve --pending -i', 'Review the pending CSRs one by one');
        b = b.example('$0 approve --pending --signer kubernetes.io/kube-apiserver-client --dry-run', 'What a bulk approval would do');
      }
      return b;
    },
    handler: (argv: any) =>
      ctx.run(async () => {
        const given = ((argv.names ?? []) as string[]).map(csrNameFromArgument);
        const files: string[] = [argv.filename ?? []].flat();
        // kubectl's words (cli-runtime resource.Builder): names and files never together, so nothing is done twice.
        if (files.length && given.length) throw new UsageError('resource/name arguments cannot be provided when a path is specified');
        const output = await resolveOutput<ObjectOutput>(argv.output, OBJECT_FORMATS, false, ctx.deps.io);
        const fromFiles = files.length ? await (await import('../input/read-csr-names.js')).readCsrNames(files, ctx.deps.io) : [];
        if (files.length && !fromFiles.length && !argv.pending) {
          ctx.deps.io.stderr.write('No resources found\n');
          return ExitCode.ok;
        }
        const names = [...given, ...fromFiles];
        if (argv.pending && names.length) throw new UsageError('give CSR names or --pending, not both');
        if (!argv.pending && !names.length) throw new UsageError('one or more CSRs must be specified as <name>, -f <filename> or --pending');
        if (argv.failing && !argv.pending) throw new UsageError('--failing works with --pending');
        if (!argv.pending && (argv.signer || argv.requestor)) throw new UsageError('--signer and --requestor work with --pending');
        if (argv.watch && !argv.pending) throw new UsageError('--watch works with --pending');
        if (argv.watch && argv.output) throw new UsageError('--watch prints one line per decision; -o does not apply');
        if (argv.interactive && (argv.watch || argv.dryRun || argv.output)) throw new UsageError('--interactive asks about each CSR; it does not go with --watch, --dry-run or -o');
        const policy = policySettings(argv);
        const [{ changeApproval, APPROVE, DENY }, { client, connection }] = await Promise.all([
          import('../commands/change-approval.js'),
          connector(ctx.deps, kubeFlagsFrom(argv))(),
        ]);
        const decision = which === 'approve' ? APPROVE : DENY;
        const deps = { ...ctx.deps, client, connection };
        if (argv.interactive) {
          const { reviewApproval } = await import('../commands/change-approval-review.js');
          const pending = argv.pending ? { signer: argv.signer, requestor: argv.requestor } : null;
          return reviewApproval({ names, pending, force: argv.force, reason: argv.reason, policy }, deps);
        }
        if (argv.watch) {
          const { watchApproval } = await import('../commands/change-approval-watch.js');
          const { untilInterrupted } = await import('./interrupt.js');
          const pending = { signer: argv.signer, requestor: argv.requestor };
          const settings = { pending, failingOnly: argv.failing === true, dryRun: argv.dryRun, force: argv.force, reason: argv.reason, message: argv.message, policy };
          return untilInterrupted((signal) => watchApproval(decision, settings, { ...deps, signal }));
        }
        return changeApproval(
          decision,
          {
            names,
            pending: argv.pending ? { signer: argv.signer, requestor: argv.requestor } : null,
            failingOnly: argv.failing === true,
            dryRun: argv.dryRun,
            yes: argv.yes,
            force: argv.force,
            reason: argv.reason,
            message: argv.message,
            output: output.plain,
            template: output.template,
            policy,
          },
          deps,
        );
      }),
  };
}
