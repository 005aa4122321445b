// kubectl's --sort-by (kubectl/pkg/cmd/get/sorter.go, v0.36): a relaxed jsonpath, the first value of each object
// compared with isLess (strings byte by byte, or as quantities when both are; numbers of the same kind), objects
// without the field first. kubectl sorts with Go's sort.Sort, which is not stable; go-sort.ts is that algorithm step
// for step, so that equal keys (and objects without the field, which kubectl's Less calls smaller than each other)
// come out in kubectl's order.
import { JsonPathError } from './jsonpath/errors.js';
import { JsonPath } from './jsonpath/evaluate.js';
import { goTypeName, GoFloat, type Value } from './jsonpath/go-values.js';
import { compareBytes } from '../util/compare-bytes.js';
import { relaxedJsonPath } from './custom-columns.js';
import { goSort } from './go-sort.js';

export function sortObjects<T>(objects: T[], sortBy: string): T[] {
  if (objects.length === 0) return objects;
  const field = relaxedJsonPath(sortBy);
  const parser = JsonPath.parse(field, { allowMissingKeys: true });
  const keys = objects.map((o) => {
    const results = parser.findResults(o);
    return results.length > 0 && results[0]!.length > 0 ? { value: results[0]![0]! } : undefined;
  });
  if (keys.every((k) => k === undefined)) throw new JsonPathError(`couldn't find any field with path "${field}" in the list of objects`);
  const less = (i: { value: Value } | undefined, j: { value: Value } | undefined): boolean => {
    if (i === undefined) return true;
    if (j === undefined) return false;
    return isLess(i.value, j.value, field);
  };
  const order = objects.map((_, i) => i);
  goSort(order.length, {
    less: (i, j) => less(keys[order[i]!], keys[order[j]!]),
    swap: (i, j) => ([order[i], order[j]] = [order[j]!, order[i]!]),
  });
  return order.map((i) => objects[i]!);
}

/** sorter.go isLess, for the values of unstructured objects. */
function isLess(i: Value, j: Value, field: string): boolean {
  if (i === null || j === null) return i === null && j !== null;
  const a = i instanceof GoFloat ? i.value : i;
  const b = j instanceof GoFloat ? j.value : j;
  if (typeof a === 'string' && typeof b === 'string') {
    const qa = quantity(a);
    const qb = quantity(b);
    return qa !== undefined && qb !== undefined ? qa < qb : compareBytes(a, b) < 0;
  }
  if (typeof a === 'number' && typeof b === 'number' && Number.isInteger(a) === Number.isInteger(b)) return a < b;
  throw new JsonPathError(`Field ${field} is an unsortable type: ${goTypeName(i)}`);
}

const SUFFIX: Record<string, number> = {
  '': 1, n: 1e-9, u: 1e-6, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** The value of a resource.Quantity string (`100m`, `1Gi`, `5e3`), or undefined when it is not one. */
function quantity(s: string): number | undefined {
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([numkMGTPE]|[KMGTPE]i)|[eE]([+-]?\d+))?$/.exec(s);
  if (!m) return undefined;
  const n = Number(m[1]);
  return m[3] !== undefined ? n * 10 ** Number(m[3]) : n * SUFFIX[m[2] ?? '']!;
}
