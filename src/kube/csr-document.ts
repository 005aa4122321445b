// Reads CertificateSigningRequest objects from YAML or JSON: what `kubectl get csr NAME -o yaml|json` writes
// (also a List of them), or a manifest ready to apply.
//
// The objects come from files anyone may have written, so only the fields we read are copied, each checked for its
// type: nothing unknown reaches the printers. YAML aliases are shared references in js-yaml 4, not copies, but a copy
// (or JSON.stringify) expands them; a "billion laughs" file expands to more than it holds, which is refused.
import yaml from 'js-yaml';
import { CSR_API_VERSION, CSR_KIND, type Csr, type CsrCondition } from './csr.js';
import { LEGACY_UNKNOWN } from './signers.js';
import { objectNameProblem } from './object-name.js';

export class DocumentError extends Error {
  override name = 'DocumentError';
}

const V1BETA1 = 'certificates.k8s.io/v1beta1';
/** Accepted apiVersions; v1beta1 objects have the same fields that we read. */
const API_VERSIONS = new Set([CSR_API_VERSION, V1BETA1]);
const INT32_MAX = 2 ** 31 - 1;

type Fields = Record<string, unknown>;

export function parseCsrDocuments(text: string): Csr[] {
  const docs = loadDocuments(text);
  return docs.map((doc) => toCsr(doc, docs.budget));
}

/** The objects of a YAML or JSON text, Lists opened, with the budget their copies are paid from. */
export function loadDocuments(text: string): unknown[] & { budget: Budget } {
  let docs: unknown[];
  try {
    // JSON is YAML; the default schema is safe (no functions or custom tags in js-yaml 4).
    docs = yaml.loadAll(text).filter((d) => d !== null && d !== undefined);
  } catch (err) {
    const reason = err instanceof yaml.YAMLException ? err.reason : String(err);
    throw new DocumentError(`not PEM, DER, base64, YAML or JSON (${reason})`);
  }
  if (docs.length === 0) throw new DocumentError('holds no object');
  const objects = docs.flatMap((doc) => (isList(doc) ? doc.items : [doc]));
  if (objects.length === 0) throw new DocumentError('holds an empty List');
  return Object.assign(objects, { budget: new Budget(text.length) });
}

/**
 * Counts what the copied fields hold (characters of strings, one per list item). Without aliases that is never more
 * than the text itself; with them it can be exponentially more.
 */
export class Budget {
  #left: number;

  constructor(size: number) {
    this.#left = size;
  }

