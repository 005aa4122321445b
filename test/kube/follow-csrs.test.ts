// followCsrs lists a page at a time and hands each page on before it asks for the next (issue 25: an approver that
// met 11 000 decided CSRs held them all at once); a list whose continue token expires (410) starts over, said by
// `first`; the watch starts from the version of the list that was completed, not of the one abandoned.
import t from 'tap';
import { ApiError } from '../../src/kube/api-error.js';
import { followCsrs, type Change, type FollowOptions, type ListWatch } from '../../src/kube/follow-csrs.js';
import type { ObjectEvent } from '../../src/kube/watch-stream.js';

interface Obj {
  metadata: { name: string; resourceVersion?: string };
}

const obj = (name: string): Obj => ({ metadata: { name, resourceVersion: '1' } });

/** Lists `lists[n]` on the n-th list, a page per array; an Error as a page fails that page's request. */
class Pages implements ListWatch<Obj> {
  log: string[] = [];
  watchedFrom: string[] = [];
  constructor(private readonly lists: { rv: string; pages: (Obj[] | Error)[] }[]) {}

  async *pages(): AsyncGenerator<{ items: Obj[]; resourceVersion: string; more: boolean }> {
    const list = this.lists.shift()!;
    for (const [i, page] of list.pages.entries()) {
      this.log.push(`request page ${i + 1} of list ${list.rv}`);
      await Promise.resolve();
      if (page instanceof Error) throw page;
      yield { items: page, resourceVersion: list.rv, more: i + 1 < list.pages.length };
    }
  }

  /** Open and quiet until the signal aborts. */
  watch(opts: { resourceVersion: string }, signal?: AbortSignal): AsyncIterable<ObjectEvent<Obj>> {
    this.watchedFrom.push(opts.resourceVersion);
    const quiet = new Promise<IteratorResult<ObjectEvent<Obj>>>((resolve) => signal?.addEventListener('abort', () => resolve({ done: true, value: undefined }), { once: true }));
    return { [Symbol.asyncIterator]: () => ({ next: () => quiet }) };
  }
}

const describe = (c: Change<Obj>) => (c.type === 'LISTED' ? `LISTED ${c.items.map((o) => o.metadata.name).join(',')}${c.first ? ' (first)' : ''}` : c.type === 'RELISTED' ? 'RELISTED' : `${c.type} ${c.object.metadata.name}`);

async function follow(source: Pages, until: (c: Change<Obj>) => boolean, listMemory?: FollowOptions['listMemory']): Promise<void> {
  const stop = new AbortController();
  for await (const change of followCsrs(source, {}, null, { signal: stop.signal, listMemory })) {
    source.log.push(describe(change));
    if (until(change)) {
      // The watch is opened after RELISTED is handled: give it a turn, then stop.
      setTimeout(() => stop.abort(), 10);
    }
  }
}

t.test('each page is handed on before the next one is asked for; the watch starts from the list', async (t) => {
  const source = new Pages([{ rv: '7', pages: [[obj('a'), obj('b')], [obj('c')], [obj('d')]] }]);
  await follow(source, (c) => c.type === 'RELISTED');
  t.strictSame(source.log, [
    'request page 1 of list 7',
    'LISTED a,b (first)',
    'request page 2 of list 7',
    'LISTED c',
    'request page 3 of list 7',
    'LISTED d',
    'RELISTED',
  ]);
  t.strictSame(source.watchedFrom, ['7']);
});

t.test('a continue token that expired (410) starts the list over; the watch starts from the new list', async (t) => {
  const expired = new ApiError(410, 'Expired', 'The provided continue parameter is too old to display a consistent list result.');
  const source = new Pages([
    { rv: '7', pages: [[obj('a'), obj('gone')], expired] },
    { rv: '9', pages: [[obj('a')], [obj('b')]] },
  ]);
  await follow(source, (c) => c.type === 'RELISTED');
  t.strictSame(source.log, [
    'request page 1 of list 7',
    'LISTED a,gone (first)',
    'request page 2 of list 7',
    'request page 1 of list 9',
    'LISTED a (first)',
    'request page 2 of list 9',
    'LISTED b',
    'RELISTED',
  ]);
  t.strictSame(source.watchedFrom, ['9']);
});

t.test("the caller's listMemory: started by a list's second page, told each page handed on before the next is asked for, ended with the list", async (t) => {
  const expired = new ApiError(410, 'Expired', 'The provided continue parameter is too old to display a consistent list result.');
  const source = new Pages([
    { rv: '7', pages: [[obj('a')], expired] },
    { rv: '9', pages: [[obj('a')], [obj('b')], [obj('c')]] },
  ]);
  let started = 0;
  const listMemory = () => {
    const n = ++started;
    return { pageHandled: () => source.log.push(`memory ${n}: page handled`), end: () => source.log.push(`memory ${n}: end`) };
  };
  await follow(source, (c) => c.type === 'RELISTED', listMemory);
  t.strictSame(source.log, [
    'request page 1 of list 7',
    'LISTED a (first)',
    'memory 1: page handled',
    'request page 2 of list 7',
    'memory 1: end',
    'request page 1 of list 9',
    'LISTED a (first)',
    'memory 2: page handled',
    'request page 2 of list 9',
    'LISTED b',
    'memory 2: page handled',
    'request page 3 of list 9',
    'LISTED c',
    'memory 2: end',
    'RELISTED',
  ]);

  const single = new Pages([{ rv: '3', pages: [[obj('a')]] }]);
  started = 0;
  await follow(single, (c) => c.type === 'RELISTED', listMemory);
  t.strictSame(single.log, ['request page 1 of list 3', 'LISTED a (first)', 'RELISTED']);
  t.equal(started, 0, 'a list of one page starts none');
});
