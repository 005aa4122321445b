// The approver's flags → one typed options object, checked before anything is read or served (exit 2 on a bad one):
// complete() (approver.ts) calls it for `run` and `manifest` alike.
import { hostname } from 'node:os';
import { BlockList, isIP } from 'node:net';
import { randomUUID } from 'node:crypto';
import { UsageError } from '../../errors.js';
import type { ProviderRules } from '../../policy/provider-checks.js';
import { durationFlag } from '../shared/duration-flag.js';
import { policySettings, type PolicyFlags } from '../shared/policy-settings.js';
import type { ArgvOf } from '../shared/flags.js';
import type { APPROVER } from './approver-flags.js';
import { parseAddress } from './http-endpoints.js';
import { isLogFormat, LOG_FORMATS } from '../../output/decision-log.js';

export interface ElectionOptions {
  /** null: the pod's namespace (in a pod), else the kubeconfig context's. */
  namespace: string | null;
  id: string;
  identity: string;
  leaseDurationMs: number;
  renewDeadlineMs: number;
  retryPeriodMs: number;
}

/** What approverOptions makes of the flags (its type is that of what it returns: a flag is added there, once). */
export type ApproverOptions = ReturnType<typeof approverOptions>;

/**
 * The flags approverOptions reads: the declaration's (approver-flags.ts) but the action and --image, which only
 * `manifest` reads; the policy flags as policySettings takes them.
 */
export type ApproverArgs = Omit<ArgvOf<typeof APPROVER.flags>, 'action' | 'image' | 'allow' | 'maxDuration' | 'privilegedNamespace'> & PolicyFlags;

/** client-go leaderelection's JitterFactor: the renew deadline must leave room for one jittered retry. */
const JITTER_FACTOR = 1.2;

export function approverOptions(argv: ApproverArgs) {
  const logFormat = argv.logFormat;
  if (!isLogFormat(logFormat)) throw new UsageError(`invalid --log-format "${logFormat}": use ${LOG_FORMATS.join(' or ')}`);
  for (const address of [argv.metricsBindAddress, argv.healthProbeBindAddress]) if (address !== '0') parseAddress(address);
  const policy = policySettings(argv);
  if (argv.maxExpirationSec !== undefined) {
    // kubelet-csr-approver's bounds, in its words.
    if (!Number.isInteger(argv.maxExpirationSec) || argv.maxExpirationSec < 0 || argv.maxExpirationSec > MAX_EXPIRATION_SEC) {
      throw new UsageError('the maximum expiration seconds cannot be lower than 0 nor greater than 367 days (--max-expiration-sec)');
    }
    if (argv.maxDuration !== undefined && argv.maxDuration !== '365d') throw new UsageError('--max-expiration-sec and --max-duration say the same thing: give one');
    policy.options = { ...policy.options, maxDurationSeconds: argv.maxExpirationSec };
  }
  policy.options = { ...policy.options, provider: providerRules(argv) };
  return {
    signer: argv.signer,
    policy,
    /** kubelet-csr-approver's --ignore-non-system-node: CSRs not requested by a system:node:… user are left alone. */
    ignoreNonSystemNode: argv.ignoreNonSystemNode,
    dryRun: argv.dryRun,
    /** kubelet-csr-approver's --skip-deny-step: leave what the policy blocks pending (with its event), never deny. */
    skipDenyStep: argv.skipDenyStep,
    logFormat,
    // Read with or without --leader-elect: a bad value is a usage error either way.
    election: electionOptions(argv, argv.leaderElect),
    bind: { metrics: argv.metricsBindAddress, probes: argv.healthProbeBindAddress },
  };
}

/** kubelet-csr-approver's bound on --max-expiration-sec. */
const MAX_EXPIRATION_SEC = 367 * 24 * 3600;

function providerRules(argv: ApproverArgs): ProviderRules {
  let dnsPattern: RegExp | null = null;
  if (argv.providerRegex) {
    try {
      dnsPattern = new RegExp(argv.providerRegex);
    } catch (err) {
      throw new UsageError(`invalid --provider-regex "${argv.providerRegex}": ${(err as Error).message}`);
    }
  }
  if (!Number.isInteger(argv.allowedDnsNames) || argv.allowedDnsNames < 1 || argv.allowedDnsNames > 1000) {
    throw new UsageError('the number of allowed DNS names must be at least 1 and no more than 1000 (--allowed-dns-names)');
  }
  return { dnsPattern, ipPrefixes: ipPrefixes(argv.providerIpPrefixes), allowedDnsNames: argv.allowedDnsNames, bypassHostnameCheck: argv.bypassHostnameCheck };
}

/** "192.168.0.0/16,fc00::/7" as Go's netip.ParsePrefix reads each; every address allowed is no check at all. */
function ipPrefixes(text: string): ProviderRules['ipPrefixes'] {
  const list = new BlockList();
  const parts = text.split(',').map((p) => p.trim());
  for (const part of parts) {
    const m = /^([^/]+)\/(\d{1,3})$/.exec(part);
    const family = m ? isIP(m[1]!) : 0;
    const bits = m ? Number(m[2]) : NaN;
    if (!m || family === 0 || bits > (family === 4 ? 32 : 128)) throw new UsageError(`invalid --provider-ip-prefixes: cannot parse "${part}" as an IP prefix like 192.168.0.0/16 or fc00::/7`);
    list.addSubnet(m[1]!, bits, family === 4 ? 'ipv4' : 'ipv6');
  }
  const everything = parts.some((p) => p === '0.0.0.0/0') && parts.some((p) => p === '::/0');
  return everything ? null : { text, list };
}

function electionOptions(argv: ApproverArgs, elect: boolean): ElectionOptions | null {
  const lease = period('leader-elect-lease-duration', argv.leaderElectLeaseDuration);
  const renew = period('leader-elect-renew-deadline', argv.leaderElectRenewDeadline);
  const retry = period('leader-elect-retry-period', argv.leaderElectRetryPeriod);
  if (!elect) return null;
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

/** A duration flag's one message for what is not a duration (shared/duration-flag.ts); a period of 0 is no period. */
function period(flag: string, text: string): number {
  const ms = durationFlag(flag, text);
  if (ms <= 0) throw new UsageError(`invalid --${flag} "${text}": the period must be more than 0`);
  return ms;
}
