// Machine-readable output: -o json and -o yaml print the same structure.
import yaml from 'js-yaml';
import { goJsonIndent, type Value } from './jsonpath/go-values.js';
import { kubectlYaml } from './kubectl-yaml.js';

export type StructuredFormat = 'json' | 'yaml';

/**
 * `kubectl`: API objects as kubectl's JSONPrinter and YAMLPrinter print them (keys sorted, four-space JSON with <, >
 * and & escaped, sigs.k8s.io/yaml's YAML); otherwise the plugin's own views (inspect, version) as they always printed.
 */
export function formatStructured(value: unknown, format: StructuredFormat, kubectl = false): string {
  if (kubectl) return format === 'json' ? goJsonIndent(value as Value) + '\n' : kubectlYaml(value);
  if (format === 'json') return JSON.stringify(value, null, 2) + '\n';
  return yaml.dump(value, { noRefs: true, lineWidth: -1, sortKeys: false });
}

/**
 * The one List builder: kubectl get's List of API objects (get.go printGeneric: apiVersion v1, metadata with an empty
 * resourceVersion), or, for inspect's views, which are not API objects, only `kind` and `items` (docs/list-and-inspect.md "inspect").
 */
export function kubectlList(items: unknown[], shape: 'objects' | 'views' = 'objects'): object {
  if (shape === 'views') return { kind: 'List', items };
  // Key order as -o json|yaml has always printed it (templates sort keys, as Go does, so it matters to them not at all).
  return { apiVersion: 'v1', kind: 'List', items, metadata: { resourceVersion: '' } };
}
