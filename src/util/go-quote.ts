// strconv.Quote: how Go quotes a string in %q and in klog's values (printable characters kept, \n \t \r \" \\ and
// the C escapes by name, other control characters as \xHH). Strings here are valid Unicode, so nothing else is escaped.
const NAMED: Record<string, string> = { '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v', '"': '\\"', '\\': '\\\\' };

export function goQuote(s: string): string {
  let out = '"';
  for (const c of s) {
    const code = c.codePointAt(0)!;
    if (NAMED[c]) out += NAMED[c];
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code >= 0x80 && code < 0xa0) out += `\\u00${code.toString(16)}`;
    else out += c;
  }
  return out + '"';
}
