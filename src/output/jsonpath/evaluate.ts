// Runs a parsed template over JSON data as client-go's jsonpath.go does (FindResults, PrintResults): each action
// gives a list of values, printed space-separated; `{range}` repeats what follows up to its `{end}` for each value.
// Go visits map keys in random order for `*` and `..`; here they come sorted, so that output is stable.
import { JsonPathError } from './errors.js';
import { GoFloat, goJson, goJsonIndent, goText, goTypeName, goV, isMap, sortedKeys, type Value } from './go-values.js';
import { parseTemplate, type ListNode, type Node } from './parse.js';

export interface JsonPathOptions {
  /** kubectl's --allow-missing-template-keys (true by default): a missing field gives nothing instead of an error. */
  allowMissingKeys: boolean;
}

export class JsonPath {
  private constructor(
    private readonly root: ListNode,
    private readonly opts: JsonPathOptions,
  ) {}

  /** Throws JsonPathError with client-go's words when the template does not parse. */
  static parse(template: string, opts: JsonPathOptions = { allowMissingKeys: true }): JsonPath {
    return new JsonPath(parseTemplate(template), opts);
  }

  /** The values of each action, in order: what custom-columns and --sort-by read. */
  findResults(data: unknown): Value[][] {
    return findResults(this.root.nodes, data as Value, this.opts);
  }

  /** What `-o jsonpath-as-json` prints: each action's results as one JSON array, indented as json.MarshalIndent does. */
  executeAsJson(data: unknown): string {
    return this.findResults(data)
      .map((results) => goJsonIndent(results) + '\n')
      .join('');
  }

  /** What `-o jsonpath` prints. */
  execute(data: unknown): string {
    return this.findResults(data)
      .map((results) => results.map((v) => (typeof v === 'object' && v !== null && !(v instanceof GoFloat) ? goJson(v) : goText(v))).join(' '))
      .join('');
  }
}

function findResults(nodes: Node[], data: Value, opts: JsonPathOptions): Value[][] {
  const out: Value[][] = [];
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i]!;
    const keyword = identifier(node);
    if (keyword === 'end') throw new JsonPathError('not in range, nothing to end');
    const results = walk([data], node, opts);
    if (keyword !== 'range') {
      out.push(results);
      continue;
    }
    const end = matchingEnd(nodes, i);
    const body = nodes.slice(i + 1, end);
    for (const value of results) out.push(...findResults(body, value, opts));
    i = end;
  }
  return out;
}

/** `range` or `end` when the action starts with that keyword. */
function identifier(node: Node): string | undefined {
  const first = node.type === 'list' ? node.nodes[0] : undefined;
  return first?.type === 'identifier' && (first.name === 'range' || first.name === 'end') ? first.name : undefined;
}

/** The index of the `{end}` that closes the range at `start`; the end of the template when there is none. */
function matchingEnd(nodes: Node[], start: number): number {
  let depth = 0;
  for (let i = start + 1; i < nodes.length; i++) {
    const keyword = identifier(nodes[i]!);
    if (keyword === 'range') depth++;
    else if (keyword === 'end' && depth-- === 0) return i;
  }
  return nodes.length;
}

function walk(input: Value[], node: Node, opts: JsonPathOptions): Value[] {
  switch (node.type) {
    case 'list':
      return node.nodes.reduce((values, n) => walk(values, n, opts), input);
    case 'text':
      return [node.text];
    case 'field':
      return evalField(input, node.name, opts);
    case 'array':
      return evalArray(input, node.params);
    case 'filter':
      return evalFilter(input, node, opts);
    case 'int':
      return input.map(() => node.value);
    case 'float':
      return input.map(() => new GoFloat(node.value));
    case 'bool':
      return input.map(() => node.value);
    case 'wildcard':
      return input.flatMap(children);
    case 'recursive':
      return evalRecursive(input);
    case 'union':
      return node.nodes.flatMap((list) => walk(input, list, opts));
    case 'identifier':
      if (node.name === 'range' || node.name === 'end') return node.name === 'range' ? input : [];
      throw new JsonPathError(`unrecognized identifier ${node.name}`);
  }
}

function evalField(input: Value[], name: string, opts: JsonPathOptions): Value[] {
  const results: Value[] = [];
  if (input.length === 0) return results;
  for (const value of input) {
    if (isMap(value) && Object.hasOwn(value, name)) results.push(value[name]!);
  }
  if (results.length === 0 && !opts.allowMissingKeys) throw new JsonPathError(`${name} is not found`);
  return results;
}

