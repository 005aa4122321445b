// The literals of a Go template as Go's parser reads them: numbers (strconv with base prefixes and underscores) and
// interpreted strings (strconv.Unquote's escapes).

/** An integer literal (decimal, 0x, 0o, 0b, leading-0 octal), or undefined when the text is not one. */
export function parseGoInt(text: string): number | undefined {
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[oO]?[0-7]+|0[bB][01]+|[1-9]\d*|0)$/.exec(text);
  if (!m) return undefined;
  let digits = m[2]!;
  if (/^0[0-7]/.test(digits)) digits = `0o${digits.slice(1)}`;
  const n = Number(digits.toLowerCase().startsWith('0o') ? `0o${digits.slice(2)}` : digits);
  return m[1] === '-' ? -n : n;
}

const SIMPLE: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"', "'": "'" };

/** The escapes of a Go interpreted string literal. */
export function unquoteGo(body: string): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[++i]!;
    if (e in SIMPLE) out += SIMPLE[e];
    else if (e === 'x') out += String.fromCharCode(hex(body.slice(i + 1, (i += 2) + 1)));
    else if (e === 'u') out += String.fromCodePoint(hex(body.slice(i + 1, (i += 4) + 1)));
    else if (e === 'U') out += String.fromCodePoint(hex(body.slice(i + 1, (i += 8) + 1)));
    else if (e >= '0' && e <= '7') out += String.fromCharCode(parseInt(body.slice(i, (i += 2) + 1), 8));
    else throw new Error('invalid escape');
  }
  return out;
}

function hex(s: string): number {
  if (!/^[0-9a-fA-F]+$/.test(s)) throw new Error('invalid escape');
  return parseInt(s, 16);
}
