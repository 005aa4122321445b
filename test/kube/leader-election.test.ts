import t from 'tap';
import { ApiError } from '../../src/kube/api-error.js';
import { LeaderElector, type Lock } from '../../src/kube/leader-election.js';
import type { LeaderRecord, ObservedLease } from '../../src/kube/lease.js';

/** One Lease on a pretend API server: updates are optimistic on a resourceVersion, as the real one's. */
class Store {
  record: LeaderRecord | null = null;
  version = 0;
  writes: string[] = [];
  lock(name: string): Lock {
    let seen = -1;
    const write = (r: LeaderRecord) => {
      this.record = { ...r };
      this.version++;
      seen = this.version;
      this.writes.push(`${name}:${r.holderIdentity || '(released)'}`);
    };
    return {
      get: async (): Promise<ObservedLease> => {
        if (!this.record) throw new ApiError(404, 'NotFound', 'leases.coordination.k8s.io "x" not found');
        seen = this.version;
        return { record: { ...this.record }, raw: JSON.stringify(this.record) };
      },
      create: async (r) => {
        if (this.record) throw new ApiError(409, 'AlreadyExists', 'exists');
        write(r);
      },
      update: async (r) => {
        if (seen !== this.version) throw new ApiError(409, 'Conflict', 'the object has been modified');
        write(r);
      },
    };
  }
}

function electors(store: Store) {
  let now = 1_000_000;
  const clock = { now: () => now, advance: (ms: number) => (now += ms) };
  const make = (identity: string) =>
    new LeaderElector(store.lock(identity), { identity, leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2_000, now: clock.now, log: () => {} });
  return { a: make('a'), b: make('b'), clock };
}

t.test('the first creates the Lease and leads; the other stands by while the holder renews', async (t) => {
  const store = new Store();
  const { a, b, clock } = electors(store);
  t.equal(await a.tryAcquireOrRenew(), true);
  t.equal(a.leading(), true);
  t.equal(await b.tryAcquireOrRenew(), false, 'b sees a valid lease');
  for (let i = 0; i < 10; i++) {
    clock.advance(2_000);
    t.equal(await a.tryAcquireOrRenew(), true, 'a renews on the version it last wrote');
    t.equal(await b.tryAcquireOrRenew(), false, 'b sees a fresh renewal each time');
  }
  t.equal(store.record?.leaseTransitions, 0);
  t.equal(b.leading(), false);
});

t.test('a leader that cannot renew stops deciding at its renew deadline, before a standby may take over', async (t) => {
  const store = new Store();
  const { a, b, clock } = electors(store);
  await a.tryAcquireOrRenew();
  await b.tryAcquireOrRenew(); // b observes a's record now
  clock.advance(9_999);
  t.equal(a.leading(), true);
  clock.advance(1);
  t.equal(a.leading(), false, 'renew deadline (10s) passed');
  t.equal(await b.tryAcquireOrRenew(), false, 'the lease (15s) is still valid for b');
  clock.advance(5_000);
  t.equal(await b.tryAcquireOrRenew(), true, 'b takes over once the lease duration passed since it saw a renewal');
  t.equal(store.record?.holderIdentity, 'b');
  t.equal(store.record?.leaseTransitions, 1);
  t.equal(await a.tryAcquireOrRenew(), false, "a's fast path meets a conflict, then sees b's valid lease");
  t.equal(a.leading(), false);
});

t.test('release empties the holder: the standby takes over at its next try', async (t) => {
  const store = new Store();
  const { a, b, clock } = electors(store);
  await a.tryAcquireOrRenew();
  await b.tryAcquireOrRenew();
  await a.release();
  t.equal(a.leading(), false);
  t.same([store.record?.holderIdentity, store.record?.leaseDurationSeconds], ['', 1]);
  clock.advance(2_000);
  t.equal(await b.tryAcquireOrRenew(), true);
  t.same(store.writes, ['a:a', 'a:(released)', 'b:b']);
});

t.test('two standbys racing for an expired lease: exactly one wins', async (t) => {
  const store = new Store();
  const { a, b, clock } = electors(store);
  const c = new LeaderElector(store.lock('c'), { identity: 'c', leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2_000, now: clock.now, log: () => {} });
  await c.tryAcquireOrRenew();
  await Promise.all([a.tryAcquireOrRenew(), b.tryAcquireOrRenew()]);
  clock.advance(16_000);
  const won = await Promise.all([a.tryAcquireOrRenew(), b.tryAcquireOrRenew()]);
  t.equal(won.filter(Boolean).length, 1, `one winner (${won.join(', ')})`);
  t.equal([a.leading(), b.leading()].filter(Boolean).length, 1);
});

t.test('run(): acquires, tells its listeners, releases when the signal aborts', async (t) => {
  const store = new Store();
  const e = new LeaderElector(store.lock('r'), { identity: 'r', leaseDurationMs: 1_000, renewDeadlineMs: 600, retryPeriodMs: 100, now: () => Date.now(), log: () => {} });
  const changes: boolean[] = [];
  e.onChange((l) => changes.push(l));
  const stop = new AbortController();
  const running = e.run(stop.signal);
  while (!e.leading()) await new Promise((r) => setTimeout(r, 10));
  await new Promise((r) => setTimeout(r, 350));
  stop.abort();
  await running;
  t.same(changes, [true, false]);
  t.equal(store.record?.holderIdentity, '', 'released');
  t.ok(store.writes.length >= 3, `renewed while running (${store.writes.length} writes)`);
});
