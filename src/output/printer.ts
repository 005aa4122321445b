// The printer with every format at hand, for the commands that make theirs synchronously (request, renew, version):
// printer-core.ts is the printer, printer-formats.ts loads only what an output needs (`list`'s table: none).
import { formatStructured, kubectlList } from './format.js';
import { printerWith, type Printer, type PrinterSpec } from './printer-core.js';
import { renderTemplate } from './template-printer.js';
import { sortObjects } from './sort-by.js';

export type { Collector, Keeps, Printer, PrinterFormats, PrinterSpec, View } from './printer-core.js';

export function makePrinter<T>(spec: PrinterSpec<T>): Printer<T> {
  return printerWith(spec, { structured: { formatStructured, kubectlList }, renderTemplate, sortObjects });
}
