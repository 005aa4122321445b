import t from 'tap';
import { ApiError, ConnectionError } from '../../src/kube/api-error.js';
import { ExitCode } from '../../src/errors.js';
import type { ListWatch } from '../../src/kube/follow-csrs.js';
import { ObjectCache } from '../../src/kube/object-cache.js';
import type { ObjectEvent } from '../../src/kube/watch-stream.js';

interface Obj {
  metadata: { name: string; namespace?: string; resourceVersion?: string };
  value: string;
}

/**
 * A resource that answers lists from `items`, two objects a page, or the errors queued in `listErrors` (first pages)
 * and `pageErrors` (later pages: an expired continue token), and whose watch streams `events`.
 */
class Source implements ListWatch<Obj> {
  items: Obj[] = [];
  listErrors: Error[] = [];
  pageErrors: Error[] = [];
  lists = 0;
  /** Called before each page after the first, with its index: the items may change between two pages. */
  beforePage?: (index: number) => void;
  private streams: ((e: ObjectEvent<Obj> | null) => void)[] = [];
  private pending: (ObjectEvent<Obj> | null)[] = [];

  async *pages(): AsyncGenerator<{ items: Obj[]; resourceVersion: string }> {
    this.lists++;
    const err = this.listErrors.shift();
    if (err) throw err;
    const items = structuredClone(this.items);
    const resourceVersion = String(this.lists);
    for (let i = 0; i === 0 || i < items.length; i += 2) {
      if (i > 0) {
        this.beforePage?.(i / 2);
        const expired = this.pageErrors.shift();
        if (expired) throw expired;
      }
      yield { items: items.slice(i, i + 2), resourceVersion };
    }
  }

  /** Sends an event to the open watch; null ends it. */
  send(e: ObjectEvent<Obj> | null): void {
    const s = this.streams.shift();
    if (s) s(e);
    else this.pending.push(e);
  }

  async *watch(_opts: unknown, signal?: AbortSignal): AsyncGenerator<ObjectEvent<Obj>> {
    for (;;) {
      const next = this.pending.length ? this.pending.shift()! : await new Promise<ObjectEvent<Obj> | null>((resolve) => {
        this.streams.push(resolve);
        signal?.addEventListener('abort', () => resolve(null), { once: true });
      });
      if (next === null || signal?.aborted) return;
      yield next;
    }
  }
}

const obj = (name: string, value: string, rv = '9', namespace?: string): Obj => ({ metadata: { name, namespace, resourceVersion: rv }, value });
const tick = () => new Promise((r) => setTimeout(r, 5));

async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 1000 && !cond(); i++) await tick();
  if (!cond()) throw new Error(`never: ${what}`);
}

t.test('reads wait for the first list, then follow the watch: added, modified, deleted; a 410 Gone lists again', async (t) => {
  const source = new Source();
  source.items = [obj('a', '1'), obj('b', '1', '9', 'ns')];
  const stop = new AbortController();
  const cache = new ObjectCache('things', source, (o: Obj) => o.value, () => {});
  const running = cache.run(stop.signal);
  const first = await cache.read();
  t.same([...first.items], [['a', '1'], ['ns/b', '1']]);
  source.send({ type: 'MODIFIED', object: obj('a', '2') });
  source.send({ type: 'ADDED', object: obj('c', '1') });
  source.send({ type: 'DELETED', object: obj('b', '1', '9', 'ns') });
  source.send({ type: 'BOOKMARK', object: obj('', '', '12') });
  await tick();
  const second = await cache.read();
  t.same([...second.items], [['a', '2'], ['c', '1']]);
  t.ok(second.version > first.version, 'the version moves on a change');
  source.items = [obj('z', '1')];
  source.send({ type: 'ERROR', status: 410, message: 'too old resource version' });
  await tick();
  const third = await cache.read();
  t.same([...third.items], [['z', '1']], 'the relist replaces what the cache held');
  t.equal(source.lists, 2);
  stop.abort();
  await running;
});

