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
  const plain = plainRequestBase64(encoded);
  if (plain !== null) return { type: 'request', der: plain };
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
const PLAIN_BEGIN_BYTES = Buffer.from(PLAIN_BEGIN, 'latin1');
const PLAIN_END_BYTES = Buffer.from(PLAIN_END, 'latin1');

/**
 * The DER of `encoded` when it is the base64 of one CERTIFICATE REQUEST block as plainRequestDer reads it, and both
 * are canonical base64 (what the API server serves as spec.request, of the block Go's encoding/pem wrote); null for
 * anything else, which fromBase64 reads. Canonical base64 is what fromBase64's and pemBlocks' checks take unchanged,
 * so each is checked by encoding what Node's decoder made of it again, without their regular expressions: the
 * approver decodes every CSR of a storm (issue 25).
 */
export function plainRequestBase64(encoded: string): Buffer | null {
  const pem = Buffer.from(encoded, 'base64');
  const end = pem.length - PLAIN_END_BYTES.length;
  if (end <= PLAIN_BEGIN_BYTES.length || pem.compare(PLAIN_BEGIN_BYTES, 0, PLAIN_BEGIN_BYTES.length, 0, PLAIN_BEGIN_BYTES.length) !== 0) return null;
  if (pem.compare(PLAIN_END_BYTES, 0, PLAIN_END_BYTES.length, end, pem.length) !== 0 || pem.toString('base64') !== encoded) return null;
  const lines = pem.toString('latin1', PLAIN_BEGIN_BYTES.length, end);
  const der = Buffer.from(lines, 'base64');
  return der.length > 0 && lines.replaceAll('\n', '') === der.toString('base64') ? der : null;
}

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
