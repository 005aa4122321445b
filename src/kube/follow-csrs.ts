// Follows CSRs as client-go's reflector does: list, watch from the list's resourceVersion with bookmarks, carry on
// from the last version seen when the server ends a watch, and list again on 410 Gone (the version is too old).
// Faults (the server unreachable, 429, 5xx, a 403 while it starts) are waited out with a short backoff, said once.
// Shared by `list --watch` and `approve|deny --pending --watch`, and by the approver's caches of Nodes and RBAC
// (object-cache.ts), which follow other resources the same way.
import { ApiError, isFault } from './api-error.js';
import type { ListOptions } from './api.js';
import type { Csr } from './csr.js';
import type { ObjectEvent } from './watch-stream.js';
import { sleep } from '../util/sleep.js';

export type Change<T> =
  | { type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: T }
  /** The first list, and each one after a 410 Gone: every object there is now. Changes between lists were not seen. */
  | { type: 'RELISTED'; items: T[] };
export type CsrChange = Change<Csr>;

/** What a reflector needs of a resource: CsrApi is one. */
export interface ListWatch<T> {
  list(opts: ListOptions): Promise<{ items: T[]; resourceVersion: string }>;
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
 * first list (yielded as RELISTED), which waits for a server that is not up yet.
 */
export async function* followCsrs<T extends Versioned = Csr>(client: ListWatch<T>, selector: ListOptions, fromVersion: string | null, opts: FollowOptions = {}): AsyncGenerator<Change<T>> {
  const { signal, reconnect } = opts;
  const backoff = new Backoff(reconnect, fromVersion !== null);
  let resourceVersion = fromVersion ?? '';
  let relist = fromVersion === null;
  while (!signal?.aborted) {
    try {
      if (relist) {
        const list = await client.list(selector);
        backoff.reached();
        resourceVersion = list.resourceVersion;
        relist = false;
        yield { type: 'RELISTED', items: list.items };
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
