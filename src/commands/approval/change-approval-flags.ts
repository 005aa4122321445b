// approve's and deny's command lines, declared once: the same flags but one each (--interactive, --failing), as they
// are one routine (kubectl's modifyCertificateCondition).
import { OBJECT_FORMATS } from '../../output/output-format.js';
import { declare, positional, repeatable, singleValue } from '../shared/flags.js';
import { outputFlag } from '../shared/output-options.js';
import { CHECK_FLAGS, POLICY_FLAGS } from '../shared/policy-settings.js';
import { DRY_RUN_FLAG } from '../shared/dry-run.js';

type Which = 'approve' | 'deny';

/** The flags approve and deny share, after -o and the policy flags. */
function approvalFlags(which: Which) {
  const past = which === 'approve' ? 'approved' : 'denied';
  const verb = which === 'approve' ? 'Approve' : 'Deny';
  return {
    names: positional({ type: 'string', array: true, describe: 'CSR names: NAME, csr/NAME, or what -o name prints' }),
    // Repeating -f collects every file, one per flag, as kubectl does.
    filename: repeatable({ alias: 'f', type: 'string', requiresArg: true, describe: 'Files with CSR objects identifying the CSRs ("-" reads stdin); repeatable' }),
    pending: { type: 'boolean', default: false, describe: `${verb} every pending CSR that passes the filters, after a decision table` },
    signer: singleValue({ type: 'string', requiresArg: true, describe: 'With --pending: only this signer' }),
    requestor: singleValue({ type: 'string', requiresArg: true, describe: 'With --pending: only this requestor' }),
    watch: { alias: 'w', type: 'boolean', default: false, describe: 'With --pending: keep going, deciding each CSR as it arrives; one line per decision (SIGINT/SIGTERM ends it)' },
    ...DRY_RUN_FLAG,
    yes: { alias: 'y', type: 'boolean', default: false, describe: 'Do not ask before changing several CSRs (only a terminal is asked)' },
    force: { type: 'boolean', default: false, describe: `Update the CSR even if it is already ${past} (never overrides policy)` },
    reason: singleValue({ type: 'string', requiresArg: true, describe: `The condition's reason (default KubectlCsr${verb})` }),
    message: singleValue({ type: 'string', requiresArg: true, describe: `The condition's message (default "This CSR was ${past} by kubectl csr ${which}.")` }),
  } as const;
}

export const APPROVE_COMMAND = declare({
  command: 'approve [names..]',
  describe: 'Approve certificate signing requests, after policy checks',
  cluster: true,
  flags: {
    ...outputFlag(OBJECT_FORMATS),
    ...POLICY_FLAGS,
    ...approvalFlags('approve'),
    interactive: { alias: 'i', type: 'boolean', default: false, describe: 'On a terminal: review each CSR (findings, access) and answer approve, deny, skip or quit' },
  },
  examples: [
    ['$0 approve jane', 'Approve the CSR named jane'],
    ['$0 approve --pending -i', 'Review the pending CSRs one by one'],
    ['$0 approve --pending --signer kubernetes.io/kube-apiserver-client --dry-run=client', 'What a bulk approval would do'],
  ],
});

export const DENY_COMMAND = declare({
  command: 'deny [names..]',
  describe: 'Deny certificate signing requests',
  cluster: true,
  flags: {
    ...outputFlag(OBJECT_FORMATS),
    // Not --allow, which acts only where something is approved: deny --failing judges with the checks' settings.
    ...CHECK_FLAGS,
    ...approvalFlags('deny'),
    failing: { type: 'boolean', default: false, describe: 'With --pending: deny only the CSRs that fail the policy checks' },
  },
  examples: [
    ['$0 deny jane', 'Deny the CSR named jane'],
    ['$0 deny --pending --failing', 'Deny every pending CSR that policy would refuse'],
  ],
});
