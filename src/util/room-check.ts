// Before a command creates a CSR it checks that the files it will write at the end can be written: a CSR approved
// for a file that then cannot be written is a certificate issued for nothing (issue 27: ENOSPC and EROFS after the
// approval). The check is the write itself, rehearsed: a file of the size to come, in the same directory, with the
// owner it will get, flushed and removed. That answers for a full disk, a quota, a read-only mount, a directory that
// is not writable (root ignores modes, not read-only mounts), and an owner the process may not give.
import { open, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CliError } from '../errors.js';
import { removeStaleTemps, tempPathFor } from './stale-temps.js';
import { fileProblem, type FileOwner } from './write-file-safely.js';

export interface PlannedWrite {
  path: string;
  /** Bytes it will hold (an estimate from above is fine). */
  size: number;
  what: string;
  owner?: FileOwner;
}

/** Writes are grouped by directory: the space they need is needed at the same time. */
export async function checkRoom(writes: PlannedWrite[], kept: string): Promise<void> {
  const byDir = new Map<string, PlannedWrite[]>();
  for (const w of writes) byDir.set(dirname(w.path), [...(byDir.get(dirname(w.path)) ?? []), w]);
  for (const [dir, group] of byDir) {
    await removeStaleTemps(dir);
    // A temporary copy exists beside the file it replaces until the rename: count both.
    const size = group.reduce((sum, w) => sum + w.size, 0) + Math.max(...group.map((w) => w.size));
    const owners = group.filter((w) => w.owner);
    await rehearse(join(dir, 'room-check'), size, group[0]!, owners, kept);
  }
}

async function rehearse(base: string, size: number, first: PlannedWrite, owners: PlannedWrite[], kept: string): Promise<void> {
  const probe = tempPathFor(base);
  let doing: PlannedWrite = first;
  try {
    const handle = await open(probe, 'wx', 0o600);
    try {
      await handle.writeFile(Buffer.alloc(size));
      await handle.sync();
      for (const w of owners) {
        doing = w;
        await handle.chown(w.owner!.uid, w.owner!.gid);
      }
    } finally {
      await handle.close();
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if ((code === 'EPERM' || code === 'EINVAL') && doing.owner) {
      throw new CliError(
        `${doing.path}: cannot give the new ${doing.what} the owner of the one it replaces (uid ${doing.owner.uid}, gid ${doing.owner.gid}) ` +
          `as uid ${process.getuid?.()}: it would lock its owner out; run this as that user or as root; ${kept}`,
      );
    }
    throw new CliError(`${first.path}: cannot write ${first.what}: ${fileProblem(err, first.path)}; ${kept}`);
  } finally {
    await unlink(probe).catch(() => {});
  }
}
