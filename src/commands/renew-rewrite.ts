// renew's final step: the new certificate (and key) into the kubeconfig, in one atomic rename, mode 0600.
// Embedded data is replaced in place; for file references the new files are written beside the old ones (never over
// an existing file) and the references updated. If anything fails, the files this step wrote are removed again and the
// kubeconfig is as it was.
import type { KeyObject } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, realpath, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Document } from 'yaml';
import { CliError } from '../errors.js';
import { writeFileSafely } from '../util/write-file-safely.js';
import { editUserFields, type UserFieldChanges } from '../kube/kubeconfig-edit.js';
import type { KubeconfigUserEntry, MaterialSource } from '../kube/kubeconfig-users.js';
import { privateKeyToPem } from '../pki/private-key.js';

export interface RewriteParams {
  file: string;
  /** The bytes read at the start: if the file changed meanwhile, it is not touched. */
  original: Buffer;
  text: string;
  doc: Document;
  entry: KubeconfigUserEntry;
  certificatePem: string;
  /** null: the key stays (--reuse-key). */
  newKey: KeyObject | null;
  backup: boolean;
  /** Suffix of new certificate and key file names (20261129231500). */
  stamp: string;
  csrName: string;
}

/** Returns one progress line per file written. */
export async function rewriteKubeconfig(p: RewriteParams): Promise<string[]> {
  const target = await realpath(p.file); // a symlinked kubeconfig is rewritten where it lives
  const now = await readFile(target);
  if (!now.equals(p.original)) {
    throw new CliError(`${p.file} changed while renew waited, so it is left as it is (the new certificate is in CSR "${p.csrName}")`);
  }
  const files: { path: string; data: string; mode: number; what: string }[] = [];
  const changes: UserFieldChanges = {};
  place(p.entry.certificate!, p.certificatePem, 'certificate', 0o644);
  if (p.newKey) place(p.entry.key!, privateKeyToPem(p.newKey), 'private key', 0o600);
  // Before anything is written: an entry that cannot be edited in place fails here.
  const text = editUserFields(p.text, p.doc, p.entry.name, changes);

  const written: string[] = [];
  const lines: string[] = [];
  try {
    for (const f of files) {
      await writeFileSafely(f.path, f.data, { mode: f.mode, overwrite: false, what: f.what });
      written.push(f.path);
      lines.push(`wrote ${f.what} to ${f.path}${f.mode === 0o600 ? ' (mode 0600)' : ''}`);
    }
    if (p.backup) {
      await writeFileSafely(`${target}.bak`, p.original, { mode: 0o600, overwrite: true, what: 'backup' });
      lines.push(`kept the previous kubeconfig as ${target}.bak (mode 0600)`);
    }
    await writeFileSafely(target, text, { mode: 0o600, overwrite: true, what: 'kubeconfig' });
  } catch (err) {
    await Promise.all(written.map((f) => unlink(f).catch(() => {})));
    throw err;
  }
  return lines;

  function place(source: MaterialSource, pem: string, what: string, mode: number): void {
    const base64 = Buffer.from(pem).toString('base64');
    if (source.kind === 'data') {
      changes[source.field] = base64;
      return;
    }
    const next = sibling(source.resolved, p.stamp);
    files.push({ path: next, data: pem, mode, what });
    // The reference is written the way the old one was: relative stays relative (to the kubeconfig's directory).
    changes[source.field] = path.isAbsolute(source.path) ? next : path.join(path.dirname(source.path), path.basename(next));
  }
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
