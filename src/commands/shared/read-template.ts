// -o's template parsed, and for the -file formats read first, as kubectl's Complete does: a template that does not
// parse or a file that cannot be read is a usage error before the cluster is asked. Loaded only for a template
// (output-options.ts), with the template languages it brings.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UsageError } from '../../errors.js';
import type { Io } from '../../io.js';
import type { TemplateFormat } from '../../output/output-format.js';
import { templateFile, templatePrinter, type TemplatePrinter } from '../../output/template-printer.js';

export async function readTemplate(output: TemplateFormat, noHeaders: boolean, io: Io): Promise<TemplatePrinter> {
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
