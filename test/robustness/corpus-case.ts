// One corpus case through the built binary: the exact exit code and the exact stderr line, and what every bad input
// must also give (docs/commands.md "Output and exit codes"): at most one line on stderr, no stack trace, an answer within
// TIME_BOUND_MS and a peak RSS under RSS_BOUND_KIB.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Test } from 'tap';
import { runMeasured, type MeasuredResult } from './run-measured.js';

export const TIME_BOUND_MS = 10_000;
export const RSS_BOUND_KIB = 300 * 1024;

export interface CorpusCase {
  /** Arguments after `kubectl csr`. */
  args: string[];
  code: number;
  /** The whole of stderr: "" or one "error: ..." line. */
  stderr: string;
  /** For cases that succeed: what stdout must show. */
  stdout?: RegExp;
  input?: string | Buffer;
}

export interface CaseOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export async function checkCase(t: Test, name: string, c: CorpusCase, opts: CaseOptions): Promise<MeasuredResult> {
  const r = await runMeasured(c.args, { cwd: opts.cwd, env: opts.env, input: c.input, timeoutMs: 3 * TIME_BOUND_MS });
  t.equal(r.code, c.code, `${name}: exit code`);
  t.equal(r.stderr, c.stderr, `${name}: stderr`);
  t.notMatch(r.stderr, /\n\s+at /, `${name}: no stack trace`);
  t.ok(r.stderr.split('\n').length <= 2, `${name}: at most one line on stderr`);
  if (c.stdout) t.match(r.stdout, c.stdout, `${name}: stdout`);
  else t.equal(r.stdout, '', `${name}: nothing on stdout`);
  t.ok(r.ms < TIME_BOUND_MS, `${name}: answered in ${Math.round(r.ms)} ms`);
  t.ok(r.maxRssKiB > 0 && r.maxRssKiB < RSS_BOUND_KIB, `${name}: peak RSS ${Math.round(r.maxRssKiB / 1024)} MiB`);
  return r;
}

/**
 * A kubeconfig whose server is 127.0.0.1:1, where nothing listens: a command that gets past its input reports that
 * it cannot connect, so the input errors the tests expect prove that nothing was sent.
 */
export function unreachableKubeconfig(dir: string): string {
  const path = join(dir, 'unreachable.kubeconfig');
  if (!existsSync(path)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      path,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters: [{name: c, cluster: {server: "https://127.0.0.1:1", insecure-skip-tls-verify: true}}]',
        'users: [{name: u, user: {token: not-a-secret}}]',
        'contexts: [{name: x, context: {cluster: c, user: u}}]',
        'current-context: x',
        '',
      ].join('\n'),
    );
  }
  return path;
}
