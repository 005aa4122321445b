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

/** A resource that answers lists from `items`, or the errors queued in `listErrors`, and whose watch streams `events`. */
class Source implements ListWatch<Obj> {
  items: Obj[] = [];
  listErrors: Error[] = [];
  lists = 0;
  private streams: ((e: ObjectEvent<Obj> | null) => void)[] = [];
  private pending: (ObjectEvent<Obj> | null)[] = [];

  list(): Promise<{ items: Obj[]; resourceVersion: string }> {
    this.lists++;
    const err = this.listErrors.shift();
    return err ? Promise.reject(err) : Promise.resolve({ items: structuredClone(this.items), resourceVersion: String(this.lists) });
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

t.test('reads wait for the first list, then follow the watch: added, modified, deleted; a 410 Gone lists again', async (t) => {
  const source = new Source();
  source.items = [obj('a', '1'), obj('b', '1', '9', 'ns')];
  const stop = new AbortController();
  const cache = new ObjectCache('things', source, (o: Obj) => o.value, () => {});
  const running = cache.run(stop.signal);
  const first = await cache.read();
  t.ok(first.readable);
  t.same(first.readable && [...first.items], [['a', '1'], ['ns/b', '1']]);
  source.send({ type: 'MODIFIED', object: obj('a', '2') });
  source.send({ type: 'ADDED', object: obj('c', '1') });
  source.send({ type: 'DELETED', object: obj('b', '1', '9', 'ns') });
  source.send({ type: 'BOOKMARK', object: obj('', '', '12') });
  await tick();
  const second = await cache.read();
  t.same(second.readable && [...second.items], [['a', '2'], ['c', '1']]);
  t.ok(second.readable && first.readable && second.version > first.version, 'the version moves on a change');
  source.items = [obj('z', '1')];
  source.send({ type: 'ERROR', status: 410, message: 'too old resource version' });
  await tick();
  const third = await cache.read();
  t.same(third.readable && [...third.items], [['z', '1']], 'the relist replaces what the cache held');
  t.equal(source.lists, 2);
  stop.abort();
  await running;
});

t.test('faults before the first list are waited out; a 403 is unreadable, said once, and readers are told why', async (t) => {
  const source = new Source();
  source.listErrors = [new ConnectionError('The connection to the server x was refused', ExitCode.error, 'connection refused'), new ApiError(403, 'Forbidden', 'nodes is forbidden: User "sa" cannot list resource "nodes"')];
  const said: string[] = [];
  const stop = new AbortController();
  const cache = new ObjectCache('nodes', source, (o: Obj) => o.value, (line) => said.push(line));
  const running = cache.run(stop.signal);
  const read = await cache.read();
  t.same(read, { readable: false, reason: '(Forbidden): nodes is forbidden: User "sa" cannot list resource "nodes"' });
  t.equal(source.lists, 2, 'the refused connection was tried again');
  t.equal(said.length, 1);
  t.match(said[0], /^cannot list and watch nodes: Error from server \(Forbidden\).*listed again every 10s$/);
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
