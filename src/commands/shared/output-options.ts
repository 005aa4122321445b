// The output flags (-o, --no-headers, --sort-by) → the command's one printer, as kubectl's Complete calls ToPrinter:
// a template that does not parse, a template file that cannot be read or a --sort-by that is not a jsonpath is a usage
// error before the cluster is asked. -o itself is declared in output-flag.ts. What a format needs (the template
// languages, the JSON and YAML writers, --sort-by's jsonpath) is loaded for that format only: `list`'s table, the
// common case, needs none of it (issue 26).
import type { Io } from '../../io.js';
import { isTemplateFormat, type OutputFormat } from '../../output/output-format.js';
import { printerWith, type Printer, type PrinterSpec } from '../../output/printer-core.js';
import { printerFormats } from '../../output/printer-formats.js';

export { outputFlag, outputFormat } from './output-flag.js';

export interface OutputFlags {
  output?: OutputFormat;
  noHeaders?: boolean;
  sortBy?: string;
}

/** The printer for the output flags; reads jsonpath-file and custom-columns-file as kubectl does, with its words. */
export async function buildPrinter<T>(flags: OutputFlags, spec: Omit<PrinterSpec<T>, 'output' | 'template' | 'noHeaders' | 'sortBy' | 'io'>, io: Io): Promise<Printer<T>> {
  const template = isTemplateFormat(flags.output) ? await (await import('./read-template.js')).readTemplate(flags.output, flags.noHeaders ?? false, io) : undefined;
  if (flags.sortBy !== undefined) (await import('../../output/custom-columns.js')).checkedRelaxedJsonPath(flags.sortBy);
  const full = { ...spec, output: flags.output, template, noHeaders: flags.noHeaders, sortBy: flags.sortBy, io };
  return printerWith(full, await printerFormats(full));
}
