// The temporary files that writeFileSafely and the room check make beside a target: ".NAME.tmp-PID-HEX". The PID in
// the name lets the next write into the same directory remove the leftovers of a process that was killed (SIGKILL,
// a power cut) before it could clean up; such a file may hold a whole private key (issue 27).
import { readFileSync } from 'node:fs';
import { lstat, readdir, unlink } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

const TEMP = /^\..+\.tmp-(\d+)-[0-9a-f]{12}$/;
/** No write takes this long: an older temporary file is a leftover whatever its PID says (a PID gets reused). */
const LEFTOVER_AGE_MS = 3600_000;

export function tempPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
}

/** Removes this directory's temporary files left by processes that are gone; returns their names. */
export async function removeStaleTemps(dir: string, now = Date.now()): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return []; // the write itself reports a directory it cannot use
  }
  const removed: string[] = [];
  for (const name of names) {
    const pid = Number(TEMP.exec(name)?.[1]);
    if (!pid || pid === process.pid) continue;
    const path = join(dir, name);
    const info = await lstat(path).catch(() => null);
    if (!info?.isFile()) continue;
    if (processAlive(pid) && now - info.mtimeMs < LEFTOVER_AGE_MS) continue;
    if (await unlink(path).then(() => true, () => false)) removed.push(name);
  }
  return removed;
}

/** Whether a process with this PID exists on this machine (EPERM: it exists, and belongs to someone else). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * When the process started, in clock ticks since boot (field 22 of /proc/PID/stat), or null where there is no /proc:
 * with the PID it names one process, not whichever process gets the PID next.
 */
export function processStartTicks(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count from the last ")".
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

