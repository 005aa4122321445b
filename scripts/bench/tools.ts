// The public tools the benchmark measures with: hyperfine (timings) and GNU time (peak RSS), both Debian packages.
// Run as root, the benchmark installs whichever is missing; otherwise it falls back (timings: its own Node harness;
// peak RSS: not measured, and the table says so).
import { execFileSync, spawnSync } from 'node:child_process';

export interface Tools {
  /** Path of hyperfine, or null: timings come from the Node harness in timing.ts. */
  hyperfine: string | null;
  /** Path of GNU time (`time -f %M` prints the peak RSS in KiB), or null. */
  gnuTime: string | null;
}

export function findTools(log: (line: string) => void): Tools {
  let hyperfine = which('hyperfine');
  let gnuTime = isGnuTime('/usr/bin/time') ? '/usr/bin/time' : null;
  const missing = [...(hyperfine ? [] : ['hyperfine']), ...(gnuTime ? [] : ['time'])];
  if (missing.length && process.getuid?.() === 0 && which('apt-get')) {
    log(`installing ${missing.join(' and ')} with apt-get`);
    try {
      execFileSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    } catch {
      // The package lists may be missing on a fresh machine: refresh once, then try again.
      execFileSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'] });
      execFileSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    }
    hyperfine = which('hyperfine');
    gnuTime = isGnuTime('/usr/bin/time') ? '/usr/bin/time' : null;
  }
  if (!hyperfine) log('hyperfine not found: timing with the Node harness instead (apt-get install hyperfine)');
  if (!gnuTime) log('GNU time not found: peak RSS is not measured (apt-get install time)');
  return { hyperfine, gnuTime };
}

export function which(command: string): string | null {
  try {
    return execFileSync('sh', ['-c', 'command -v "$1"', 'sh', command], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim() || null;
  } catch {
    return null;
  }
}

/** The shell keyword `time` is not it; BSD time has no -f. */
function isGnuTime(path: string): boolean {
  try {
    const res = spawnSync(path, ['-f', '%M', 'true'], { stdio: ['ignore', 'ignore', 'pipe'] });
    return res.status === 0 && /^\d+$/.test(res.stderr.toString().trim());
  } catch {
    return false;
  }
}
