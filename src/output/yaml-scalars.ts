// How go-yaml v2 (go.yaml.in/yaml/v2 v2.4.3) decides a scalar's style: encode.go asks for plain when the text would read
// back as a string (resolve.go: not a bool, number, null or timestamp), a block for text with newlines, double quotes
// otherwise; the emitter's analysis (emitterc.go yaml_emitter_analyze_scalar) then says which styles can carry it.
import { goFloat } from './jsonpath/go-values.js';

/** A JSON value as JSON.parse gives it. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface Scalar {
  text: string;
  /** What encode.go asks for; the emitter may still change it (select_scalar_style). */
  style: 'plain' | 'single' | 'double' | 'literal';
}

export function scalarText(value: Exclude<Json, object>): Scalar {
  if (value === null) return { text: 'null', style: 'plain' };
  if (typeof value === 'boolean') return { text: String(value), style: 'plain' };
  if (typeof value === 'number') return { text: Number.isInteger(value) ? String(value) : goFloat(value), style: 'plain' };
  const text = value.includes('\u0085') ? foldNel(value) : value;
  if (text.includes('\n')) return { text, style: 'literal' };
  return { text, style: readsAsString(text) && !BASE60_FLOAT.test(text) ? 'plain' : 'double' };
}

/**
 * sigs.k8s.io/yaml reads the object's JSON with a YAML parser first. Go's JSON leaves U+0085 (NEL) raw, and YAML 1.1
 * reads it as a line break inside the double-quoted string, which folds: one becomes a space, n become n-1 newlines.
 */
function foldNel(s: string): string {
  return s.replace(/[ \t]*\u0085(?:[ \t]*\u0085)*[ \t]*/g, (run) => {
    const breaks = run.split('\u0085').length - 1;
    return breaks === 1 ? ' ' : '\n'.repeat(breaks - 1);
  });
}


const NOT_STRINGS = new Set([
  'y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON', 'n', 'N', 'no', 'No', 'NO', 'false', 'False',
  'FALSE', 'off', 'Off', 'OFF', '', '~', 'null', 'Null', 'NULL', '.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF',
  '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF',
]);
const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
const GO_INT = /^[-+]?(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/;
const TIMESTAMPS = [
  /^(\d{4})-(\d{1,2})-(\d{1,2})[Tt](\d{1,2}):(\d{1,2}):(\d{1,2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/,
  /^(\d{4})-(\d{1,2})-(\d{1,2}) (\d{1,2}):(\d{1,2}):(\d{1,2})(\.\d+)?$/,
  /^(\d{4})-(\d{1,2})-(\d{1,2})()()()$/,
];

/** go-yaml's resolve(): whether the text, written plain, would be read back as a string (not a bool, number, null, time). */
function readsAsString(s: string): boolean {
  if (NOT_STRINGS.has(s)) return false;
  const first = s[0]!;
  if (first === '.') return Number.isNaN(goParseFloat(s));
  if (!/[-+0-9]/.test(first)) return true;
  if (TIMESTAMPS.some((re) => validTime(re.exec(s)))) return false;
  const plain = s.replace(/_/g, '');
  if (GO_INT.test(plain)) return false;
  if (YAML_FLOAT.test(plain)) return false;
  if (/^-0[bB][01]+$/.test(plain)) return false;
  return true;
}

function goParseFloat(s: string): number {
  return YAML_FLOAT.test(s) ? Number(s) : NaN;
}

function validTime(m: RegExpExecArray | null): boolean {
  if (!m) return false;
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = m.slice(1, 7).map((x) => (x ? Number(x) : 0));
  if (month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return false;
  return hour < 24 && minute < 60 && second < 60;
}

interface Analysis {
  multiline: boolean;
  flowPlain: boolean;
  blockPlain: boolean;
  singleQuoted: boolean;
  block: boolean;
}

/** yaml_emitter_analyze_scalar: which styles can carry the text. */
export function analyze(text: string): Analysis {
  if (text === '') return { multiline: false, flowPlain: false, blockPlain: true, singleQuoted: true, block: false };
  let [blockIndicators, flowIndicators, lineBreaks, special] = [false, false, false, false];
  let [leadingSpace, leadingBreak, trailingSpace, trailingBreak, breakSpace, spaceBreak] = [false, false, false, false, false, false];
  let [precededByWhitespace, previousSpace, previousBreak] = [true, false, false];
  if (text.startsWith('---') || text.startsWith('...')) blockIndicators = flowIndicators = true;
  const chars = [...text];
  chars.forEach((c, i) => {
    const next = chars[i + 1];
    const followedByWhitespace = next === undefined || next === ' ' || next === '\t';
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(c)) flowIndicators = blockIndicators = true;
      else if (c === '?' || c === ':') {
        flowIndicators = true;
        if (followedByWhitespace) blockIndicators = true;
      } else if (c === '-' && followedByWhitespace) flowIndicators = blockIndicators = true;
    } else if (',?[]{}'.includes(c)) {
      flowIndicators = true;
    } else if (c === ':') {
      flowIndicators = true;
      if (followedByWhitespace) blockIndicators = true;
    } else if (c === '#' && precededByWhitespace) {
      flowIndicators = blockIndicators = true;
    }
    if (!isPrintable(c)) special = true;
    if (c === ' ') {
      if (i === 0) leadingSpace = true;
      if (i === chars.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === chars.length - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = previousBreak = false;
    }
    precededByWhitespace = c === ' ' || c === '\t' || isBreak(c) || c === '\0';
  });
  const a: Analysis = { multiline: lineBreaks, flowPlain: true, blockPlain: true, singleQuoted: true, block: true };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) a.flowPlain = a.blockPlain = false;
  if (trailingSpace) a.block = false;
  if (breakSpace) a.flowPlain = a.blockPlain = a.singleQuoted = false;
  if (spaceBreak || special) a.flowPlain = a.blockPlain = a.singleQuoted = a.block = false;
  if (lineBreaks) a.flowPlain = a.blockPlain = false;
  if (flowIndicators) a.flowPlain = false;
  if (blockIndicators) a.blockPlain = false;
  return a;
}

export function isBreak(c: string): boolean {
  return c === '\r' || c === '\n' || c === '\u0085' || c === '\u2028' || c === '\u2029';
}

/** is_printable: \n, printable ASCII, U+00A0–U+D7FF, U+E000–U+FFFD but not the BOM; nothing beyond the BMP. */
export function isPrintable(c: string): boolean {
  const code = c.codePointAt(0)!;
  if (code === 0x0a || (code >= 0x20 && code <= 0x7e)) return true;
  if (code >= 0xa0 && code <= 0xd7ff) return true;
  return code >= 0xe000 && code <= 0xfffd && code !== 0xfeff;
}

const ESCAPES: Record<string, string> = {
  '\0': '0', '\x07': 'a', '\b': 'b', '\t': 't', '\n': 'n', '\v': 'v', '\f': 'f', '\r': 'r', '\x1b': 'e', '"': '"',
  '\\': '\\', '\u0085': 'N', '\u00a0': '_', '\u2028': 'L', '\u2029': 'P',
};

export function escapeChar(c: string): string {
  if (ESCAPES[c] !== undefined) return ESCAPES[c];
  const code = c.codePointAt(0)!;
  const hex = code.toString(16).toUpperCase();
  if (code <= 0xff) return `x${hex.padStart(2, '0')}`;
  if (code <= 0xffff) return `u${hex.padStart(4, '0')}`;
  return `U${hex.padStart(8, '0')}`;
}

