import type { Argv } from 'yargs';
import { connector, defineCommand, type CommandContext } from './context.js';
import { withOutputFlag } from './output-flag.js';
import { OBJECT_FORMATS } from '../output/output-format.js';
import { kubeFlagsFrom, withKubeFlags, type KubeFlagsArgv } from './kube-flags.js';
import { singleValue } from './single-value.js';
import { withPolicyFlags } from './policy-flags.js';
import type { ApprovalArgs } from '../commands/change-approval-options.js';

type Which = 'approve' | 'deny';

// approve and deny are one module with two decisions, as they are one routine: the same flags but one each
// (--interactive, --failing), the same options function and run.

export function approveCommand(ctx: CommandContext) {
  return defineCommand({
    ...about('approve'),
    builder: (y: Argv) =>
      approvalFlags(y, 'approve')
        .option('interactive', { alias: 'i', type: 'boolean', default: false, describe: 'On a terminal: review each CSR (findings, access) and answer approve, deny, skip or quit' })
        .example('$0 approve --pending -i', 'Review the pending CSRs one by one')
        .example('$0 approve --pending --signer kubernetes.io/kube-apiserver-client --dry-run', 'What a bulk approval would do'),
    handler: (argv) => ctx.run(() => runApprovalCommand(ctx, 'approve', argv)),
  });
}

export function denyCommand(ctx: CommandContext) {
  return defineCommand({
    ...about('deny'),
    builder: (y: Argv) =>
      approvalFlags(y, 'deny')
        .option('failing', { type: 'boolean', default: false, describe: 'With --pending: deny only the CSRs that fail the policy checks' })
        .example('$0 deny --pending --failing', 'Deny every pending CSR that policy would refuse'),
    handler: (argv) => ctx.run(() => runApprovalCommand(ctx, 'deny', argv)),
  });
}

function about(which: Which) {
  return {
    command: `${which} [names..]`,
    describe: `${which === 'approve' ? 'Approve' : 'Deny'} certificate signing requests${which === 'approve' ? ', after policy checks' : ''}`,
  };
}

/** The flags approve and deny share, in the order their help shows them. */
function approvalFlags(y: Argv, which: Which) {
  const past = which === 'approve' ? 'approved' : 'denied';
  const verb = which === 'approve' ? 'Approve' : 'Deny';
  return withPolicyFlags(withKubeFlags(withOutputFlag(y, OBJECT_FORMATS)))
    .positional('names', { type: 'string', array: true, describe: 'CSR names: NAME, csr/NAME, or what -o name prints' })
    // Not an array option: yargs takes the "-" of `-f -` (standard input) for a flag in an array. Repeating -f still
    // collects every file, one per flag, as kubectl does.
    .option('filename', { alias: 'f', type: 'string', requiresArg: true, describe: 'Files with CSR objects identifying the CSRs ("-" reads stdin); repeatable' })
    .option('pending', { type: 'boolean', default: false, describe: `${verb} every pending CSR that passes the filters, after a decision table` })
    .option('signer', singleValue({ type: 'string', requiresArg: true, describe: 'With --pending: only this signer' }))
    .option('requestor', singleValue({ type: 'string', requiresArg: true, describe: 'With --pending: only this requestor' }))
    .option('watch', { alias: 'w', type: 'boolean', default: false, describe: 'With --pending: keep going, deciding each CSR as it arrives; one line per decision (SIGINT/SIGTERM ends it)' })
    .option('dry-run', { type: 'boolean', default: false, describe: 'Show what would happen; change nothing' })
    .option('yes', { alias: 'y', type: 'boolean', default: false, describe: 'Do not ask before changing several CSRs (only a terminal is asked)' })
    .option('force', { type: 'boolean', default: false, describe: `Update the CSR even if it is already ${past} (never overrides policy)` })
    .option('reason', singleValue({ type: 'string', requiresArg: true, describe: `The condition's reason (default KubectlCsr${verb})` }))
    .option('message', singleValue({ type: 'string', requiresArg: true, describe: `The condition's message (default "This CSR was ${past} by kubectl csr ${which}.")` }))
    .example(`$0 ${which} jane`, `${verb} the CSR named jane`);
}

async function runApprovalCommand(ctx: CommandContext, which: Which, argv: ApprovalArgs & { readonly [K in keyof KubeFlagsArgv]?: unknown }) {
  const [{ approvalOptions, runApproval }, { APPROVE, DENY }] = await Promise.all([
    import('../commands/change-approval-options.js'),
    import('../commands/change-approval.js'),
  ]);
  const opts = await approvalOptions(argv, ctx.deps.io);
  const run = (signal?: AbortSignal) => runApproval(which === 'approve' ? APPROVE : DENY, opts, { ...ctx.deps, connect: connector(ctx.deps, kubeFlagsFrom(argv)), signal });
  if (opts.mode !== 'watch') return run();
  const { untilInterrupted } = await import('./interrupt.js');
  return untilInterrupted(run);
}
