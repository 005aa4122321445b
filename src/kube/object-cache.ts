// One resource kept in memory from a list and a watch, as client-go's informers keep it (reflector + store): the
// approver reads Nodes and RBAC from these instead of reading them again for each batch of CSRs (issue 25, the storm:
// 200 Node GETs and five RBAC LISTs per batch). A 410 Gone lists again; faults are waited out (the CSR watch says
// them). An answer that is not a fault (403 from a ready server: the approver's ClusterRole lacks list or watch) is
// not a fact about any CSR: readers wait until the resource can be read again (nothing is judged on it, so nothing
// is decided), it is said once, and the list is tried again with client-go's reflector backoff (800 ms doubling to
// 30 s). The objects listed before are not served meanwhile: RBAC that can no longer be read may have changed.
import { ApiError, isFault } from './api-error.js';
import type { ListMemory } from './api.js';
import { followCsrs as follow, type ListWatch } from './follow-csrs.js';
import { sleep } from '../util/sleep.js';

type Named = { metadata: { name?: string; namespace?: string; resourceVersion?: string } };

/** What a reader gets: every object (projected), and a version that moves on every change. */
export interface CacheRead<V> {
  items: ReadonlyMap<string, V>;
  version: number;
}

/** client-go's reflector backs off a failed list from 800 ms to 30 s (NewExponentialBackoffManager(800ms, 30s, …)). */
const REFUSED_RETRY_MS = [800, 1600, 3200, 6400, 12_800, 25_600, 30_000];
/** The CSR watch says when the server goes and comes back; the caches wait quietly. */
const QUIET = { lost: () => {}, back: () => {} };

export class ObjectCache<T extends Named, V> {
  private items = new Map<string, V>();
  /** The server's refusal of the last list or watch (403 …), until a list succeeds; readers wait meanwhile. */
  private refusal: string | null = null;
  private synced = false;
  /** Set when run() has ended: a reader that would wait for a first list fails with it instead. */
  private ended: Error | null = null;
  private waiters: { resolve: () => void; reject: (err: Error) => void }[] = [];
  /** Bumped on every change, so that a reader can keep what it built from the same version. */
  private version = 0;

  constructor(
    private readonly what: string,
    private readonly source: ListWatch<T>,
    /** Keeps only what readers need: a cache holds every object of its resource for as long as it runs. */
    private readonly project: (object: T) => V,
    private readonly log: (text: string) => void,
    /** The waits between refused lists (tests shorten them); the last one repeats. */
    private readonly refusedRetryMs: readonly number[] = REFUSED_RETRY_MS,
  ) {}

  /** Lists and watches until the signal aborts; readers waiting for the first list then fail with the abort. */
  async run(signal: AbortSignal, listMemory?: () => ListMemory): Promise<void> {
    try {
      await this.follow(signal, listMemory);
    } finally {
      this.ended = signal.reason instanceof Error ? signal.reason : new Error(`the cache of ${this.what} stopped`);
      for (const w of this.waiters.splice(0)) w.reject(this.ended);
    }
  }

  /** Why the resource cannot be read now (the server's refusal), or null. */
  refused(): string | null {
    return this.refusal;
  }

  private async follow(signal: AbortSignal, listMemory?: () => ListMemory): Promise<void> {
    let refusals = 0;
    while (!signal.aborted) {
      try {
        // A list's pages are projected as they come into the next map; readers keep the last whole one meanwhile.
        let listing = new Map<string, V>();
        for await (const change of follow(this.source, {}, null, { signal, reconnect: QUIET, listMemory })) {
          if (change.type === 'LISTED') {
            if (change.first) listing = new Map();
            for (const o of change.items) listing.set(keyOf(o), this.project(o));
            continue;
          }
          if (change.type === 'RELISTED') {
            this.items = listing;
            listing = new Map();
            if (this.refusal !== null) this.log(`can list and watch ${this.what} again; judging resumes`);
            this.refusal = null;
            refusals = 0;
            this.settle();
          } else if (change.type === 'DELETED') {
            this.items.delete(keyOf(change.object));
          } else {
            this.items.set(keyOf(change.object), this.project(change.object));
          }
          this.version++;
        }
      } catch (err) {
        if (signal.aborted) break;
        if (!(err instanceof ApiError) || isFault(err)) throw err;
        const refusal = err.message.replace(/^Error from server /, '');
        if (this.refusal !== refusal) {
          this.log(
            `cannot list and watch ${this.what}: ${err.message}; no CSR that needs them is judged until they can be read (the approver's ClusterRole needs list and watch on ${this.what}); listed again with backoff as client-go's reflector does`,
          );
        }
        this.refusal = refusal;
        this.version++;
        await sleep(this.refusedRetryMs[Math.min(refusals++, this.refusedRetryMs.length - 1)]!, signal);
      }
    }
  }

  /** Every object, once a list is in and none was refused since (waiting out faults and refusals). */
  async read(): Promise<CacheRead<V>> {
    while (!this.synced || this.refusal !== null) {
      if (this.ended) throw this.ended;
      await new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    }
    return { items: this.items, version: this.version };
  }

  private settle(): void {
    this.synced = true;
    for (const w of this.waiters.splice(0)) w.resolve();
  }
}

function keyOf(o: Named): string {
  return o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : (o.metadata.name ?? '');
}
