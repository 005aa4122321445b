// The machine and the tools a run was made on, said next to its figures: ratios travel, absolute times do not.
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, release, totalmem } from 'node:os';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGib: number;
  kernel: string;
  /** 1-minute load average when read: other work on the machine at the time. */
  load: number;
  versions: Record<string, string>;
}

export function machine(embeddedNode: string, kubectl: string): Machine {
  const version = (file: string, args: string[], pick: (out: string) => string) => {
    try {
      return pick(execFileSync(file, args, { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim());
    } catch {
      return 'not installed';
    }
  };
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memoryGib: Math.round(totalmem() / 2 ** 30),
    kernel: `Linux ${release()}`,
    load: loadavg()[0]!,
    versions: {
      'Node.js (embedded in kubectl-csr)': version(embeddedNode, ['--version'], (o) => o),
      'Node.js (system)': process.version,
      kubectl: version(kubectl, ['version', '--client', '-o', 'json'], (o) => JSON.parse(o).clientVersion.gitVersion),
      openssl: version('openssl', ['version'], (o) => o),
      hyperfine: version('hyperfine', ['--version'], (o) => o),
    },
  };
}
