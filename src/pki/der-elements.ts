import { PkiError } from './errors.js';

// A signature covers the bytes exactly as they were sent, and a key fingerprint is the hash of the SPKI exactly as it
// was sent. Re-encoding forge's tree would not give those bytes back for inputs forge tolerates but DER forbids
// (long-form lengths, BER), so the signed parts are cut out of the original buffer instead.

/** The universal tags the readers of names look for (a SET and a SEQUENCE are constructed: 0x20 set). */
export const TAG = { SEQUENCE: 0x30, SET: 0x31, OID: 0x06, UTF8: 0x0c, PRINTABLE: 0x13, IA5: 0x16 } as const;

/** Where a DER element's content starts and where the element ends, in the buffer it was read from. */
export interface DerElement {
  /** The first identifier byte: the whole tag, unless its low five bits are all set (a multi-byte tag). */
  tag: number;
  contentStart: number;
  end: number;
}

/**
 * The one reader of DER headers: the element at `at`, which must end within `limit`. Definite lengths of up to four
 * bytes only, as nothing here is larger; multi-byte tags are stepped over, and a caller that cannot have them checks
 * `tag`.
 */
export function derElementAt(der: Buffer, at: number, limit: number): DerElement {
  const tag = der[at] ?? 0;
  let pos = at + 1;
  if ((tag & 0x1f) === 0x1f) {
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
  return { tag, contentStart: pos, end: pos + length };
}

/** The complete encodings (tag, length and content) of the children of the constructed element that `der` holds. */
export function derElements(der: Buffer): Buffer[] {
  const outer = derElementAt(der, 0, der.length);
  const children: Buffer[] = [];
  for (let pos = outer.contentStart; pos < outer.end; ) {
    const child = derElementAt(der, pos, outer.end);
    children.push(der.subarray(pos, child.end));
    pos = child.end;
  }
  return children;
}

/**
 * The children of the constructed element `parent` of `der`, as elements of that buffer, each read by `read`
 * (derElementAt unless the caller checks more).
 */
export function childElements(der: Buffer, parent: DerElement, read = derElementAt): DerElement[] {
  const out: DerElement[] = [];
  for (let pos = parent.contentStart; pos < parent.end; ) {
    const child = read(der, pos, parent.end);
    out.push(child);
    pos = child.end;
  }
  return out;
}

/** `element`, when it is there and has `tag`; otherwise a PkiError naming `what`. */
export function expectTag(element: DerElement | undefined, tag: number, what: string): DerElement {
  if (element === undefined) throw new PkiError(`${what} is missing`);
  if (element.tag !== tag) throw new PkiError(`${what} has tag 0x${element.tag.toString(16)}, not 0x${tag.toString(16)}`);
  return element;
}

/** Whether the content of `element` in `der` is exactly `bytes` (OIDs are compared so, never turned into text). */
export function sameContent(der: Buffer, element: DerElement, bytes: Buffer): boolean {
  const length = element.end - element.contentStart;
  return length === bytes.length && der.compare(bytes, 0, length, element.contentStart, element.end) === 0;
}
