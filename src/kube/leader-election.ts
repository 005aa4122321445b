// Leader election on a Lease, as client-go's tools/leaderelection/leaderelection.go does it: try to acquire every
// retry period; once leader, renew every retry period and give up if no renewal succeeded within the renew
// deadline; on shutdown, release the Lease (ReleaseOnCancel) so that a standby takes over at once. A standby only
// believes a holder whose record it saw change within the lease duration, by its own clock (observedTime), so
// clocks of different machines never have to agree.
import { ApiError } from './api-error.js';
import type { LeaderRecord, ObservedLease } from './lease.js';
import { sleep } from '../util/sleep.js';

export interface Lock {
  get(): Promise<ObservedLease>;
  create(record: LeaderRecord): Promise<void>;
  update(record: LeaderRecord): Promise<void>;
}

export interface ElectionConfig {
  identity: string;
  leaseDurationMs: number;
  renewDeadlineMs: number;
  retryPeriodMs: number;
  now: () => number;
  /** Said when the state changes (acquired, lost, released) and on a failed attempt, once per kind of failure. */
  log: (text: string) => void;
}

export class LeaderElector {
  private observed: LeaderRecord | null = null;
  private observedRaw = '';
  /** When, by our clock, the record last changed (or we last wrote it). */
  private observedAt = 0;
  /** When we sent the last write that succeeded: deciding stops renewDeadline after it. */
  private renewedAt = 0;
  private listeners = new Set<(leading: boolean) => void>();
  /** The failures said since the last write that worked: a renewal that keeps failing is said once, not every period. */
  private said = new Set<string>();

  constructor(
    private readonly lock: Lock,
    private readonly cfg: ElectionConfig,
  ) {}

  /** True while this replica holds the Lease and its last renewal is younger than the renew deadline. */
  leading(): boolean {
    return this.isHolder() && this.cfg.now() - this.renewedAt < this.cfg.renewDeadlineMs;
  }

