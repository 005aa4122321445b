// Follows CSRs after a list, as client-go's reflector does: watch from the list's resourceVersion with bookmarks,
// carry on from the last version seen when the server ends a watch, and list again on 410 Gone (the version is too
// old). Shared by `list --watch` and `approve|deny --pending --watch`.
import { ApiError, ConnectionError } from './api-error.js';
import type { CsrApi, ListOptions } from './api.js';
import type { Csr } from './csr.js';

export type CsrChange =
  | { type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: Csr }
  /** After a 410 Gone: every CSR there is now. Changes between the two lists were not seen one by one. */
  | { type: 'RELISTED'; items: Csr[] };

export interface Reconnect {
  /** Called once when the API server cannot be reached (or answers 429/5xx), not on every retry. */
  lost(err: Error): void;
  /** Called once when a watch is open again after lost(). */
  back(): void;
  /** Milliseconds between attempts; the last one repeats. */
  delays?: readonly number[];
}

export interface FollowOptions {
  signal?: AbortSignal;
  /** Keep going when the API server goes away. Without it, the first such error ends the watch by throwing. */
  reconnect?: Reconnect;
}

/** client-go's reflector backs off from 800ms to 30s; this starts a little faster, for a loop that people watch. */
const DELAYS = [500, 1000, 2000, 4000, 8000, 16000, 30000];

/** Yields changes until the signal aborts (then it returns quietly). */
export async function* followCsrs(client: CsrApi, selector: ListOptions, fromVersion: string, opts: FollowOptions = {}): AsyncGenerator<CsrChange> {
  const { signal, reconnect } = opts;
  let resourceVersion = fromVersion;
  let relist = false;
  let failures = 0;
  while (!signal?.aborted) {
    try {
      if (relist) {
        const list = await client.list(selector);
        resourceVersion = list.resourceVersion;
        relist = false;
        yield { type: 'RELISTED', items: list.items };
      }
      let opened = false;
      for await (const event of client.watch({ ...selector, resourceVersion }, signal)) {
        if (!opened) {
          opened = true;
          if (failures > 0) reconnect?.back();
          failures = 0;
        }
        if (event.type === 'ERROR') {
          relist = true; // 410 Gone, or another error the server ends a watch with: start again from a list
          break;
        }
        resourceVersion = event.object.metadata.resourceVersion ?? resourceVersion;
        if (event.type !== 'BOOKMARK') yield { type: event.type, object: event.object };
      }
      // A watch that closes before it says anything (a server shutting down) is not retried in a tight loop.
      if (!opened && !relist) await sleep((reconnect?.delays ?? DELAYS)[0]!, signal);
    } catch (err) {
      if (signal?.aborted) return;
      if (err instanceof ApiError && err.status === 410) {
        relist = true;
        continue;
      }
      if (!reconnect || !isTransient(err)) throw err;
      if (failures === 0) reconnect.lost(err as Error);
      const delays = reconnect.delays ?? DELAYS;
      await sleep(delays[Math.min(failures, delays.length - 1)]!, signal);
      failures++;
    }
  }
}

/** The server went away or is overloaded: worth another try. Refusals (401, 403, 404, …) are not. */
export function isTransient(err: unknown): boolean {
  return err instanceof ConnectionError || (err instanceof ApiError && (err.status === 429 || err.status >= 500));
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
