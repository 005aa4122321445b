// One resource kept in memory from a list and a watch, as client-go's informers keep it (reflector + store): the
// approver reads Nodes and RBAC from these instead of reading them again for each batch of CSRs (issue 25, the storm:
// 200 Node GETs and five RBAC LISTs per batch). A 410 Gone lists again; faults are waited out (the CSR watch says
// them); an answer that is not a fault (403: the ClusterRole lacks list or watch) makes the resource unreadable, as a
// failed read was before, said once, and the list is tried again every RETRY_UNREADABLE_MS.
import { ApiError, isFault } from './api-error.js';
import { followCsrs as follow, type ListWatch } from './follow-csrs.js';
import { sleep } from '../util/sleep.js';

type Named = { metadata: { name?: string; namespace?: string; resourceVersion?: string } };

/** What a reader gets: every object (projected), or why they cannot be read. */
export type CacheRead<V> = { readable: true; items: ReadonlyMap<string, V>; version: number } | { readable: false; reason: string };

const RETRY_UNREADABLE_MS = 10_000;
/** The CSR watch says when the server goes and comes back; the caches wait quietly. */
const QUIET = { lost: () => {}, back: () => {} };

export class ObjectCache<T extends Named, V> {
  private items = new Map<string, V>();
  private unreadable: string | null = null;
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
  ) {}

  /** Lists and watches until the signal aborts; readers waiting for the first list then fail with the abort. */
  async run(signal: AbortSignal): Promise<void> {
    try {
      await this.follow(signal);
    } finally {
      this.ended = signal.reason instanceof Error ? signal.reason : new Error(`the cache of ${this.what} stopped`);
      for (const w of this.waiters.splice(0)) w.reject(this.ended);
    }
  }

  private async follow(signal: AbortSignal): Promise<void> {
    let said = '';
    while (!signal.aborted) {
      try {
        for await (const change of follow(this.source, {}, null, { signal, reconnect: QUIET })) {
          if (change.type === 'RELISTED') {
            this.items = new Map(change.items.map((o) => [keyOf(o), this.project(o)]));
            this.unreadable = null;
            said = '';
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
        this.unreadable = err.message.replace(/^Error from server /, '');
        this.version++;
        if (said !== this.unreadable) this.log(`cannot list and watch ${this.what}: ${err.message}; read as unreadable, listed again every ${RETRY_UNREADABLE_MS / 1000}s`);
        said = this.unreadable;
        this.settle();
        await sleep(RETRY_UNREADABLE_MS, signal);
      }
    }
  }

  /** Every object, once the first list is in (waiting out faults before it), or why they cannot be read. */
  async read(): Promise<CacheRead<V>> {
    if (!this.synced && this.ended) throw this.ended;
    if (!this.synced) await new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    return this.unreadable !== null ? { readable: false, reason: this.unreadable } : { readable: true, items: this.items, version: this.version };
  }

  private settle(): void {
    this.synced = true;
    for (const w of this.waiters.splice(0)) w.resolve();
  }
}

function keyOf(o: Named): string {
  return o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : (o.metadata.name ?? '');
}
