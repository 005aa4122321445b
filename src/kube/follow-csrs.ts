// Follows CSRs as client-go's reflector does: list (a page of 500 at a time, with continue tokens, as its pager), watch
// from the list's resourceVersion with bookmarks, carry on from the last version seen when the server ends a watch,
// and list again on 410 Gone (the version is too old, or a list's continue token expired between two pages).
// Each page is handed on as it arrives and let go: an approver started in a cluster that holds thousands of decided
// CSRs (csrcleaner keeps them an hour) kept them all at once, and V8 does not give that peak back (issue 25: 63.8 MiB
// resident with none, 113.4 MiB with 6 000).
// Faults (the server unreachable, 429, 5xx, a 403 while it starts) are waited out with a short backoff, said once.
// Shared by `list --watch` and `approve|deny --pending --watch`, and by the approver's caches of Nodes and RBAC
// (object-cache.ts), which follow other resources the same way.
import { ApiError, isFault } from './api-error.js';
import type { ListMemory, ListOptions } from './api.js';
import type { Csr } from './csr.js';
import type { ObjectEvent } from './watch-stream.js';
import { sleep } from '../util/sleep.js';

export type Change<T> =
  | { type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: T }
  /**
   * A page of a list: the first list, or one after a 410 Gone. `first` on a list's first page: a list that started
   * over (its continue token expired, or the server failed between two pages) says so again, and what its earlier
   * pages listed may have gone since.
   */
  | { type: 'LISTED'; items: T[]; first: boolean }
  /** The list is whole: the objects of its pages since the last `first` are every object there is now. Changes between lists were not seen. */
  | { type: 'RELISTED' };
export type CsrChange = Change<Csr>;

/** What a reflector needs of a resource: CsrApi is one. */
export interface ListWatch<T> {
  /** The list a page at a time (limit and continue); every page of one list has its resourceVersion; `more` when a page follows. */
  pages(opts: ListOptions): AsyncIterable<{ items: T[]; resourceVersion: string; more?: boolean }>;
  watch(opts: ListOptions & { resourceVersion: string }, signal?: AbortSignal, onOpen?: () => void): AsyncIterable<ObjectEvent<T>>;
}

type Versioned = { metadata: { resourceVersion?: string } };

export interface Reconnect {
  /**
   * Called once when the API server fails (unreachable, 429, 5xx, 403 while starting), not on every retry;
   * `neverReached` when it has not answered yet since the start (it is not up yet).
   */
  lost(err: Error, neverReached: boolean): void;
  /** Called once when the server answers again after lost(). */
  back(): void;
  /** Milliseconds between attempts; the last one repeats. */
  delays?: readonly number[];
  /** An error that is not a fault but is waited out as one (the in-cluster approver's 403: client-go's reflector retries every failed list). */
  alsoRetry?: (err: unknown) => boolean;
}

export interface FollowOptions {
  signal?: AbortSignal;
  /** Keep going when the API server fails. Without it, the first fault ends the watch by throwing. */
  reconnect?: Reconnect;
  /**
   * Started for each list that has a second page: the approver's is startup/v8-tuning.ts's pagedListMemory, a full
   * collection after each page, for a process that goes on running after a list of thousands (issue 25).
   */
  listMemory?: () => ListMemory;
}

/**
 * client-go's reflector backs off from 800ms to 30s. A watcher that people rely on must come back within a few
 * seconds of the server (issue 27: 25 s after a 30 s outage was too slow), so this stops at 2 s: one cheap request
 * every 2 s to a server that is down.
 */
const DELAYS = [250, 500, 1000, 2000];

/** Counts the faults in a row; says the first one and the return. */
class Backoff {
  private failures = 0;

  constructor(
    private readonly reconnect: Reconnect | undefined,
    private everReached: boolean,
  ) {}

  reached(): void {
    if (this.failures > 0) this.reconnect?.back();
    this.failures = 0;
    this.everReached = true;
  }

  /** Waits before the next attempt; throws what is not a fault, or any error without `reconnect`. */
  async failed(err: unknown, signal?: AbortSignal): Promise<void> {
    if (!this.reconnect || !(isFault(err) || this.reconnect.alsoRetry?.(err))) throw err;
    if (this.failures === 0) this.reconnect.lost(err as Error, !this.everReached);
    const delays = this.reconnect.delays ?? DELAYS;
    await sleep(delays[Math.min(this.failures, delays.length - 1)]!, signal);
    this.failures++;
  }
}

/**
 * Yields changes until the signal aborts (then it returns quietly). From `fromVersion`, or, when it is null, from a
 * first list (its pages yielded as LISTED, then RELISTED), which waits for a server that is not up yet.
 */
export async function* followCsrs<T extends Versioned = Csr>(client: ListWatch<T>, selector: ListOptions, fromVersion: string | null, opts: FollowOptions = {}): AsyncGenerator<Change<T>> {
  const { signal, reconnect, listMemory } = opts;
  const backoff = new Backoff(reconnect, fromVersion !== null);
  let resourceVersion = fromVersion ?? '';
  let relist = fromVersion === null;
  while (!signal?.aborted) {
    try {
      if (relist) {
        // A 410 on a continue token lands in the catch below and starts the list over, as client-go's reflector
        // does (its pager's full list, here paged again). The watch starts from the list's own version, so nothing
        // that changed while the pages were read is missed.
        let first = true;
        let memory: ListMemory | undefined;
        try {
          for await (const page of client.pages(selector)) {
            if (first) backoff.reached();
            resourceVersion = page.resourceVersion;
            yield { type: 'LISTED', items: page.items, first };
            first = false;
            // Handed on: with more to come, the pages before this one are collected before the next is read.
            if (page.more && listMemory) (memory ??= listMemory()).pageHandled();
          }
        } finally {
          memory?.end();
        }
        relist = false;
        yield { type: 'RELISTED' };
      }
      let opened = false;
      const events = client.watch({ ...selector, resourceVersion }, signal, () => {
        opened = true;
        backoff.reached();
      });
      for await (const event of events) {
        if (event.type === 'ERROR') {
          relist = true; // 410 Gone, or another error the server ends a watch with: start again from a list
          break;
        }
        resourceVersion = event.object.metadata.resourceVersion ?? resourceVersion;
        if (event.type !== 'BOOKMARK') yield { type: event.type, object: event.object };
      }
      // A watch that closes before it opens (a server shutting down) is not retried in a tight loop.
      if (!opened && !relist) await sleep((reconnect?.delays ?? DELAYS)[0]!, signal);
    } catch (err) {
      if (signal?.aborted) return;
      if (err instanceof ApiError && err.status === 410) {
        relist = true;
        continue;
      }
      await backoff.failed(err, signal);
    }
  }
}

/**
 * fn's result, once the server answers: faults are waited out as a watch waits them out (said once through
 * `reconnect`). undefined when the signal aborts first.
 */
export async function untilReachable<T>(fn: () => Promise<T>, reconnect: Reconnect, signal?: AbortSignal): Promise<T | undefined> {
  const backoff = new Backoff(reconnect, false);
  while (!signal?.aborted) {
    try {
      const value = await fn();
      backoff.reached();
      return value;
    } catch (err) {
      if (signal?.aborted) break;
      await backoff.failed(err, signal);
    }
  }
  return undefined;
}
