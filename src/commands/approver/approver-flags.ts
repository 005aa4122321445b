// The approver's command line, declared once: every flag's type in complete()'s argv comes from here. One flag set for
// both actions: kubelet-csr-approver's names where the policy has the concept, controller-runtime's for leader
// election, metrics and probes; `manifest` checks the same flags, since it hands some of them on to `approver run`.
import { KUBELET_SERVING } from '../../kube/signers.js';
import { LOG_FORMATS } from '../../output/decision-log.js';
import { declare, positional, singleValue } from '../shared/flags.js';
import { POLICY_FLAGS } from '../shared/policy-settings.js';

const ACTIONS = ['run', 'manifest'] as const;

/** postfinance/kubelet-csr-approver's policy flags, same names and meanings (docs/approver.md "Migrating from kubelet-csr-approver"). */
const MIGRATION_FLAGS = ['provider-regex', 'provider-ip-prefixes', 'max-expiration-sec', 'allowed-dns-names', 'bypass-dns-resolution', 'bypass-hostname-check', 'ignore-non-system-node'] as const;

/** A string flag with a default, shown in help. */
const withDefault = <V extends string>(describe: string, value: V) => singleValue({ type: 'string', requiresArg: true, default: value, describe });

export const APPROVER = declare({
  command: 'approver <action>',
  describe: 'Approve kubelet serving certificates as an in-cluster controller: leader election, events, metrics',
  cluster: true,
  flags: {
    ...POLICY_FLAGS,
    signer: withDefault('The signer whose pending CSRs are decided', KUBELET_SERVING),
    'skip-deny-step': { type: 'boolean', default: false, describe: 'Leave CSRs the policy blocks pending (with an Event) instead of denying them' },
    'dry-run': { type: 'boolean', default: false, describe: 'Log what would be decided; change nothing, record no Event' },
    'log-format': singleValue({ type: 'string', requiresArg: true, default: 'text', choices: LOG_FORMATS, describe: 'One line per decision on stdout: text or json' }),
    'leader-elect': { type: 'boolean', default: false, describe: 'Decide only while holding a coordination.k8s.io Lease (run two replicas or more)' },
    'leader-elect-lease-duration': withDefault('How long a standby waits after the last renewal it saw before taking the Lease', '15s'),
    'leader-elect-renew-deadline': withDefault('How long the leader keeps trying to renew before it stops deciding', '10s'),
    'leader-elect-retry-period': withDefault('How often the leader renews and a standby tries to acquire', '2s'),
    'leader-elect-namespace': singleValue({ type: 'string', requiresArg: true, describe: "The Lease's namespace (default: the pod's, else the context's)" }),
    'leader-elect-id': withDefault("The Lease's name", 'kubectl-csr-approver'),
    'metrics-bind-address': withDefault('Where /metrics is served (Prometheus text); 0 turns it off', ':8080'),
    'health-probe-bind-address': withDefault('Where /healthz and /readyz are served; 0 turns them off', ':8081'),
    'provider-regex': singleValue({ type: 'string', requiresArg: true, describe: 'Each DNS SAN of a serving CSR must match this regular expression' }),
    'provider-ip-prefixes': withDefault('Each IP SAN must lie in one of these comma-separated prefixes', '0.0.0.0/0,::/0'),
    'max-expiration-sec': singleValue({ type: 'number', requiresArg: true, describe: 'Block CSRs whose expirationSeconds is above this (at most 367 days; instead of --max-duration)' }),
    'allowed-dns-names': singleValue({ type: 'number', requiresArg: true, default: 1, describe: 'Block serving CSRs with more DNS SANs than this' }),
    'bypass-dns-resolution': { type: 'boolean', default: false, describe: 'Accepted for kubelet-csr-approver compatibility: SANs are checked against the Node object, never resolved' },
    'bypass-hostname-check': { type: 'boolean', default: false, describe: "DNS SANs need not be the Node's addresses (IP SANs still must)" },
    'ignore-non-system-node': { type: 'boolean', default: false, describe: 'Leave alone CSRs whose requestor is not a system:node:… user (no decision, no Event)' },
    image: singleValue({ type: 'string', requiresArg: true, describe: "manifest: the container image (default: this version's release image)" }),
    action: positional({ type: 'string', choices: ACTIONS, demandOption: true, describe: 'run: decide pending CSRs until SIGTERM; manifest: print what runs it in a cluster (kubectl apply -f -)' }),
  },
  // In help's order; the policy flags' group first, as their declaration names it.
  groups: [
    ['Policy flags:', Object.keys(POLICY_FLAGS)],
    ['kubelet-csr-approver flags:', MIGRATION_FLAGS],
    ['Approver flags:', ['signer', 'skip-deny-step', 'dry-run', 'log-format', 'image']],
    ['Leader election flags:', ['leader-elect', 'leader-elect-lease-duration', 'leader-elect-renew-deadline', 'leader-elect-retry-period', 'leader-elect-namespace', 'leader-elect-id']],
    ['Metrics and probe flags:', ['metrics-bind-address', 'health-probe-bind-address']],
  ],
  examples: [
    ['$0 approver run --leader-elect', 'In a pod: the service account, a Lease, one decision per CSR'],
    ['$0 approver run --skip-deny-step --log-format json', 'Approve what passes; leave the rest pending with an Event'],
    ['$0 approver manifest --leader-elect-namespace csr | kubectl apply -f -', 'Install it: two replicas, least privilege'],
  ],
});

/**
 * The flags `manifest` hands on to the Deployment's `approver run`, when given: the policy's and the election's
 * timing. The manifest sets the namespace, the addresses and the log format itself.
 */
export const PASSED_ON = [
  'allow', 'max-duration', 'privileged-namespace', 'signer', 'skip-deny-step', 'leader-elect-lease-duration', 'leader-elect-renew-deadline',
  'leader-elect-retry-period', 'leader-elect-id', ...MIGRATION_FLAGS,
] as const satisfies readonly (keyof typeof APPROVER.flags)[];
