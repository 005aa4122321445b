import t from 'tap';
import { TaskPool } from '../../src/util/task-pool.js';

const tick = () => new Promise((r) => setImmediate(r));

t.test('at most `limit` tasks run at once; the rest start as others end; idle when none is left', async (t) => {
  const errors: unknown[] = [];
  const pool = new TaskPool(2, (err) => errors.push(err));
  let running = 0;
  let most = 0;
  const releases: (() => void)[] = [];
  const task = () => async () => {
    running++;
    most = Math.max(most, running);
    await new Promise<void>((r) => releases.push(r));
    running--;
  };
  for (let i = 0; i < 5; i++) pool.push(task());
  await tick();
  t.equal(running, 2);
  t.equal(pool.size, 5);
  let roomy = false;
  void pool.room().then(() => (roomy = true));
  let idle = false;
  void pool.idle().then(() => (idle = true));
  releases.shift()!();
  await tick();
  t.equal(running, 2, 'the third started when the first ended');
  t.notOk(roomy, 'no room while four are queued or running and the limit is two');
  while (releases.length) {
    releases.shift()!();
    await tick();
  }
  t.equal(most, 2);
  t.ok(roomy);
  t.ok(idle);
  t.equal(pool.size, 0);
  t.same(errors, []);
});

t.test('a task that throws goes to onError and the pool carries on', async (t) => {
  const errors: unknown[] = [];
  const pool = new TaskPool(1, (err) => errors.push((err as Error).message));
  const done: number[] = [];
  pool.push(() => Promise.reject(new Error('boom')));
  pool.push(async () => {
    await tick();
    done.push(2);
  });
  await pool.idle();
  t.same(errors, ['boom']);
  t.same(done, [2]);
});

t.test('atMost(n) resolves once n or fewer tasks are queued or running, at once when already so', async (t) => {
  const pool = new TaskPool(1, () => {});
  const releases: (() => void)[] = [];
  for (let i = 0; i < 4; i++) pool.push(() => new Promise<void>((r) => releases.push(r)));
  const woken: string[] = [];
  void pool.atMost(2).then(() => woken.push('2'));
  void pool.atMost(0).then(() => woken.push('0'));
  void pool.atMost(4).then(() => woken.push('4'));
  await tick();
  t.strictSame(woken, ['4'], 'four held: only atMost(4)');
  releases.shift()!();
  await tick();
  t.strictSame(woken, ['4'], 'three held');
  releases.shift()!();
  await tick();
  t.strictSame(woken, ['4', '2'], 'two held');
  while (releases.length) {
    releases.shift()!();
    await tick();
  }
  t.strictSame(woken, ['4', '2', '0']);
  t.equal(pool.size, 0);
});