  onChange(fn: (leading: boolean) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Acquires, leads and renews until the signal aborts; then releases if it leads. Loses and reacquires as needed. */
  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      // acquire(): retry until this replica holds the Lease. client-go jitters the period by up to 1.2×; a standby
      // here retries every period, and once more just after the lease it observed runs out, so that a failover
      // takes at most lease duration + retry period after the leader's last renewal (issue 25): the standby saw
      // that renewal within a retry period. A handful of replicas makes no herd to spread.
      while (!signal.aborted && !(await this.tryAcquireOrRenew())) {
        await sleep(this.untilNextTry(), signal);
      }
      if (signal.aborted) break;
      this.cfg.log(`became leader (lease held by ${this.cfg.identity})`);
      this.emit(true);
      // renew(): every retry period; a renewal that has not succeeded within the renew deadline ends the lead.
      const timer = setInterval(() => {
        if (!this.leading()) this.emit(false);
      }, Math.max(50, Math.min(this.cfg.retryPeriodMs, this.cfg.renewDeadlineMs) / 4));
      try {
        while (!signal.aborted && this.leading()) {
          await sleep(this.cfg.retryPeriodMs, signal);
          if (signal.aborted) break;
          await this.tryAcquireOrRenew();
        }
      } finally {
        clearInterval(timer);
      }
      if (signal.aborted) break;
      this.cfg.log('stopped leading: the lease was not renewed within the renew deadline');
      this.emit(false);
    }
    if (this.isHolder()) await this.release();
    this.emit(false);
  }

  /** A retry period, or less when the holder's lease runs out sooner (by this replica's clock). */
  private untilNextTry(): number {
    const left = this.observed && this.observed.holderIdentity !== '' ? this.observedAt + this.observed.leaseDurationSeconds * 1000 - this.cfg.now() : 0;
    // Already out (the try met a conflict or a fault): the whole period, never a tight loop.
    return left > 0 ? Math.min(this.cfg.retryPeriodMs, left + 1) : this.cfg.retryPeriodMs;
  }

  private emitted: boolean | null = null;
  private emit(leading: boolean): void {
    if (this.emitted === leading) return;
    this.emitted = leading;
    for (const fn of this.listeners) fn(leading);
  }

  private isHolder(): boolean {
    return this.observed?.holderIdentity === this.cfg.identity;
  }

  private leaseValid(now: number): boolean {
    return this.observed !== null && this.observedAt + this.observed.leaseDurationSeconds * 1000 > now;
  }

  private setObserved(record: LeaderRecord, raw: string, now: number): void {
    this.observed = record;
    this.observedRaw = raw;
    this.observedAt = now;
  }

  /** leaderelection.go tryAcquireOrRenew, step by step. */
  async tryAcquireOrRenew(): Promise<boolean> {
    const nowMs = this.cfg.now();
    const now = new Date(nowMs);
    const record: LeaderRecord = {
      holderIdentity: this.cfg.identity,
      leaseDurationSeconds: Math.max(1, Math.round(this.cfg.leaseDurationMs / 1000)),
      acquireTime: now,
      renewTime: now,
      leaseTransitions: 0,
    };
    // 1. The leader's fast path: update on the version observed last time.
    if (this.isHolder() && this.leaseValid(nowMs)) {
      const mine = { ...record, acquireTime: this.observed!.acquireTime, leaseTransitions: this.observed!.leaseTransitions };
      if (await this.attempt('renew', () => this.lock.update(mine))) return this.wrote(mine, nowMs);
    }
    // 2. Read the record, or create it.
    let current: ObservedLease;
    try {
      current = await this.lock.get();
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 404)) return this.failed('get', err);
      if (await this.attempt('create', () => this.lock.create(record))) return this.wrote(record, nowMs);
      return false;
    }
    // 3. A record that changed since we last looked restarts the holder's clock.
    if (current.raw !== this.observedRaw) this.setObserved(current.record, current.raw, nowMs);
    if (current.record.holderIdentity !== '' && this.leaseValid(nowMs) && !this.isHolder()) return false;
    // 4. Free, expired, or ours: take it.
    const next = this.isHolder()
      ? { ...record, acquireTime: current.record.acquireTime, leaseTransitions: current.record.leaseTransitions }
      : { ...record, leaseTransitions: current.record.leaseTransitions + 1 };
    if (await this.attempt('update', () => this.lock.update(next))) return this.wrote(next, nowMs);
    return false;
  }

  /** release(): an empty holder and a one-second lease, so a standby need not wait out the lease duration. */
  async release(): Promise<void> {
    const now = new Date(this.cfg.now());
    const released: LeaderRecord = { holderIdentity: '', leaseDurationSeconds: 1, acquireTime: now, renewTime: now, leaseTransitions: this.observed?.leaseTransitions ?? 0 };
    this.renewedAt = 0; // stop deciding before the write, not after
    if (await this.attempt('release', () => this.lock.update(released))) {
      this.setObserved(released, '', this.cfg.now());
      this.cfg.log('released the lease');
    }
  }

  private wrote(record: LeaderRecord, sentAt: number): true {
    this.setObserved(record, '', sentAt);
    this.renewedAt = sentAt;
    this.said.clear();
    return true;
  }

  private async attempt(what: string, write: () => Promise<void>): Promise<boolean> {
    try {
      await write();
      return true;
    } catch (err) {
      return this.failed(what, err);
    }
  }

  private failed(what: string, err: unknown): false {
    // client-go's leaderelection logs the error and tries again next period, whatever it is: a standby that exited on a
    // 403 while the API server loads RBAC (after its start) would only be restarted to meet it again.
    const hint = err instanceof ApiError && err.status === 403 ? `; trying again every retry period as client-go's leaderelection does (RBAC may still be loading after an API server start, or the Role for the Lease is missing)` : '';
    const message = `${what} of the lease failed: ${err instanceof Error ? err.message : String(err)}${hint}`;
    // A conflict is the normal outcome of two replicas trying at once; other failures are said once until one works
    // (a failed renewal is followed by a failed update in each period: each said once).
    if (!(err instanceof ApiError && err.status === 409) && !this.said.has(message)) this.cfg.log(message);
    this.said.add(message);
    return false;
  }
}
