// Writes keys, certificates and kubeconfigs so that nothing is lost: a temporary file in the same directory
// (created exclusively, mode 0600 while it is written), flushed to disk, then put in place in one step.
// Without overwrite the final step is link(2), which fails if the name exists, so a key is never clobbered,
// not even by a race. An interrupted write leaves at most a ".NAME.tmp-PID-*" file, never a half-written NAME, and
// the next write into that directory removes it (stale-temps.ts).
import { open, link, rename, unlink, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { CliError } from '../errors.js';
import { removeStaleTemps, tempPathFor } from './stale-temps.js';

export interface FileOwner {
  uid: number;
  gid: number;
}

export interface WriteOptions {
  /** 0o600 for keys and kubeconfigs, 0o644 for certificates; renew passes the mode of the file it replaces. */
  mode: number;
  overwrite: boolean;
  /** What the file is, for messages: "private key", "certificate", "kubeconfig". */
  what: string;
  /** Given: the file gets this owner and group (renew, run by root on someone else's kubeconfig). */
  owner?: FileOwner;
  /** What a failure leaves as it was, for the message: "the kubeconfig jane.kubeconfig is unchanged". */
  kept?: string;
}

export class FileExistsError extends CliError {
  constructor(path: string, what: string, hint = 'pass --overwrite to replace it') {
    super(`${path}: ${what} already exists; ${hint}`);
    this.name = 'FileExistsError';
  }
}

export async function writeFileSafely(path: string, data: string | Buffer, opts: WriteOptions): Promise<void> {
  await removeStaleTemps(dirname(path));
  const tmp = tempPathFor(path);
  try {
    // 0600 until the content is complete and the owner set: a key is never readable by others on the way.
    const handle = await open(tmp, 'wx', 0o600);
    try {
      await handle.writeFile(data);
      if (opts.owner) await handle.chown(opts.owner.uid, opts.owner.gid);
      await handle.chmod(opts.mode); // after chown, which may clear set-id bits; the umask does not apply to chmod
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
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new FileExistsError(path, opts.what);
    throw new CliError(`${path}: cannot write ${opts.what}: ${fileProblem(err, path)}${opts.kept ? `; ${opts.kept}` : ''}`);
  }
}

/** A failed write or probe in words a user can act on, naming the directory where that is the problem. */
export function fileProblem(err: unknown, path: string): string {
  const code = (err as NodeJS.ErrnoException).code;
  const dir = dirname(path) === '.' ? 'the current directory' : dirname(path);
  switch (code) {
    case 'ENOENT':
      return `directory ${dir} does not exist`;
    case 'EACCES':
    case 'EPERM':
      return `permission denied in ${dir}`;
    case 'ENOSPC':
      return `no space left on the device of ${dir}`;
    case 'EDQUOT':
      return `disk quota exceeded in ${dir}`;
    case 'EROFS':
      return `${dir} is on a read-only file system`;
    default:
      return code ? `${code} (${(err as Error).message})` : String(err);
  }
}

/** Fails early, before anything is generated or sent, when a file would be clobbered. */
export async function ensureAbsent(path: string, what: string, overwrite: boolean, hint?: string): Promise<void> {
  if (overwrite) return;
  try {
    await stat(path);
  } catch {
    return;
  }
  throw new FileExistsError(path, what, hint);
}