t.test('a list is read a page at a time; one whose continue token expires (410) starts over, and only the new one is kept', async (t) => {
  const source = new Source();
  source.items = ['a', 'b', 'c', 'd', 'e'].map((n) => obj(n, '1'));
  // The second page's token has expired, and meanwhile a and b went and f came.
  source.pageErrors = [new ApiError(410, 'Expired', 'The provided continue parameter is too old')];
  source.beforePage = (index) => {
    if (index === 1 && source.lists === 1) source.items = ['c', 'd', 'e', 'f'].map((n) => obj(n, '2'));
  };
  const stop = new AbortController();
  const cache = new ObjectCache('things', source, (o: Obj) => o.value, () => {});
  const running = cache.run(stop.signal);
  const read = await cache.read();
  t.same([...read.items], [['c', '2'], ['d', '2'], ['e', '2'], ['f', '2']], 'nothing of the abandoned list is kept');
  t.equal(source.lists, 2, 'listed again from the start');
  stop.abort();
  await running;
});

t.test('faults before the first list are waited out; a 403 holds readers until a list is allowed, said once, with backoff', async (t) => {
  const source = new Source();
  source.items = [obj('n1', 'ip')];
  const forbidden = () => new ApiError(403, 'Forbidden', 'nodes is forbidden: User "sa" cannot list resource "nodes"');
  source.listErrors = [new ConnectionError('The connection to the server x was refused', ExitCode.error, 'connection refused'), forbidden(), forbidden()];
  const said: string[] = [];
  const stop = new AbortController();
  const cache = new ObjectCache('nodes', source, (o: Obj) => o.value, (line) => said.push(line), [20, 40]);
  const running = cache.run(stop.signal);
  let read: Awaited<ReturnType<typeof cache.read>> | undefined;
  const reading = cache.read().then((r) => (read = r));
  await until(() => source.lists === 3, 'the refused list is tried again');
  t.equal(read, undefined, 'no reader is answered while the list is refused: a refusal is no fact');
  t.equal(cache.refused(), '(Forbidden): nodes is forbidden: User "sa" cannot list resource "nodes"');
  t.equal(said.length, 1, 'the same refusal is said once');
  t.match(said[0], /^cannot list and watch nodes: Error from server \(Forbidden\): nodes is forbidden.*; no CSR that needs them is judged until they can be read \(the approver's ClusterRole needs list and watch on nodes\); listed again with backoff as client-go's reflector does$/);
  await reading;
  t.same([...read!.items], [['n1', 'ip']], 'the reader gets the objects of the first list allowed');
  t.equal(source.lists, 4);
  t.equal(cache.refused(), null);
  t.same(said.slice(1), ['can list and watch nodes again; judging resumes']);
  stop.abort();
  await running;
});

t.test('a 403 after the cache was synced (the ClusterRole changed) holds readers too: the old objects are not served', async (t) => {
  const source = new Source();
  source.items = [obj('n1', 'ip')];
  const stop = new AbortController();
  const cache = new ObjectCache('nodes', source, (o: Obj) => o.value, () => {}, [50]);
  const running = cache.run(stop.signal);
  await cache.read();
  // Refused until the test lifts it: a loaded machine may take longer than a backoff to run the next line.
  const forbidden = new ApiError(403, 'Forbidden', 'nodes is forbidden');
  source.listErrors = Array.from({ length: 1000 }, () => forbidden);
  source.send({ type: 'ERROR', status: 500, message: 'internal error' }); // the watch ends: a list again, refused
  await until(() => cache.refused() !== null, 'the refusal');
  let answered = false;
  const reading = cache.read().then(() => (answered = true));
  await tick();
  t.notOk(answered, 'held while refused');
  const refusedLists = source.lists;
  source.listErrors = [];
  await reading;
  t.equal(source.lists, refusedLists + 1, 'answered after the next list, the first one allowed');
  stop.abort();
  await running;
});

t.test('a reader still waiting for the first list when the cache stops fails instead of waiting for ever', async (t) => {
  const source = new Source();
  source.listErrors = Array.from({ length: 100 }, () => new ApiError(503, 'ServiceUnavailable', 'unavailable'));
  const stop = new AbortController();
  const cache = new ObjectCache('nodes', source, (o: Obj) => o.value, () => {});
  const running = cache.run(stop.signal);
  const read = cache.read();
  await tick();
  stop.abort(new Error('stopping'));
  await t.rejects(read, { message: 'stopping' });
  await running;
  await t.rejects(cache.read(), { message: 'stopping' });
});
