// The -o/--output flag, declared once for the commands that take it.
import type { Argv } from 'yargs';

export function withOutputFlag<T>(yargs: Argv<T>, choices: readonly string[]) {
  return yargs.option('output', {
    alias: 'o',
    type: 'string',
    choices,
    describe: 'Output format',
  });
}
