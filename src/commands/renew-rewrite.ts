// renew's final step: the new certificate (and key) into the kubeconfig, in one atomic rename, with the owner, group
// and mode the file had (renew is run by root from cron on files that other accounts own: issue 27). Embedded data
// is replaced in place; for file references the new files are written beside the old ones (never over an existing
// file), each with its predecessor's owner and mode, and the references updated. If anything fails, the files this
// step wrote are removed again and the kubeconfig is as it was. checkRewrite rehearses these writes before any CSR.
import type { KeyObject } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Document } from 'yaml';
import { CliError } from '../errors.js';
import { writeFileSafely, type FileOwner } from '../util/write-file-safely.js';
import { checkRoom, type PlannedWrite } from '../util/room-check.js';
import { editUserFields, type UserFieldChanges } from '../kube/kubeconfig-edit.js';
import type { KubeconfigUserEntry, MaterialSource } from '../kube/kubeconfig-users.js';
import { privateKeyToPem } from '../pki/private-key.js';

/** Upper bounds of what renew writes: a certificate's PEM, an RSA 4096 key's PEM, and both in base64 in YAML. */
const CERTIFICATE_BYTES = 4096;
const KEY_BYTES = 4096;
const EMBEDDED_GROWTH = 2 * (CERTIFICATE_BYTES + KEY_BYTES);

export interface RewriteTarget {
  /** As the user named it, for messages. */
  file: string;
  /** Where it lives: a symlinked kubeconfig is rewritten there. */
  target: string;
  entry: KubeconfigUserEntry;
  /** The kubeconfig's length now. */
  size: number;
  backup: boolean;
  /** Whether the new key is written (not --reuse-key). */
  newKey: boolean;
}

export interface RewriteParams extends RewriteTarget {
  /** The bytes read at the start: if the file changed meanwhile, it is not touched. */
  original: Buffer;
  text: string;
  doc: Document;
  certificatePem: string;
  /** null: the key stays (--reuse-key). */
  key: KeyObject | null;
  /** Suffix of new certificate and key file names (20261129231500). */
  stamp: string;
  csrName: string;
}

interface Kept {
  owner: FileOwner;
  mode: number;
}

/** Before the CSR: every file the rewrite will write can be written, with the owner it must get. */
export async function checkRewrite(t: RewriteTarget, stamp: string): Promise<void> {
  const writes: PlannedWrite[] = [];
  const self = await keptOf(t.target);
  for (const f of await referencedFiles(t, stamp)) writes.push({ path: f.path, size: f.field === 'client-key' ? KEY_BYTES : CERTIFICATE_BYTES, what: f.what, owner: f.kept.owner });
  if (t.backup) writes.push({ path: `${t.target}.bak`, size: t.size, what: 'backup', owner: self.owner });
  writes.push({ path: t.target, size: t.size + EMBEDDED_GROWTH, what: 'kubeconfig', owner: self.owner });
  await checkRoom(writes, `nothing was sent, and the kubeconfig ${t.file} is unchanged`);
}

/** Returns one progress line per file written. */
export async function rewriteKubeconfig(p: RewriteParams): Promise<string[]> {
  const kept = `the kubeconfig ${p.file} is unchanged (the new certificate is in CSR "${p.csrName}")`;
  const now = await readFile(p.target);
  if (!now.equals(p.original)) throw new CliError(`${p.file} changed while renew waited, so it is left as it is (the new certificate is in CSR "${p.csrName}")`);
  const self = await keptOf(p.target);
  const changes: UserFieldChanges = {};
  const files: { path: string; data: string; what: string; kept: Kept }[] = [];
  const pems = { 'client-certificate': p.certificatePem, 'client-key': p.key ? privateKeyToPem(p.key) : null };
  for (const source of [p.entry.certificate!, ...(p.key ? [p.entry.key!] : [])]) {
    if (source.kind === 'data') changes[source.field] = Buffer.from(pems[baseField(source.field)]!).toString('base64');
  }
  for (const f of await referencedFiles(p, p.stamp)) {
    files.push({ path: f.path, data: pems[f.field]!, what: f.what, kept: f.kept });
    // The reference is written the way the old one was: relative stays relative (to the kubeconfig's directory).
    changes[f.field] = path.isAbsolute(f.source.path) ? f.path : path.join(path.dirname(f.source.path), path.basename(f.path));
  }
  // Before anything is written: an entry that cannot be edited in place fails here.
  const text = editUserFields(p.text, p.doc, p.entry.name, changes);

  const written: string[] = [];
  const lines: string[] = [];
  try {
    for (const f of files) {
      await writeFileSafely(f.path, f.data, { ...f.kept, overwrite: false, what: f.what, kept });
      written.push(f.path);
      lines.push(`wrote ${f.what} to ${f.path} (${modeText(f.kept)})`);
    }
    if (p.backup) {
      await writeFileSafely(`${p.target}.bak`, p.original, { ...self, overwrite: true, what: 'backup', kept });
      lines.push(`kept the previous kubeconfig as ${p.target}.bak (${modeText(self)})`);
    }
    await writeFileSafely(p.target, text, { ...self, overwrite: true, what: 'kubeconfig', kept });
  } catch (err) {
    await Promise.all(written.map((f) => unlink(f).catch(() => {})));
    throw err;
  }
  return lines;
}

/** The new files beside the referenced ones, each to get its predecessor's owner and mode. */
async function referencedFiles(t: RewriteTarget, stamp: string) {
  const sources = [t.entry.certificate!, ...(t.newKey ? [t.entry.key!] : [])].filter((s): s is Extract<MaterialSource, { kind: 'file' }> => s.kind === 'file');
  return Promise.all(
    sources.map(async (source) => ({
      source,
      field: source.field,
      path: sibling(source.resolved, stamp),
      what: source.field === 'client-key' ? 'private key' : 'certificate',
      kept: await keptOf(source.resolved),
    })),
  );
}

function baseField(field: 'client-certificate-data' | 'client-key-data' | 'client-certificate' | 'client-key'): 'client-certificate' | 'client-key' {
  return field.startsWith('client-key') ? 'client-key' : 'client-certificate';
}

async function keptOf(file: string): Promise<Kept> {
  const s = await stat(file);
  return { owner: { uid: s.uid, gid: s.gid }, mode: s.mode & 0o777 };
}

function modeText(k: Kept): string {
  return `mode ${k.mode.toString(8).padStart(4, '0')}, uid ${k.owner.uid}, gid ${k.owner.gid}`;
}

/**
 * certs/jane.crt → certs/jane-20261129231500.crt; an earlier renewal's stamp is replaced, not stacked, and a name
 * already taken (two renewals within a second) gets -2, -3… (the write itself never replaces a file either).
 */
export function sibling(file: string, stamp: string): string {
  const ext = path.extname(file);
  const stem = path.basename(file, ext).replace(/-\d{14}(-\d+)?$/, '');
  for (let n = 1; ; n++) {
    const candidate = path.join(path.dirname(file), `${stem}-${stamp}${n > 1 ? `-${n}` : ''}${ext}`);
    if (!existsSync(candidate)) return candidate;
  }
}
