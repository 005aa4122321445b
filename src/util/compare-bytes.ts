// The one order of names and keys: Go's, by the bytes of the UTF-8 encoding (the API server's storage order, which
// kubectl get lists in; Go's sort of map keys). Not localeCompare: its first call loads ICU's collator, 50 ms of every
// bulk approval on a busy machine (BENCHMARKS.md).

/** Code point order, which is UTF-8's byte order. */
export function compareBytes(a: string, b: string): number {
  if (a === b) return 0;
  // JavaScript compares UTF-16 code units, which is code point order except where a surrogate pair (U+10000 and up)
  // meets U+E000..U+FFFF: only then are the bytes compared.
  if (!SURROGATE.test(a) && !SURROGATE.test(b)) return a < b ? -1 : 1;
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

const SURROGATE = /[\ud800-\udfff]/;
