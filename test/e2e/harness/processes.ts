// Child processes of the control plane: each in its own process group (detached), logged to a file, and killed
// as a group, so that nothing outlives the test run.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

export interface Managed {
  name: string;
  child: ChildProcess;
  log: string;
}

export function startProcess(name: string, command: string, args: string[], log: string): Managed {
  const fd = openSync(log, 'a');
  const child = spawn(command, args, { detached: true, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  child.on('error', () => {}); // reported through exitCode and the log; spawn errors surface in waitReady
  return { name, child, log };
}

/** SIGTERM to the process group, then SIGKILL if it has not gone within the grace period. */
export async function stopProcess(p: Managed, graceMs = 5000): Promise<void> {
  const pid = p.child.pid;
  if (pid === undefined || p.child.exitCode !== null || p.child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => p.child.once('exit', () => resolve()));
  signalGroup(pid, 'SIGTERM');
  const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), graceMs).unref());
  if ((await Promise.race([exited, timer])) === 'timeout') {
    signalGroup(pid, 'SIGKILL');
    await exited;
  }
}

/** Synchronous last resort for process 'exit' handlers, where nothing can be awaited. */
export function killNow(p: Managed): void {
  if (p.child.pid !== undefined && p.child.exitCode === null) signalGroup(p.child.pid, 'SIGKILL');
}

/** Signals the process's group (by pid, never by name); nothing happens when it is gone. */
export function signalGroup(p: Managed | number, signal: NodeJS.Signals): void {
  const pid = typeof p === 'number' ? p : p.child.pid;
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

export function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Runs `cleanup` when this process exits, also on Ctrl-C, SIGTERM and SIGHUP (then with exit code 130). */
export function onExit(cleanup: () => void): void {
  process.on('exit', cleanup);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      cleanup();
      process.exit(130);
    });
  }
}
