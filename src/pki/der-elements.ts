import { PkiError } from './errors.js';

// A signature covers the bytes exactly as they were sent, and a key fingerprint is the hash of the SPKI exactly as it
// was sent. Re-encoding forge's tree would not give those bytes back for inputs forge tolerates but DER forbids
// (long-form lengths, BER), so the signed parts are cut out of the original buffer instead.

interface Element {
  contentStart: number;
  end: number;
}

function elementAt(der: Buffer, at: number, limit: number): Element {
  let pos = at + 1;
  if (((der[at] ?? 0) & 0x1f) === 0x1f) {
    while (pos < limit && (der[pos]! & 0x80) !== 0) pos++;
    pos++;
  }
  if (pos >= limit) throw new PkiError('truncated DER element');
  const first = der[pos++]!;
  let length = first;
  if (first & 0x80) {
    const count = first & 0x7f;
    if (count === 0) throw new PkiError('indefinite-length (BER) encoding is not DER');
    if (count > 4 || pos + count > limit) throw new PkiError('DER length out of range');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + der[pos++]!;
  }
  if (pos + length > limit) throw new PkiError('truncated DER element');
  return { contentStart: pos, end: pos + length };
}

/** The complete encodings (tag, length and content) of the children of the constructed element that `der` holds. */
export function derElements(der: Buffer): Buffer[] {
  const outer = elementAt(der, 0, der.length);
  const children: Buffer[] = [];
  for (let pos = outer.contentStart; pos < outer.end; ) {
    const child = elementAt(der, pos, outer.end);
    children.push(der.subarray(pos, child.end));
    pos = child.end;
  }
  return children;
}
