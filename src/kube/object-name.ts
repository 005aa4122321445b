// What a CertificateSigningRequest may be called. The certificates API does not restrict names itself
// (pkg/apis/certificates/validation: "We don't care what you call your certificate requests"), so the API server's
// path segment rules apply (apiserver/pkg/registry/rest/create.go, path.IsValidPathSegmentName): not "." or "..", no
// "/" or "%". We also refuse control characters, which no one types on purpose and which would let a name break the
// one-line messages this tool prints, and names longer than a DNS subdomain, as most Kubernetes objects are limited to.
import { CliError, ExitCode } from '../errors.js';

export const MAX_NAME_LENGTH = 253;

/** Why `name` cannot be a CSR name, worded to follow "the name ...", or null when it can. */
export function objectNameProblem(name: string): string | null {
  if (name === '') return 'is empty';
  if (name === '.' || name === '..') return 'may not be "." or ".."';
  if (/[/%]/.test(name)) return 'may not contain "/" or "%"';
  if (/[\x00-\x1f\x7f-\x9f]/.test(name)) return 'may not contain control characters';
  if (name.length > MAX_NAME_LENGTH) return `is ${name.length} characters long, more than ${MAX_NAME_LENGTH}`;
  return null;
}

/** A NAME argument that cannot be a CSR name: the caller asked for something impossible, so it exits 2 as usage. */
export class ObjectNameError extends CliError {
  constructor(message: string) {
    super(message, ExitCode.usage);
    this.name = 'ObjectNameError';
  }
}

/** For a NAME argument: an ObjectNameError naming the problem. */
export function checkNameArgument(name: string): void {
  const problem = objectNameProblem(name);
  if (problem) throw new ObjectNameError(`invalid CSR name ${JSON.stringify(name)}: it ${problem}`);
}
