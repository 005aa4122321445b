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

/** For a NAME argument used as it is (request NAME): an ObjectNameError (exit 2) naming the problem. */
export function checkNameArgument(name: string): void {
  checkName(name, name);
}

/** A name argument that cannot name a CSR: bad input on the command line, so exit 2 as for usage errors. */
export class ObjectNameError extends CliError {
  constructor(message: string) {
    super(message, ExitCode.usage);
    this.name = 'ObjectNameError';
  }
}

/** How kubectl names a resource type in TYPE/NAME: its plural, singular and short names, and the versions served. */
export interface ResourceType {
  kind: string;
  names: readonly string[];
  versions: readonly string[];
  /** The forms to suggest, e.g. "NAME, csr/NAME or certificatesigningrequest/NAME". */
  hint: string;
}

const GROUP = 'certificates.k8s.io';

export const CSR_TYPE: ResourceType = {
  kind: 'CertificateSigningRequest',
  names: ['certificatesigningrequests', 'certificatesigningrequest', 'csr'],
  versions: ['v1'],
  hint: 'NAME, csr/NAME or certificatesigningrequest/NAME',
};

/**
 * The CSR name in a NAME argument, as kubectl reads TYPE/NAME (cli-runtime resource.Builder, splitResourceTypeName):
 * `jane`, `csr/jane`, `certificatesigningrequest/jane`, `certificatesigningrequests/jane`, and those qualified by
 * group or version and group: `certificatesigningrequest.certificates.k8s.io/jane` (what `-o name` prints),
 * `certificatesigningrequests.v1.certificates.k8s.io/jane`. The type is matched without regard to case, as
 * kubectl's RESTMapper does. Throws ObjectNameError for another type or a malformed argument.
 */
export function csrNameFromArgument(arg: string): string {
  return nameFromArgument(arg, CSR_TYPE);
}

/** The same reading for any resource type of certificates.k8s.io. */
export function nameFromArgument(arg: string, type: ResourceType): string {
  const slash = arg.indexOf('/');
  if (slash < 0) {
    checkName(arg, arg, type);
    return arg;
  }
  const parts = arg.split('/');
  if (parts.length !== 2) throw new ObjectNameError(`${JSON.stringify(arg)}: arguments in resource/name form may not have more than one slash`);
  const [typeName, name] = parts as [string, string];
  if (typeName === '' || name === '' || typeName.includes(',')) {
    throw new ObjectNameError(`${JSON.stringify(arg)}: arguments in resource/name form must have a single resource and name`);
  }
  if (!isType(typeName, type)) {
    throw new ObjectNameError(`${JSON.stringify(arg)} is not a ${type.kind}: "${typeName}" is another type of resource (use ${type.hint})`);
  }
  checkName(name, arg, type);
  return name;
}

function isType(typeName: string, type: ResourceType): boolean {
  const [resource = '', ...rest] = typeName.toLowerCase().split('.');
  if (!type.names.includes(resource)) return false;
  const qualifier = rest.join('.');
  return qualifier === '' || qualifier === GROUP || type.versions.some((v) => qualifier === `${v}.${GROUP}`);
}

function checkName(name: string, arg: string, type: ResourceType = CSR_TYPE): void {
  const problem = objectNameProblem(name);
  const what = type === CSR_TYPE ? 'CSR' : type.kind;
  if (problem) throw new ObjectNameError(`invalid ${what} name ${JSON.stringify(arg)}: it ${problem}`);
}
