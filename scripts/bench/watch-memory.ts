// The memory of `approve --pending --watch` over time (issue 13): one watch runs for DURATION while WAVES waves of
// CSRs are created, approved by it, and deleted again; its resident set is sampled from /proc every second. The goal:
// the peak after the first wave stays within 20% of the resident set right after the first wave, i.e. the loop keeps
// no history of what it decided. Its own command, because it takes ten minutes:
//
//   node scripts/run-ts.mjs scripts/bench/watch-memory.ts                          2 000 CSRs in 20 waves over 10 min
//   node scripts/run-ts.mjs scripts/bench/watch-memory.ts --minutes 2 --waves 5    a shorter try
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { credentialsFrom } from '../../test/e2e/api.js';
import { buildControlPlane } from '../../test/e2e/harness/build.js';
import { startControlPlane, type ControlPlane } from '../../test/e2e/harness/control-plane.js';
import { onExit } from '../../test/e2e/harness/processes.js';
import { countCsrs, createCsrs, deleteSection, LABEL, UNSIGNED_SIGNER } from './csr-fixtures.js';
import { runMain } from './run-main.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const log = (line: string) => process.stderr.write(`bench watch: ${line}\n`);
const SECTION = 'watch';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { minutes: { type: 'string', default: '10' }, waves: { type: 'string', default: '20' }, total: { type: 'string', default: '2000' } } });
  const durationMs = Number(values.minutes) * 60_000;
  const waves = Number(values.waves);
  const perWave = Math.ceil(Number(values.total) / waves);
  execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: ['ignore', 2, 'inherit'] });
  const binDir = buildControlPlane();
  const work = mkdtempSync(join(tmpdir(), 'kubectl-csr-bench-watch-'));
  let plane: ControlPlane | undefined;
  onExit(() => {
    plane?.killNow();
    rmSync(work, { recursive: true, force: true });
  });
  plane = await startControlPlane({ dir: join(work, 'cluster'), binDir });
  const creds = credentialsFrom(plane.kubeconfigs.admin);
  const { NODE_OPTIONS: _ignored, ...env } = process.env;
  const watch = spawn(join(root, 'dist', 'kubectl-csr'), ['approve', '--pending', '--watch', '--signer', UNSIGNED_SIGNER], {
    env: { ...env, HOME: work, KUBECONFIG: plane.kubeconfigs.admin },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let decided = 0;
  watch.stdout.on('data', (c: Buffer) => (decided += c.toString().split('\n').filter((l) => / approved /.test(l)).length));
  let stderr = '';
  watch.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const rss = () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${watch.pid}/status`, 'utf8'))?.[1] ?? NaN);
  const samples: { at: number; kib: number }[] = [];
  const started = Date.now();
  const sampler = setInterval(() => samples.push({ at: Date.now() - started, kib: rss() }), 1000);

  let afterFirst = NaN;
  let firstWaveEnd = 0;
  try {
    for (let wave = 0; wave < waves; wave++) {
      const waveStart = Date.now();
      const names = Array.from({ length: perWave }, (_, i) => `bench-watch-${wave}-${String(i).padStart(4, '0')}`);
      await createCsrs(creds, names.map((name) => ({ name, signer: UNSIGNED_SIGNER, section: SECTION })));
      const target = (wave + 1) * perWave;
      while (decided < target) {
        if (watch.exitCode !== null) throw new Error(`the watch exited ${watch.exitCode}: ${stderr.trim().split('\n').slice(-3).join(' / ')}`);
        await sleep(200);
      }
      const { approved } = await countCsrs(creds, `${LABEL}=${SECTION}`);
      await deleteSection(creds, SECTION);
      if (wave === 0) {
        await sleep(2000); // the DELETED events arrive and are pruned
        afterFirst = rss();
        firstWaveEnd = samples.length;
      }
      log(`wave ${wave + 1}/${waves}: ${perWave} created, ${approved} approved, RSS ${(rss() / 1024).toFixed(1)} MiB`);
      await sleep(Math.max(0, durationMs / waves - (Date.now() - waveStart)));
    }
  } finally {
    clearInterval(sampler);
    watch.kill('SIGTERM');
    await new Promise((r) => watch.once('exit', r));
    await plane.stop();
    plane = undefined;
  }
  const peak = Math.max(afterFirst, ...samples.slice(firstWaveEnd).map((s) => s.kib).filter(Number.isFinite));
  const ratio = peak / afterFirst;
  process.stdout.write(
    `approve --pending --watch, ${waves} waves of ${perWave} CSRs over ${values.minutes} min: ${decided} approved; ` +
      `RSS after the first wave ${(afterFirst / 1024).toFixed(1)} MiB, peak afterwards ${(peak / 1024).toFixed(1)} MiB ` +
      `(${((ratio - 1) * 100).toFixed(1)}% above; goal ≤ 20%: ${ratio <= 1.2 ? 'met' : 'missed'}); exit ${watch.exitCode}\n`,
  );
  return ratio <= 1.2 && watch.exitCode === 0 ? 0 : 1;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

runMain(main, log);
