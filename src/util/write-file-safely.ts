// Writes keys, certificates and kubeconfigs so that nothing is lost: a temporary file in the same directory
// (created exclusively, with its final mode from the start), flushed to disk, then put in place in one step.
// Without overwrite the final step is link(2), which fails if the name exists, so a key is never clobbered,
// not even by a race. An interrupted write leaves at most a ".NAME.tmp-*" file, never a half-written NAME.
import { open, link, rename, unlink, stat } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { CliError } from '../errors.js';

export interface WriteOptions {
  /** 0o600 for keys and kubeconfigs, 0o644 for certificates. */
  mode: number;
  overwrite: boolean;
  /** What the file is, for messages: "private key", "certificate", "kubeconfig". */
  what: string;
}

export class FileExistsError extends CliError {
  constructor(path: string, what: string) {
    super(`${path}: ${what} already exists; pass --overwrite to replace it`);
    this.name = 'FileExistsError';
  }
}

export async function writeFileSafely(path: string, data: string | Buffer, opts: WriteOptions): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.tmp-${randomBytes(6).toString('hex')}`);
  try {
    const handle = await open(tmp, 'wx', opts.mode);
    try {
      await handle.writeFile(data);
      await handle.chmod(opts.mode); // the umask may have narrowed it; never widened beyond opts.mode
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (opts.overwrite) {
      await rename(tmp, path);
    } else {
      await link(tmp, path);
      await unlink(tmp);
    }
  } catch (err) {
    await unlink(tmp).catch(() => {});
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new FileExistsError(path, opts.what);
    if (code === 'ENOENT') throw new CliError(`${path}: cannot write ${opts.what}: directory ${dirname(path)} does not exist`);
    if (code === 'EACCES' || code === 'EPERM') throw new CliError(`${path}: cannot write ${opts.what}: permission denied`);
    throw err;
  }
}

/** Fails early, before anything is generated or sent, when a file would be clobbered. */
export async function ensureAbsent(path: string, what: string, overwrite: boolean): Promise<void> {
  if (overwrite) return;
  try {
    await stat(path);
  } catch {
    return;
  }
  throw new FileExistsError(path, what);
}
