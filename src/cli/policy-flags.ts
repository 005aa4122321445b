// --allow, --max-duration and --privileged-namespace, declared once for approve, deny, request --approve and inspect;
// commands/shared/policy-settings.ts validates them.
import type { Argv } from 'yargs';
import { singleValue } from './single-value.js';
import { DEFAULT_PRIVILEGED_NAMESPACES } from '../policy/rbac/escalation-classes.js';

export function withPolicyFlags<T>(y: Argv<T>) {
  return y
    .option('allow', {
      type: 'string',
      array: true,
      requiresArg: true,
      default: [],
      describe: 'Approve despite this policy finding (its id, e.g. privileged-group); repeatable, comma-separated',
    })
    .option('max-duration', singleValue({ type: 'string', requiresArg: true, default: '365d', describe: 'Block requested durations longer than this' }))
    .option('privileged-namespace', {
      type: 'string',
      array: true,
      requiresArg: true,
      default: [],
      describe: `A namespace where RBAC grants count as cluster-wide ones, besides ${DEFAULT_PRIVILEGED_NAMESPACES.join(', ')}; repeatable`,
    })
    .group(['allow', 'max-duration', 'privileged-namespace'], 'Policy flags:');
}
