// Go's fmt for the values a template prints: %v as fmt prints interface{} values (map[k:v] with sorted keys, [a b],
// <nil>, a float64 as %g with the shortest digits, 1e+06 from a million on), and Sprint, Sprintln
// and Sprintf with the verbs and flags kubectl users write (%s %v %d %q %f %e %g %x %X %t %c %T %%, width,
// precision, -, 0, +, space), bad verbs as %!d(string=x), missing and extra arguments as Go marks them.
import { goFloat } from '../jsonpath/go-values.js';
import { goQuote } from './items.js';
import { isMap, kindOf, numberOf, sortedKeys, typeName, type GoValue } from './values.js';

/** fmt.Sprint(v): what an action prints. */
export function formatV(v: GoValue): string {
  if (v === undefined || v === null) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(formatV).join(' ')}]`;
  if (isMap(v)) return `map[${sortedKeys(v).map((k) => `${k}:${formatV(v[k])}`).join(' ')}]`;
  const kind = kindOf(v);
  if (kind === 'float') return goFloat(numberOf(v));
  if (kind === 'int' || kind === 'uint') return String(numberOf(v));
  return typeof v === 'boolean' ? String(v) : (v as string);
}

/** fmt.Sprint: a space between operands when neither is a string. */
export function sprint(args: GoValue[]): string {
  let out = '';
  args.forEach((a, i) => {
    if (i > 0 && typeof a !== 'string' && typeof args[i - 1] !== 'string') out += ' ';
    out += formatV(a);
  });
  return out;
}

export function sprintln(args: GoValue[]): string {
  return args.map(formatV).join(' ') + '\n';
}

interface Spec {
  minus: boolean;
  plus: boolean;
  zero: boolean;
  space: boolean;
  sharp: boolean;
  width?: number;
  precision?: number;
}

export function sprintf(format: string, args: GoValue[]): string {
  let out = '';
  let argAt = 0;
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!;
    if (c !== '%') {
      out += c;
      continue;
    }
    const spec: Spec = { minus: false, plus: false, zero: false, space: false, sharp: false };
    i++;
    for (; i < format.length && '-+0 #'.includes(format[i]!); i++) {
      const f = format[i]!;
      if (f === '-') spec.minus = true;
      else if (f === '+') spec.plus = true;
      else if (f === '0') spec.zero = true;
      else if (f === ' ') spec.space = true;
      else spec.sharp = true;
    }
    const width = /^\d+/.exec(format.slice(i));
    if (width) {
      spec.width = Number(width[0]);
      i += width[0].length;
    }
    if (format[i] === '.') {
      const precision = /^\d*/.exec(format.slice(i + 1))![0];
      spec.precision = Number(precision || '0');
      i += 1 + precision.length;
    }
    if (i >= format.length) {
      out += '%!(NOVERB)';
      break;
    }
    const verb = String.fromCodePoint(format.codePointAt(i)!);
    i += verb.length - 1;
    if (verb === '%') {
      out += '%';
      continue;
    }
    if (argAt >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    out += pad(formatArg(args[argAt++], verb, spec), spec);
  }
  if (argAt < args.length) {
    out += `%!(EXTRA ${args.slice(argAt).map((a) => (a === null || a === undefined ? '<nil>' : `${typeName(a)}=${formatV(a)}`)).join(', ')})`;
  }
  return out;
}

function pad(s: string, spec: Spec): string {
  const width = spec.width ?? 0;
  const length = [...s].length;
  if (length >= width) return s;
  if (spec.minus) return s + ' '.repeat(width - length);
  if (spec.zero && /^[+-]?[\d.]/.test(s)) {
    const sign = /^[+-]/.test(s) ? s[0]! : '';
    return sign + '0'.repeat(width - length) + s.slice(sign.length);
  }
  return ' '.repeat(width - length) + s;
}

function bad(verb: string, v: GoValue): string {
  return v === null || v === undefined ? `%!${verb}(<nil>)` : `%!${verb}(${typeName(v)}=${formatV(v)})`;
}

function formatArg(v: GoValue, verb: string, spec: Spec): string {
  if (verb === 'T') return v === null || v === undefined ? '<nil>' : typeName(v);
  if (v === null || v === undefined) return verb === 'v' ? '<nil>' : bad(verb, v);
  if (Array.isArray(v)) return `[${v.map((e) => formatArg(e, verb, { ...spec, width: undefined })).join(' ')}]`;
  if (isMap(v)) return `map[${sortedKeys(v).map((k) => `${formatArg(k, verb, spec)}:${formatArg(v[k], verb, { ...spec, width: undefined })}`).join(' ')}]`;
  const kind = kindOf(v);
  switch (kind) {
    case 'string':
      return formatString(v as string, verb, spec) ?? bad(verb, v);
    case 'bool':
      return verb === 'v' || verb === 't' ? (v ? 'true' : 'false') : bad(verb, v);
    case 'int':
    case 'uint':
      return formatInt(numberOf(v), verb, spec) ?? bad(verb, v);
    case 'float':
      return formatFloat(numberOf(v), verb, spec) ?? bad(verb, v);
  }
  return bad(verb, v);
}

function formatString(s: string, verb: string, spec: Spec): string | undefined {
  const cut = spec.precision !== undefined ? [...s].slice(0, spec.precision).join('') : s;
  switch (verb) {
    case 'v':
    case 's':
      return cut;
    case 'q':
      return goQuote(cut);
    case 'x':
    case 'X': {
      const hex = Buffer.from(cut, 'utf8').toString('hex');
      return verb === 'X' ? hex.toUpperCase() : hex;
    }
  }
  return undefined;
}

function sign(n: number, spec: Spec): string {
  return n < 0 || Object.is(n, -0) ? '-' : spec.plus ? '+' : spec.space ? ' ' : '';
}

function formatInt(n: number, verb: string, spec: Spec): string | undefined {
  const abs = Math.abs(n);
  switch (verb) {
    case 'v':
    case 'd':
      return sign(n, spec) + String(abs);
    case 'x':
      return sign(n, spec) + (spec.sharp ? '0x' : '') + abs.toString(16);
    case 'X':
      return sign(n, spec) + (spec.sharp ? '0X' : '') + abs.toString(16).toUpperCase();
    case 'o':
      return sign(n, spec) + abs.toString(8);
    case 'b':
      return sign(n, spec) + abs.toString(2);
    case 'c':
      return String.fromCodePoint(n);
    case 'q':
      return `'${String.fromCodePoint(n)}'`;
  }
  return undefined;
}

function formatFloat(n: number, verb: string, spec: Spec): string | undefined {
  const s = sign(n, spec);
  const abs = Math.abs(n);
  switch (verb) {
    case 'v':
    case 'g':
      return s + (spec.precision === undefined ? goFloat(abs) : goExponentForm(abs.toPrecision(Math.max(spec.precision, 1)), true));
    case 'f':
    case 'F':
      return s + abs.toFixed(spec.precision ?? 6);
    case 'e':
    case 'E': {
      const e = goExponentForm(abs.toExponential(spec.precision ?? 6), false);
      return s + (verb === 'E' ? e.toUpperCase() : e);
    }
  }
  return undefined;
}

/** JS's 1.5e+6 as Go writes it: 1.5e+06; %g also drops trailing zeros. */
function goExponentForm(text: string, trim: boolean): string {
  const [mantissa, exponent] = text.split('e') as [string, string | undefined];
  const m = trim && mantissa.includes('.') ? mantissa.replace(/\.?0+$/, '') : mantissa;
  if (exponent === undefined) return m;
  const exp = Number(exponent);
  return `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}
