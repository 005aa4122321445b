// The functions a kubectl go-template can call: text/template's builtins (src/text/template/funcs.go) and the two
// kubectl adds (cli-runtime printers/template.go: exists, base64decode), with Go's argument checks and error words.
import type { Arg, Command } from './nodes.js';
import { formatV, sprint, sprintf, sprintln } from './fmt.js';
import { byteLength, GoNumber, isMap, kindOf, numberOf, truth, typeName, type GoValue, type Kind } from './values.js';

/** How a parameter takes its argument: a reflect.Value (anything, missing included), an interface{}, a string. */
export type ParamKind = 'value' | 'any' | 'string';

export interface Evaluator {
  arg(dot: unknown, kind: ParamKind, n: Arg): GoValue;
  validateType(value: GoValue, kind: ParamKind): GoValue;
  atCall(node: Arg | Command): void;
  errorf(message: string): never;
}

export interface Call {
  dot: unknown;
  name: string;
  /** The command (or the identifier, as an argument) that errors name. */
  node: Arg | Command;
  args: Arg[];
  final: { missing: true } | { missing: false; value: GoValue };
}

interface Signature {
  fixed: ParamKind[];
  variadic?: ParamKind;
  fn: (args: GoValue[]) => GoValue;
}

class CallError extends Error {}
const fail = (message: string): never => {
  throw new CallError(message);
};

const SIGNATURES: Record<string, Signature> = {
  not: { fixed: ['value'], fn: ([a]) => !truth(a) },
  len: { fixed: ['value'], fn: ([a]) => new GoNumber(length(a), 'int') },
  index: { fixed: ['value'], variadic: 'value', fn: ([item, ...indexes]) => index(item, indexes) },
  slice: { fixed: ['value'], variadic: 'value', fn: ([item, ...indexes]) => slice(item, indexes) },
  print: { fixed: [], variadic: 'any', fn: (args) => sprint(args) },
  println: { fixed: [], variadic: 'any', fn: (args) => sprintln(args) },
  printf: { fixed: ['string'], variadic: 'any', fn: ([format, ...args]) => sprintf(format as string, args) },
  html: { fixed: [], variadic: 'any', fn: (args) => htmlEscape(evalArgs(args)) },
  js: { fixed: [], variadic: 'any', fn: (args) => jsEscape(evalArgs(args)) },
  urlquery: { fixed: [], variadic: 'any', fn: (args) => encodeURIComponent(evalArgs(args)).replace(/%20/g, '+').replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`) },
  eq: { fixed: ['value'], variadic: 'value', fn: ([a, ...b]) => eq(a, b) },
  ne: { fixed: ['value', 'value'], fn: ([a, b]) => !eq(a, [b]) },
  lt: { fixed: ['value', 'value'], fn: ([a, b]) => lt(a, b) },
  le: { fixed: ['value', 'value'], fn: ([a, b]) => lt(a, b) || eq(a, [b]) },
  gt: { fixed: ['value', 'value'], fn: ([a, b]) => !(lt(a, b) || eq(a, [b])) },
  ge: { fixed: ['value', 'value'], fn: ([a, b]) => !lt(a, b) },
  call: { fixed: ['value'], variadic: 'value', fn: ([f]) => fail(`non-function of type ${typeName(f)}`) },
  exists: { fixed: ['any'], variadic: 'any', fn: ([item, ...indexes]) => exists(item, indexes) },
  base64decode: { fixed: ['string'], fn: ([s]) => base64decode(s as string) },
  and: { fixed: ['value'], variadic: 'value', fn: () => undefined },
  or: { fixed: ['value'], variadic: 'value', fn: () => undefined },
};

/** Go's evalCall for a builtin: the argument count, and/or evaluated lazily, each argument checked, the call. */
export function callFunction(ev: Evaluator, call: Call): GoValue {
  const { name, args, final } = call;
  const sig = SIGNATURES[name]!;
  const count = args.length + (final.missing ? 0 : 1);
  if (sig.variadic) {
    if (count < sig.fixed.length) ev.errorf(`wrong number of args for ${name}: want at least ${sig.fixed.length} got ${args.length}`);
  } else if (count !== sig.fixed.length) {
    ev.errorf(`wrong number of args for ${name}: want ${sig.fixed.length} got ${count}`);
  }
  if (name === 'and' || name === 'or') {
    let v: GoValue;
    for (const a of args) {
      v = ev.arg(call.dot, 'value', a);
      if (truth(v) === (name === 'or')) return v;
    }
    if (!final.missing) v = final.value;
    return v;
  }
  const kinds = args.map((_, i) => sig.fixed[i] ?? sig.variadic!);
  const values = args.map((a, i) => ev.arg(call.dot, kinds[i]!, a));
  if (!final.missing) values.push(ev.validateType(final.value, sig.fixed[args.length] ?? sig.variadic!));
  try {
    return sig.fn(values);
  } catch (err) {
    if (!(err instanceof CallError)) throw err;
    ev.atCall(call.node);
    return ev.errorf(`error calling ${name}: ${err.message}`);
  }
}

/** indirectInterface: a nil interface{} is nothing. */
const unwrap = (v: GoValue): GoValue => (v === null ? undefined : v);

function length(v: GoValue): number {
  if (v === null) return fail('len of nil pointer');
  if (v === undefined) return fail('reflect: call of reflect.Value.Type on zero Value');
  if (typeof v === 'string') return byteLength(v);
  if (Array.isArray(v)) return v.length;
  if (isMap(v)) return Object.keys(v).length;
  return fail(`len of type ${typeName(v)}`);
}

function indexArg(index: GoValue, cap: number): number {
  const kind = kindOf(index);
  if (kind === 'invalid') fail('cannot index slice/array with nil');
  if (kind !== 'int' && kind !== 'uint') fail(`cannot index slice/array with type ${typeName(index)}`);
  const x = numberOf(index);
  if (x < 0 || x > cap) fail(`index out of range: ${x}`);
  return x;
}

function index(item: GoValue, indexes: GoValue[]): GoValue {
  let v = unwrap(item);
  if (v === undefined) return fail('index of untyped nil');
  for (const raw of indexes) {
    const i = unwrap(raw);
    if (v === null) return fail('index of nil pointer');
    if (typeof v === 'string') {
      const bytes: Buffer = Buffer.from(v, 'utf8');
      const x = indexArg(i, bytes.length);
      if (x === bytes.length) fail('reflect: string index out of range');
      v = new GoNumber(bytes[x]!, 'uint8');
    } else if (Array.isArray(v)) {
      const x = indexArg(i, v.length);
      if (x === v.length) fail('reflect: slice index out of range');
      v = v[x];
    } else if (isMap(v)) {
      if (i === undefined) fail('value is nil; should be of type string');
      if (typeof i !== 'string') return fail(`value has type ${typeName(i)}; should be string`);
      v = Object.prototype.hasOwnProperty.call(v, i) ? v[i] : null;
    } else {
      fail(`can't index item of type ${typeName(v)}`);
    }
  }
  return v;
}

