// --allow, --max-duration and --privileged-namespace, declared once for approve, deny, request --approve and inspect.
import type { Argv } from 'yargs';
import { UsageError } from '../errors.js';
import type { PolicySettings } from '../policy/assessment.js';
import { DEFAULT_MAX_DURATION_SECONDS } from '../policy/policy-options.js';
import { DEFAULT_PRIVILEGED_NAMESPACES } from '../policy/rbac/escalation-classes.js';
import { parseDuration } from '../util/go-duration.js';

export function withPolicyFlags<T>(y: Argv<T>) {
  return y
    .option('allow', {
      type: 'string',
      array: true,
      requiresArg: true,
      default: [],
      describe: 'Approve despite this policy finding (its id, e.g. privileged-group); repeatable, comma-separated',
    })
    .option('max-duration', { type: 'string', requiresArg: true, default: '365d', describe: 'Block requested durations longer than this' })
    .option('privileged-namespace', {
      type: 'string',
      array: true,
      requiresArg: true,
      default: [],
      describe: `A namespace where RBAC grants count as cluster-wide ones, besides ${DEFAULT_PRIVILEGED_NAMESPACES.join(', ')}; repeatable`,
    })
    .group(['allow', 'max-duration', 'privileged-namespace'], 'Policy flags:');
}

export function policyFrom(argv: { allow?: string[]; maxDuration?: string; privilegedNamespace?: string[] }): PolicySettings {
  const ms = parseDuration(argv.maxDuration ?? '365d');
  if (ms === null) throw new UsageError(`invalid --max-duration "${argv.maxDuration}": use a duration like 90d or 8760h`);
  const list = (values: string[] | undefined) => (values ?? []).flatMap((a) => a.split(',')).map((a) => a.trim()).filter(Boolean);
  const allow = new Set(list(argv.allow));
  return {
    allow,
    options: {
      maxDurationSeconds: argv.maxDuration === undefined ? DEFAULT_MAX_DURATION_SECONDS : Math.floor(ms / 1000),
      privilegedNamespaces: new Set([...DEFAULT_PRIVILEGED_NAMESPACES, ...list(argv.privilegedNamespace)]),
    },
  };
}
