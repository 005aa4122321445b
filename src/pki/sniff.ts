import { countProblem, enforce, MAX_CERTIFICATES } from './limits.js';
import { isPemBase64, pemBlocks } from './pem.js';

// Works out what a file holds: a PKCS#10 request, certificates, or an object (YAML/JSON) to decode further.
// People paste what they have: PEM, DER, the one-line `base64 -w0` of a PEM, or `kubectl get csr -o yaml`.

export type Sniffed =
  | { type: 'request'; der: Buffer }
  | { type: 'certificates'; ders: Buffer[] }
  | { type: 'object'; text: string };

/** What is wrong with the content; the caller adds the file name. */
export class SniffError extends Error {
  override name = 'SniffError';
}

const REQUEST_LABELS = new Set(['CERTIFICATE REQUEST', 'NEW CERTIFICATE REQUEST']);
const KEY_LABEL = /PRIVATE KEY$/;
const BASE64_TEXT = /^[A-Za-z0-9+/=\s]+$/;

export function sniff(bytes: Buffer): Sniffed {
  if (bytes.length === 0) throw new SniffError('file is empty');
  if (bytes[0] === 0x30) return { type: 'request', der: bytes }; // DER SEQUENCE; the parser tells request from certificate
  const text = bytes.toString('utf8');
  if (text.includes('-----BEGIN ')) return fromPem(text);
  const trimmed = text.trim();
  if (trimmed === '') throw new SniffError('file is empty');
  if (BASE64_TEXT.test(trimmed) && !/^\d+$/.test(trimmed)) return fromBase64(trimmed);
  return { type: 'object', text };
}

/** Decodes the base64 of a PEM (what `base64 -w0 < user.csr` prints, and what spec.request holds). */
export function fromBase64(encoded: string): Sniffed {
  const compact = encoded.replace(/\s+/g, '');
  if (compact.length % 4 === 1 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) {
    throw new SniffError('not valid base64');
  }
  const decoded = Buffer.from(compact, 'base64');
  if (decoded.length === 0) throw new SniffError('base64 decodes to nothing');
  const text = decoded.toString('latin1');
  if (text.startsWith('-----BEGIN ')) {
    if (!text.includes('-----END ')) {
      throw new SniffError('base64 is cut short: the PEM inside has no END line (was it truncated when copied?)');
    }
    return fromPem(text);
  }
  if (decoded[0] === 0x30) return { type: 'request', der: decoded };
  throw new SniffError('base64 decodes to neither PEM nor DER');
}

function fromPem(text: string): Sniffed {
  const plain = plainRequestDer(text);
  if (plain !== null) return { type: 'request', der: plain };
  const blocks = pemBlocks(text);
  if (blocks.length === 0) throw new SniffError('holds no complete PEM block');
  const labels = blocks.map((b) => b.label);
  if (labels.some((l) => KEY_LABEL.test(l))) {
    throw new SniffError('holds a private key; inspect reads requests and certificates, and never prints keys');
  }
  if (labels.every((l) => REQUEST_LABELS.has(l))) {
    if (blocks.length > 1) throw new SniffError(`holds ${blocks.length} certificate requests; inspect reads one at a time`);
    return { type: 'request', der: blocks[0]!.der };
  }
  if (labels.every((l) => l === 'CERTIFICATE')) {
    enforce(countProblem(blocks.length, MAX_CERTIFICATES, 'certificates'));
    return { type: 'certificates', ders: blocks.map((b) => b.der) };
  }
  const other = labels.find((l) => !REQUEST_LABELS.has(l) && l !== 'CERTIFICATE');
  if (other) throw new SniffError(`holds a PEM block of type "${other}", not a CERTIFICATE REQUEST or CERTIFICATE`);
  throw new SniffError('mixes certificate requests and certificates');
}

const PLAIN_BEGIN = '-----BEGIN CERTIFICATE REQUEST-----\n';
const PLAIN_END = '\n-----END CERTIFICATE REQUEST-----\n';
const PLAIN_LINES = /^[A-Za-z0-9+/=\n]+$/;

/**
 * The DER of `text` when it is one CERTIFICATE REQUEST block and nothing else, as Go's encoding/pem writes it (what
 * the API server keeps in spec.request); null for anything else, which pemBlocks reads. pemBlocks reads such a block
 * to the same bytes, only dearer: the approver decodes every CSR of a storm (issue 25).
 */
function plainRequestDer(text: string): Buffer | null {
  if (!text.startsWith(PLAIN_BEGIN) || !text.endsWith(PLAIN_END) || text.length <= PLAIN_BEGIN.length + PLAIN_END.length) return null;
  const lines = text.slice(PLAIN_BEGIN.length, -PLAIN_END.length);
  if (!PLAIN_LINES.test(lines)) return null;
  const base64 = lines.replaceAll('\n', '');
  // pemBlocks' own test of the base64, so that what it refuses goes on to it and is refused there, in its words.
  if (!isPemBase64(base64)) return null;
  return Buffer.from(base64, 'base64');
}