function slice(item: GoValue, indexes: GoValue[]): GoValue {
  const v = unwrap(item);
  if (v === undefined) return fail('slice of untyped nil');
  if (indexes.length > 3) fail(`too many slice indexes: ${indexes.length}`);
  if (typeof v !== 'string' && !Array.isArray(v)) return fail(`can't slice item of type ${typeName(v)}`);
  if (typeof v === 'string' && indexes.length === 3) fail('cannot 3-index slice a string');
  const len = typeof v === 'string' ? byteLength(v) : v.length;
  const idx = [0, len, len];
  indexes.forEach((x, i) => (idx[i] = indexArg(unwrap(x), len)));
  if (idx[0]! > idx[1]!) fail(`invalid slice index: ${idx[0]} > ${idx[1]}`);
  if (indexes.length === 3 && idx[1]! > idx[2]!) fail(`invalid slice index: ${idx[1]} > ${idx[2]}`);
  if (typeof v === 'string') return Buffer.from(v, 'utf8').subarray(idx[0], idx[1]).toString('utf8');
  return v.slice(idx[0], idx[1]);
}

function basicKind(v: GoValue): Kind | 'bad' {
  const kind = kindOf(v);
  return kind === 'invalid' || kind === 'nil' || kind === 'map' || kind === 'slice' ? 'bad' : kind;
}

