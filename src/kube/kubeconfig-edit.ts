// Rewrites the certificate and key fields of one user entry of a kubeconfig, and nothing else: every other byte of
// the file (clusters, contexts, other users, comments, quoting, key order, blank lines) stays as it was.
//
// A parse-and-dump round trip would re-indent, re-quote, re-wrap and drop comments. Instead the `yaml` package's
// parser tells where each value sits in the text (node.range), and only those spans are replaced. The values are
// scalars (base64 or paths), so a span is always one scalar token.
import { isAlias, isMap, isScalar, isSeq, parseDocument, type Document, type Scalar } from 'yaml';
import { KubeconfigError } from './kubeconfig-error.js';

export type UserField = 'client-certificate-data' | 'client-key-data' | 'client-certificate' | 'client-key';

/** The new value of each field to change; each must already be present in the entry. */
export type UserFieldChanges = Partial<Record<UserField, string>>;

/** Parses a kubeconfig's text; errors in Go's words, as kubectl reports a broken file. */
export function parseKubeconfigText(text: string, file: string): { doc: Document; value: unknown } {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  const problem = doc.errors[0];
  if (problem) {
    const line = text.slice(0, problem.pos[0]).split('\n').length;
    throw new KubeconfigError(`error loading config file "${file}": yaml: line ${line}: ${problem.message.split('\n')[0]}`);
  }
  return { doc, value: doc.toJS({ maxAliasCount: 100 }) };
}

/** The text with the user's fields replaced, or a KubeconfigError saying why this entry cannot be edited in place. */
export function editUserFields(text: string, doc: Document, userName: string, changes: UserFieldChanges): string {
  const user = userMap(doc, userName);
  const edits: { start: number; end: number; replacement: string }[] = [];
  for (const [field, value] of Object.entries(changes) as [UserField, string][]) {
    const pair = user.items.find((p) => isScalar(p.key) && p.key.value === field);
    if (!pair) throw new KubeconfigError(`user "${userName}" has no ${field} to replace`);
    if (isAlias(pair.value) || !isScalar(pair.value) || pair.value.anchor) {
      throw new KubeconfigError(`user "${userName}": ${field} is not a plain value (a YAML alias or anchor); edit the file by hand`);
    }
    const node = pair.value;
    const [start, end] = node.range!;
    edits.push({ start, end, replacement: scalarText(value, node, text.slice(start, end)) });
  }
  // From the end, so that earlier offsets stay valid.
  edits.sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of edits) out = out.slice(0, e.start) + e.replacement + out.slice(e.end);
  return out;
}

function userMap(doc: Document, userName: string) {
  if (!isMap(doc.contents)) throw new KubeconfigError('not a kubeconfig: the document is not a map');
  const users = doc.contents.get('users', true);
  if (!isSeq(users)) throw new KubeconfigError(`user "${userName}" not found`);
  for (const item of users.items) {
    if (!isMap(item) || item.get('name') !== userName) continue;
    const user = item.get('user', true);
    if (!isMap(user)) throw new KubeconfigError(`user "${userName}" is not a map, or is a YAML alias; edit the file by hand`);
    return user;
  }
  throw new KubeconfigError(`user "${userName}" not found`);
}

/** The new value written the way the old one was: plain, single- or double-quoted; block scalars become plain. */
function scalarText(value: string, node: Scalar, old: string): string {
  const trailingNewline = old.endsWith('\n') ? '\n' : '';
  switch (node.type) {
    case 'QUOTE_SINGLE':
      return `'${value.replaceAll("'", "''")}'`;
    case 'QUOTE_DOUBLE':
      return JSON.stringify(value);
    default:
      return (safePlain(value) ? value : JSON.stringify(value)) + trailingNewline;
  }
}

/**
 * Base64 and ordinary paths are safe unquoted, also inside flow collections; anything that YAML could read as
 * another type or another token is double-quoted instead (JSON strings are valid YAML double-quoted scalars).
 */
function safePlain(value: string): boolean {
  if (!/^[A-Za-z0-9_./+=~-][A-Za-z0-9_./+=~@ -]*$/.test(value) || value.endsWith(' ')) return false;
  if (/^[-+]?(\d|\.\d)/.test(value) || /^(true|false|null|yes|no|on|off|~)$/i.test(value)) return false;
  return !value.startsWith('- ') && !value.startsWith('-') && !value.includes(' #');
}
