// Runs the built dist/kubectl-csr as users do: a separate process, with its own environment and working directory.
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
