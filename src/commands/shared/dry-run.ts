// One --dry-run[=none|client|server] for every command that changes something (issue 23), as kubectl's
// (k8s.io/kubectl/pkg/cmd/util AddDryRunFlag, GetDryRunStrategy): client sends and writes nothing, server sends the
// change with dryRun=All (validated, admitted, stored nowhere). A bare --dry-run is kubectl's deprecated spelling of
// client: it takes no value, so `--dry-run jane` leaves jane a name, and it warns with kubectl's words.
import { UsageError, warningLine } from '../../errors.js';
import type { Io } from '../../io.js';
import { singleValue } from './flags.js';

export type DryRun = 'none' | 'client' | 'server';

/** What a bare --dry-run becomes before parsing: pflag's NoOptDefVal of the flag. */
const BARE = 'unchanged';

export const DRY_RUN_FLAG = {
  'dry-run': singleValue({
    type: 'string',
    default: 'none',
    describe: 'Must be "none", "server", or "client". If client strategy, only print the object that would be sent, without sending it. If server strategy, submit server-side request without persisting the resource.',
  }),
} as const;

/** argv with a bare --dry-run spelled --dry-run=unchanged, so that the word after it stays what it is. */
export function bareDryRun(argv: string[]): string[] {
  const end = argv.indexOf('--');
  return argv.map((word, i) => (word === '--dry-run' && (end < 0 || i < end) ? `--dry-run=${BARE}` : word));
}

/** The strategy, with kubectl's warning for a bare --dry-run and its words for a value it does not know. */
export function dryRunFlag(value: string, io: Io): DryRun {
  if (value === BARE) {
    io.stderr.write(warningLine('--dry-run is deprecated and can be replaced with --dry-run=client.'));
    return 'client';
  }
  if (value === 'none' || value === 'client' || value === 'server') return value;
  throw new UsageError(`Invalid dry-run value (${value}). Must be "none", "server", or "client".`);
}
