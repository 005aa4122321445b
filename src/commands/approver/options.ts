// `approver run`'s flags → one typed options object, checked before anything is read or served (exit 2 on a bad one).
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { UsageError } from '../../errors.js';
import type { PolicySettings } from '../../policy/assessment.js';
import { parseGoDuration } from '../../util/go-duration.js';
import { policySettings, type PolicyFlags } from '../shared/policy-settings.js';
import { parseAddress, type BindAddresses } from './http-endpoints.js';

export type LogFormat = 'text' | 'json';

export interface ElectionOptions {
  /** null: the pod's namespace (in a pod), else the kubeconfig context's. */
  namespace: string | null;
  id: string;
  identity: string;
  leaseDurationMs: number;
  renewDeadlineMs: number;
  retryPeriodMs: number;
}

export interface ApproverOptions {
  signer: string;
  policy: PolicySettings;
  dryRun: boolean;
  /** kubelet-csr-approver's --skip-deny-step: leave what the policy blocks pending (with its event), never deny. */
  skipDenyStep: boolean;
  logFormat: LogFormat;
  election: ElectionOptions | null;
  bind: BindAddresses;
}

export interface ApproverArgs extends PolicyFlags {
  signer: string;
  dryRun: boolean;
  skipDenyStep: boolean;
  logFormat: string;
  leaderElect: boolean;
  leaderElectLeaseDuration: string;
  leaderElectRenewDeadline: string;
  leaderElectRetryPeriod: string;
  leaderElectNamespace?: string;
  leaderElectId: string;
  metricsBindAddress: string;
  healthProbeBindAddress: string;
}

/** client-go leaderelection's JitterFactor: the renew deadline must leave room for one jittered retry. */
const JITTER_FACTOR = 1.2;

export function approverOptions(argv: ApproverArgs): ApproverOptions {
  if (argv.logFormat !== 'text' && argv.logFormat !== 'json') throw new UsageError(`invalid --log-format "${argv.logFormat}": use text or json`);
  for (const address of [argv.metricsBindAddress, argv.healthProbeBindAddress]) if (address !== '0') parseAddress(address);
  return {
    signer: argv.signer,
    policy: policySettings(argv),
    dryRun: argv.dryRun,
    skipDenyStep: argv.skipDenyStep,
    logFormat: argv.logFormat,
    election: argv.leaderElect ? electionOptions(argv) : null,
    bind: { metrics: argv.metricsBindAddress, probes: argv.healthProbeBindAddress },
  };
}

function electionOptions(argv: ApproverArgs): ElectionOptions {
  const lease = duration('--leader-elect-lease-duration', argv.leaderElectLeaseDuration);
  const renew = duration('--leader-elect-renew-deadline', argv.leaderElectRenewDeadline);
  const retry = duration('--leader-elect-retry-period', argv.leaderElectRetryPeriod);
  // The checks of client-go's NewLeaderElector, in its words.
  if (lease <= renew) throw new UsageError('leaseDuration must be greater than renewDeadline');
  if (renew <= JITTER_FACTOR * retry) throw new UsageError('renewDeadline must be greater than retryPeriod*JitterFactor');
  if (lease < 1000) throw new UsageError('--leader-elect-lease-duration must be at least 1s (a Lease counts whole seconds)');
  if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(argv.leaderElectId)) throw new UsageError(`invalid --leader-elect-id "${argv.leaderElectId}": a Lease name is a DNS subdomain`);
  return {
    namespace: argv.leaderElectNamespace || null,
    id: argv.leaderElectId,
    // client-go's examples and controller-runtime: hostname_uuid, unique even for two processes on one host.
    identity: `${hostname()}_${randomUUID()}`,
    leaseDurationMs: lease,
    renewDeadlineMs: renew,
    retryPeriodMs: retry,
  };
}

function duration(flag: string, text: string): number {
  const ms = parseGoDuration(text);
  if (ms === undefined || ms <= 0) throw new UsageError(`invalid ${flag} "${text}": use a positive duration like 15s`);
  return ms;
}
