// The output flags (-o, --no-headers, --sort-by) → the command's one printer, as kubectl's Complete calls ToPrinter:
// a template that does not parse, a template file that cannot be read or a --sort-by that is not a jsonpath is a usage
// error before the cluster is asked. -o itself is declared in output-flag.ts.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UsageError } from '../../errors.js';
import type { Io } from '../../io.js';
import type { OutputFormat } from '../../output/output-format.js';
import { isTemplateFormat, templateFile, templatePrinter, type TemplateFormat, type TemplatePrinter } from '../../output/template-printer.js';
import { checkedRelaxedJsonPath } from '../../output/custom-columns.js';
import { makePrinter, type Printer, type PrinterSpec } from '../../output/printer.js';

export { outputFlag, outputFormat } from './output-flag.js';

export interface OutputFlags {
  output?: OutputFormat;
  noHeaders?: boolean;
  sortBy?: string;
}

/** The printer for the output flags; reads jsonpath-file and custom-columns-file as kubectl does, with its words. */
export async function buildPrinter<T>(flags: OutputFlags, spec: Omit<PrinterSpec<T>, 'output' | 'template' | 'noHeaders' | 'sortBy' | 'io'>, io: Io): Promise<Printer<T>> {
  const template = isTemplateFormat(flags.output) ? await readTemplate(flags.output, flags.noHeaders ?? false, io) : undefined;
  if (flags.sortBy !== undefined) checkedRelaxedJsonPath(flags.sortBy);
  return makePrinter({ ...spec, output: flags.output, template, noHeaders: flags.noHeaders, sortBy: flags.sortBy, io });
}

async function readTemplate(output: TemplateFormat, noHeaders: boolean, io: Io): Promise<TemplatePrinter> {
  const file = templateFile(output);
  let text = output.argument;
  if (file) {
    try {
      text = await readFile(resolve(io.cwd, file.path), 'utf8');
    } catch (err) {
      const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (err as Error).message;
      throw new UsageError(`error reading ${file.flag} ${file.path}, open ${file.path}: ${reason}`);
    }
  }
  return templatePrinter(output, text, noHeaders);
}
