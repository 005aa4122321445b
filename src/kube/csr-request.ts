// The certificate fields of a CSR object decoded: spec.request and status.certificate, each error naming its field.
import { fromBase64, SniffError, type Sniffed } from '../pki/sniff.js';
import { parseRequest, parseRequestUnchecked, type UncheckedRequest } from '../pki/request.js';
import { parseCertificate } from '../pki/certificate.js';
import { PkiError } from '../pki/errors.js';
import type { DecodedCertificate, DecodedRequest } from '../pki/types.js';
import { DocumentError } from './csr-document.js';
import type { Csr } from './csr.js';

export function decodeRequestField(csr: Csr): DecodedRequest {
  const der = requestDer(csr);
  return inField('spec.request', () => parseRequest(der));
}

/** decodeRequestField with the self-signature check left to the caller (pki/request.ts checkInPool). */
export function decodeRequestFieldUnchecked(csr: Csr): UncheckedRequest {
  const der = requestDer(csr);
  return inField('spec.request', () => parseRequestUnchecked(der));
}

function requestDer(csr: Csr): Buffer {
  const sniffed = inField('spec.request', () => fromBase64(csr.spec.request));
  if (sniffed.type !== 'request') throw new DocumentError('spec.request holds certificates, not a CERTIFICATE REQUEST');
  return sniffed.der;
}

export function decodeCertificateField(csr: Csr): DecodedCertificate[] {
  const sniffed: Sniffed = inField('status.certificate', () => fromBase64(csr.status!.certificate!));
  if (sniffed.type !== 'certificates') throw new DocumentError('status.certificate holds no CERTIFICATE PEM block');
  return sniffed.ders.map((d) => inField('status.certificate', () => parseCertificate(d)));
}

function inField<T>(field: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof SniffError || err instanceof PkiError) throw new DocumentError(`${field}: ${err.message}`);
    throw err;
  }
}
