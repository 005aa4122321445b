// kubectl get's -L and --show-labels (cli-runtime printers/tableprinter.go decorateTable, labelValues): a column per
// -L key, headed by the key's last path segment in upper case, holding the label's value or nothing; then LABELS,
// every label as k=v in key order, comma-separated, or <none>.
import { printable } from '../util/printable.js';
import { compareBytes } from '../util/compare-bytes.js';

export interface LabelColumns {
  showLabels: boolean;
  columns: string[];
}

export function labelHead(opts: LabelColumns): string[] {
  const head = opts.columns.map((key) => key.split('/').pop()!.toUpperCase());
  return opts.showLabels ? [...head, 'LABELS'] : head;
}

export function labelCells(labels: Record<string, string> | undefined, opts: LabelColumns): string[] {
  const all = labels ?? {};
  const cells = opts.columns.map((key) => all[key] ?? '');
  if (opts.showLabels) {
    // labels.FormatLabels sorts the k=v pairs, not the keys: "10=s" before "1=t"
    const pairs = Object.entries(all).map(([k, v]) => `${k}=${v}`).sort(compareBytes);
    cells.push(pairs.length ? pairs.join(',') : '<none>');
  }
  return cells.map(printable);
}
