// -o for the commands that print kubectl's templates too (list; approve, deny and inspect NAME): any of kubectl's
// FORMAT or FORMAT=ARGUMENT values the command supports, checked while the line is parsed, so that a bad value is a
// usage error before anything is sent (commands/shared/resolve-output.ts makes the printer). Completion offers the
// formats, with "=" after those that take an argument.
import type { Argv, Options } from 'yargs';
import { lastValue } from './single-value.js';
import { outputFormat } from '../commands/shared/resolve-output.js';

const TAKES_ARGUMENT = new Set(['jsonpath', 'jsonpath-file', 'custom-columns', 'custom-columns-file']);

export function withFormatFlag<T>(y: Argv<T>, formats: readonly string[]) {
  const option: Options & { completions: string[] } = {
    alias: 'o',
    type: 'string',
    requiresArg: true,
    completions: formats.map((f) => (TAKES_ARGUMENT.has(f) ? `${f}=` : f)),
    coerce: (value: string | string[]) => {
      const format = lastValue(value);
      outputFormat(format, formats);
      return format;
    },
    describe: `Output format: ${formats.map((f) => (TAKES_ARGUMENT.has(f) ? `${f}=…` : f)).join(', ')}`,
  };
  return y.option('output', option as Options & { type: 'string' });
}
