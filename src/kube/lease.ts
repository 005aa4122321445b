// The coordination.k8s.io/v1 Lease that leader election holds, read and written as client-go's
// resourcelock/leaselock.go does: get, create, and update with the resourceVersion last read (optimistic: a 409 means
// another replica wrote first).
import type { Connection } from './connection.js';
import { kubeJson } from './http.js';

/** client-go's LeaderElectionRecord: what a Lease's spec says about its holder. */
export interface LeaderRecord {
  holderIdentity: string;
  leaseDurationSeconds: number;
  acquireTime: Date;
  renewTime: Date;
  leaseTransitions: number;
}

interface LeaseObject {
  apiVersion: 'coordination.k8s.io/v1';
  kind: 'Lease';
  metadata: { name: string; namespace: string; resourceVersion?: string; [k: string]: unknown };
  spec?: {
    holderIdentity?: string;
    leaseDurationSeconds?: number;
    acquireTime?: string;
    renewTime?: string;
    leaseTransitions?: number;
  };
}

/** The record as read, and the raw spec text: a changed text is what tells a standby that the holder renewed. */
export interface ObservedLease {
  record: LeaderRecord;
  raw: string;
}

export class LeaseLock {
  private lease: LeaseObject | null = null;

  constructor(
    private readonly conn: Connection,
    readonly namespace: string,
    readonly name: string,
  ) {}

  private path(withName: boolean): string {
    const base = `/apis/coordination.k8s.io/v1/namespaces/${encodeURIComponent(this.namespace)}/leases`;
    return withName ? `${base}/${encodeURIComponent(this.name)}` : base;
  }

  /** Throws the ApiError of a 404 when there is no Lease yet. */
  async get(): Promise<ObservedLease> {
    this.lease = await kubeJson<LeaseObject>(this.conn, { method: 'GET', path: this.path(true) });
    return { record: recordOf(this.lease), raw: JSON.stringify(this.lease.spec ?? {}) };
  }

  async create(record: LeaderRecord): Promise<void> {
    const body: LeaseObject = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: this.name, namespace: this.namespace }, spec: specOf(record) };
    this.lease = await kubeJson<LeaseObject>(this.conn, { method: 'POST', path: this.path(false), body });
  }

  /** PUT with the resourceVersion of the last get/create/update; a 409 when someone else wrote in between. */
  async update(record: LeaderRecord): Promise<void> {
    if (!this.lease) throw new Error('lease not initialized, call get or create first');
    this.lease = await kubeJson<LeaseObject>(this.conn, { method: 'PUT', path: this.path(true), body: { ...this.lease, spec: specOf(record) } });
  }
}

function recordOf(lease: LeaseObject): LeaderRecord {
  const s = lease.spec ?? {};
  return {
    holderIdentity: s.holderIdentity ?? '',
    leaseDurationSeconds: s.leaseDurationSeconds ?? 0,
    acquireTime: new Date(s.acquireTime ?? 0),
    renewTime: new Date(s.renewTime ?? 0),
    leaseTransitions: s.leaseTransitions ?? 0,
  };
}

function specOf(r: LeaderRecord): NonNullable<LeaseObject['spec']> {
  return {
    holderIdentity: r.holderIdentity,
    leaseDurationSeconds: r.leaseDurationSeconds,
    acquireTime: microTime(r.acquireTime),
    renewTime: microTime(r.renewTime),
    leaseTransitions: r.leaseTransitions,
  };
}

/** metav1.MicroTime's format: RFC 3339 with six fractional digits. */
function microTime(d: Date): string {
  return d.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}
