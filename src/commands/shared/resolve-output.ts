// An -o value → its printer, for the commands that print kubectl's templates too (list; approve, deny and inspect
// NAME). Part of building a command's options (kubectl's Complete: ToPrinter), so that a template that does not parse,
// or a file that cannot be read, is a usage error before the cluster is asked. cli/template-output.ts declares the flag.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UsageError } from '../../errors.js';
import type { Io } from '../../io.js';
import { OutputFormatError, parseOutputFormat, type OutputFormat } from '../../output/output-format.js';
import { templatePrinter, type TemplatePrinter } from '../../output/template-printer.js';

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
