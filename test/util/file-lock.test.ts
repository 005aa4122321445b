// FILE.lock: one holder at a time, a lock whose holder is gone taken over, kubectl's own (empty) lock respected.
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { lockFile, LockHeldError, parseHolder } from '../../src/util/file-lock.js';
import { processStartTicks } from '../../src/util/stale-temps.js';

const dir = mkdtempSync(join(tmpdir(), 'kubectl-csr-lock-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
const KEPT = 'nothing was sent';

/** The PID of a process that has ended. */
function deadPid(): number {
  return spawnSync('true').pid;
}

t.test('of ten that ask at once, exactly one holds the lock; the others are told who holds it', async (t) => {
  const file = join(dir, 'a.kubeconfig');
  const results = await Promise.allSettled(Array.from({ length: 10 }, () => lockFile(file, 'kubectl-csr renew', KEPT)));
  const held = results.filter((r) => r.status === 'fulfilled');
  t.equal(held.length, 1);
  for (const r of results.filter((r) => r.status === 'rejected')) {
    t.type(r.reason, LockHeldError);
    t.equal(r.reason.message, `${file}.lock exists: another kubectl-csr renew (process ${process.pid} on ${hostname()}) is at work on it; ${KEPT}`);
  }
  const content = readFileSync(`${file}.lock`, 'utf8');
  t.same(parseHolder(content), { pid: process.pid, host: hostname(), started: processStartTicks(process.pid) });
  await held[0]!.value.release();
  t.equal(existsSync(`${file}.lock`), false, 'released: gone');
  const again = await lockFile(file, 'kubectl-csr renew', KEPT);
  t.equal(again.tookOver, null);
  await again.release();
});

t.test('a lock whose process is gone is taken over, and says so', async (t) => {
  const file = join(dir, 'b.kubeconfig');
  const pid = deadPid();
  writeFileSync(`${file}.lock`, `kubectl-csr renew pid=${pid} host=${hostname()} started=123\n`);
  const lock = await lockFile(file, 'kubectl-csr renew', KEPT);
  t.equal(lock.tookOver, `took over ${file}.lock, left by kubectl-csr renew (process ${pid} on ${hostname()}): process ${pid} is gone`);
  t.equal(parseHolder(readFileSync(`${file}.lock`, 'utf8'))!.pid, process.pid);
  await lock.release();
});

t.test('a PID that lives on in another process (reused) does not hold the lock', async (t) => {
  const file = join(dir, 'c.kubeconfig');
  writeFileSync(`${file}.lock`, `kubectl-csr renew pid=${process.ppid} host=${hostname()} started=1\n`);
  const lock = await lockFile(file, 'kubectl-csr renew', KEPT);
  t.match(lock.tookOver, new RegExp(`process ${process.ppid} is another process now$`));
  await lock.release();
});

t.test("another machine's lock, and kubectl's fresh empty lock, are held; kubectl's lock a minute old is not", async (t) => {
  const file = join(dir, 'd.kubeconfig');
  writeFileSync(`${file}.lock`, `kubectl-csr renew pid=${deadPid()} host=elsewhere.example started=1\n`);
  await t.rejects(lockFile(file, 'kubectl-csr renew', KEPT), { message: /^.*d\.kubeconfig\.lock exists: another kubectl-csr renew \(process \d+ on elsewhere\.example\) is at work on it; nothing was sent$/ });
  writeFileSync(`${file}.lock`, '');
  await t.rejects(lockFile(file, 'kubectl-csr renew', KEPT), {
    message: `${file}.lock exists: another program (kubectl config?) is changing the file; try again in a moment, or remove the lock if none is; ${KEPT}`,
  });
  const old = new Date(Date.now() - 120_000);
  utimesSync(`${file}.lock`, old, old);
  const lock = await lockFile(file, 'kubectl-csr renew', KEPT);
  t.match(lock.tookOver, /^took over .*d\.kubeconfig\.lock, left by another program: left 12\ds ago$/);
  await lock.release();
});

t.test('release removes only its own lock', async (t) => {
  const file = join(dir, 'e.kubeconfig');
  const lock = await lockFile(file, 'kubectl-csr renew', KEPT);
  writeFileSync(`${file}.lock`, 'someone else\n');
  await lock.release();
  t.equal(readFileSync(`${file}.lock`, 'utf8'), 'someone else\n');
});

t.test('two takers of one stale lock: exactly one gets it', async (t) => {
  for (let round = 0; round < 10; round++) {
    const file = join(dir, `f${round}.kubeconfig`);
    writeFileSync(`${file}.lock`, `kubectl-csr renew pid=${deadPid()} host=${hostname()} started=1\n`);
    const results = await Promise.allSettled([lockFile(file, 'x', KEPT), lockFile(file, 'x', KEPT)]);
    t.equal(results.filter((r) => r.status === 'fulfilled').length, 1, `round ${round}`);
    for (const r of results) if (r.status === 'fulfilled') await r.value.release();
  }
});