function eq(a: GoValue, others: GoValue[]): boolean {
  const x = unwrap(a);
  if (others.length === 0) fail('missing argument for comparison');
  const k1 = basicKind(x);
  for (const raw of others) {
    const y = unwrap(raw);
    const k2 = basicKind(y);
    let equal = false;
    if (k1 !== k2) {
      if ((k1 === 'int' && k2 === 'uint') || (k1 === 'uint' && k2 === 'int')) equal = numberOf(x) === numberOf(y);
      else if (x !== undefined && y !== undefined) fail(`incompatible types for comparison: ${typeName(x)} and ${typeName(y)}`);
    } else if (k1 !== 'bad') {
      equal = (k1 === 'string' || k1 === 'bool' ? x : numberOf(x)) === (k1 === 'string' || k1 === 'bool' ? y : numberOf(y));
    } else if (x === undefined || y === undefined) {
      equal = x === y;
    } else if (kindOf(x) !== kindOf(y)) {
      fail(`non-comparable types ${formatV(x)}: ${typeName(x)}, ${typeName(y)}: ${formatV(y)}`);
    } else {
      fail(`non-comparable type ${formatV(y)}: ${typeName(y)}`);
    }
    if (equal) return true;
  }
  return false;
}

function lt(a: GoValue, b: GoValue): boolean {
  const x = unwrap(a);
  const y = unwrap(b);
  const k1 = basicKind(x);
  const k2 = basicKind(y);
  if (k1 === 'bad' || k2 === 'bad') fail('invalid type for comparison');
  if (k1 !== k2) {
    if ((k1 === 'int' && k2 === 'uint') || (k1 === 'uint' && k2 === 'int')) return numberOf(x) < numberOf(y);
    fail(`incompatible types for comparison: ${typeName(x)} and ${typeName(y)}`);
  }
  if (k1 === 'bool') fail('invalid type for comparison');
  if (k1 === 'string') return Buffer.compare(Buffer.from(x as string), Buffer.from(y as string)) < 0;
  return numberOf(x) < numberOf(y);
}

/** kubectl's exists: whether index would find something that is not nil. */
function exists(item: GoValue, indexes: GoValue[]): boolean {
  let v: GoValue = item;
  for (const i of indexes) {
    if (v === null || v === undefined) return false;
    if (typeof v === 'string' || Array.isArray(v)) {
      const kind = kindOf(i);
      if (kind !== 'int' && kind !== 'uint') return false;
      const x = numberOf(i);
      const len = typeof v === 'string' ? byteLength(v) : v.length;
      if (x < 0 || x >= len) return false;
      v = typeof v === 'string' ? new GoNumber(Buffer.from(v)[x]!, 'uint8') : v[x];
    } else if (isMap(v)) {
      if (typeof i !== 'string') return false;
      v = Object.prototype.hasOwnProperty.call(v, i) ? v[i] : null;
    } else {
      return false;
    }
  }
  return v !== null && v !== undefined;
}

const BASE64 = /[A-Za-z0-9+/]/;

/** encoding/base64.StdEncoding.DecodeString: padding required, \r and \n skipped, Go's error offsets. */
function base64decode(s: string): string {
  let quantum = 0;
  let start = 0;
  let padding = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\r' || c === '\n') continue;
    if (quantum === 0) start = i;
    if (padding && c !== '=') fail(`base64 decode failed: illegal base64 data at input byte ${i}`);
    if (c === '=') {
      if (quantum < 2) fail(`base64 decode failed: illegal base64 data at input byte ${i}`);
      padding = true;
    } else if (!BASE64.test(c)) {
      fail(`base64 decode failed: illegal base64 data at input byte ${i}`);
    }
    quantum = (quantum + 1) % 4;
  }
  if (quantum !== 0) fail(`base64 decode failed: illegal base64 data at input byte ${start}`);
  return Buffer.from(s.replace(/[\r\n]/g, ''), 'base64').toString('utf8');
}

/** The text html, js and urlquery escape: the one string argument, or fmt.Sprint of them all. */
function evalArgs(args: GoValue[]): string {
  if (args.length === 1 && typeof args[0] === 'string') return args[0];
  return sprint(args);
}

function htmlEscape(s: string): string {
  return s.replace(/[\0"'&<>]/g, (c) => ({ '\0': '\uFFFD', '"': '&#34;', "'": '&#39;', '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);
}

function jsEscape(s: string): string {
  return s.replace(/[\\'"<>&=\u0000-\u001f]/g, (c) => {
    if (c === '\\' || c === "'" || c === '"') return `\\${c}`;
    return `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  });
}
