// How Go prints the values that client-go's jsonpath finds in unstructured JSON, so that our bytes are kubectl's:
// numbers without a fraction are int64 there (the unstructured decoder's rule), others float64 (%v: %g with the
// exponent from 1e+06); maps and slices print as json.Marshal writes them (keys sorted, <>& escaped) by -o jsonpath,
// and as fmt's %v (map[k:v], [a b]) by custom-columns.
import { compareBytes } from '../../util/compare-bytes.js';

/** A float64 from the template itself (`3.5`, `3.0`): Go compares it as a float, never with an int64 field. */
export class GoFloat {
  constructor(readonly value: number) {}
}

/** A JSON value, as JSON.parse gives it, or a float literal. */
export type Value = null | boolean | number | string | Value[] | { [key: string]: Value } | GoFloat;

export function isMap(v: Value): v is { [key: string]: Value } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof GoFloat);
}

/** fmt.Fprint of a scalar (jsonpath's evalToText). */
export function goText(v: Value): string {
  if (v === null) return '<nil>';
  if (v instanceof GoFloat) return goFloat(v.value);
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : goFloat(v);
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  return goV(v);
}

/** fmt's %v. */
export function goV(v: Value): string {
  if (Array.isArray(v)) return `[${v.map(goV).join(' ')}]`;
  if (isMap(v)) return `map[${sortedKeys(v).map((k) => `${k}:${goV(v[k]!)}`).join(' ')}]`;
  return goText(v);
}

/** %v of a float64: strconv 'g' with the shortest digits, exponent form below 1e-4 and from 1e+06. */
export function goFloat(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '+Inf' : '-Inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const [mantissa, exponent] = x.toExponential().split('e') as [string, string];
  const exp = Number(exponent);
  if (exp < -4 || exp >= 6) return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return String(x);
}

/** json.Marshal: map keys sorted, and <, >, &, U+2028 and U+2029 escaped as Go escapes them. */
export function goJson(v: Value): string {
  return marshal(v, '', '');
}

/** json.MarshalIndent(v, "", "    "). */
export function goJsonIndent(v: Value): string {
  return marshal(v, '    ', '\n');
}

/**
 * Written out by hand, not by JSON.stringify of a sorted copy: a JS object puts keys such as "10" and "9" in numeric
 * order whatever order they were added in, and Go's are in byte order ("10" before "9").
 */
function marshal(v: Value, indent: string, newline: string, depth = 0): string {
  if (v instanceof GoFloat) return JSON.stringify(v.value);
  if (v === null || typeof v !== 'object') return escapeHtml(JSON.stringify(v));
  const inner = newline + indent.repeat(depth + 1);
  const close = newline + indent.repeat(depth);
  const colon = indent ? ': ' : ':';
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[${v.map((x) => inner + marshal(x, indent, newline, depth + 1)).join(',')}${close}]`;
  }
  const keys = sortedKeys(v);
  if (keys.length === 0) return '{}';
  return `{${keys.map((k) => inner + escapeHtml(JSON.stringify(k)) + colon + marshal(v[k]!, indent, newline, depth + 1)).join(',')}${close}}`;
}

function escapeHtml(json: string): string {
  return json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Go sorts strings by bytes (UTF-8), which is code point order, not UTF-16 order. */
export function sortedKeys(m: { [key: string]: Value }): string[] {
  return Object.keys(m).sort(compareBytes);
}

/** The Go type that client-go names in "X is not array or slice". */
export function goTypeName(v: Value): string {
  if (v === null) return '<nil>';
  if (Array.isArray(v)) return '[]interface {}';
  if (v instanceof GoFloat) return 'float64';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'number':
      return Number.isInteger(v) ? 'int64' : 'float64';
    case 'boolean':
      return 'bool';
    default:
      return 'map[string]interface {}';
  }
}
