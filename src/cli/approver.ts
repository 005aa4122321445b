// `kubectl csr approver run`: the kubelet-serving approver as an in-cluster controller (issue 25). One flag set:
// kubelet-csr-approver's names where the policy has the concept, controller-runtime's for leader election, metrics
// and probes.
import type { Argv } from 'yargs';
import { connector, defineCommand, type CommandContext } from './context.js';
import { kubeFlagsFrom, withKubeFlags } from './kube-flags.js';
import { withPolicyFlags } from './policy-flags.js';
import { singleValue } from './single-value.js';
import { KUBELET_SERVING } from '../kube/signers.js';

const ACTIONS = ['run'] as const;

export function approverCommand(ctx: CommandContext) {
  return defineCommand({
    command: 'approver <action>',
    describe: 'Approve kubelet serving certificates as an in-cluster controller: leader election, events, metrics',
    builder: (y: Argv) =>
      approverFlags(y)
        .positional('action', { type: 'string', choices: ACTIONS, demandOption: true, describe: 'run: decide pending CSRs until SIGTERM' })
        .example('$0 approver run --leader-elect', 'In a pod: the service account, a Lease, one decision per CSR')
        .example('$0 approver run --skip-deny-step --log-format json', 'Approve what passes; leave the rest pending with an Event'),
    handler: (argv) =>
      ctx.run(async () => {
        const [{ approverOptions }, { runApprover }, { untilInterrupted }] = await Promise.all([
          import('../commands/approver/options.js'),
          import('../commands/approver/run.js'),
          import('./interrupt.js'),
        ]);
        const opts = approverOptions(argv);
        const connect = connector(ctx.deps, kubeFlagsFrom(argv));
        return untilInterrupted((signal) => runApprover(opts, { ...ctx.deps, connect, signal }));
      }),
  });
}

function approverFlags(y: Argv) {
  const s = (describe: string, value: string) => singleValue({ type: 'string', requiresArg: true, default: value, describe });
  return withPolicyFlags(withKubeFlags(y))
    .option('signer', s('The signer whose pending CSRs are decided', KUBELET_SERVING))
    .option('skip-deny-step', { type: 'boolean', default: false, describe: 'Leave CSRs the policy blocks pending (with an Event) instead of denying them' })
    .option('dry-run', { type: 'boolean', default: false, describe: 'Log what would be decided; change nothing, record no Event' })
    .option('log-format', singleValue({ type: 'string', requiresArg: true, default: 'text', choices: ['text', 'json'], describe: 'One line per decision on stdout: text or json' }))
    .option('leader-elect', { type: 'boolean', default: false, describe: 'Decide only while holding a coordination.k8s.io Lease (run two replicas or more)' })
    .option('leader-elect-lease-duration', s('How long a standby waits after the last renewal it saw before taking the Lease', '15s'))
    .option('leader-elect-renew-deadline', s('How long the leader keeps trying to renew before it stops deciding', '10s'))
    .option('leader-elect-retry-period', s('How often the leader renews and a standby tries to acquire', '2s'))
    .option('leader-elect-namespace', singleValue({ type: 'string', requiresArg: true, describe: "The Lease's namespace (default: the pod's, else the context's)" }))
    .option('leader-elect-id', s("The Lease's name", 'kubectl-csr-approver'))
    .option('metrics-bind-address', s('Where /metrics is served (Prometheus text); 0 turns it off', ':8080'))
    .option('health-probe-bind-address', s('Where /healthz and /readyz are served; 0 turns them off', ':8081'))
    .group(['signer', 'skip-deny-step', 'dry-run', 'log-format'], 'Approver flags:')
    .group(['leader-elect', 'leader-elect-lease-duration', 'leader-elect-renew-deadline', 'leader-elect-retry-period', 'leader-elect-namespace', 'leader-elect-id'], 'Leader election flags:')
    .group(['metrics-bind-address', 'health-probe-bind-address'], 'Metrics and probe flags:');
}
