// The formats' modules a printer needs for its output, loaded on first use: the JSON and YAML writers for -o json|yaml,
// the template languages for a template, --sort-by's jsonpath. A table needs none of them, and `list` printing its
// table no longer loads them (issue 26).
import type { PrinterFormats, PrinterSpec } from './printer-core.js';

export async function printerFormats(spec: Pick<PrinterSpec<unknown>, 'output' | 'template' | 'sortBy'>): Promise<PrinterFormats> {
  const format = spec.template ? undefined : spec.output?.format;
  const formats: PrinterFormats = {};
  if (format === 'json' || format === 'yaml') formats.structured = await import('./format.js');
  if (spec.template) formats.renderTemplate = (await import('./template-printer.js')).renderTemplate;
  if (spec.sortBy !== undefined) formats.sortObjects = (await import('./sort-by.js')).sortObjects;
  return formats;
}
