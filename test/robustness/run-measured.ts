// Runs the built dist/kubectl-csr under GNU time (Debian package "time"), which reports the child's peak resident
// set size from wait4(2): the real high-water mark of the process, however briefly it was reached.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN } from '../helpers/run-cli.js';

export const GNU_TIME = '/usr/bin/time';

export interface MeasuredResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Wall-clock time from spawn to exit. */
  ms: number;
  /** Peak resident set size of the kubectl-csr process, in KiB. */
  maxRssKiB: number;
}

export interface MeasuredOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  input?: string | Buffer;
  /** Killed after this long (SIGKILL); the result then has code null. */
  timeoutMs?: number;
}

export function runMeasured(args: string[], opts: MeasuredOptions): Promise<MeasuredResult> {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run npm run build first`);
  if (!existsSync(GNU_TIME)) throw new Error(`${GNU_TIME} is missing: install the Debian package "time"`);
  const dir = mkdtempSync(join(tmpdir(), 'kubectl-csr-rss-'));
  const report = join(dir, 'rss');
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(GNU_TIME, ['-f', '%M', '-o', report, BIN, ...args], {
      cwd: opts.cwd,
      env: { PATH: process.env.PATH, HOME: opts.cwd, ...opts.env },
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true, // its own process group, so that a timeout kills kubectl-csr and not only time(1)
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      // GNU time exits with the child's code, and writes "Command exited with non-zero status N" before the number.
      const lines = existsSync(report) ? readFileSync(report, 'utf8').trim().split('\n') : [];
      rmSync(dir, { recursive: true, force: true });
      resolve({ code: signal ? null : code, stdout, stderr, ms, maxRssKiB: Number(lines.at(-1)) || 0 });
    });
    child.stdin.on('error', () => {}); // a command that fails before reading stdin closes it early
    child.stdin.end(opts.input ?? '');
  });
}
