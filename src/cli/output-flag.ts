// -o/--output, declared once for every command that takes it: any of kubectl's FORMAT or FORMAT=ARGUMENT values the
// command supports, read once while the line is parsed (a bad value is a usage error before anything is sent); the
// command's options build the printer from it (commands/shared/output-options.ts). Completion offers the formats,
// with "=" after those that take an argument.
import type { Argv, Options } from 'yargs';
import { lastValue } from './single-value.js';
import { outputFormat } from '../commands/shared/output-options.js';
import { TEMPLATE_FORMATS, type OutputFormat } from '../output/output-format.js';

const TAKES_ARGUMENT = new Set<string>(TEMPLATE_FORMATS);

export function withOutputFlag<T>(y: Argv<T>, formats: readonly string[]) {
  const option = {
    alias: 'o',
    type: 'string',
    requiresArg: true,
    completions: formats.map((f) => (TAKES_ARGUMENT.has(f) ? `${f}=` : f)),
    coerce: (value: string | string[]): OutputFormat => outputFormat(lastValue(value), formats),
    describe: `Output format: ${formats.map((f) => (TAKES_ARGUMENT.has(f) ? `${f}=…` : f)).join(', ')}`,
  } as const satisfies Options & { completions: string[] };
  return y.option('output', option);
}
