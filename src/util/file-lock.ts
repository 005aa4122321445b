// One writer at a time for a file: FILE.lock beside it, created exclusively, the name kubectl's own kubeconfig edits
// use (client-go clientcmd lockFile: FILE + ".lock", O_CREATE|O_EXCL), so `kubectl config set` and renew also keep
// out of each other's way. Ours says who holds it (PID, host, the process's start time), so a lock whose holder is
// gone is taken over instead of blocking every later run (issue 27: two cron renews that overlap).
import { hostname } from 'node:os';
import { open, readFile, stat, unlink } from 'node:fs/promises';
import { unlinkSync } from 'node:fs';
import { CliError } from '../errors.js';
import { processAlive, processStartTicks } from './stale-temps.js';
import { sleep } from './sleep.js';
import { fileProblem } from './write-file-safely.js';

/** kubectl holds its (empty) lock for milliseconds: one this old was left by a kubectl that died. */
const FOREIGN_LOCK_AGE_MS = 60_000;
/** The take-over of a stale lock takes microseconds; a breaker this old was killed mid-way. */
const BREAKER_AGE_MS = 10_000;

export class LockHeldError extends CliError {
  constructor(file: string, holder: string, kept: string) {
    super(`${file}.lock exists: ${holder}; ${kept}`);
    this.name = 'LockHeldError';
  }
}

interface Holder {
  pid: number;
  host: string;
  started: string | null;
}

export interface Lock {
  path: string;
  /** Why a lock left behind was taken over, for a progress line; null when there was none. */
  tookOver: string | null;
  release(): Promise<void>;
}

/** Takes FILE.lock or throws LockHeldError; `kept` says what the refusal left as it was. */
export async function lockFile(file: string, what: string, kept: string): Promise<Lock> {
  const path = `${file}.lock`;
  const me: Holder = { pid: process.pid, host: hostname(), started: processStartTicks(process.pid) };
  const content = `${what} pid=${me.pid} host=${me.host} started=${me.started ?? '-'}\n`;
  let tookOver: string | null = null;
  for (let attempt = 0; attempt < 3; attempt++) {
    if (await createExclusive(path, content, kept)) return heldLock(path, content, tookOver);
    const seen = await settledContent(path);
    if (seen === null) continue; // released between our create and our read
    const why = await staleReason(path, seen, me.host);
    if (why === null) throw new LockHeldError(file, holderText(seen, true), kept);
    await breakStale(path, seen, kept);
    tookOver = `took over ${path}, left by ${holderText(seen, false)}: ${why}`;
  }
  throw new LockHeldError(file, 'another process keeps taking it', kept);
}

/**
 * The lock's content, or null once it is gone. A renew creates its lock empty and writes its holder line a moment
 * later (createExclusive), so an empty lock is read again for up to 100 ms before it is taken for kubectl's, which
 * stays empty: two renews racing read each other between the two steps (renew-race.test.ts saw it).
 */
async function settledContent(path: string): Promise<string | null> {
  let seen = await readFile(path, 'utf8').catch(() => null);
  for (let i = 0; seen === '' && i < 5; i++) {
    await sleep(20);
    seen = await readFile(path, 'utf8').catch(() => null);
  }
  return seen;
}

function heldLock(path: string, content: string, tookOver: string | null): Lock {
  // Ctrl-C or SIGTERM while waiting for the certificate would otherwise leave the lock to the next run's take-over.
  const onSignal = (signal: NodeJS.Signals) => {
    releaseSync();
    process.kill(process.pid, signal);
  };
  const releaseSync = () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    try {
      unlinkSync(path);
    } catch {
      // already gone
    }
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return {
    path,
    tookOver,
    release: async () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      // Only our own lock: a take-over by someone else (we were stopped for long) is theirs now.
      if ((await readFile(path, 'utf8').catch(() => null)) === content) await unlink(path).catch(() => {});
    },
  };
}

async function createExclusive(path: string, content: string, kept: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(path, 'wx', 0o644);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new CliError(`${path}: cannot create the lock: ${fileProblem(err, path)}; ${kept}`);
  }
  try {
    await handle.writeFile(content);
  } catch (err) {
    // A full disk has room for the name but not the content: an empty lock would read as kubectl's.
    await unlink(path).catch(() => {});
    throw new CliError(`${path}: cannot create the lock: ${fileProblem(err, path)}; ${kept}`);
  } finally {
    await handle.close();
  }
  return true;
}

/** Why the lock may be taken over, or null while its holder may be working. */
export async function staleReason(path: string, content: string, host: string): Promise<string | null> {
  const holder = parseHolder(content);
  if (!holder) {
    const age = Date.now() - ((await stat(path).catch(() => null))?.mtimeMs ?? Date.now());
    return age > FOREIGN_LOCK_AGE_MS ? `left ${Math.round(age / 1000)}s ago` : null;
  }
  if (holder.host !== host) return null; // another machine's process: we cannot tell whether it runs
  if (!processAlive(holder.pid)) return `process ${holder.pid} is gone`;
  if (holder.started && processStartTicks(holder.pid) !== holder.started) return `process ${holder.pid} is another process now`;
  return null;
}

export function parseHolder(content: string): Holder | null {
  const m = /\bpid=(\d+) host=(\S+) started=(\S+)/.exec(content);
  if (!m) return null;
  return { pid: Number(m[1]), host: m[2]!, started: m[3] === '-' ? null : m[3]! };
}

function holderText(content: string, working: boolean): string {
  const holder = parseHolder(content);
  if (!holder) return working ? 'another program (kubectl config?) is changing the file; try again in a moment, or remove the lock if none is' : 'another program';
  const who = `${content.split(' pid=')[0]} (process ${holder.pid} on ${holder.host})`;
  return working ? `another ${who} is at work on it` : who;
}

/**
 * Two processes may find the same stale lock: the one that takes FILE.lock.break removes it, and only if it still
 * holds what was found stale, so a fresh lock taken in between is never removed.
 */
async function breakStale(path: string, seen: string, kept: string): Promise<void> {
  const breaker = `${path}.break`;
  const age = Date.now() - ((await stat(breaker).catch(() => null))?.mtimeMs ?? Date.now());
  if (age > BREAKER_AGE_MS) await unlink(breaker).catch(() => {});
  if (!(await createExclusive(breaker, `pid=${process.pid}\n`, kept))) {
    await new Promise((r) => setTimeout(r, 50));
    return;
  }
  try {
    if ((await readFile(path, 'utf8').catch(() => null)) === seen) await unlink(path).catch(() => {});
  } finally {
    await unlink(breaker).catch(() => {});
  }
}
