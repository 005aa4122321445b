import { PkiError } from './errors.js';

// Upper bounds on what one request or certificate may hold, far above anything real (public CAs issue at most a few
// hundred names per certificate; Kubernetes user and group names are short), so that a hostile input is refused with
// a reason instead of being printed as megabytes. They apply when reading and when writing: kubectl csr never makes
// a request it would refuse to read.

/** Subject alternative names, of all kinds together. */
export const MAX_SANS = 1000;
/** Attributes of one subject or issuer name. */
export const MAX_NAME_ATTRIBUTES = 1000;
/** Extensions of one request or certificate. */
export const MAX_EXTENSIONS = 1000;
/** Certificates of one chain or bundle (a system CA bundle holds about 150). */
export const MAX_CERTIFICATES = 1000;
/** Characters of one name attribute or subject alternative name. */
export const MAX_VALUE_LENGTH = 4096;

/** A request or certificate beyond these limits: it may be well formed, so the message does not say it is not one. */
export class LimitError extends PkiError {
  override name = 'LimitError';
}

/** Throws a LimitError for a problem that countProblem or lengthProblem found. */
export function enforce(problem: string | null): void {
  if (problem !== null) throw new LimitError(problem);
}

/** When `count` things of a kind (a plural: "subject alternative names") are more than `max`, what to say. */
export function countProblem(count: number, max: number, things: string): string | null {
  return count > max ? `has ${count} ${things}, more than the ${max} kubectl csr reads` : null;
}

/** When one value (`what`: "a subject CN") is longer than MAX_VALUE_LENGTH, what to say. */
export function lengthProblem(value: string, what: string): string | null {
  return value.length > MAX_VALUE_LENGTH
    ? `has ${what} of ${value.length} characters, more than the ${MAX_VALUE_LENGTH} kubectl csr reads`
    : null;
}

/** The names a request carries: what the limits bound. */
export interface RequestContents {
  commonName: string;
  /** Each becomes its own O attribute, in this order; Kubernetes reads every O as a group. */
  organizations?: readonly string[];
  /** The user's UID, as the attribute 1.3.6.1.4.1.57683.2 after the O attributes. */
  uid?: string;
  dns?: readonly string[];
  /** IPv4 or IPv6 addresses. */
  ip?: readonly string[];
  email?: readonly string[];
  uri?: readonly string[];
}

/** Why a request with `contents` would be beyond the limits (worded to follow "the request "), or null. */
export function requestLimitProblem(contents: RequestContents): string | null {
  const sans = [...(contents.dns ?? []), ...(contents.ip ?? []), ...(contents.email ?? []), ...(contents.uri ?? [])];
  const organizations = contents.organizations ?? [];
  return (
    countProblem(sans.length, MAX_SANS, 'subject alternative names') ??
    countProblem(1 + organizations.length, MAX_NAME_ATTRIBUTES, 'subject attributes') ??
    lengthProblem(contents.commonName, 'a CN') ??
    organizations.map((o) => lengthProblem(o, 'an O')).find((p) => p !== null) ??
    sans.map((san) => lengthProblem(san, 'a subject alternative name')).find((p) => p !== null) ??
    null
  );
}
