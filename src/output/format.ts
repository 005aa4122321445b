// src/output/: everything printed: tables, describe text, json/yaml, findings; a sibling of input/, never imports it.
// Machine-readable output: -o json and -o yaml print the same structure.
import yaml from 'js-yaml';

export type StructuredFormat = 'json' | 'yaml';

export function formatStructured(value: unknown, format: StructuredFormat): string {
  if (format === 'json') return JSON.stringify(value, null, 2) + '\n';
  return yaml.dump(value, { noRefs: true, lineWidth: -1, sortKeys: false });
}

/** One object prints as itself, several as a kubectl-style List. */
export function asListIfMany<T>(items: T[]): T | { kind: 'List'; items: T[] } {
  return items.length === 1 ? items[0]! : { kind: 'List', items };
}
