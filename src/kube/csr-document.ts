// Reads CertificateSigningRequest objects from YAML or JSON: what `kubectl get csr NAME -o yaml|json` writes
// (also a List of them), or a manifest ready to apply.
import yaml from 'js-yaml';
import { CSR_API_VERSION, CSR_KIND, type Csr } from './csr.js';

export class DocumentError extends Error {
  override name = 'DocumentError';
}

/** Accepted apiVersions; v1beta1 objects have the same fields that we read. */
const API_VERSIONS = new Set([CSR_API_VERSION, 'certificates.k8s.io/v1beta1']);

export function parseCsrDocuments(text: string): Csr[] {
  let docs: unknown[];
  try {
    // JSON is YAML; the default schema is safe (no functions or custom tags in js-yaml 4).
    docs = yaml.loadAll(text).filter((d) => d !== null && d !== undefined);
  } catch (err) {
    const reason = err instanceof yaml.YAMLException ? err.reason : String(err);
    throw new DocumentError(`not PEM, DER, base64, YAML or JSON (${reason})`);
  }
  if (docs.length === 0) throw new DocumentError('holds no object');
  const csrs = docs.flatMap((doc) => (isList(doc) ? doc.items : [doc])).map(toCsr);
  if (csrs.length === 0) throw new DocumentError('holds an empty List');
  return csrs;
}

function isList(doc: unknown): doc is { items: unknown[] } {
  return isObject(doc) && typeof doc.kind === 'string' && doc.kind.endsWith('List') && Array.isArray(doc.items);
}

function toCsr(doc: unknown): Csr {
  if (!isObject(doc)) throw new DocumentError('is not PEM, DER, base64, or a YAML/JSON object');
  const { kind, apiVersion } = doc;
  if (kind !== CSR_KIND) {
    const what = typeof kind === 'string' ? `a ${kind}` : 'an object without a kind';
    throw new DocumentError(`is ${what}, not a CertificateSigningRequest`);
  }
  if (typeof apiVersion !== 'string' || !API_VERSIONS.has(apiVersion)) {
    throw new DocumentError(`has apiVersion ${JSON.stringify(apiVersion ?? null)}; expected ${CSR_API_VERSION}`);
  }
  const spec = doc.spec;
  if (!isObject(spec)) throw new DocumentError('has no spec');
  if (typeof spec.request !== 'string' || spec.request.trim() === '') {
    throw new DocumentError('has no spec.request');
  }
  if (spec.signerName !== undefined && typeof spec.signerName !== 'string') {
    throw new DocumentError('has a spec.signerName that is not a string');
  }
  if (spec.usages !== undefined && !(Array.isArray(spec.usages) && spec.usages.every((u) => typeof u === 'string'))) {
    throw new DocumentError('has spec.usages that are not a list of strings');
  }
  if (spec.expirationSeconds !== undefined && !Number.isSafeInteger(spec.expirationSeconds)) {
    throw new DocumentError('has a spec.expirationSeconds that is not an integer');
  }
  const metadata = isObject(doc.metadata) ? doc.metadata : {};
  const status = isObject(doc.status) ? doc.status : undefined;
  if (status?.certificate !== undefined && typeof status.certificate !== 'string') {
    throw new DocumentError('has a status.certificate that is not a string');
  }
  if (status?.conditions !== undefined && !Array.isArray(status.conditions)) {
    throw new DocumentError('has status.conditions that are not a list');
  }
  return { ...doc, metadata, spec, status } as unknown as Csr;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
