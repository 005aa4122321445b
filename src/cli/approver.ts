// `kubectl csr approver run`: the kubelet-serving approver as an in-cluster controller (issue 25). One flag set:
// kubelet-csr-approver's names where the policy has the concept, controller-runtime's for leader election, metrics
// and probes.
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { connector, type CommandContext } from './context.js';
import { kubeFlagsFrom, withKubeFlags } from './kube-flags.js';
import { singleValue } from '../commands/shared/flags.js';
import { POLICY_FLAGS } from '../commands/shared/policy-settings.js';
import { KUBELET_SERVING } from '../kube/signers.js';

const ACTIONS = ['run', 'manifest'] as const;
/** postfinance/kubelet-csr-approver's policy flags, same names and meanings (README "Migrating from kubelet-csr-approver"). */
const MIGRATION_FLAGS = ['provider-regex', 'provider-ip-prefixes', 'max-expiration-sec', 'allowed-dns-names', 'bypass-dns-resolution', 'bypass-hostname-check', 'ignore-non-system-node'] as const;

/**
 * The flags `manifest` hands on to the Deployment's `approver run`, when given: the policy's and the election's
 * timing. The manifest sets the namespace, the addresses and the log format itself.
 */
const PASSED_ON = [
  'allow', 'max-duration', 'privileged-namespace', 'signer', 'skip-deny-step', 'leader-elect-lease-duration', 'leader-elect-renew-deadline',
  'leader-elect-retry-period', 'leader-elect-id', ...MIGRATION_FLAGS,
] as const;

