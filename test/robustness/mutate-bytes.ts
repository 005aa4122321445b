// Byte-level mutations for the fuzz test: bit flips, inserted and deleted bytes, truncation, duplicated chunks, and
// ASN.1 length octets set to values that lie (too long, too short, indefinite, long form).
import { randomSteps, type Prng } from './prng.js';

type ByteMutation = (bytes: Buffer, rng: Prng) => Buffer;

/** Bytes that mean something to a DER or text parser: tags, length forms, NUL, newline, '-', ':', high bytes. */
const INTERESTING = [0x00, 0x01, 0x02, 0x04, 0x05, 0x06, 0x0a, 0x0c, 0x13, 0x16, 0x1e, 0x1c, 0x2d, 0x30, 0x31, 0x3a, 0x7f, 0x80, 0x81, 0x82, 0x84, 0xa0, 0xa3, 0xff];

const flipBit: ByteMutation = (bytes, rng) => {
  if (bytes.length === 0) return bytes;
  const out = Buffer.from(bytes);
  out[rng.below(out.length)]! ^= 1 << rng.below(8);
  return out;
};

const setInterestingByte: ByteMutation = (bytes, rng) => {
  if (bytes.length === 0) return bytes;
  const out = Buffer.from(bytes);
  out[rng.below(out.length)] = rng.pick(INTERESTING);
  return out;
};

const insertByte: ByteMutation = (bytes, rng) => {
  const at = rng.below(bytes.length + 1);
  const byte = rng.chance(0.5) ? rng.pick(INTERESTING) : rng.below(256);
  return Buffer.concat([bytes.subarray(0, at), Buffer.from([byte]), bytes.subarray(at)]);
};

const deleteBytes: ByteMutation = (bytes, rng) => {
  const at = rng.below(bytes.length);
  return Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 1 + rng.below(4))]);
};

const truncate: ByteMutation = (bytes, rng) => bytes.subarray(0, rng.below(bytes.length));

const duplicateChunk: ByteMutation = (bytes, rng) => {
  const start = rng.below(bytes.length);
  const chunk = bytes.subarray(start, start + 1 + rng.below(64));
  const at = rng.below(bytes.length + 1);
  return Buffer.concat([bytes.subarray(0, at), chunk, bytes.subarray(at)]);
};

const tweakAsn1Length: ByteMutation = (bytes, rng) => {
  const offsets = lengthOffsets(bytes);
  if (offsets.length === 0) return flipBit(bytes, rng);
  const at = rng.pick(offsets);
  const old = bytes[at]!;
  const replacement = rng.pick([
    [(old + 1) & 0xff],
    [(old - 1) & 0xff],
    [0x00],
    [0x7f],
    [0x80], // indefinite length: BER, not DER
    [0x81, old], // the same length in a needless long form
    [0x84, 0xff, 0xff, 0xff, 0xff],
    [0x89, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00],
  ]);
  return Buffer.concat([bytes.subarray(0, at), Buffer.from(replacement), bytes.subarray(at + 1)]);
};

export const BYTE_MUTATIONS: Readonly<Record<string, ByteMutation>> = {
  flipBit,
  setInterestingByte,
  insertByte,
  deleteBytes,
  truncate,
  duplicateChunk,
  tweakAsn1Length,
};

/** Applies 1 to `max` random byte mutations; returns the result and their names. */
export function mutateBytes(bytes: Buffer, rng: Prng, max = 3): { bytes: Buffer; applied: string[] } {
  const { value, applied } = randomSteps(bytes, rng, BYTE_MUTATIONS, max);
  return { bytes: value, applied };
}

/**
 * The offsets of the first length octet of every element of a DER encoding, descending into constructed elements.
 * Tolerant: it stops where the encoding stops making sense, since it also runs on already mutated bytes.
 */
export function lengthOffsets(der: Buffer): number[] {
  const offsets: number[] = [];
  const walk = (start: number, end: number, depth: number): void => {
    for (let pos = start; pos < end && depth < 32; ) {
      const tag = der[pos]!;
      let p = pos + 1;
      if ((tag & 0x1f) === 0x1f) while (p < end && (der[p++]! & 0x80) !== 0);
      if (p >= end) return;
      offsets.push(p);
      const first = der[p++]!;
      let length = first;
      if (first & 0x80) {
        const count = first & 0x7f;
        if (count === 0 || count > 3 || p + count > end) return;
        length = 0;
        for (let i = 0; i < count; i++) length = length * 256 + der[p++]!;
      }
      if (p + length > end) return;
      if (tag & 0x20) walk(p, p + length, depth + 1);
      pos = p + length;
    }
  };
  walk(0, der.length, 0);
  return offsets;
}
