// Start-up counted in instructions, not milliseconds (issue 26): valgrind's callgrind counts the user-space
// instructions a command executes, a figure the machine's load does not move (wall and CPU times on this two-core
// machine swing by ±50 % while other builds run). It compares binaries, for example the one before a change and the
// one after, with the embedded runtime's bare start (`node -e 0`) as the floor. Its own command, not part of
// `npm run bench`; needs valgrind (Debian package valgrind). Offline: nothing is listening on the server it names.
//
//   node scripts/run-ts.mjs scripts/bench/startup-instructions.ts BINARY...
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execKubeconfig } from '../../src/build/exec-kubeconfig.js';
import { runMain } from './run-main.js';

const log = (line: string) => process.stderr.write(`bench startup-instructions: ${line}\n`);

/** Instructions of one run of argv, from callgrind's own summary line. */
function instructions(argv: string[], cwd: string): number {
  // The commands that reach for the closed port exit 1: the count is what matters, not the exit code.
  const res = spawnSync('valgrind', ['--tool=callgrind', '--callgrind-out-file=/dev/null', ...argv], { cwd, stdio: ['ignore', 'ignore', 'pipe'], env: { PATH: process.env.PATH, HOME: cwd } });
  const found = /Collected : (\d+)/.exec(res.stderr.toString());
  if (!found) throw new Error(`callgrind printed no count for ${argv.join(' ')}`);
  return Number(found[1]);
}


function main(): Promise<number> {
  const binaries = process.argv.slice(2).map((b) => resolve(b));
  if (!binaries.length) throw new Error('usage: startup-instructions.ts BINARY...');
  const work = mkdtempSync(join(tmpdir(), 'kubectl-csr-instructions-'));
  try {
    writeFileSync(join(work, 'exec.kubeconfig'), execKubeconfig('https://127.0.0.1:1', 't'));
    const node = execFileSync(process.execPath, [resolve('scripts', 'node-runtime.mjs')]).toString().trim();
    // A request manifest to inspect, made by the first binary (kept away from the counted runs).
    writeFileSync(join(work, 'x.yaml'), execFileSync(binaries[0]!, ['request', 'x', '-g', 'dev', '--dry-run=client', '-o', 'yaml'], { cwd: work, stdio: ['ignore', 'pipe', 'ignore'] }));
    const commands: [string, string[]][] = [
      ['version', ['version']],
      ['--help', ['--help']],
      ['inspect -f x.yaml', ['inspect', '-f', 'x.yaml']],
      ['list, token user, connection refused', ['list', '--server', 'https://127.0.0.1:1', '--token', 't']],
      ['list, exec user, connection refused', ['list', '--kubeconfig', 'exec.kubeconfig']],
    ];
    const floor = instructions([node, '-e', '0'], work);
    const rows = [`| command | ${binaries.join(' | ')} |`, `|---|${binaries.map(() => '---|').join('')}`, `| \`node -e 0\` (embedded runtime) | ${binaries.map(() => `${(floor / 1e6).toFixed(1)} M`).join(' | ')} |`];
    for (const [name, args] of commands) {
      log(name);
      const counts = binaries.map((b) => instructions([b, ...args], work));
      rows.push(`| \`${name}\` | ${counts.map((c) => `${(c / 1e6).toFixed(1)} M (${(c / floor).toFixed(2)}×)`).join(' | ')} |`);
    }
    process.stdout.write(`${rows.join('\n')}\n`);
    return Promise.resolve(0);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

runMain(main, log);