export function approverCommand(ctx: CommandContext) {
  return typedCommand({
    command: 'approver <action>',
    describe: 'Approve kubelet serving certificates as an in-cluster controller: leader election, events, metrics',
    builder: (y: Argv) =>
      approverFlags(y)
        .option('image', singleValue({ type: 'string', requiresArg: true, describe: 'manifest: the container image (default: this version\'s release image)' }))
        .positional('action', { type: 'string', choices: ACTIONS, demandOption: true, describe: 'run: decide pending CSRs until SIGTERM; manifest: print what runs it in a cluster (kubectl apply -f -)' })
        .example('$0 approver run --leader-elect', 'In a pod: the service account, a Lease, one decision per CSR')
        .example('$0 approver run --skip-deny-step --log-format json', 'Approve what passes; leave the rest pending with an Event')
        .example('$0 approver manifest --leader-elect-namespace csr | kubectl apply -f -', 'Install it: two replicas, least privilege'),
    handler: (argv) =>
      ctx.run(async () => {
        if (argv.action === 'manifest') {
          const { approverOptions } = await import('../commands/approver/options.js');
          approverOptions(argv); // the flags handed on must be valid ones
          const { printManifest, DEFAULT_IMAGE, DEFAULT_NAMESPACE } = await import('../commands/approver/manifest.js');
          const opts = { namespace: argv.leaderElectNamespace || DEFAULT_NAMESPACE, image: argv.image || DEFAULT_IMAGE, signer: argv.signer, runArgs: passedOn(argv) };
          return printManifest(opts, ctx.deps.io);
        }
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

/** The handler's argv typed from the builder. */
function typedCommand<T>(module: { command: string; describe: string; builder: (y: Argv) => Argv<T>; handler: (argv: ArgumentsCamelCase<T>) => void }): CommandModule<object, T> {
  return module;
}

/** The flags given on this command line (other than their defaults) that the Deployment runs with, as words. */
function passedOn(argv: Record<string, unknown>): string[] {
  const words: string[] = [];
  for (const flag of PASSED_ON) {
    const value = argv[flag];
    const fallback = flag === 'max-duration' ? '365d' : (DEFAULTS as Record<string, unknown>)[flag];
    if (Array.isArray(value)) for (const v of value as unknown[]) words.push(`--${flag}=${String(v)}`);
    else if (value === true) words.push(`--${flag}`);
    else if ((typeof value === 'string' || typeof value === 'number') && value !== fallback) words.push(`--${flag}=${value}`);
  }
  return words;
}

const DEFAULTS = {
  signer: KUBELET_SERVING,
  'leader-elect-lease-duration': '15s',
  'leader-elect-renew-deadline': '10s',
  'leader-elect-retry-period': '2s',
  'leader-elect-id': 'kubectl-csr-approver',
  'provider-ip-prefixes': '0.0.0.0/0,::/0',
  'allowed-dns-names': 1,
} as const;

function approverFlags(y: Argv) {
  const s = (describe: string, value: string) => singleValue({ type: 'string', requiresArg: true, default: value, describe });
  return withKubeFlags(y)
    .options(POLICY_FLAGS)
    .option('signer', s('The signer whose pending CSRs are decided', DEFAULTS.signer))
    .option('skip-deny-step', { type: 'boolean', default: false, describe: 'Leave CSRs the policy blocks pending (with an Event) instead of denying them' })
    .option('dry-run', { type: 'boolean', default: false, describe: 'Log what would be decided; change nothing, record no Event' })
    .option('log-format', singleValue({ type: 'string', requiresArg: true, default: 'text', choices: ['text', 'json'], describe: 'One line per decision on stdout: text or json' }))
    .option('leader-elect', { type: 'boolean', default: false, describe: 'Decide only while holding a coordination.k8s.io Lease (run two replicas or more)' })
    .option('leader-elect-lease-duration', s('How long a standby waits after the last renewal it saw before taking the Lease', DEFAULTS['leader-elect-lease-duration']))
    .option('leader-elect-renew-deadline', s('How long the leader keeps trying to renew before it stops deciding', DEFAULTS['leader-elect-renew-deadline']))
    .option('leader-elect-retry-period', s('How often the leader renews and a standby tries to acquire', DEFAULTS['leader-elect-retry-period']))
    .option('leader-elect-namespace', singleValue({ type: 'string', requiresArg: true, describe: "The Lease's namespace (default: the pod's, else the context's)" }))
    .option('leader-elect-id', s("The Lease's name", DEFAULTS['leader-elect-id']))
    .option('metrics-bind-address', s('Where /metrics is served (Prometheus text); 0 turns it off', ':8080'))
    .option('health-probe-bind-address', s('Where /healthz and /readyz are served; 0 turns them off', ':8081'))
    .option('provider-regex', singleValue({ type: 'string', requiresArg: true, describe: 'Each DNS SAN of a serving CSR must match this regular expression' }))
    .option('provider-ip-prefixes', s('Each IP SAN must lie in one of these comma-separated prefixes', DEFAULTS['provider-ip-prefixes']))
    .option('max-expiration-sec', singleValue({ type: 'number', requiresArg: true, describe: 'Block CSRs whose expirationSeconds is above this (at most 367 days; instead of --max-duration)' }))
    .option('allowed-dns-names', singleValue({ type: 'number', requiresArg: true, default: DEFAULTS['allowed-dns-names'], describe: 'Block serving CSRs with more DNS SANs than this' }))
    .option('bypass-dns-resolution', { type: 'boolean', default: false, describe: 'Accepted for kubelet-csr-approver compatibility: SANs are checked against the Node object, never resolved' })
    .option('bypass-hostname-check', { type: 'boolean', default: false, describe: "DNS SANs need not be the Node's addresses (IP SANs still must)" })
    .option('ignore-non-system-node', { type: 'boolean', default: false, describe: 'Leave alone CSRs whose requestor is not a system:node:… user (no decision, no Event)' })
    .group([...MIGRATION_FLAGS], 'kubelet-csr-approver flags:')
    .group(['signer', 'skip-deny-step', 'dry-run', 'log-format', 'image'], 'Approver flags:')
    .group(['leader-elect', 'leader-elect-lease-duration', 'leader-elect-renew-deadline', 'leader-elect-retry-period', 'leader-elect-namespace', 'leader-elect-id'], 'Leader election flags:')
    .group(['metrics-bind-address', 'health-probe-bind-address'], 'Metrics and probe flags:');
}
