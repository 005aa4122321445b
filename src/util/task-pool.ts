// Runs tasks with at most `limit` in flight, as they come (mapLimit runs a list known in advance): the approver's
// decisions and its Events, each a request to the API server (issue 25).
export class TaskPool {
  private running = 0;
  private readonly waiting: (() => Promise<void>)[] = [];
  private readonly roomWaiters: (() => void)[] = [];
  private drainWaiters: { atMost: number; wake: () => void }[] = [];

  constructor(
    /** A function: read each time a task could start (the approver's Events give way while decisions wait). */
    private readonly limit: number | (() => number),
    /** A task that throws: the pool carries on; the caller decides what the error means. */
    private readonly onError: (err: unknown) => void,
  ) {}

  /** Tasks queued or running. */
  get size(): number {
    return this.running + this.waiting.length;
  }

  /** Starts the task now if fewer than `limit` run, else when one ends. */
  push(task: () => Promise<void>): void {
    this.waiting.push(task);
    this.pump();
  }

  /** Resolves when a pushed task would start at once: a producer that awaits this never queues more than it runs. */
  room(): Promise<void> {
    if (this.size < this.max) return Promise.resolve();
    return new Promise((resolve) => this.roomWaiters.push(resolve));
  }

  /** Resolves when nothing is queued or running. */
  idle(): Promise<void> {
    return this.atMost(0);
  }

  /** Resolves when at most `n` tasks are queued or running (the approver's Events: the end of a burst of drops). */
  atMost(n: number): Promise<void> {
    if (this.size <= n) return Promise.resolve();
    return new Promise((wake) => this.drainWaiters.push({ atMost: n, wake }));
  }

  private get max(): number {
    return typeof this.limit === 'number' ? this.limit : this.limit();
  }

  private pump(): void {
    while (this.running < this.max && this.waiting.length > 0) {
      const task = this.waiting.shift()!;
      this.running++;
      task()
        .catch(this.onError)
        .finally(() => {
          this.running--;
          this.pump();
          if (this.size < this.max) for (const wake of this.roomWaiters.splice(0)) wake();
          this.wakeDrained();
        });
    }
  }

  private wakeDrained(): void {
    const woken = this.drainWaiters.filter((w) => this.size <= w.atMost);
    if (woken.length === 0) return;
    this.drainWaiters = this.drainWaiters.filter((w) => this.size > w.atMost);
    for (const w of woken) w.wake();
  }
}
