// -o/--output, declared once for every verb that takes it. Apart from output-options.ts, which builds the printer
// and loads the template languages and the YAML writer: a verb's declaration is read at every start (list's before
// its first request is sent, issue 26), its printer only once the verb runs.
import { UsageError } from '../../errors.js';
import { formatWord, OutputFormatError, parseOutputFormat, type OutputFormat } from '../../output/output-format.js';
import { lastValue } from './flags.js';

/**
 * -o/--output with the formats a verb supports: any of kubectl's FORMAT or FORMAT=ARGUMENT values, read once while the
 * line is parsed (a bad value is a usage error before anything is sent). Completion offers the formats, with "=" after
 * those that take an argument.
 */
export function outputFlag(formats: readonly string[]) {
  return {
    output: {
      alias: 'o',
      type: 'string',
      requiresArg: true,
      completions: formats.map((f) => formatWord(f, '=')),
      coerce: (value: string | string[]): OutputFormat => outputFormat(lastValue(value), formats),
      describe: `Output format: ${formats.map((f) => formatWord(f, '=…')).join(', ')}`,
    },
  } as const;
}

/** An -o value, read once while the command line is parsed; kubectl's words for one this command cannot print. */
export function outputFormat(value: string, formats: readonly string[]): OutputFormat {
  try {
    return parseOutputFormat(value, formats);
  } catch (err) {
    if (err instanceof OutputFormatError) throw new UsageError(err.message);
    throw err;
  }
}
