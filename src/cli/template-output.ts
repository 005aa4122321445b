// -o for the commands that print kubectl's templates too (list; approve, deny and inspect NAME): any of kubectl's
// FORMAT or FORMAT=ARGUMENT values the command supports, checked while the line is parsed, so that a bad value is a
// usage error before anything is sent. Completion offers the formats, with "=" after those that take an argument.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Argv, Options } from 'yargs';
import { UsageError } from '../errors.js';
import type { Io } from '../io.js';
import { OutputFormatError, parseOutputFormat, type OutputFormat } from '../output/output-format.js';
import { templatePrinter, type TemplatePrinter } from '../output/template-printer.js';

const TAKES_ARGUMENT = new Set(['jsonpath', 'jsonpath-file', 'custom-columns', 'custom-columns-file']);

export function withFormatFlag<T>(y: Argv<T>, formats: readonly string[]) {
  const option: Options & { completions: string[] } = {
    alias: 'o',
    type: 'string',
    requiresArg: true,
    completions: formats.map((f) => (TAKES_ARGUMENT.has(f) ? `${f}=` : f)),
    coerce: (value: string | string[]) => {
      const last = ([] as string[]).concat(value).at(-1)!;
      outputFormat(last, formats);
      return last;
    },
    describe: `Output format: ${formats.map((f) => (TAKES_ARGUMENT.has(f) ? `${f}=…` : f)).join(', ')}`,
  };
  return y.option('output', option as Options & { type: 'string' });
}

export function outputFormat(value: string, formats: readonly string[]): OutputFormat {
  try {
    return parseOutputFormat(value, formats);
  } catch (err) {
    if (err instanceof OutputFormatError) throw new UsageError(err.message);
    throw err;
  }
}

export type ResolvedOutput<P extends string> = { plain?: P; template?: TemplatePrinter };

/** The printer for an -o value; reads jsonpath-file and custom-columns-file as kubectl does, with its words. */
export async function resolveOutput<P extends string>(
  value: string | undefined,
  formats: readonly string[],
  noHeaders: boolean,
  io: Io,
): Promise<ResolvedOutput<P>> {
  if (value === undefined) return {};
  const output = outputFormat(value, formats);
  if (!('argument' in output)) return { plain: output.format as P };
  let text = output.argument;
  if (output.format.endsWith('-file')) {
    try {
      text = await readFile(resolve(io.cwd, output.argument), 'utf8');
    } catch (err) {
      const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (err as Error).message;
      const flag = output.format === 'jsonpath-file' ? '--template' : 'template';
      throw new UsageError(`error reading ${flag} ${output.argument}, open ${output.argument}: ${reason}`);
    }
  }
  return { template: templatePrinter(output, text, noHeaders) };
}
