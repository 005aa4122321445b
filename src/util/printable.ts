// Text read from a request, a certificate or an object (a CN, a SAN, a condition message, a file name) is written
// with its control characters escaped, so that it can neither start a line of its own nor drive the terminal with
// escape sequences, nor reorder what is shown with bidirectional overrides. kubectl learned this the hard way
// (CVE-2021-25743); a tool for reviewing requests from others must not print them raw.

const UNPRINTABLE = /[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;
const HAS_UNPRINTABLE = new RegExp(UNPRINTABLE.source);
const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

export function printable(text: string): string {
  // the test first: nearly all text has nothing to escape, and replace() with a function costs more even then
  if (!HAS_UNPRINTABLE.test(text)) return text;
  return text.replace(UNPRINTABLE, (c) => {
    const code = c.charCodeAt(0);
    return NAMED[c] ?? (code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16)}`);
  });
}

/** A copy of plain data (a view) with every string in it made printable. */
export function printableDeep<T>(value: T): T {
  if (typeof value === 'string') return printable(value) as T;
  if (Array.isArray(value)) return value.map(printableDeep) as T;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, printableDeep(v)])) as T;
  }
  return value;
}
