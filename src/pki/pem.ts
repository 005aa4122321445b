import { PkiError, reasonOf } from './errors.js';

export interface PemBlock {
  /** The text between "-----BEGIN " and "-----", e.g. "CERTIFICATE REQUEST". */
  label: string;
  /** RFC 1421 headers such as "Proc-Type: 4,ENCRYPTED" (legacy encrypted keys), in order. */
  headers: string[];
  der: Buffer;
}

const BEGIN = /^-----BEGIN ([A-Z0-9 ]+)-----$/;

/** Every PEM block in `text`, in order; text around and between blocks is ignored, as openssl does. */
export function pemBlocks(text: string): PemBlock[] {
  const blocks: PemBlock[] = [];
  const lines = text.split(/\r?\n/).map((line) => line.trim());
  for (let i = 0; i < lines.length; i++) {
    const begin = BEGIN.exec(lines[i]!);
    if (!begin) continue;
    const label = begin[1]!;
    const end = lines.indexOf(`-----END ${label}-----`, i + 1);
    if (end < 0) throw new PkiError(`PEM block "${label}" has no END line (is the file cut short?)`);
    const body = lines.slice(i + 1, end);
    const headers = body.filter((line) => line.includes(':'));
    const base64 = body.filter((line) => !line.includes(':')).join('');
    if (!isPemBase64(base64)) {
      throw new PkiError(`PEM block "${label}" is not valid base64 (is it corrupt or cut short?)`);
    }
    blocks.push({ label, headers, der: Buffer.from(base64, 'base64') });
    i = end;
  }
  return blocks;
}

/** Whether the joined lines of a PEM block are base64 that pemBlocks decodes. */
export function isPemBase64(base64: string): boolean {
  return base64 !== '' && base64.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(base64);
}

/** PEM with 64-character lines and a trailing newline, the form openssl and Go's encoding/pem write. */
export function toPem(label: string, der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/**
 * The blocks of `text` whose label `wanted` accepts, in order. When there are none the PkiError says what was found
 * instead, prefixed with `notA` ("not an X.509 certificate").
 */
export function pemBlocksWanted(text: string, wanted: (label: string) => boolean, notA: string, label: string): PemBlock[] {
  let blocks: PemBlock[];
  try {
    blocks = pemBlocks(text);
  } catch (err) {
    throw new PkiError(`${notA}: ${reasonOf(err)}`, { cause: err });
  }
  const found = blocks.filter((b) => wanted(b.label));
  if (found.length > 0) return found;
  if (blocks.length === 0) throw new PkiError(`${notA}: no "-----BEGIN ${label}-----" line found`);
  throw new PkiError(`${notA}: found PEM ${blocks.map((b) => `"${b.label}"`).join(', ')} instead`);
}
