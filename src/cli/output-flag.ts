// The -o/--output flag, declared once for the commands that take it.
import type { Argv } from 'yargs';
import { singleValue } from './single-value.js';

export function withOutputFlag<T, C extends string>(yargs: Argv<T>, choices: readonly C[]) {
  return yargs.option(
    'output',
    singleValue({
      alias: 'o',
      type: 'string',
      choices,
      describe: 'Output format',
    }),
  );
}
