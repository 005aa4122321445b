// The policy flags (--allow, --max-duration, --privileged-namespace), declared once for approve, deny, request, renew,
// inspect and the approver, → the settings the checks run with.
import { UsageError } from '../../errors.js';
import type { PolicySettings } from '../../policy/assessment.js';
import { FINDING_IDS, isFindingId, type FindingId } from '../../policy/finding-ids.js';
import { DEFAULT_MAX_DURATION_SECONDS } from '../../policy/policy-options.js';
import { DEFAULT_PRIVILEGED_NAMESPACES } from '../../policy/rbac/escalation-classes.js';
import { durationFlag } from './duration-flag.js';
import { singleValue } from './flags.js';

const GROUP = 'Policy flags:';

/** The flags that change what the checks find: every command that runs them. */
export const CHECK_FLAGS = {
  'max-duration': singleValue({ type: 'string', requiresArg: true, default: '365d', group: GROUP, describe: 'Block requested durations longer than this' }),
  'privileged-namespace': {
    type: 'string',
    array: true,
    requiresArg: true,
    default: [] as string[],
    group: GROUP,
    describe: `A namespace where RBAC grants count as cluster-wide ones, besides ${DEFAULT_PRIVILEGED_NAMESPACES.join(', ')}; repeatable`,
  },
} as const;

/** With --allow, which acts only where something is approved (not on deny or inspect: issue 23, flags where they act). */
export const POLICY_FLAGS = {
  allow: {
    type: 'string',
    array: true,
    requiresArg: true,
    default: [] as string[],
    group: GROUP,
    describe: 'Approve despite this policy finding (its id, e.g. privileged-group); repeatable, comma-separated',
  },
  ...CHECK_FLAGS,
} as const;

export interface PolicyFlags {
  allow?: string[];
  maxDuration?: string;
  privilegedNamespace?: string[];
}

export function policySettings(argv: PolicyFlags): PolicySettings {
  const ms = durationFlag('max-duration', argv.maxDuration ?? '365d');
  const list = (values: string[] | undefined) => (values ?? []).flatMap((a) => a.split(',')).map((a) => a.trim()).filter(Boolean);
  return {
    allow: new Set(list(argv.allow).map(findingId)),
    options: {
      maxDurationSeconds: argv.maxDuration === undefined ? DEFAULT_MAX_DURATION_SECONDS : Math.floor(ms / 1000),
      privilegedNamespaces: new Set([...DEFAULT_PRIVILEGED_NAMESPACES, ...list(argv.privilegedNamespace)]),
    },
  };
}

/** An --allow value: a finding id, or a usage error that lists them all (a typo must not leave a block in place). */
function findingId(id: string): FindingId {
  if (isFindingId(id)) return id;
  throw new UsageError(`--allow ${id}: no policy finding has this id; the ids are ${FINDING_IDS.join(', ')}`);
}
