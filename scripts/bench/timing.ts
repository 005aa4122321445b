// How long a command takes and how much memory it peaks at: hyperfine for commands that can run again and again
// unchanged, one timed run at a time for the ones that need fresh cluster state before each run, and GNU time for
// the peak RSS. Every figure is a median over real runs.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Tools } from './tools.js';

export interface Command {
  /** What the table calls it. */
  name: string;
  argv: string[];
}

export interface Where {
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export interface Timing {
  /** Milliseconds. */
  median: number;
  runs: number;
  /** CPU milliseconds (user + system), a median or mean over the runs; less sensitive to a busy machine. */
  cpu: number | null;
  /** KiB, the median over its own runs; null without GNU time. */
  peakRssKib: number | null;
}

export const median = (values: number[]): number => {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** Runs every command `runs` times (after `warmup`), then `rssRuns` times under GNU time. */
export function timeCommands(
  commands: Command[],
  where: Where,
  opts: { runs: number; warmup: number; rssRuns: number; tools: Tools; log: (line: string) => void },
): Map<string, Timing> {
  const times = opts.tools.hyperfine ? withHyperfine(opts.tools.hyperfine, commands, where, opts) : withNode(commands, where, opts);
  const out = new Map<string, Timing>();
  for (const c of commands) {
    const rss = opts.tools.gnuTime ? Array.from({ length: opts.rssRuns }, () => peakRssOnce(opts.tools.gnuTime!, c.argv, where)) : [];
    out.set(c.name, { ...times.get(c.name)!, peakRssKib: rss.length ? median(rss) : null });
  }
  return out;
}

function withHyperfine(
  hyperfine: string,
  commands: Command[],
  where: Where,
  opts: { runs: number; warmup: number; log: (line: string) => void },
): Map<string, Omit<Timing, 'peakRssKib'>> {
  const dir = mkdtempSync(join(tmpdir(), 'kubectl-csr-bench-'));
  try {
    const json = join(dir, 'hyperfine.json');
    const args = ['-N', '--style', 'basic', '--warmup', String(opts.warmup), '--runs', String(opts.runs), '--export-json', json];
    for (const c of commands) args.push('-n', c.name, c.argv.map(shellQuote).join(' '));
    // Progress goes to stderr: stdout is the benchmark's table.
    execFileSync(hyperfine, args, { env: where.env, cwd: where.cwd, stdio: ['ignore', 2, 2] });
    const results = JSON.parse(readFileSync(json, 'utf8')).results as { command: string; times: number[]; user: number; system: number }[];
    return new Map(
      results.map((r) => [r.command, { median: median(r.times) * 1000, runs: r.times.length, cpu: (r.user + r.system) * 1000 }]),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The fallback without hyperfine: the same protocol, timed from spawn to exit. */
function withNode(commands: Command[], where: Where, opts: { runs: number; warmup: number; log: (line: string) => void }): Map<string, Omit<Timing, 'peakRssKib'>> {
  const out = new Map<string, Omit<Timing, 'peakRssKib'>>();
  for (const c of commands) {
    for (let i = 0; i < opts.warmup; i++) runOnceSync(c.argv, where);
    const times = Array.from({ length: opts.runs }, () => runOnceSync(c.argv, where));
    opts.log(`  ${c.name}: median ${median(times).toFixed(1)} ms over ${times.length} runs`);
    out.set(c.name, { median: median(times), runs: times.length, cpu: null });
  }
  return out;
}

function runOnceSync(argv: string[], where: Where): number {
  const started = process.hrtime.bigint();
  execFileSync(argv[0]!, argv.slice(1), { env: where.env, cwd: where.cwd, stdio: 'ignore' });
  return Number(process.hrtime.bigint() - started) / 1e6;
}

function peakRssOnce(gnuTime: string, argv: string[], where: Where): number {
  const dir = mkdtempSync(join(tmpdir(), 'kubectl-csr-rss-'));
  try {
    const out = join(dir, 'rss');
    execFileSync(gnuTime, ['-f', '%M', '-o', out, ...argv], { env: where.env, cwd: where.cwd, stdio: 'ignore' });
    return Number(readFileSync(out, 'utf8').trim().split('\n').pop());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface Run {
  ms: number;
  /** KiB; null without GNU time. */
  peakRssKib: number | null;
  code: number | null;
  stderr: string;
}

/**
 * One timed run, from spawn to exit, for commands that need fresh cluster state before each run (hyperfine's
 * --prepare would have to start a Node process per run to make it). Under GNU time when there is one, for the peak
 * RSS: the same wrapper for every command compared, so it costs them the same.
 */
export function timeOnce(argv: string[], where: Where, gnuTime: string | null): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'kubectl-csr-run-'));
  const rssFile = join(dir, 'rss');
  const full = gnuTime ? [gnuTime, '-f', '%M', '-o', rssFile, ...argv] : argv;
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(full[0]!, full.slice(1), { env: where.env, cwd: where.cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      let peakRssKib: number | null = null;
      if (gnuTime) {
        // GNU time writes "Command exited with non-zero status N" before the figure when the command fails.
        const text = readFileSync(rssFile, 'utf8').trim().split('\n');
        peakRssKib = Number(text[text.length - 1]);
      }
      rmSync(dir, { recursive: true, force: true });
      resolve({ ms, peakRssKib, code, stderr });
    });
  });
}

/** POSIX single quotes, which hyperfine's -N word splitting understands too. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