  spend(amount: number): void {
    this.#left -= amount;
    if (this.#left < 0) throw new DocumentError('uses YAML aliases that expand to more than the file holds');
  }
}

function isList(doc: unknown): doc is { items: unknown[] } {
  return isObject(doc) && typeof doc.kind === 'string' && doc.kind.endsWith('List') && Array.isArray(doc.items);
}

function toCsr(doc: unknown, budget: Budget): Csr {
  if (!isObject(doc)) throw new DocumentError('is not PEM, DER, base64, or a YAML/JSON object');
  const { kind, apiVersion } = doc;
  if (kind !== CSR_KIND) {
    const what = typeof kind === 'string' ? `a ${kind}` : kind === undefined ? 'an object without a kind' : 'an object whose kind is not a string';
    throw new DocumentError(`is ${what}, not a CertificateSigningRequest`);
  }
  if (typeof apiVersion !== 'string' || !API_VERSIONS.has(apiVersion)) {
    throw new DocumentError(`has apiVersion ${JSON.stringify(apiVersion ?? null)}; expected ${CSR_API_VERSION}`);
  }
  const read = new Reader(budget);
  const metadata = optionalObject(doc.metadata, 'metadata') ?? {};
  const spec = optionalObject(doc.spec, 'spec');
  if (!spec) throw new DocumentError('has no spec');
  const request = read.string(spec.request, 'spec.request');
  if (request === undefined || request.trim() === '') throw new DocumentError('has no spec.request');
  // The API server defaults a v1beta1 signerName to legacy-unknown and requires one in v1.
  const signerName = read.string(spec.signerName, 'spec.signerName') ?? (apiVersion === V1BETA1 ? LEGACY_UNKNOWN : undefined);
  if (signerName === undefined) throw new DocumentError('has no spec.signerName');
  const name = read.string(metadata.name, 'metadata.name');
  if (name !== undefined) {
    const problem = objectNameProblem(name);
    if (problem) throw new DocumentError(`has metadata.name ${JSON.stringify(name)}, which ${problem}`);
  }
  const status = optionalObject(doc.status, 'status');
  return {
    apiVersion,
    kind,
    metadata: defined({
      name,
      generateName: read.string(metadata.generateName, 'metadata.generateName'),
      uid: read.string(metadata.uid, 'metadata.uid'),
      resourceVersion: read.string(metadata.resourceVersion, 'metadata.resourceVersion'),
      creationTimestamp: read.time(metadata.creationTimestamp, 'metadata.creationTimestamp'),
    }),
    spec: defined({
      request,
      signerName,
      usages: read.strings(spec.usages, 'spec.usages'),
      expirationSeconds: expirationSeconds(spec.expirationSeconds),
      username: read.string(spec.username, 'spec.username'),
      uid: read.string(spec.uid, 'spec.uid'),
      groups: read.strings(spec.groups, 'spec.groups'),
    }),
    status: status && defined({
      certificate: read.string(status.certificate, 'status.certificate'),
      conditions: read.list(status.conditions, 'status.conditions', (c, field) => read.condition(c, field)),
    }),
  };
}

/** Typed copies of the fields we read, paid for from the file's budget. */
export class Reader {
  constructor(private readonly budget: Budget) {}

  string(value: unknown, field: string): string | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw new DocumentError(`has a ${field} that is not a string`);
    this.budget.spend(value.length);
    return value;
  }

  /** A timestamp: a string, or what YAML makes of an unquoted one (a Date), written back as RFC 3339. */
  time(value: unknown, field: string): string | undefined {
    if (value instanceof Date) {
      this.budget.spend(1);
      return value.toISOString().replace(/\.000Z$/, 'Z');
    }
    return this.string(value, field);
  }

  list<T>(value: unknown, field: string, item: (value: unknown, field: string) => T): T[] | undefined {
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value)) throw new DocumentError(`has a ${field} that is not a list`);
    return value.map((v, i) => {
      this.budget.spend(1);
      return item(v, `${field}[${i}]`);
    });
  }

  strings(value: unknown, field: string): string[] | undefined {
    return this.list(value, field, (v, f) => {
      if (typeof v !== 'string') throw new DocumentError(`has a ${f} that is not a string`);
      return this.string(v, f)!;
    });
  }

  condition(value: unknown, field: string): CsrCondition {
    if (!isObject(value)) throw new DocumentError(`has a ${field} that is not an object`);
    const type = this.string(value.type, `${field}.type`);
    const status = this.string(value.status, `${field}.status`);
    if (type === undefined || status === undefined) throw new DocumentError(`has a ${field} without type and status`);
    return defined({
      type,
      status,
      reason: this.string(value.reason, `${field}.reason`),
      message: this.string(value.message, `${field}.message`),
      lastUpdateTime: this.time(value.lastUpdateTime, `${field}.lastUpdateTime`),
      lastTransitionTime: this.time(value.lastTransitionTime, `${field}.lastTransitionTime`),
    });
  }
}

/** spec.expirationSeconds is an int32 in the API; the server refuses less than 600, but a viewer shows what is there. */
function expirationSeconds(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > INT32_MAX) {
    throw new DocumentError(`has a spec.expirationSeconds that is not a whole number of seconds from 0 to ${INT32_MAX}`);
  }
  return value;
}

export function optionalObject(value: unknown, field: string): Fields | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw new DocumentError(`has a ${field} that is not an object`);
  return value;
}

export function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** The object without its undefined fields, so that -o json|yaml print what the file had and nothing more. */
export function defined<T extends object>(fields: T): T {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as T;
}