function evalArray(input: Value[], params: Extract<Node, { type: 'array' }>['params']): Value[] {
  const result: Value[] = [];
  for (const value of input) {
    if (value === null) continue;
    if (!Array.isArray(value)) throw new JsonPathError(`${goTypeName(value)} is not array or slice`);
    const length = value.length;
    let from = params[0].known ? params[0].value : 0;
    if (from < 0) from += length;
    let to = params[1].known ? params[1].value : length;
    if (to < 0 || (to === 0 && params[1].derived)) to += length;
    // client-go stops at the first empty selection and returns what it has: kept, as kubectl prints that.
    if (to === from) return result;
    if (from >= length || from < 0) throw new JsonPathError(`array index out of bounds: index ${from}, length ${length}`);
    if (to > length || to < 0) throw new JsonPathError(`array index out of bounds: index ${to - 1}, length ${length}`);
    if (from > to) throw new JsonPathError(`starting index ${from} is greater than ending index ${to}`);
    let step = 1;
    if (params[2].known) {
      if (params[2].value <= 0) throw new JsonPathError('step must be > 0');
      step = params[2].value;
    }
    for (let i = from; i < to; i += step) result.push(value[i]!);
  }
  return result;
}

function evalFilter(input: Value[], node: Extract<Node, { type: 'filter' }>, opts: JsonPathOptions): Value[] {
  const results: Value[] = [];
  for (const value of input) {
    if (!Array.isArray(value)) throw new JsonPathError(`${goV(value)} is not array or slice and cannot be filtered`);
    for (const item of value) {
      let lefts: Value[];
      try {
        lefts = walk([item], node.left, opts);
      } catch (err) {
        if (node.operator === 'exists') continue;
        throw err;
      }
      if (node.operator === 'exists') {
        if (lefts.length > 0) results.push(item);
        continue;
      }
      if (lefts.length === 0) continue;
      if (lefts.length > 1) throw new JsonPathError('can only compare one element at a time');
      const rights = walk([item], node.right, opts);
      if (rights.length === 0) continue;
      if (rights.length > 1) throw new JsonPathError('can only compare one element at a time');
      if (compare(lefts[0]!, rights[0]!, node.operator)) results.push(item);
    }
  }
  return results;
}

function children(value: Value): Value[] {
  if (Array.isArray(value)) return value;
  if (isMap(value)) return sortedKeys(value).map((k) => value[k]!);
  if (typeof value === 'string') return [...Buffer.from(value)]; // Go indexes a string by its bytes
  return [];
}

function evalRecursive(input: Value[]): Value[] {
  const result: Value[] = [];
  for (const value of input) {
    const inner = children(value);
    if (inner.length === 0) continue;
    result.push(value, ...evalRecursive(inner));
  }
  return result;
}

type Kind = 'bool' | 'int' | 'float' | 'string';

/** text/template's basicKind, for what unstructured JSON holds. */
function kindOf(v: Value): Kind {
  if (v instanceof GoFloat) return 'float';
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'number':
      return Number.isInteger(v) ? 'int' : 'float';
    case 'string':
      return 'string';
    default:
      throw new JsonPathError('invalid type for comparison');
  }
}

function scalar(v: Value): boolean | number | string {
  return v instanceof GoFloat ? v.value : (v as boolean | number | string);
}

/** The comparisons of client-go's forked text/template funcs.go (eq, ne, lt, le, gt, ge). */
function compare(left: Value, right: Value, operator: string): boolean {
  const equal = () => {
    if (kindOf(left) !== kindOf(right)) throw new JsonPathError('incompatible types for comparison');
    return scalar(left) === scalar(right);
  };
  const less = () => {
    const k = kindOf(left);
    if (k !== kindOf(right)) throw new JsonPathError('incompatible types for comparison');
    if (k === 'bool') throw new JsonPathError('invalid type for comparison');
    const [a, b] = [scalar(left), scalar(right)];
    return k === 'string' ? Buffer.compare(Buffer.from(a as string), Buffer.from(b as string)) < 0 : a < b;
  };
  switch (operator) {
    case '==':
      return equal();
    case '!=':
      return !equal();
    case '<':
      return less();
    case '<=':
      return less() || equal();
    case '>':
      return !(less() || equal());
    case '>=':
      return !less();
    default:
      throw new JsonPathError(`unrecognized filter operator ${operator}`);
  }
}
