// The user entries of ONE kubeconfig file, as written (no merge, no flags): what `inspect -f KUBECONFIG` shows and
// what `renew KUBECONFIG` renews. Pure: the referenced files are read by the caller.
import path from 'node:path';

/** How a user entry authenticates, in kubectl's precedence order (client-go plugin/pkg/client/auth). */
export type CredentialKind = 'client-certificate' | 'token' | 'basic-auth' | 'exec' | 'auth-provider' | 'none';

/** Where a certificate or key comes from: inline base64 (`*-data`) or a file path. */
export type MaterialSource =
  | { kind: 'data'; field: 'client-certificate-data' | 'client-key-data'; base64: string }
  | { kind: 'file'; field: 'client-certificate' | 'client-key'; /** as written */ path: string; /** against the file's directory */ resolved: string };

export interface KubeconfigUserEntry {
  name: string;
  /** Contexts that use this user, in file order. */
  contexts: string[];
  /** The current context uses this user. */
  current: boolean;
  credential: CredentialKind;
  certificate: MaterialSource | null;
  key: MaterialSource | null;
  /** Both the data and the file form are set: client-go refuses that (clientcmd validation). */
  conflicts: string[];
}

export interface KubeconfigSummary {
  currentContext: string | null;
  /** The user of the current context, when that context exists. */
  currentUser: string | null;
  users: KubeconfigUserEntry[];
}

type Fields = Record<string, unknown>;

/** A kubeconfig has `kind: Config`, or (kubectl accepts it) no kind and the three lists of one. */
export function isKubeconfig(doc: unknown): boolean {
  if (!isObject(doc)) return false;
  if (doc.kind === 'Config') return true;
  return doc.kind === undefined && ['users', 'clusters', 'contexts'].some((k) => Array.isArray(doc[k])) && doc.apiVersion !== undefined;
}

/** `kind: Config` at the top level, in YAML or JSON: cheap enough to ask of every `inspect -f` input. */
const CONFIG_KIND = /(^|\n)kind:[ \t]*["']?Config["']?[ \t]*(#.*)?\r?(\n|$)|"kind"\s*:\s*"Config"/;

export function looksLikeKubeconfig(bytes: Buffer): boolean {
  if (bytes[0] === 0x30) return false; // DER
  const text = bytes.toString('utf8');
  return !text.includes('-----BEGIN ') && CONFIG_KIND.test(text);
}

/** `file` is the kubeconfig's own path: relative references resolve against its directory, as kubectl does. */
export function summarizeKubeconfig(doc: unknown, file: string): KubeconfigSummary {
  const root = isObject(doc) ? doc : {};
  const contexts = named(root.contexts, 'context');
  const currentContext = typeof root['current-context'] === 'string' && root['current-context'] !== '' ? root['current-context'] : null;
  const current = contexts.find(([name]) => name === currentContext)?.[1];
  const currentUser = current && typeof current.user === 'string' && current.user !== '' ? current.user : null;
  const base = path.dirname(path.resolve(file));
  const seen = new Set<string>();
  const users: KubeconfigUserEntry[] = [];
  for (const [name, user] of named(root.users, 'user')) {
    if (seen.has(name)) continue; // kubectl keeps the first of two entries with one name
    seen.add(name);
    users.push({
      name,
      contexts: contexts.filter(([, c]) => c.user === name).map(([n]) => n),
      current: name === currentUser,
      credential: credentialKind(user),
      certificate: material(user, 'client-certificate-data', 'client-certificate', base),
      key: material(user, 'client-key-data', 'client-key', base),
      conflicts: (['client-certificate', 'client-key'] as const).filter((f) => nonEmpty(user[`${f}-data`]) && nonEmpty(user[f])),
    });
  }
  return { currentContext, currentUser, users };
}

function credentialKind(user: Fields): CredentialKind {
  if (nonEmpty(user['client-certificate-data']) || nonEmpty(user['client-certificate'])) return 'client-certificate';
  if (nonEmpty(user.token) || nonEmpty(user.tokenFile)) return 'token';
  if (nonEmpty(user.username) || nonEmpty(user.password)) return 'basic-auth';
  if (isObject(user.exec)) return 'exec';
  if (isObject(user['auth-provider'])) return 'auth-provider';
  return 'none';
}

function material(
  user: Fields,
  dataField: 'client-certificate-data' | 'client-key-data',
  fileField: 'client-certificate' | 'client-key',
  base: string,
): MaterialSource | null {
  const data = user[dataField];
  // client-go: the data wins over the file when both are set.
  if (nonEmpty(data)) return { kind: 'data', field: dataField, base64: data };
  const file = user[fileField];
  if (nonEmpty(file)) return { kind: 'file', field: fileField, path: file, resolved: path.isAbsolute(file) ? file : path.join(base, file) };
  return null;
}

function named(list: unknown, key: string): [string, Fields][] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((item): [string, Fields][] => {
    if (!isObject(item) || typeof item.name !== 'string' || item.name === '') return [];
    const inner = item[key];
    return [[item.name, isObject(inner) ? inner : {}]];
  });
}

function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
