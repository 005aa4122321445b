// Turns the bytes of an inspect input into views: a request, a certificate chain, or CSR objects.
import { sniff, SniffError } from '../pki/sniff.js';
import { parseRequest } from '../pki/request.js';
import { parseCertificate } from '../pki/certificate.js';
import { PkiError } from '../pki/errors.js';
import { LimitError } from '../pki/limits.js';
import { derElements } from '../pki/der-elements.js';
import { parseCsrDocuments, DocumentError } from '../kube/csr-document.js';
import { CSR_API_VERSION, CSR_KIND, type Csr } from '../kube/csr.js';
import { defaultUsages, KUBE_APISERVER_CLIENT } from '../kube/signers.js';
import type { DecodedRequest } from '../pki/types.js';
import type { Finding } from '../policy/finding.js';
import { certificateView, csrView, requestView, type CsrView, type InspectView } from '../output/views.js';
import { InputError } from '../errors.js';
import { evaluate } from '../policy/evaluate.js';
import { OFFLINE } from '../policy/cluster-facts.js';
import { DEFAULT_POLICY } from '../policy/policy-options.js';
import { decodeCertificateField, decodeRequestField } from '../kube/csr-request.js';

export function decodeInput(name: string, bytes: Buffer, now: Date): InspectView[] {
  try {
    return decode(bytes, now);
  } catch (err) {
    if (err instanceof SniffError || err instanceof PkiError || err instanceof DocumentError) {
      throw new InputError(name, err.message);
    }
    throw err;
  }
}

function decode(bytes: Buffer, now: Date): InspectView[] {
  const sniffed = sniff(bytes);
  switch (sniffed.type) {
    case 'request':
      return [derView(sniffed.der, now)];
    case 'certificates':
      return [{ kind: 'CertificateChain', certificates: sniffed.ders.map((d) => certificateView(parseCertificate(d), now)) }];
    case 'object':
      return parseCsrDocuments(sniffed.text).map((csr) => decodeCsr(csr, now));
  }
}

/**
 * DER could be either a request or a certificate. Both are a SEQUENCE holding a SEQUENCE, but a TBSCertificate starts
 * with its [0] version where a CertificationRequestInfo starts with an INTEGER: the kind the bytes look like is tried
 * first, and its error is the one reported when neither parses (unless the other is only too big to show).
 */
function derView(der: Buffer, now: Date): InspectView {
  const asRequest = (): InspectView => {
    const request = parseRequest(der);
    return { kind: 'CertificateRequest', request: requestView(request), policy: { scope: 'offline', signerName: KUBE_APISERVER_CLIENT, findings: bareRequestFindings(request) } };
  };
  const asCertificate = (): InspectView => ({ kind: 'CertificateChain', certificates: [certificateView(parseCertificate(der), now)] });
  const [first, second] = looksLikeCertificate(der) ? [asCertificate, asRequest] : [asRequest, asCertificate];
  try {
    return first();
  } catch (firstErr) {
    try {
      return second();
    } catch (secondErr) {
      throw secondErr instanceof LimitError ? secondErr : firstErr;
    }
  }
}

/**
 * A bare request names no signer: it is judged as `kubectl csr request` would send it (the API server's client signer
 * and its default usages), so that it shows the findings the same request in a CSR object shows (issue 23 item 7).
 */
function bareRequestFindings(request: DecodedRequest): Finding[] {
  const usages = defaultUsages(KUBE_APISERVER_CLIENT, request.publicKey.algorithm === 'RSA');
  const csr: Csr = { apiVersion: CSR_API_VERSION, kind: CSR_KIND, metadata: {}, spec: { request: '', signerName: KUBE_APISERVER_CLIENT, usages } };
  return evaluate(csr, request, OFFLINE, DEFAULT_POLICY);
}

const CONTEXT_CONSTRUCTED_0 = 0xa0;

function looksLikeCertificate(der: Buffer): boolean {
  try {
    const [tbs] = derElements(der);
    return tbs !== undefined && derElements(tbs)[0]?.[0] === CONTEXT_CONSTRUCTED_0;
  } catch {
    return false;
  }
}

/** Decodes spec.request and status.certificate of one object. */
export function decodeCsr(csr: Csr, now: Date): CsrView {
  const request = decodeRequestField(csr);
  const chain = csr.status?.certificate ? decodeCertificateField(csr) : null;
  return csrView(csr, request, chain, evaluate(csr, request, OFFLINE, DEFAULT_POLICY), now);
}
