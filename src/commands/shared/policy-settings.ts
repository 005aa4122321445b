// The policy flags (--allow, --max-duration, --privileged-namespace) → the settings the checks run with.
import { UsageError } from '../../errors.js';
import type { PolicySettings } from '../../policy/assessment.js';
import { DEFAULT_MAX_DURATION_SECONDS } from '../../policy/policy-options.js';
import { DEFAULT_PRIVILEGED_NAMESPACES } from '../../policy/rbac/escalation-classes.js';
import { parseDuration } from '../../util/go-duration.js';

export interface PolicyFlags {
  allow?: string[];
  maxDuration?: string;
  privilegedNamespace?: string[];
}

export function policySettings(argv: PolicyFlags): PolicySettings {
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
