// The in-memory ControllerApi of src/kube/api.ts, for in-process tests of `approver run` (issue 25): Leases that are
// updated optimistically on a resourceVersion (409 Conflict on a stale one, AlreadyExists on a second create, 404
// before the first), as the API server keeps them for client-go's leaselock, and the Events the approver records.
// Faults are injected per operation, as FakeCluster's are.
import { ApiError } from '../../src/kube/api-error.js';
import type { ControllerApi, WatchedFacts } from '../../src/kube/api.js';
import type { CsrEvent, EventSubject } from '../../src/kube/events.js';
import type { Lock } from '../../src/kube/leader-election.js';
import type { LeaderRecord, ObservedLease } from '../../src/kube/lease.js';
import type { ClusterReadings } from '../../src/kube/read-cluster-facts.js';

export type ControllerOperation = 'lease-get' | 'lease-create' | 'lease-update' | 'event';

interface StoredLease {
  rv: number;
  record: LeaderRecord;
}

export interface RecordedEvent extends CsrEvent {
  csr: string;
  host: string;
  time: string;
}

export class FakeController implements ControllerApi {
  readonly namespace: string;
  private readonly leases = new Map<string, StoredLease>();
  private rv = 1;
  private readonly faults: { op: ControllerOperation; error: Error; times: number }[] = [];
  /** Every Event recorded, in order. */
  readonly events: RecordedEvent[] = [];
  /** Every write of a Lease, in order: `update NS/NAME holder` (an empty holder is a release). */
  readonly writes: string[] = [];

  constructor(
    /** The facts the approver's caches would hold: FakeCluster's, read at each call. */
    private readonly facts: (nodeNames: string[]) => Promise<ClusterReadings>,
    namespace = 'kube-system',
  ) {
    this.namespace = namespace;
  }

  /** Resources whose cache the server refuses (a test sets them): reads wait while any is refused, as the caches do. */
  readonly refusals = new Map<string, string>();
  private refusalLifted: (() => void)[] = [];

  watchFacts(): WatchedFacts {
    return {
      read: async (nodeNames) => {
        const blocked = () => [...this.refusals.keys()].some((r) => r !== 'nodes' || nodeNames.length > 0);
        while (blocked()) await new Promise<void>((resolve) => this.refusalLifted.push(resolve));
        return this.facts(nodeNames);
      },
      refused: () => new Map(['nodes', 'clusterroles'].map((r) => [r, this.refusals.get(r) ?? null])),
    };
  }

  /** The server refuses the list and watch of `resource` (403) until allow(). */
  refuse(resource: string, message: string): void {
    this.refusals.set(resource, message);
  }

  allow(resource: string): void {
    this.refusals.delete(resource);
    for (const wake of this.refusalLifted.splice(0)) wake();
  }

  /** The next `op` fails with `error`; `times` > 1 fails that many in a row (Infinity: until clearFaults). */
  failNext(op: ControllerOperation, error: Error, times = 1): void {
    this.faults.push({ op, error, times });
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  /** What the server holds for a Lease now. */
  record(namespace: string, name: string): LeaderRecord | undefined {
    const stored = this.leases.get(`${namespace}/${name}`);
    return stored && { ...stored.record };
  }

  /** Writes the Lease as another replica would (a holder the test plays). */
  put(namespace: string, name: string, record: LeaderRecord): void {
    this.leases.set(`${namespace}/${name}`, { rv: ++this.rv, record: { ...record } });
  }

  lease(namespace: string, name: string): Lock & { namespace: string; name: string } {
    const key = `${namespace}/${name}`;
    let seen = -1;
    const notFound = () => new ApiError(404, 'NotFound', `leases.coordination.k8s.io "${name}" not found`);
    const write = (what: string, record: LeaderRecord) => {
      const rv = ++this.rv;
      this.leases.set(key, { rv, record: { ...record } });
      seen = rv;
      this.writes.push(`${what} ${key} ${record.holderIdentity}`.trimEnd());
    };
    return {
      namespace,
      name,
      get: async (): Promise<ObservedLease> => {
        await Promise.resolve();
        this.fault('lease-get');
        const stored = this.leases.get(key);
        if (!stored) throw notFound();
        seen = stored.rv;
        return { record: { ...stored.record }, raw: `${stored.rv}:${JSON.stringify(stored.record)}` };
      },
      create: async (record) => {
        await Promise.resolve();
        this.fault('lease-create');
        if (this.leases.has(key)) throw new ApiError(409, 'AlreadyExists', `leases.coordination.k8s.io "${name}" already exists`);
        write('create', record);
      },
      update: async (record) => {
        await Promise.resolve();
        this.fault('lease-update');
        const stored = this.leases.get(key);
        if (!stored) throw notFound();
        if (stored.rv !== seen) {
          throw new ApiError(409, 'Conflict', `Operation cannot be fulfilled on leases.coordination.k8s.io "${name}": the object has been modified; please apply your changes to the latest version and try again`);
        }
        write('update', record);
      },
    };
  }

  async recordEvent(csr: EventSubject, event: CsrEvent, host: string, now: Date): Promise<void> {
    await Promise.resolve();
    this.fault('event');
    this.events.push({ ...event, csr: csr.metadata.name!, host, time: now.toISOString() });
  }

  private fault(op: ControllerOperation): void {
    const i = this.faults.findIndex((f) => f.op === op);
    if (i < 0) return;
    const fault = this.faults[i]!;
    if (--fault.times <= 0) this.faults.splice(i, 1);
    throw fault.error;
  }
}
