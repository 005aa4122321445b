// The approver's Prometheus metrics, in the text exposition format (version 0.0.4), kept by hand: a few series do not
// need a client library. Names follow Prometheus' conventions (_total counters, _seconds histograms).
import type { WatchOutcome } from '../shared/watch-hooks.js';

/** Seconds from a CSR's creation to its decision; creationTimestamp has whole seconds, so the first buckets are coarse. */
const LATENCY_BUCKETS = [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300];
const PREFIX = 'kubectl_csr_approver';

export class ApproverMetrics {
  private decisions = new Map<string, number>();
  private findings = new Map<string, number>();
  private restarts = new Map<string, number>();
  /** Both reasons from the start: a counter that appears only once it moves hides its first increase from rate(). */
  private eventsDropped = new Map<string, number>([
    ['reason="failed"', 0],
    ['reason="queue_full"', 0],
  ]);
  private buckets = LATENCY_BUCKETS.map(() => 0);
  private latencyCount = 0;
  private latencySum = 0;
  leader = false;
  /** The caches of the policy's facts, by resource: what the server said if it refuses their list or watch now (403). */
  refused: () => ReadonlyMap<string, string | null> = () => new Map();

  decided(outcome: WatchOutcome, latencySeconds: number | null): void {
    bump(this.decisions, `result="${outcome.result}"`);
    for (const f of outcome.assessment.findings) {
      if (f.severity !== 'info') bump(this.findings, `result="${outcome.result}",finding="${escapeLabel(f.id)}"`);
    }
    if (latencySeconds === null || outcome.result === 'failed') return;
    this.latencyCount++;
    this.latencySum += latencySeconds;
    LATENCY_BUCKETS.forEach((le, i) => {
      if (latencySeconds <= le) this.buckets[i]!++;
    });
  }

  restarted(why: string): void {
    bump(this.restarts, `reason="${why}"`);
  }

  /** An Event not recorded: the queue was full (report.ts, MAX_QUEUED_EVENTS), or the server refused it after its retries. */
  eventDropped(reason: 'queue_full' | 'failed'): void {
    bump(this.eventsDropped, `reason="${reason}"`);
  }

  /** The exposition text: HELP and TYPE before each family, one sample a line. */
  text(): string {
    const out: string[] = [];
    family(out, 'decisions_total', 'counter', 'CSRs decided, by result (approved, denied, refused: left pending, failed).', this.decisions);
    family(out, 'findings_total', 'counter', 'Policy findings (block and warn) of decided CSRs, by result and finding id.', this.findings);
    family(out, 'events_dropped_total', 'counter', 'Events of decisions not recorded, by reason (queue_full: as many as the queue holds were already waiting for the API server; failed: refused or unanswered after their retries). Their decisions stand.', this.eventsDropped);
    family(out, 'watch_restarts_total', 'counter', 'Times the CSR watch was lost (lost) or listed again after 410 Gone (relist).', this.restarts);
    out.push(`# HELP ${PREFIX}_decision_latency_seconds Seconds from a CSR's creationTimestamp to its decision.`);
    out.push(`# TYPE ${PREFIX}_decision_latency_seconds histogram`);
    LATENCY_BUCKETS.forEach((le, i) => out.push(`${PREFIX}_decision_latency_seconds_bucket{le="${le}"} ${this.buckets[i]}`));
    out.push(`${PREFIX}_decision_latency_seconds_bucket{le="+Inf"} ${this.latencyCount}`);
    out.push(`${PREFIX}_decision_latency_seconds_sum ${this.latencySum}`);
    out.push(`${PREFIX}_decision_latency_seconds_count ${this.latencyCount}`);
    out.push(`# HELP ${PREFIX}_leader 1 while this replica holds the leader election lease and decides, else 0.`);
    out.push(`# TYPE ${PREFIX}_leader gauge`);
    out.push(`${PREFIX}_leader ${this.leader ? 1 : 0}`);
    out.push(`# HELP ${PREFIX}_cache_forbidden 1 while the API server refuses to list or watch this resource (the approver's RBAC is wrong; CSRs that need it stay pending).`);
    out.push(`# TYPE ${PREFIX}_cache_forbidden gauge`);
    for (const [resource, refusal] of this.refused()) out.push(`${PREFIX}_cache_forbidden{resource="${resource}"} ${refusal === null ? 0 : 1}`);
    out.push('# HELP process_resident_memory_bytes Resident memory size in bytes.');
    out.push('# TYPE process_resident_memory_bytes gauge');
    out.push(`process_resident_memory_bytes ${process.memoryUsage.rss()}`);
    return out.join('\n') + '\n';
  }
}

function bump(map: Map<string, number>, labels: string): void {
  map.set(labels, (map.get(labels) ?? 0) + 1);
}

function family(out: string[], name: string, type: string, help: string, samples: Map<string, number>): void {
  out.push(`# HELP ${PREFIX}_${name} ${help}`, `# TYPE ${PREFIX}_${name} ${type}`);
  for (const [labels, value] of [...samples].sort(([a], [b]) => a.localeCompare(b))) out.push(`${PREFIX}_${name}{${labels}} ${value}`);
}

/** The exposition format escapes backslash, double quote and newline in label values. */
function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
