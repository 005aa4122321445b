// Runs the built dist/kubectl-csr as users do: a separate process, with its own environment and working directory.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { run, type RunOptions, type RunResult } from '../package/run.js';

export const BIN = fileURLToPath(new URL('../../dist/kubectl-csr', import.meta.url));

export type CliResult = RunResult;

export interface CliOptions extends Omit<RunOptions, 'input'> {
  input?: string | Buffer;
}

/** PATH and HOME come from the test process; everything else from opts.env. */
export function runCli(args: string[], opts: CliOptions = {}): Promise<CliResult> {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run npm run build first`);
  return run(BIN, args, { ...opts, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...opts.env } });
}

export interface RunningCli {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  exited: Promise<number | null>;
}

/** Starts the binary and leaves it running (a watch): its output so far, and its exit code when it ends. */
export function startCli(args: string[], opts: { cwd: string; env: Record<string, string> }): RunningCli {
  const child = spawn(BIN, args, { cwd: opts.cwd, env: { PATH: process.env.PATH, ...opts.env } });
  let out = '';
  let err = '';
  child.stdout.on('data', (c) => (out += c));
  child.stderr.on('data', (c) => (err += c));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, out: () => out, err: () => err, exited };
}
